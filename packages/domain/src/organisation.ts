import { type Result, fail, ok } from './result.ts';

/**
 * Kinds of organisation: AI companies (buyer), annotation firms (vendor), the alliance secretariat, training
 * institutions (培训机构/院校) and operators of industrial bases (园区运营方); the last two join the alliance.
 */
export const ORG_KINDS = ['buyer', 'vendor', 'secretariat', 'training_institution', 'base_operator'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const REGISTRABLE_ORG_KINDS = ['buyer', 'vendor', 'training_institution', 'base_operator'] as const;
export type RegistrableOrgKind = (typeof REGISTRABLE_ORG_KINDS)[number];

/** Kinds that work in one of the city's counties and must say which (AI companies may come from anywhere). */
export const COUNTY_REQUIRED_KINDS = ['vendor', 'training_institution', 'base_operator'] as const satisfies readonly OrgKind[];
export const countyRequired = (k: OrgKind): boolean => (COUNTY_REQUIRED_KINDS as readonly string[]).includes(k);

export const MEMBER_ROLES = ['owner', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const VERIFICATION_STATUSES = ['pending', 'verified', 'rejected', 'suspended'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** What the secretariat or the vendor can do to a vendor's verification. */
export type VerificationAction =
  | { type: 'approve'; verifiedUntil: Date }
  | { type: 'reject'; reason: string }
  | { type: 'suspend'; reason: string }
  | { type: 'reinstate' }
  | { type: 'reapply' };

export type Verification = {
  status: VerificationStatus;
  verifiedUntil: Date | null;
  reason: string | null;
};

export type VerificationError = 'invalid_transition' | 'reason_required' | 'verified_until_in_past';

const ALLOWED: Record<VerificationAction['type'], readonly VerificationStatus[]> = {
  approve: ['pending'],
  reject: ['pending'],
  suspend: ['verified'],
  reinstate: ['suspended'],
  reapply: ['rejected'],
};

/** Validates and applies one step of the vendor verification machine. */
export function applyVerification(
  current: Verification,
  action: VerificationAction,
  now: Date,
): Result<Verification, VerificationError> {
  if (!ALLOWED[action.type].includes(current.status)) return fail('invalid_transition');
  switch (action.type) {
    case 'approve':
      if (action.verifiedUntil <= now) return fail('verified_until_in_past');
      return ok({ status: 'verified', verifiedUntil: action.verifiedUntil, reason: null });
    case 'reject':
    case 'suspend':
      if (action.reason.trim() === '') return fail('reason_required');
      return ok({
        status: action.type === 'reject' ? 'rejected' : 'suspended',
        verifiedUntil: action.type === 'suspend' ? current.verifiedUntil : null,
        reason: action.reason.trim(),
      });
    case 'reinstate':
      return ok({ status: 'verified', verifiedUntil: current.verifiedUntil, reason: null });
    case 'reapply':
      return ok({ status: 'pending', verifiedUntil: null, reason: null });
  }
}

/** A vendor may bid only while verified and inside its verification period. */
export function isVendorActive(v: Verification, now: Date): boolean {
  return v.status === 'verified' && v.verifiedUntil !== null && v.verifiedUntil > now;
}

/** Default verification period: one year from approval. */
export function defaultVerifiedUntil(now: Date): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}
