import { MY_ORDER_SORTS, type MyOrderSort } from '@annex/contracts';
import { ORDER_STATUSES, type OrderStatus } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['buyer']);
  const q = url.searchParams;
  const status = (ORDER_STATUSES as readonly string[]).includes(q.get('status') ?? '') ? (q.get('status') as OrderStatus) : null;
  const sort = (MY_ORDER_SORTS as readonly string[]).includes(q.get('sort') ?? '') ? (q.get('sort') as MyOrderSort) : 'newest';
  const cursor = q.get('cursor');
  const res = await locals.api.orders({ scope: 'mine', status: status ? [status] : undefined, sort, cursor, limit: 20 });
  relayCookies(cookies, res);
  return {
    now: new Date().toISOString(),
    status,
    sort,
    cursor,
    orders: res.ok ? res.data.items : [],
    nextCursor: res.ok ? res.data.nextCursor : null,
    listError: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
