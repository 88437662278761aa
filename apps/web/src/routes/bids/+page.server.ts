import { MY_BID_SORTS } from '@annex/contracts';
import { BID_STATUSES } from '@annex/domain';
import { paramIn } from '#lib/list-href.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['vendor']);
  const q = url.searchParams;
  const status = paramIn(BID_STATUSES, q.get('status'));
  const sort = paramIn(MY_BID_SORTS, q.get('sort')) ?? 'newest';
  const cursor = q.get('cursor');
  const { items: bids, ...page } = listPage(await locals.api.myBids({ status: status ?? undefined, sort, cursor, limit: 20 }), cookies, url);
  return { now: new Date().toISOString(), status, sort, cursor, bids, ...page };
};
