import { type CapabilityProfile, type Certification, EMPTY_CAPABILITY_PROFILE, validCertifications } from './capability.ts';
import { type Fen, isFen } from './money.ts';
import type { OrderTerms } from './order.ts';
import { type Verification, isVendorActive } from './organisation.ts';
import { type Result, fail, ok } from './result.ts';

export const BID_STATUSES = ['active', 'needs_reconfirm', 'withdrawn', 'awarded', 'not_awarded', 'disqualified'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

/** Why a vendor may not bid on an order; each reason is shown to the vendor. */
export type IneligibleReason =
  | { code: 'not_verified' }
  | { code: 'suspended' }
  | { code: 'own_order' }
  | { code: 'missing_certification'; certification: Certification }
  | { code: 'headcount_below_minimum'; required: number; actual: number }
  | { code: 'no_secure_room' }
  | { code: 'security_certification_required' };

export type BidderProfile = { orgId: string; verification: Verification; capabilities: CapabilityProfile };

/** A stored vendor as the eligibility rules see it: no verification yet is pending, no profile yet is empty. */
export function bidderProfileOf(
  orgId: string,
  org: { verification: Verification | null; capabilities: CapabilityProfile | null } | null,
): BidderProfile {
  return {
    orgId,
    verification: org?.verification ?? { status: 'pending', verifiedUntil: null, reason: null },
    capabilities: org?.capabilities ?? EMPTY_CAPABILITY_PROFILE,
  };
}

/** Confidential data needs one of these (ISO 27001, 等保三级) on top of what the buyer asks for. */
const SECURITY_CERTIFICATIONS = ['iso27001', 'mlps3'] as const satisfies readonly Certification[];

/**
 * Eligibility of a vendor for an order (DESIGN §2.3). Confidential data needs a secure room and a
 * valid ISO 27001 or 等保三级 (MLPS level 3) certificate, on top of what the buyer asks for.
 */
export function bidEligibility(vendor: BidderProfile, buyerOrgId: string, terms: OrderTerms, now: Date): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (vendor.orgId === buyerOrgId) reasons.push({ code: 'own_order' });
  if (vendor.verification.status === 'suspended') reasons.push({ code: 'suspended' });
  else if (!isVendorActive(vendor.verification, now)) reasons.push({ code: 'not_verified' });
  const required = profileRequirements(terms, now);
  const held = validCertifications(vendor.capabilities, required.today);
  for (const c of required.certifications) {
    if (!held.includes(c)) reasons.push({ code: 'missing_certification', certification: c });
  }
  if (vendor.capabilities.headcount < required.minHeadcount) {
    reasons.push({ code: 'headcount_below_minimum', required: required.minHeadcount, actual: vendor.capabilities.headcount });
  }
  if (required.secureRoom && !vendor.capabilities.secureRoom) reasons.push({ code: 'no_secure_room' });
  if (required.oneOf.length > 0 && !required.oneOf.some((c) => held.includes(c))) {
    reasons.push({ code: 'security_certification_required' });
  }
  return reasons;
}

/**
 * What a vendor's profile must hold to pass bidEligibility for these terms, for a database to filter on before the
 * rules run (a prefilter: the rules still decide). Every required certification valid on `today`, and for confidential
 * data one of `oneOf` too; the headcount; a secure room.
 */
export type ProfileRequirements = {
  certifications: Certification[];
  oneOf: Certification[];
  today: string;
  minHeadcount: number;
  secureRoom: boolean;
};

/** The profile requirements of bidEligibility for `terms` (the same rules, read the other way). */
export function profileRequirements(terms: OrderTerms, now: Date): ProfileRequirements {
  const confidential = terms.securityLevel === 'confidential';
  return {
    certifications: [...terms.requiredCertifications],
    oneOf: confidential ? [...SECURITY_CERTIFICATIONS] : [],
    today: now.toISOString().slice(0, 10),
    minHeadcount: terms.minHeadcount,
    secureRoom: terms.requiresSecureRoom || terms.workLocation === 'vendor_secure_room' || confidential,
  };
}

export type BidOffer = {
  totalPriceFen: Fen;
  unitPriceFen: Fen;
  deliveryDays: number;
  teamSize: number;
  committedAccuracy: number;
};

export type BidRuleError =
  | 'money_invalid'
  | 'above_budget'
  | 'above_unit_ceiling'
  | 'accuracy_below_target'
  | 'accuracy_invalid'
  | 'delivery_after_deadline'
  | 'team_size_invalid';

/** Checks an offer against the order's ceilings, quality target and delivery deadline. */
export function validateOffer(offer: BidOffer, terms: OrderTerms, now: Date): Result<BidOffer, BidRuleError> {
  if (!isFen(offer.totalPriceFen) || offer.totalPriceFen === 0 || !isFen(offer.unitPriceFen) || offer.unitPriceFen === 0) {
    return fail('money_invalid');
  }
  if (terms.budgetTotalFen !== null && offer.totalPriceFen > terms.budgetTotalFen) return fail('above_budget');
  if (terms.unitPriceCeilingFen !== null && offer.unitPriceFen > terms.unitPriceCeilingFen) return fail('above_unit_ceiling');
  if (!(offer.committedAccuracy > 0 && offer.committedAccuracy <= 100)) return fail('accuracy_invalid');
  if (offer.committedAccuracy < terms.accuracyTarget) return fail('accuracy_below_target');
  if (!Number.isSafeInteger(offer.teamSize) || offer.teamSize < 1) return fail('team_size_invalid');
  const delivery = now.getTime() + offer.deliveryDays * 86_400_000;
  if (!Number.isSafeInteger(offer.deliveryDays) || offer.deliveryDays < 1 || delivery > terms.deliveryDeadline.getTime()) {
    return fail('delivery_after_deadline');
  }
  return ok(offer);
}
