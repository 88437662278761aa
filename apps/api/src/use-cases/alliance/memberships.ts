import type {
  Membership as MembershipView, MemberDirectory, MemberDirectoryQuery, MembershipApplicationRequest, MembershipDecision, MembershipQueue, MembershipQueueQuery,
  MyMembership,
} from '@annex/contracts';
import { type AllianceMembershipRow, type Db, allianceMemberships, audit, organisations, withTransaction } from '@annex/db';
import {
  type Membership, type MembershipAction, type MembershipError, type MembershipRole, allowedMembershipActions, applyMembership,
  isMemberKind, membershipStatusesFor, shanghaiDate,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { readPage, requireMembership, requireOrgKind, requireOwner } from '../guards.ts';
import { notify, toOrgs } from '../notify.ts';
import { toDirectoryMember, toMembership, toQueueItem } from './presenters.ts';

// Membership of the alliance (联盟成员): an organisation's owner applies; the secretariat approves with a tier and a
// join date (the member number is drawn then), rejects, suspends and reinstates with reasons. The machine is the
// domain's (packages/domain/src/membership.ts); every step is audited and told to the other side.

const RULE_ERRORS: Record<MembershipError, (action: MembershipAction['type']) => AppError> = {
  invalid_transition: (action) =>
    action === 'apply'
      ? new AppError('membership_exists', 'your organisation has applied already, or is a member of the alliance')
      : new AppError('invalid_transition', `the membership is not in a state that allows "${action}"`),
  forbidden: () => new AppError('forbidden', 'this step is not yours to take'),
  not_member_kind: () => new AppError('forbidden', 'the secretariat runs the alliance and does not join it'),
  reason_required: () => new AppError('validation_failed', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] }),
  joined_on_in_future: () =>
    new AppError('rule_violation', 'the join date cannot lie in the future', { errors: [{ path: 'joinedOn', message: 'in the future' }] }),
  joined_on_invalid: () => new AppError('validation_failed', 'the join date is no calendar day', { errors: [{ path: 'joinedOn', message: 'invalid date' }] }),
};

const AUDIT_ACTIONS: Record<MembershipAction['type'], string> = {
  apply: 'membership.applied', approve: 'membership.approved', reject: 'membership.rejected', suspend: 'membership.suspended',
  reinstate: 'membership.reinstated',
};

const asFacts = (r: AllianceMembershipRow): Membership => ({
  status: r.status, tier: r.tier, statement: r.statement, memberNo: r.memberNo, joinedOn: r.joinedOn, reason: r.reason,
});
const auditState = (r: AllianceMembershipRow | null) =>
  r ? { status: r.status, tier: r.tier, memberNo: r.memberNo, joinedOn: r.joinedOn, reason: r.reason } : null;

/** The secretariat's organisations, told of new applications (read in the writer's transaction). */
const secretariatOrgIds = (d: Db) => organisations.listIdsOfKind(d, 'secretariat');

/** GET /organisations/mine/membership: the caller's organisation's membership and what its owner may do. */
export async function getMyMembership(deps: Deps, auth: AuthContext): Promise<MyMembership> {
  const m = requireMembership(auth);
  const row = await allianceMemberships.get(db(deps), m.orgId);
  const role: MembershipRole | null = m.role === 'owner' ? 'applicant' : null;
  return {
    membership: row ? toMembership(row) : null,
    eligible: isMemberKind(m.kind),
    permissions: allowedMembershipActions(row, m.kind, role),
  };
}

/**
 * POST /organisations/mine/membership: the owner applies for its organisation, or applies again after a rejection;
 * the secretariat is told.
 */
