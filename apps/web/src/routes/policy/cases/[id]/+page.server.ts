import type { CaseTransitionRequest } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, optional } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Dialogs the case page opens from its URL (`?act=`), so they work without JavaScript too. */
const ACTS = ['accept', 'request_materials', 'file', 'approve', 'reject', 'close', 'withdraw', 'correct'] as const;
export type Act = (typeof ACTS)[number];
const DONE = ['opened', 'accept', 'request_materials', 'file', 'approve', 'reject', 'close', 'withdraw', 'uploaded', 'reviewed', 'corrected', 'message'] as const;
export type Done = (typeof DONE)[number];
const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  // opened from the inbox: that notification has been read
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n)) relayCookies(cookies, await locals.api.markNotificationsRead({ ids: [n] }));
  const [c, messages] = await Promise.all([
    locals.api.policyCase(params.id).then((r) => must(r, cookies, url)),
    locals.api.caseMessages(params.id, { limit: 100 }).then((r) => optional(r, cookies)),
  ]);
  const act = url.searchParams.get('act');
  const done = url.searchParams.get('done');
  const material = url.searchParams.get('material');
  return {
    policyCase: c,
    messages: messages?.items ?? [],
    act: isIn(ACTS, act) ? act : null,
    done: isIn(DONE, done) ? done : null,
    target: act === 'correct' ? (c.materials.find((x) => x.id === material) ?? null) : null,
  };
};

type Ev = RequestEvent;
const back = (e: Ev, done: Done, hash = '') => redirect(303, `/policy/cases/${e.params.id}?done=${done}${hash}`);
const text = (data: FormData, name: string) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : '');

export const actions: Actions = {
  /** A step of the case; the reason (reject, withdraw) or the message (request materials) comes with it. */
  transition: async (e) => {
    const data = await e.request.formData();
    const action = text(data, 'action');
    const reason = text(data, 'reason');
    if (!isIn(ACTS, action) || action === 'correct') return fail(400, { dialog: { reason, error: null, formError: m.err_validation_failed() as string | null } });
    const rule = reasonRule({ required: action === 'reject', max: action === 'request_materials' ? 5000 : 1000 });
    const error = action === 'reject' || action === 'withdraw' || action === 'request_materials' ? rule(reason) : null;
    if (error) return fail(400, { dialog: { reason, error, formError: null as string | null } });
    const t = reason.trim();
    const body: CaseTransitionRequest =
      action === 'reject' ? { action, reason: t }
      : action === 'withdraw' ? (t ? { action, reason: t } : { action })
      : action === 'request_materials' ? (t ? { action, message: t } : { action })
      : { action };
    const res = await e.locals.api.transitionPolicyCase(e.params.id, body);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, action);
  },

  /** The firm hands in a file for a material (multipart); the API checks size, type and the material's formats. */
  upload: async (e) => {
    const data = await e.request.formData();
    const materialId = text(data, 'materialId');
    const file = data.get('file');
    if (!materialId) return fail(400, { upload: { materialId, error: m.err_validation_failed() } });
    if (!(file instanceof File) || file.size === 0) return fail(400, { upload: { materialId, error: m.v_file_required() } });
    const res = await e.locals.api.uploadCaseMaterial(e.params.id, materialId, file, file.name);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { upload: { materialId, error: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'uploaded', `#mat-${materialId}`);
  },

  /** The secretariat accepts a material, or (from the dialog) asks for a correction with a reason. */
  review: async (e) => {
    const data = await e.request.formData();
    const materialId = text(data, 'materialId');
    const decision = text(data, 'decision');
    const reason = text(data, 'reason');
    if (!materialId || (decision !== 'accept' && decision !== 'needs_correction')) {
      return fail(400, { review: { materialId, error: m.err_validation_failed() }, dialog: { reason, error: null, formError: m.err_validation_failed() as string | null } });
    }
    if (decision === 'needs_correction') {
      const error = reasonRule({ required: true, max: 1000 })(reason);
      if (error) return fail(400, { dialog: { reason, error, formError: null as string | null } });
    }
    const res = await e.locals.api.reviewCaseMaterial(
      e.params.id, materialId, decision === 'accept' ? { decision } : { decision, reason: reason.trim() },
    );
    relayCookies(e.cookies, res);
    if (!res.ok) {
      const message = problemMessage(res.problem, res.retryAfterSeconds);
      return fail(res.status, { review: { materialId, error: message }, dialog: { reason, error: null, formError: message as string | null } });
    }
    back(e, decision === 'accept' ? 'reviewed' : 'corrected', `#mat-${materialId}`);
  },

  message: async (e) => {
    const body = text(await e.request.formData(), 'body');
    const t = body.trim();
    const error = t === '' ? m.v_required() : t.length > 5000 ? m.v_too_long({ max: 5000 }) : null;
    if (error) return fail(400, { message: { body, error } });
    const res = await e.locals.api.postCaseMessage(e.params.id, t);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { message: { body, error: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'message', '#thread');
  },
};
