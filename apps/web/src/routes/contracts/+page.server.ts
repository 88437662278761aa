import type { OrderContract } from '@annex/contracts';
import { contractTodo } from '#lib/milestone-summary.ts';
import { contractProgress } from '#lib/server/contract-summary.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** Contracts a page shows: each one's contract and milestone calls are made at once, so the page stays short. */
const PAGE_SIZE = 10;

/**
 * "My contracts": the organisation's contracts (GET /contracts), each with what it asks of the viewer now and how
 * far its milestones have come.
 */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const me = requireMe(locals, url, ['buyer', 'vendor']);
  const api = locals.api;
  const cursor = url.searchParams.get('cursor');
  const now = new Date();
  const list = listPage(await api.contracts({ cursor, limit: PAGE_SIZE }), cookies, url);
  const rows = await Promise.all(
    list.items.map(async ({ orderId: id }) => {
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
    nextCursor: list.nextCursor,
    listError: list.listError,
  };
};
