import type { Weights } from '@annex/api-client';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, optional, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

const KEYS = ['price', 'quality', 'capability', 'trackRecord'] as const;

/** The weights in the URL (0–100 each); missing or malformed ones are left to the API's defaults. */
function weightsOf(url: URL): Partial<Weights> {
  const out: Partial<Weights> = {};
  for (const k of KEYS) {
    const v = url.searchParams.get(k);
    if (v === null || v.trim() === '') continue;
    const n = Number(v);
    if (Number.isFinite(n) && n >= 0 && n <= 100) out[k] = n;
  }
  return out;
}

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  requireMe(locals, url, ['buyer', 'secretariat']);
  const order = must(await locals.api.order(params.id), cookies, url);
  if (!order.permissions.seeBids) {
    // the order's own buyer (and the secretariat) comes back before the deadline: say when the bids open
    const party = locals.me?.organisation.id === order.buyerOrgId || locals.me?.organisation.kind === 'secretariat';
    if (!party || order.status !== 'open') error(403, m.err_forbidden());
    return { order, comparison: null, objections: [], now: new Date().toISOString(), awardRow: null, awardKey: '', query: url.search };
  }
  const weights = weightsOf(url);
  const comparison = must(await locals.api.comparison(order.id, weights), cookies, url);
  const objections = order.award ? (optional(await locals.api.objections(order.id), cookies)?.items ?? []) : [];
  const bidId = url.searchParams.get('award');
  return {
    order,
    comparison,
    objections,
    now: new Date().toISOString(),
    awardRow: bidId ? (comparison.rows.find((r) => r.bid.id === bidId) ?? null) : null,
    awardKey: newKey(),
    query: url.search,
  };
};

export const actions: Actions = {
  award: async ({ request, locals, params, cookies, url }) => {
    requireMe(locals, url, ['buyer']);
    const data = await request.formData();
    const bidId = data.get('bidId');
    const reason = typeof data.get('reason') === 'string' ? (data.get('reason') as string) : '';
    const confirmed = data.get('confirm') === 'yes';
    const t = reason.trim();
    const reasonError = t === '' ? m.v_award_reason() : t.length < 2 ? m.v_too_short({ min: 2 }) : t.length > 1000 ? m.v_too_long({ max: 1000 }) : null;
    const confirmError = confirmed ? null : m.v_award_confirm();
    if (typeof bidId !== 'string') return fail(400, { reason, reasonError: null, confirmError: null, formError: m.err_validation_failed() as string | null });
    if (reasonError || confirmError) return fail(400, { reason, reasonError, confirmError, formError: null as string | null });
    const key = data.get('idempotencyKey');
    const res = await locals.api.award(params.id, { bidId, reason: t }, typeof key === 'string' && key ? key : undefined);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { reason, reasonError: null, confirmError: null, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/orders/${params.id}?done=awarded`);
  },
};
