import { CapabilityProfile, type OrderMatch, UpdateOrganisationRequest } from '@annex/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { capErrors, capFormRead, capFormToProfile } from '#lib/capability-form.ts';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { MATCHES_SHOWN } from '#lib/match-text.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, optional } from '#lib/server/page.ts';
import { readFields } from '#lib/validation.ts';
import { FACT_FIELDS, factBody, factErrors } from './facts.ts';
import { type ProfileField, profileErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

const PROFILE_FIELDS = ['name', 'contactName', 'contactPhone', 'county'] as const satisfies readonly ProfileField[];

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const org = must(await locals.api.myOrganisation(), cookies, url);
  // the vendor's landing page leads with the open orders that fit it best
  let recommended: { items: OrderMatch[]; why: 'not_verified' | 'no_profile' | 'none' } | null = null;
  if (org.kind === 'vendor') {
    const why = org.verification?.status !== 'verified' ? 'not_verified' : !org.capabilities?.modalities.length ? 'no_profile' : 'none';
    const rec = why === 'none' ? optional(await locals.api.recommendedOrders(MATCHES_SHOWN), cookies) : null;
    recommended = { items: rec?.items ?? [], why };
  }
  // the facts policy eligibility looks at, and the services they may qualify for (member firms)
  const member = org.kind === 'buyer' || org.kind === 'vendor';
  const [facts, eligibility, record] = member
    ? await Promise.all([
        locals.api.organisationFacts().then((r) => optional(r, cookies)),
        locals.api.policyEligibility().then((r) => optional(r, cookies)),
        // the firm's own track record (a buyer's payments and ratings), as others see it
        locals.api.trackRecord(org.id).then((r) => optional(r, cookies)),
      ])
    : [null, null, null];
  return { org, now: new Date().toISOString(), welcome: url.searchParams.has('welcome'), recommended, member, facts, eligibility, record };
};

export const actions: Actions = {
  profile: async ({ request, locals, cookies }) => {
    const v = readFields(await request.formData(), PROFILE_FIELDS);
    const isVendor = locals.me?.organisation.kind === 'vendor';
    const errors = profileErrors(v, isVendor);
    if (Object.keys(errors).length > 0) return fail(400, { profile: { values: v, errors, formError: null as string | null } });
    const body = UpdateOrganisationRequest.safeParse({
      name: v.name,
      contactName: v.contactName,
      contactPhone: v.contactPhone,
      ...(isVendor ? { county: v.county } : {}),
    });
    if (!body.success) return fail(400, { profile: { values: v, errors, formError: m.err_validation_failed() } });
    const res = await locals.api.updateOrganisation(body.data);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { profile: { values: v, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    return { profileSaved: true };
  },

  capabilities: async ({ request, locals, cookies }) => {
    const f = capFormRead(await request.formData());
    const errors = capErrors(f, beijingDate(new Date()));
    if (Object.keys(errors).length > 0) return fail(400, { capabilities: { values: f, errors, formError: null as string | null } });
    const profile = CapabilityProfile.safeParse(capFormToProfile(f));
    if (!profile.success) return fail(400, { capabilities: { values: f, errors, formError: m.err_validation_failed() } });
    const res = await locals.api.putCapabilities(profile.data);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { capabilities: { values: f, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    return { capabilitiesSaved: true };
  },

  facts: async ({ request, locals, cookies }) => {
    const v = readFields(await request.formData(), FACT_FIELDS);
    const errors = factErrors(v, beijingDate(new Date()));
    if (Object.keys(errors).length > 0) return fail(400, { facts: { values: v, errors, formError: null as string | null } });
    const res = await locals.api.putOrganisationFacts(factBody(v));
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { facts: { values: v, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    return { factsSaved: true };
  },

  reapply: async ({ locals, cookies }) => {
    const res = await locals.api.reapply();
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { reapplyError: problemMessage(res.problem, res.retryAfterSeconds) });
    return { reapplied: true };
  },
};
