import { MembershipDecision } from '@annex/contracts';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import { readFields } from '#lib/validation.ts';
import { DECISIONS, type Decision, decideErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

// /admin/members: the secretariat's membership lists by status — the applications queue (oldest first) and the members
// — with the decisions the domain allows each row; the decision dialog opens from the address, so it works without JS.

const isStatus = (s: string | null): s is MembershipStatus => (MEMBERSHIP_STATUSES as readonly (string | null)[]).includes(s);
const isDecision = (s: unknown): s is Decision => (DECISIONS as readonly unknown[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const q = url.searchParams;
  const status = isStatus(q.get('status')) ? (q.get('status') as MembershipStatus) : 'applied';
  const cursor = q.get('cursor');
  const page = listPage(await locals.api.memberships({ status, cursor, limit: 20 }), cookies, url);
  const act = q.get('act');
  const target = isDecision(act) ? (page.items.find((i) => i.orgId === q.get('org') && i.permissions[act]) ?? null) : null;
  return {
    today: beijingDate(new Date()),
    status,
    cursor,
    ...page,
    act: isDecision(act) ? act : null,
    target,
    done: isDecision(q.get('done')) ? (q.get('done') as Decision) : null,
    doneName: (q.get('name') ?? '').slice(0, 200),
  };
};

export const actions: Actions = {
  decide: async ({ request, locals, cookies, url }) => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const decision = data.get('decision');
    const orgId = data.get('orgId');
    const orgName = data.get('orgName');
    const v = readFields(data, ['tier', 'joinedOn', 'reason'] as const);
    if (!isDecision(decision) || typeof orgId !== 'string') return fail(400, { decide: { values: v, errors: {}, formError: m.err_validation_failed() } });

    const errors = decideErrors(decision, v, beijingDate(new Date()));
    if (Object.keys(errors).length > 0) return fail(400, { decide: { values: v, errors, formError: null as string | null } });

    const body = MembershipDecision.safeParse(
      decision === 'approve'
        ? { decision, tier: v.tier, joinedOn: v.joinedOn }
        : decision === 'reinstate'
          ? { decision }
          : { decision, reason: v.reason.trim() },
    );
    if (!body.success) return fail(400, { decide: { values: v, errors, formError: m.err_validation_failed() } });

    const res = await locals.api.decideMembership(orgId, body.data);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { decide: { values: v, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) } });

    const back = new URLSearchParams({ status: url.searchParams.get('status') ?? 'applied', done: decision, name: typeof orgName === 'string' ? orgName : '' });
    redirect(303, `/admin/members?${back}`);
  },
};
