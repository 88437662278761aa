import { m } from '#lib/paraglide/messages.js';
import { listPage, requireMe } from '#lib/server/page.ts';
import { queueDecisionAction, queueDialog } from '#lib/server/queue.ts';
import type { Actions, PageServerLoad } from './$types';

const ACTS = ['uphold', 'reject'] as const;

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.objectionQueue({ cursor, limit: 20 }), cookies, url);
  return { cursor, ...page, ...queueDialog(ACTS, url, page.items, 'objection') };
};

export const actions: Actions = {
  decide: queueDecisionAction({
    queue: '/admin/objections',
    acts: ACTS,
    idField: 'objectionId',
    reason: () => ({ required: true, max: 1000 }),
    confirm: m.v_decision_confirm,
    send: (api, id, decision, reason) => api.decideObjection(id, { decision, reason }),
  }),
};
