import { MY_BID_SORTS, type MyBidSort } from '@annex/contracts';
import { BID_STATUSES, type BidStatus } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['vendor']);
  const q = url.searchParams;
  const status = (BID_STATUSES as readonly string[]).includes(q.get('status') ?? '') ? (q.get('status') as BidStatus) : null;
  const sort = (MY_BID_SORTS as readonly string[]).includes(q.get('sort') ?? '') ? (q.get('sort') as MyBidSort) : 'newest';
  const cursor = q.get('cursor');
  const res = await locals.api.myBids({ status: status ?? undefined, sort, cursor, limit: 20 });
  relayCookies(cookies, res);
  return {
    now: new Date().toISOString(),
    status,
    sort,
    cursor,
    bids: res.ok ? res.data.items : [],
    nextCursor: res.ok ? res.data.nextCursor : null,
    listError: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
