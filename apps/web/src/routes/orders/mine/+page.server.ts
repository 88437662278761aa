import { MY_ORDER_SORTS } from '@annex/contracts';
import { ORDER_STATUSES } from '@annex/domain';
import { paramIn } from '#lib/list-href.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['buyer']);
  const q = url.searchParams;
  const status = paramIn(ORDER_STATUSES, q.get('status'));
  const sort = paramIn(MY_ORDER_SORTS, q.get('sort')) ?? 'newest';
  const cursor = q.get('cursor');
  const res = await locals.api.orders({ scope: 'mine', status: status ? [status] : undefined, sort, cursor, limit: 20 });
  const { items: orders, ...page } = listPage(res, cookies, url);
  return { now: new Date().toISOString(), status, sort, cursor, orders, ...page };
};
