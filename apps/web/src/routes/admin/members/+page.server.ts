import { MembershipDecision } from '@annex/contracts';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '@annex/domain';
import { beijingDate } from '#lib/i18n.ts';
import { isOrgDecision } from '#lib/org-decision.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import { orgDecisionAction } from '#lib/server/queue.ts';
import { decideErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

// /admin/members: the secretariat's membership lists by status — the applications queue (oldest first) and the members
// — with the decisions the domain allows each row; the decision dialog opens from the address, so it works without JS.

const isStatus = (s: string | null): s is MembershipStatus => (MEMBERSHIP_STATUSES as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const q = url.searchParams;
  const status = isStatus(q.get('status')) ? (q.get('status') as MembershipStatus) : 'applied';
  const cursor = q.get('cursor');
  const page = listPage(await locals.api.memberships({ status, cursor, limit: 20 }), cookies, url);
  const act = q.get('act');
  const target = isOrgDecision(act) ? (page.items.find((i) => i.orgId === q.get('org') && i.permissions[act]) ?? null) : null;
  const done = q.get('done');
  return {
    today: beijingDate(new Date()),
    status,
    cursor,
    ...page,
    act: isOrgDecision(act) ? act : null,
    target,
    done: isOrgDecision(done) ? done : null,
    doneName: (q.get('name') ?? '').slice(0, 200),
  };
};

export const actions: Actions = {
  decide: orgDecisionAction({
    queue: '/admin/members',
    defaultStatus: 'applied',
    fields: ['tier', 'joinedOn', 'reason'],
    errors: decideErrors,
    body: (decision, v) =>
      MembershipDecision.safeParse(
        decision === 'approve'
          ? { decision, tier: v.tier, joinedOn: v.joinedOn }
          : decision === 'reinstate'
            ? { decision }
            : { decision, reason: v.reason.trim() },
      ),
    send: (api, orgId, body) => api.decideMembership(orgId, body),
  }),
};
