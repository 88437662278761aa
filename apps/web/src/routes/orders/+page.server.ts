import { MODALITIES, type Modality, PUBLISHED_STATUSES, type OrderStatus } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
  const q = url.searchParams;
  const modality = (MODALITIES as readonly string[]).includes(q.get('modality') ?? '') ? (q.get('modality') as Modality) : null;
  const status = PUBLISHED_STATUSES.includes(q.get('status') as OrderStatus) ? (q.get('status') as OrderStatus) : null;
  const cursor = q.get('cursor');
  const res = await locals.api.orders({ modality: modality ?? undefined, status: status ?? undefined, cursor, limit: PAGE_SIZE });
  return {
    now: new Date().toISOString(),
    modality,
    status,
    cursor,
    orders: res.ok ? res.data.items : [],
    nextCursor: res.ok ? res.data.nextCursor : null,
    listError: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
