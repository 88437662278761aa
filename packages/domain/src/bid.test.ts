import { describe, expect, it } from 'vitest';
import { type BidderProfile, bidEligibility, validateOffer } from './bid.ts';
import { EMPTY_CAPABILITY_PROFILE } from './capability.ts';
import type { OrderTerms } from './order.ts';

const now = new Date('2026-11-29T04:00:00Z');
const days = (d: number) => new Date(now.getTime() + d * 86_400_000);
const terms: OrderTerms = {
  modality: 'image', taskTypes: ['bbox'], volume: { quantity: 10000, unit: 'images' },
  unitPriceCeilingFen: 50, budgetTotalFen: 400_000, biddingMode: 'sealed',
  questionsCloseAt: days(1), bidDeadline: days(3), deliveryDeadline: days(30),
  accuracyTarget: 97, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
  requiredCertifications: ['iso9001'], minHeadcount: 10, requiresSecureRoom: false,
};
const vendor: BidderProfile = {
  orgId: 'v1',
  verification: { status: 'verified', verifiedUntil: days(300), reason: null },
  capabilities: {
    ...EMPTY_CAPABILITY_PROFILE, headcount: 40, secureRoom: false,
    certifications: [{ name: 'iso9001', expiresOn: '2027-12-31' }, { name: 'iso27001', expiresOn: '2026-01-01' }],
  },
};

describe('bidEligibility', () => {
  it('lets a verified, qualified vendor bid', () => {
    expect(bidEligibility(vendor, 'b1', terms, now)).toEqual([]);
  });
  it('refuses the buyer itself', () => {
    expect(bidEligibility({ ...vendor, orgId: 'b1' }, 'b1', terms, now)).toContainEqual({ code: 'own_order' });
  });
  it('refuses unverified, expired and suspended vendors', () => {
    expect(bidEligibility({ ...vendor, verification: { status: 'pending', verifiedUntil: null, reason: null } }, 'b1', terms, now))
      .toEqual([{ code: 'not_verified' }]);
    expect(bidEligibility({ ...vendor, verification: { status: 'verified', verifiedUntil: days(-1), reason: null } }, 'b1', terms, now))
      .toEqual([{ code: 'not_verified' }]);
    expect(bidEligibility({ ...vendor, verification: { status: 'suspended', verifiedUntil: days(9), reason: 'x' } }, 'b1', terms, now))
      .toEqual([{ code: 'suspended' }]);
  });
  it('lists every missing qualification', () => {
    const r = bidEligibility(vendor, 'b1', { ...terms, requiredCertifications: ['iso9001', 'dcmm'], minHeadcount: 50 }, now);
    expect(r).toEqual([
      { code: 'missing_certification', certification: 'dcmm' },
      { code: 'headcount_below_minimum', required: 50, actual: 40 },
    ]);
  });
  it('asks confidential work for a secure room and a valid security certificate', () => {
    const r = bidEligibility(vendor, 'b1', { ...terms, securityLevel: 'confidential' }, now);
    // the ISO 27001 certificate expired at the start of 2026
    expect(r).toEqual([{ code: 'no_secure_room' }, { code: 'security_certification_required' }]);
  });
});

describe('validateOffer', () => {
  const offer = { totalPriceFen: 350_000, unitPriceFen: 35, deliveryDays: 20, teamSize: 12, committedAccuracy: 98 };
  const check = (patch: Partial<typeof offer>) => {
    const r = validateOffer({ ...offer, ...patch }, terms, now);
    return r.ok ? 'ok' : r.error;
  };
  it.each([
    [{}, 'ok'],
    [{ totalPriceFen: 350_000.5 }, 'money_invalid'],
    [{ totalPriceFen: 0 }, 'money_invalid'],
    [{ totalPriceFen: 400_001 }, 'above_budget'],
    [{ unitPriceFen: 51 }, 'above_unit_ceiling'],
    [{ committedAccuracy: 96.9 }, 'accuracy_below_target'],
    [{ committedAccuracy: 100.1 }, 'accuracy_invalid'],
    [{ deliveryDays: 31 }, 'delivery_after_deadline'],
    [{ teamSize: 0 }, 'team_size_invalid'],
  ] as [Partial<typeof offer>, string][])('%o → %s', (patch, expected) => {
    expect(check(patch)).toBe(expected);
  });
});
