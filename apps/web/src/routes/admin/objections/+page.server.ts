import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

const ACTS = ['uphold', 'reject'] as const;
type Act = (typeof ACTS)[number];
const isAct = (s: unknown): s is Act => (ACTS as readonly unknown[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const q = url.searchParams;
  const cursor = q.get('cursor');
  const page = listPage(await locals.api.objectionQueue({ cursor, limit: 20 }), cookies, url);
  const act = q.get('act');
  return {
    cursor,
    ...page,
    act: isAct(act) ? act : null,
    target: isAct(act) ? (page.items.find((i) => i.id === q.get('objection')) ?? null) : null,
    done: isAct(q.get('done')) ? (q.get('done') as Act) : null,
    doneTitle: q.get('title') ?? '',
  };
};

export const actions: Actions = {
  decide: async ({ request, locals, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const decision = data.get('decision');
    const id = data.get('objectionId');
    const title = data.get('title');
    const reason = typeof data.get('reason') === 'string' ? (data.get('reason') as string) : '';
    const confirmed = data.get('confirm') === 'yes';
    if (!isAct(decision) || typeof id !== 'string') return fail(400, { reason, error: null, confirmError: null, formError: m.err_validation_failed() as string | null });
    const t = reason.trim();
    const err = reasonRule({ required: true, max: 1000 })(reason);
    const confirmError = confirmed ? null : m.v_decision_confirm();
    if (err || confirmError) return fail(400, { reason, error: err, confirmError, formError: null as string | null });
    const res = await locals.api.decideObjection(id, { decision, reason: t });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { reason, error: null, confirmError: null, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/admin/objections?${new URLSearchParams({ done: decision, title: typeof title === 'string' ? title : '' })}`);
  },
};