export async function applyForMembership(
  deps: Deps, auth: AuthContext, body: MembershipApplicationRequest, meta: RequestMeta,
): Promise<MyMembership> {
  const m = requireOwner(auth, 'apply to the alliance');
  const d = db(deps);
  const current = await allianceMemberships.get(d, m.orgId);
  const action: MembershipAction = { type: 'apply', tier: body.tier, statement: body.statement };
  const next = applyMembership(current ? asFacts(current) : null, m.kind, action, 'applicant', deps.now());
  if (!next.ok) throw RULE_ERRORS[next.error]('apply');
  await withTransaction(d, async (tx) => {
    const row = await allianceMemberships.apply(tx, { orgId: m.orgId, tier: next.value.tier, statement: next.value.statement, appliedBy: auth.user.id });
    // another request of the organisation applied meanwhile
    if (!row) throw RULE_ERRORS.invalid_transition('apply');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'alliance_membership', entityId: m.orgId, action: AUDIT_ACTIONS.apply,
      before: auditState(current), after: { ...auditState(row), statement: row.statement }, requestId: meta.requestId,
    });
    await notify(tx, toOrgs(await secretariatOrgIds(tx), {
      kind: 'membership_applied', orderId: null,
      payload: { orgId: m.orgId, orgName: row.orgName, tier: row.tier, again: current !== null },
    }));
  });
  return getMyMembership(deps, auth);
}

/** GET /admin/memberships: the secretariat's list of memberships in a status; applications oldest first, with ages. */
export async function listMemberships(deps: Deps, auth: AuthContext, q: MembershipQueueQuery): Promise<MembershipQueue> {
  requireOrgKind(auth, 'secretariat', 'see the membership applications');
  const page = await readPage(() => allianceMemberships.listByStatus(db(deps), q.status, q.cursor, q.limit));
  const now = deps.now();
  return { items: page.items.map((r) => toQueueItem(r, now)), nextCursor: page.nextCursor };
}

function toAction(d: MembershipDecision, now: Date): MembershipAction {
  switch (d.decision) {
    case 'approve':
      return { type: 'approve', tier: d.tier, joinedOn: d.joinedOn ?? shanghaiDate(now) };
    case 'reject':
    case 'suspend':
      return { type: d.decision, reason: d.reason };
    case 'reinstate':
      return { type: 'reinstate' };
  }
}

/**
 * POST /admin/memberships/{orgId}/decision: the secretariat approves (tier, join date: today by default; the member
 * number is drawn), rejects or suspends (reason) or reinstates. The organisation is told; a concurrent decision
 * makes this one a conflict.
 */
export async function decideMembership(
  deps: Deps, auth: AuthContext, orgId: string, decision: MembershipDecision, meta: RequestMeta,
): Promise<MembershipView> {
  const m = requireOrgKind(auth, 'secretariat', 'decide on memberships');
  const d = db(deps);
  const current = await allianceMemberships.get(d, orgId);
  if (!current) throw new AppError('not_found', 'no membership application of this organisation');
  const now = deps.now();
  const action = toAction(decision, now);
  const next = applyMembership(asFacts(current), current.orgKind, action, 'secretariat', now);
  if (!next.ok) throw RULE_ERRORS[next.error](action.type);
  const row = await withTransaction(d, async (tx) => {
    const written = await allianceMemberships.decide(tx, orgId, membershipStatusesFor(action.type), {
      status: next.value.status, tier: next.value.tier, joinedOn: next.value.joinedOn, reason: next.value.reason,
    }, auth.user.id);
    if (!written) throw new AppError('invalid_transition', 'the membership changed meanwhile; load it again');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'alliance_membership', entityId: orgId, action: AUDIT_ACTIONS[action.type],
      before: auditState(current), after: auditState(written), requestId: meta.requestId,
    });
    await notify(tx, toOrgs([orgId], {
      kind: 'membership_decided', orderId: null,
      payload: {
        orgName: written.orgName, decision: action.type, status: written.status, tier: written.tier,
        memberNo: toMembership(written).memberNo, joinedOn: written.joinedOn, reason: written.reason,
      },
    }));
    return written;
  });
  return toMembership(row);
}

/** GET /members: the public directory of current members — no contacts, no statements. */
export async function memberDirectory(deps: Deps, q: MemberDirectoryQuery): Promise<MemberDirectory> {
  const page = await readPage(() =>
    allianceMemberships.directory(db(deps), {
      kinds: q.kind ? [q.kind] : undefined, county: q.county, tier: q.tier, q: q.q || undefined, cursor: q.cursor, limit: q.limit,
    }));
  return { items: page.items.map(toDirectoryMember), nextCursor: page.nextCursor, total: page.total };
}
