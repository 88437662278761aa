import { CreateOrderRequest } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { newKey, requireMe } from '#lib/server/page.ts';
import { type OrderValues, fieldOfPath, orderToValues, readStep, stepErrors, stepPatch } from '#lib/order-form.ts';
import type { Errors } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  requireMe(locals, url, ['buyer']);
  return { now: new Date().toISOString(), idempotencyKey: newKey() };
};

export const actions: Actions = {
  create: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['buyer']);
    const data = await request.formData();
    const v: OrderValues = { ...orderToValues(null), ...readStep(data, 'spec', false) };
    const errors = stepErrors('spec', v, new Date());
    if (Object.keys(errors).length > 0) return fail(400, { values: v, errors, formError: null as string | null });
    const patch = stepPatch('spec', v, false);
    const body = CreateOrderRequest.safeParse(patch);
    if (!body.success) return fail(400, { values: v, errors, formError: m.err_validation_failed() });
    const key = data.get('idempotencyKey');
    const res = await locals.api.createOrder(body.data, typeof key === 'string' && key ? key : undefined);
    relayCookies(cookies, res);
    if (!res.ok) {
      const fieldErrors: Errors<keyof OrderValues> = {};
      for (const e of res.problem.errors ?? []) {
        const f = fieldOfPath(e.path);
        if (f) fieldErrors[f.field] = m.v_check_field();
      }
      return fail(res.status, { values: v, errors: fieldErrors, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    }
    redirect(303, `/orders/${res.data.id}/edit?step=volume&created=1`);
  },
};
