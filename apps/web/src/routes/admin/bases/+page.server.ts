import type { IndustrialBase } from '@annex/contracts';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, optional, requireMe } from '#lib/server/page.ts';
import { type BaseValues, baseErrors, baseRequest, readBase } from './form.ts';
import type { Actions, PageServerLoad } from './$types';

// /admin/bases: the secretariat records and updates the industrial bases; the form opens from the address
// (?edit=new or ?edit=<id>), so it works without JavaScript.

const valuesOf = (b: IndustrialBase | null): BaseValues => ({
  name: b?.name ?? '',
  county: b?.county ?? '',
  operatorOrgId: b?.operator?.orgId ?? '',
  address: b?.address ?? '',
  floorAreaM2: b ? String(b.floorAreaM2) : '',
  seats: b ? String(b.seats) : '',
  occupiedSeats: b ? String(b.occupiedSeats) : '0',
  openedOn: b?.openedOn ?? '',
  benchmarkStatus: b?.benchmarkStatus ?? 'none',
  benchmarkSince: b?.benchmarkSince ?? '',
});

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const list = must(await locals.api.industrialBases(), cookies, url);
  const edit = url.searchParams.get('edit');
  const editing = edit === 'new' ? null : (list.items.find((b) => b.id === edit) ?? null);
  const open = edit === 'new' || editing !== null;
  // the operators to choose from: the alliance's member base operators, and the base's own if it is not one of them
  const members = open ? optional(await locals.api.members({ kind: 'base_operator', limit: 100 }), cookies) : null;
  const operators = (members?.items ?? []).map((o) => ({ orgId: o.orgId, name: o.name }));
  if (editing?.operator && !operators.some((o) => o.orgId === editing.operator!.orgId)) operators.push(editing.operator);
  return {
    ...list,
    open,
    editing,
    values: valuesOf(editing),
    operators,
    key: newKey(),
    today: beijingDate(new Date()),
    saved: (url.searchParams.get('saved') ?? '').slice(0, 200) || null,
  };
};

export const actions: Actions = {
  save: async ({ request, locals, cookies }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const id = data.get('id');
    const key = data.get('idempotencyKey');
    const values = readBase(data);
    const errors = baseErrors(values, new Date());
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, formError: null as string | null });
    const body = baseRequest(values);
    const res = typeof id === 'string' && id
      ? await locals.api.updateIndustrialBase(id, body)
      : await locals.api.createIndustrialBase(body, typeof key === 'string' && key ? key : undefined);
    relayCookies(cookies, res);
    if (!res.ok) {
      // the API's field problems (e.g. an operator that is no base operator) go beside their fields
      const fieldErrors = Object.fromEntries((res.problem.errors ?? []).map((x) => [x.path, x.message]));
      return fail(res.status, { values, errors: fieldErrors, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    }
    redirect(303, `/admin/bases?${new URLSearchParams({ saved: res.data.name })}`);
  },
};
