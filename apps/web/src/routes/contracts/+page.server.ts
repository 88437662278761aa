import type { OrderContract } from '@annex/contracts';
import { contractTodo } from '#lib/milestone-summary.ts';
import { contractProgress } from '#lib/server/contract-summary.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** Contracts a page shows: each one's contract and milestone calls are made at once, so the page stays short. */
const PAGE_SIZE = 10;

/**
 * "My contracts": the buyer's orders in progress or completed, or the vendor's won bids, each with its contract,
 * what it asks of the viewer now and how far its milestones have come. Orders without a contract (still in
 * publicity) are left out.
 */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const me = requireMe(locals, url, ['buyer', 'vendor']);
  const api = locals.api;
  const cursor = url.searchParams.get('cursor');
  const now = new Date();
  const orders =
    me.organisation.kind === 'buyer'
      ? listPage(await api.orders({ scope: 'mine', status: ['in_progress', 'completed', 'terminated'], sort: 'newest', cursor, limit: PAGE_SIZE }), cookies, url)
      : listPage(await api.myBids({ status: 'awarded', cursor, limit: PAGE_SIZE }), cookies, url);
  const orderIds = orders.items.map((x) => ('orderId' in x ? x.orderId : x.id));
  const rows = await Promise.all(
    orderIds.map(async (id) => {
      const res = await api.contract(id);
      if (!res.ok) return null;
      const c: OrderContract = res.data;
      const summaries = Object.values((await contractProgress(api, c, now)).byId);
      return { contract: c, todo: contractTodo(c.allowedActions, summaries, c.milestones.filter((x) => x.status === 'planned').length) };
    }),
  );
  return {
    kind: me.organisation.kind,
    rows: rows.filter((r) => r !== null),
    cursor,
    nextCursor: orders.nextCursor,
    listError: orders.listError,
  };
};
