import type { OrgKind } from './organisation.ts';
import { shanghaiDate } from './policy/working-days.ts';
import { type Result, fail, ok } from './result.ts';

// Membership of the alliance (联盟成员, DESIGN §2.8): an organisation applies, the secretariat decides. The one place
// the machine is written: the repository's guarded update, the API's permissions and the web's buttons ask it.

/** The states of a membership (`none`: the organisation never applied). */
export const MEMBERSHIP_STATUSES = ['applied', 'member', 'rejected', 'suspended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** 理事单位 (council) and 会员单位 (member). */
export const MEMBERSHIP_TIERS = ['council', 'member'] as const;
export type MembershipTier = (typeof MEMBERSHIP_TIERS)[number];

/**
 * The organisation kinds that may join, which are the membership's kinds: vendor = annotation firm (标注企业),
 * buyer = AI company (AI 企业), training institution (培训机构/院校), industrial-base operator (园区运营方).
 */
export const MEMBER_KINDS = ['vendor', 'buyer', 'training_institution', 'base_operator'] as const satisfies readonly OrgKind[];
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Whether organisations of this kind may join the alliance (the secretariat runs it and does not join). */
export const isMemberKind = (k: OrgKind): k is MemberKind => (MEMBER_KINDS as readonly string[]).includes(k);

/** Who takes a step: the applying organisation (its owner), or the secretariat. */
export type MembershipRole = 'applicant' | 'secretariat';

/** A step of the membership machine. */
export type MembershipAction =
  | { type: 'apply'; tier: MembershipTier; statement: string }
  | { type: 'approve'; tier: MembershipTier; joinedOn: string }
  | { type: 'reject'; reason: string }
  | { type: 'suspend'; reason: string }
  | { type: 'reinstate' };
export type MembershipActionType = MembershipAction['type'];

type From = MembershipStatus | 'none';

/** For each step: the states it starts from, where it leads and who takes it. */
export const MEMBERSHIP_STEPS = {
  // a first application, or again after a rejection (the same record becomes an application again)
  apply: { from: ['none', 'rejected'], to: 'applied', by: ['applicant'] },
  approve: { from: ['applied'], to: 'member', by: ['secretariat'] },
  reject: { from: ['applied'], to: 'rejected', by: ['secretariat'] },
  suspend: { from: ['member'], to: 'suspended', by: ['secretariat'] },
  reinstate: { from: ['suspended'], to: 'member', by: ['secretariat'] },
} as const satisfies Record<MembershipActionType, { from: readonly From[]; to: MembershipStatus; by: readonly MembershipRole[] }>;

/** The stored states a step may start from (for the repository's guarded update; `none` is no row). */
export const membershipStatusesFor = (action: MembershipActionType): readonly MembershipStatus[] =>
  (MEMBERSHIP_STEPS[action].from as readonly From[]).filter((s): s is MembershipStatus => s !== 'none');

/** A membership as its rules need it. */
export type Membership = {
  status: MembershipStatus;
  tier: MembershipTier;
  statement: string;
  /** handed out at the first approval, kept through suspension; the repository draws it from a sequence */
  memberNo: number | null;
  /** ISO date (Asia/Shanghai) */
  joinedOn: string | null;
  /** of the rejection or the suspension */
  reason: string | null;
};

/** Why a membership step was refused. */
export type MembershipError =
  | 'invalid_transition' | 'forbidden' | 'reason_required' | 'not_member_kind' | 'joined_on_in_future' | 'joined_on_invalid';

/** Longest statement an applicant may write (the table's check says the same). */
export const MEMBERSHIP_STATEMENT_MAX = 2000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * Validates one step taken by `role` on the membership of an organisation of kind `kind` (`current` null: it never
 * applied) and returns the membership after it. `now` decides "today" in Asia/Shanghai for the join date.
 */
export function applyMembership(
  current: Membership | null, kind: OrgKind, action: MembershipAction, role: MembershipRole, now: Date,
): Result<Membership, MembershipError> {
  if (!isMemberKind(kind)) return fail('not_member_kind');
  const step = MEMBERSHIP_STEPS[action.type];
  if (!(step.by as readonly MembershipRole[]).includes(role)) return fail('forbidden');
  if (!(step.from as readonly From[]).includes(current?.status ?? 'none')) return fail('invalid_transition');
  const was = current as Membership;
  switch (action.type) {
    case 'apply':
      return ok({ status: 'applied', tier: action.tier, statement: action.statement.trim(), memberNo: null, joinedOn: null, reason: null });
    case 'approve':
      if (!isIsoDate(action.joinedOn)) return fail('joined_on_invalid');
      if (action.joinedOn > shanghaiDate(now)) return fail('joined_on_in_future');
      return ok({ ...was, status: 'member', tier: action.tier, joinedOn: action.joinedOn, reason: null });
    case 'reject':
    case 'suspend': {
      const reason = action.reason.trim();
      if (reason === '') return fail('reason_required');
      return ok({ ...was, status: step.to, reason });
    }
    case 'reinstate':
      return ok({ ...was, status: 'member', reason: null });
  }
}

/** What the membership pages offer. */
export type MembershipPermissions = Record<MembershipActionType, boolean>;

/**
 * What this role may do with the membership now — the one answer the API's `permissions`, and through them the
 * web's buttons, come from (the use cases check each step again). `role` null: neither its organisation's owner nor
 * the secretariat.
 */
export function allowedMembershipActions(current: Pick<Membership, 'status'> | null, kind: OrgKind, role: MembershipRole | null): MembershipPermissions {
  const may = (type: MembershipActionType) =>
    role !== null && isMemberKind(kind) && (MEMBERSHIP_STEPS[type].by as readonly MembershipRole[]).includes(role) &&
    (MEMBERSHIP_STEPS[type].from as readonly From[]).includes(current?.status ?? 'none');
  return { apply: may('apply'), approve: may('approve'), reject: may('reject'), suspend: may('suspend'), reinstate: may('reinstate') };
}

/** The alliance's prefix of member numbers (聊城市数据标注产业联盟: Liaocheng Data-annotation Alliance). */
export const MEMBER_NO_PREFIX = 'LCDA';

/** A member number as people see it: `LCDA-0007` (four digits at least, more once the alliance outgrows them). */
export function formatMemberNo(n: number): string {
  return `${MEMBER_NO_PREFIX}-${String(n).padStart(4, '0')}`;
}

/** Whole days an application has waited by `now` (the queue shows its age; 0 on the day it came in). */
export function applicationAgeDays(appliedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - appliedAt.getTime()) / 86_400_000));
}
