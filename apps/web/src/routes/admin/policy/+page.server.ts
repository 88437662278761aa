import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

const STATUSES = ['submitted', 'accepted', 'collecting_materials', 'filed'] as const;
type QueueStatus = (typeof STATUSES)[number];
const isStatus = (s: string | null): s is QueueStatus => (STATUSES as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const s = url.searchParams.get('status');
  const status = isStatus(s) ? s : null;
  const overdue = url.searchParams.get('overdue') === '1';
  const cursor = url.searchParams.get('cursor');
  const res = await locals.api.policyCaseQueue({ status: status ?? undefined, overdue: overdue || undefined, cursor, limit: 20 });
  relayCookies(cookies, res);
  return {
    status, overdue, statuses: STATUSES, cursor,
    // the queue's address with its filter, without a cursor
    here: overdue ? '/admin/policy?overdue=1' : status ? `/admin/policy?status=${status}` : '/admin/policy',
    items: res.ok ? res.data.items : [],
    nextCursor: res.ok ? res.data.nextCursor : null,
    overdueCount: res.ok ? res.data.overdueCount : 0,
    listError: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
