import { ATTACHMENT_KINDS, type Order, UpdateOrderRequest } from '@annex/contracts';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, requireMe } from '#lib/server/page.ts';
import {
  type OrderField, type OrderValues, STEPS, type Step, fieldOfPath, fileChangeReasonRule, isStep, orderToValues, readStep, stepErrors,
  stepPatch,
} from '#lib/order-form.ts';
import type { Errors } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const stepOf = (url: URL): Step => {
  const s = url.searchParams.get('step');
  return isStep(s) ? s : 'spec';
};

/** The order, if the caller may edit it now (a draft, or an open order: an amendment). */
async function editable(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url' | 'params'>): Promise<Order> {
  const { locals, cookies, url, params } = event;
  requireMe(locals, url, ['buyer']);
  const order = must(await locals.api.order(params.id), cookies, url);
  if (!order.permissions.edit) error(409, m.err_not_editable());
  return order;
}

/** Field errors from the API's `errors[]` (paths such as `bidDeadline`), in the user's language. */
function apiFieldErrors(paths: readonly { path: string }[] | undefined): Errors<OrderField> {
  const out: Errors<OrderField> = {};
  for (const e of paths ?? []) {
    const f = fieldOfPath(e.path);
    if (f && !out[f.field]) out[f.field] = m.v_check_field();
  }
  return out;
}

/** The shortest bidding window the API takes (0 while it cannot be read: the API still checks on submit). */
async function minBidWindowSeconds(locals: App.Locals): Promise<number> {
  const res = await locals.api.config();
  return res.ok ? res.data.minBidWindowSeconds : 0;
}

export const load: PageServerLoad = async (event) => {
  const order = await editable(event);
  const a = event.url.searchParams.get('act');
  const act: 'submit' | 'remove' | null = a === 'submit' ? 'submit' : a === 'remove' ? 'remove' : null;
  return {
    order,
    step: stepOf(event.url),
    now: new Date().toISOString(),
    act,
    removeId: event.url.searchParams.get('file'),
    created: event.url.searchParams.has('created'),
    saved: event.url.searchParams.has('saved'),
    minBidWindowSeconds: stepOf(event.url) === 'schedule' ? await minBidWindowSeconds(event.locals) : 0,
  };
};

export const actions: Actions = {
  save: async (event) => {
    const order = await editable(event);
    const step = stepOf(event.url);
    const amending = order.status === 'open';
    const data = await event.request.formData();
    const v: OrderValues = { ...orderToValues(order), ...readStep(data, step, amending) };
    const errors = stepErrors(step, v, new Date(), { amending, minBidWindowSeconds: step === 'schedule' ? await minBidWindowSeconds(event.locals) : 0 });
    if (Object.keys(errors).length > 0) return fail(400, { values: v, errors, formError: null as string | null });
    const body = UpdateOrderRequest.safeParse(stepPatch(step, v, amending));
    if (!body.success) return fail(400, { values: v, errors, formError: m.err_validation_failed() });
    const res = await event.locals.api.updateOrder(order.id, body.data);
    relayCookies(event.cookies, res);
    if (!res.ok) {
      return fail(res.status, { values: v, errors: apiFieldErrors(res.problem.errors), formError: problemMessage(res.problem, res.retryAfterSeconds) });
    }
    const next = data.get('go') === 'stay' ? step : (STEPS[STEPS.indexOf(step) + 1] ?? step);
    redirect(303, `/orders/${order.id}/edit?step=${next}${next === step ? '&saved=1' : ''}`);
  },

  upload: async (event) => {
    const order = await editable(event);
    const data = await event.request.formData();
    const file = data.get('file');
    const kind = data.get('kind');
    const reason = String(data.get('reason') ?? '');
    const reasonError = order.status === 'open' ? fileChangeReasonRule(reason) : null;
    if (!(file instanceof File) || file.size === 0 || reasonError) {
      return fail(400, { upload: { error: reasonError ? null : m.v_file_required(), reasonError, reason, done: false } });
    }
    const k = (ATTACHMENT_KINDS as readonly unknown[]).includes(kind) ? (kind as (typeof ATTACHMENT_KINDS)[number]) : 'other';
    const res = await event.locals.api.uploadAttachment(order.id, file, file.name, k, reason.trim() || undefined);
    relayCookies(event.cookies, res);
    if (!res.ok) {
      const detail = res.status === 415 ? m.err_unsupported_file() : problemMessage(res.problem, res.retryAfterSeconds);
      return fail(res.status, { upload: { error: detail, reasonError: null, reason, done: false } });
    }
    return { upload: { error: null as string | null, reasonError: null as string | null, reason: '', done: true } };
  },

  remove: async (event) => {
    const order = await editable(event);
    const data = await event.request.formData();
    const id = data.get('attachmentId');
    const reason = String(data.get('reason') ?? '');
    const reasonError = order.status === 'open' ? fileChangeReasonRule(reason) : null;
    if (typeof id !== 'string' || reasonError) {
      return fail(400, { upload: { error: reasonError ? null : m.err_validation_failed(), reasonError, reason, done: false } });
    }
    const res = await event.locals.api.deleteAttachment(order.id, id, reason.trim() || undefined);
    relayCookies(event.cookies, res);
    if (!res.ok) return fail(res.status, { upload: { error: problemMessage(res.problem), reasonError: null, reason, done: false } });
    redirect(303, `/orders/${order.id}/edit?step=files`);
  },

  submit: async (event) => {
    const order = await editable(event);
    const res = await event.locals.api.submitOrder(order.id);
    relayCookies(event.cookies, res);
    if (!res.ok) {
      const missing = (res.problem.errors ?? []).map((e) => fieldOfPath(e.path)).filter((x) => x !== null);
      const detail = missing.length > 0 ? m.err_submit_incomplete() : problemMessage(res.problem, res.retryAfterSeconds);
      return fail(res.status, { values: {}, errors: apiFieldErrors(res.problem.errors), formError: detail });
    }
    redirect(303, `/orders/${order.id}?done=submitted`);
  },
};
