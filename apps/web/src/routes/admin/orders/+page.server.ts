import { listPage, requireMe } from '#lib/server/page.ts';
import { queueDecisionAction, queueDialog } from '#lib/server/queue.ts';
import type { Actions, PageServerLoad } from './$types';

const ACTS = ['approve', 'reject'] as const;

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.reviewQueue({ cursor, limit: 20 }), cookies, url);
  return { now: new Date().toISOString(), cursor, ...page, ...queueDialog(ACTS, url, page.items, 'order') };
};

export const actions: Actions = {
  review: queueDecisionAction({
    queue: '/admin/orders',
    acts: ACTS,
    idField: 'orderId',
    reason: (decision) => ({ required: decision === 'reject', max: 500 }),
    send: (api, id, decision, reason) =>
      api.reviewOrder(id, decision === 'approve' ? { decision, ...(reason ? { reason } : {}) } : { decision, reason }),
  }),
};
