import { type CatalogueEntry, CreateOrderRequest } from '@annex/contracts';
import { orderDraftFromEntry } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { newKey, requireMe } from '#lib/server/page.ts';
import { type OrderValues, fieldOfPath, orderToValues, readStep, stepErrors, stepPatch } from '#lib/order-form.ts';
import { orderValuesFromEntry } from '#lib/catalogue-order.ts';
import type { Errors } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalogue entry an order is started from (`?entry=`), when the buyer may start one from it. */
async function entryOf(api: App.Locals['api'], id: string | null): Promise<CatalogueEntry | null> {
  if (!id || !UUID.test(id)) return null;
  const res = await api.catalogueEntry(id);
  return res.ok && res.data.permissions.startOrder ? res.data : null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  requireMe(locals, url, ['buyer']);
  const entry = await entryOf(locals.api, url.searchParams.get('entry'));
  return {
    now: new Date().toISOString(),
    idempotencyKey: newKey(),
    fromEntry: entry ? { id: entry.id, code: entry.code, title: entry.title } : null,
    prefill: entry ? orderValuesFromEntry(entry) : null,
  };
};

export const actions: Actions = {
  create: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['buyer']);
    const data = await request.formData();
    const v: OrderValues = { ...orderToValues(null), ...readStep(data, 'spec', false) };
    const errors = stepErrors('spec', v, new Date());
    if (Object.keys(errors).length > 0) return fail(400, { values: v, errors, formError: null as string | null });
    // started from a catalogue entry: linked to it, with the entry's security terms (the buyer may change them later)
    const entry = await entryOf(locals.api, typeof data.get('catalogueEntryId') === 'string' ? (data.get('catalogueEntryId') as string) : null);
    const fromEntry = entry ? orderDraftFromEntry(entry) : null;
    const patch = {
      ...stepPatch('spec', v, false),
      ...(fromEntry ? { catalogueEntryId: fromEntry.catalogueEntryId, securityLevel: fromEntry.securityLevel, containsPersonalInfo: fromEntry.containsPersonalInfo } : {}),
    };
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
