import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

const ACTS = ['approve', 'reject'] as const;
type Act = (typeof ACTS)[number];
const isAct = (s: unknown): s is Act => (ACTS as readonly unknown[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const q = url.searchParams;
  const cursor = q.get('cursor');
  const page = listPage(await locals.api.reviewQueue({ cursor, limit: 20 }), cookies, url);
  const act = q.get('act');
  return {
    now: new Date().toISOString(),
    cursor,
    ...page,
    act: isAct(act) ? act : null,
    target: isAct(act) ? (page.items.find((i) => i.id === q.get('order')) ?? null) : null,
    done: isAct(q.get('done')) ? (q.get('done') as Act) : null,
    doneTitle: q.get('title') ?? '',
  };
};

export const actions: Actions = {
  review: async ({ request, locals, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const decision = data.get('decision');
    const orderId = data.get('orderId');
    const title = data.get('title');
    const reason = typeof data.get('reason') === 'string' ? (data.get('reason') as string) : '';
    if (!isAct(decision) || typeof orderId !== 'string') return fail(400, { reason, error: null, formError: m.err_validation_failed() as string | null });
    const t = reason.trim();
    const err = reasonRule({ required: decision === 'reject', max: 500 })(reason);
    if (err) return fail(400, { reason, error: err, formError: null as string | null });
    const res = await locals.api.reviewOrder(orderId, decision === 'approve' ? { decision, ...(t ? { reason: t } : {}) } : { decision, reason: t });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { reason, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/admin/orders?${new URLSearchParams({ done: decision, title: typeof title === 'string' ? title : '' })}`);
  },
};
