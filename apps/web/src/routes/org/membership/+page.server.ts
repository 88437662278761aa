import { MembershipApplicationRequest } from '@annex/contracts';
import { MEMBERSHIP_STATEMENT_MAX, MEMBERSHIP_TIERS, type MembershipTier } from '@annex/domain';
import { fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, requireMe } from '#lib/server/page.ts';
import { readFields } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

// /org/membership: the organisation's membership of the alliance — its status, number and reason — and, for its owner,
// the application (again after a rejection). What may be done comes from the API's permissions (the domain's machine).

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const me = requireMe(locals, url);
  const mine = must(await locals.api.myMembership(), cookies, url);
  return { ...mine, owner: me.role === 'owner', key: newKey(), statementMax: MEMBERSHIP_STATEMENT_MAX };
};

const isTier = (v: string): v is MembershipTier => (MEMBERSHIP_TIERS as readonly string[]).includes(v);

export const actions: Actions = {
  apply: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url);
    const values = readFields(await request.formData(), ['tier', 'statement', 'idempotencyKey'] as const);
    const errors: { tier?: string; statement?: string } = {};
    if (!isTier(values.tier)) errors.tier = m.v_required();
    if (values.statement.trim().length > MEMBERSHIP_STATEMENT_MAX) errors.statement = m.v_too_long({ max: MEMBERSHIP_STATEMENT_MAX });
    const body = MembershipApplicationRequest.safeParse({ tier: values.tier, statement: values.statement.trim() });
    if (Object.keys(errors).length > 0 || !body.success) {
      return fail(400, { values, errors, formError: Object.keys(errors).length > 0 ? null : m.err_validation_failed() });
    }
    const res = await locals.api.applyForMembership(body.data, values.idempotencyKey || undefined);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { values, errors, formError: problemMessage(res.problem, res.retryAfterSeconds) });
    return { applied: true };
  },
};
