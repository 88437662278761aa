import { describe, expect, it } from 'vitest';
import { EMPTY_CAPABILITY_PROFILE } from './capability.ts';
import { MATCH_WEIGHTS, type MatchOrder, type MatchVendor, matchEligibility, matchVendor, rankOrders, rankVendors } from './matching.ts';
import type { OrderTerms } from './order.ts';
import { FALLBACK_PRIOR, PRIOR_STRENGTH, type VendorOrderFacts, type VendorPrior, vendorTrackRecord } from './track-record.ts';

const now = new Date('2026-11-29T04:00:00Z');
const days = (d: number) => new Date(now.getTime() + d * 86_400_000);
const terms: OrderTerms = {
  modality: 'image', taskTypes: ['bbox', 'classification'], volume: { quantity: 100_000, unit: 'images' },
  unitPriceCeilingFen: 50, budgetTotalFen: null, biddingMode: 'sealed',
  questionsCloseAt: days(1), bidDeadline: days(5), deliveryDeadline: days(25),
  accuracyTarget: 97, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
  requiredCertifications: [], minHeadcount: 10, requiresSecureRoom: false,
};
// the buyer sits in Dongchangfu District; work runs 20 days (bid deadline → delivery), so 5 000 items a day are needed
const order: MatchOrder = { buyerOrgId: 'buyer', buyerCounty: '371502', terms };
const emptyMarket: VendorPrior = { ...FALLBACK_PRIOR, strength: PRIOR_STRENGTH };
const batches = (n: number, firstPass: number, onTime: number): VendorOrderFacts => ({
  orderId: 'o1', title: 'Street scenes', outcome: 'completed', endedAt: '2026-10-01T00:00:00Z', volume: { quantity: 1000, unit: 'images' },
  batches: n, batchesFirstPass: firstPass, batchesOnTime: onTime, committedAccuracy: null, measuredAccuracy: null, stars: null,
});
const vendor: MatchVendor = {
  orgId: 'v1', county: '371502', record: vendorTrackRecord([], emptyMarket),
  verification: { status: 'verified', verifiedUntil: days(300), reason: null },
  capabilities: {
    ...EMPTY_CAPABILITY_PROFILE, modalities: ['image'], taskTypes: ['bbox', 'classification'], headcount: 40,
    dailyCapacity: { bbox: 8000, classification: 20_000 },
  },
};
const codes = (v: MatchVendor, o: MatchOrder = order) => {
  const m = matchVendor(o, v, now);
  return m.eligible ? m.reasons.map((r) => r.code) : m.ineligible.map((r) => r.code);
};

describe('matchEligibility (hard filters)', () => {
  it('accepts a verified vendor covering modality and task types', () => {
    expect(matchEligibility(order, vendor, now)).toEqual([]);
  });
  it('names the modality and each task type not offered', () => {
    const v = { ...vendor, capabilities: { ...vendor.capabilities, modalities: ['text' as const], taskTypes: ['bbox' as const] } };
    expect(matchEligibility(order, v, now)).toEqual([
      { code: 'modality_not_offered', modality: 'image' },
      { code: 'task_type_not_offered', taskType: 'classification' },
    ]);
  });
  it('reuses bid eligibility: suspended, unverified, headcount, certificates, secure room', () => {
    expect(codes({ ...vendor, verification: { status: 'suspended', verifiedUntil: days(9), reason: 'x' } })).toEqual(['suspended']);
    expect(codes({ ...vendor, verification: { status: 'pending', verifiedUntil: null, reason: null } })).toEqual(['not_verified']);
    expect(codes(vendor, { ...order, terms: { ...terms, minHeadcount: 50, requiredCertifications: ['dcmm'] } }))
      .toEqual(['missing_certification', 'headcount_below_minimum']);
    // confidential data: a secure room and ISO 27001 / MLPS 3 are required
    expect(codes(vendor, { ...order, terms: { ...terms, securityLevel: 'confidential' } })).toEqual(['no_secure_room', 'security_certification_required']);
    const secure = { ...vendor, capabilities: { ...vendor.capabilities, secureRoom: true, certifications: [{ name: 'mlps3' as const, expiresOn: '2027-06-30' }] } };
    expect(matchEligibility({ ...order, terms: { ...terms, securityLevel: 'confidential' } }, secure, now)).toEqual([]);
  });
  it('never matches the buyer with its own order', () => {
    expect(codes({ ...vendor, orgId: 'buyer' })).toEqual(['own_order']);
  });
});

describe('matchVendor (score and reasons)', () => {
  it('explains every part; a local specialist with ample capacity and no record scores 82.5', () => {
    const m = matchVendor(order, vendor, now);
    expect(m.eligible).toBe(true);
    if (!m.eligible) return;
    expect(m.reasons.map((r) => [r.part, r.code, r.points])).toEqual([
      ['capability', 'capability_specialist', 25], // offers exactly the two task types asked for
      ['capacity', 'capacity_ample', 30], // slowest task 8 000/day × 20 days = 1.6 × the volume
      ['quality', 'quality_no_record', 10], // no batches, and a market without any: the middle of the scale
      ['on_time', 'on_time_no_record', 7.5],
      ['locality', 'same_county', 10],
    ]);
    expect(m.reasons[1]!.params).toEqual({ dailyCapacity: 8000, requiredPerDay: 5000, days: 20, ratioPercent: 160 });
    expect(m.score).toBe(82.5);
    expect(Object.values(MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores a generalist lower on capability fit', () => {
    const v = { ...vendor, capabilities: { ...vendor.capabilities, taskTypes: ['bbox' as const, 'classification' as const, 'ocr' as const, 'polygon' as const] } };
    const m = matchVendor(order, v, now);
    // 2 of 4 offered task types are asked for: 0.5 + 0.5 × 2/4 = 0.75 of 25
    expect(m.eligible && m.reasons[0]).toMatchObject({ code: 'capability_covers', points: 18.8, params: { required: 2, offered: 4 } });
  });

  it('grades capacity: ample, just enough, short, unknown (the slowest task type limits)', () => {
    const cap = (bbox: number | undefined) => {
      const v = { ...vendor, capabilities: { ...vendor.capabilities, dailyCapacity: bbox === undefined ? { classification: 9000 } : { bbox, classification: 9000 } } };
      const m = matchVendor(order, v, now);
      return m.eligible ? [m.reasons[1]!.code, m.reasons[1]!.points] : null;
    };
    expect(cap(9000)).toEqual(['capacity_ample', 30]);
    expect(cap(5000)).toEqual(['capacity_sufficient', 24]); // exactly enough: any slip misses the deadline
    expect(cap(2500)).toEqual(['capacity_short', 12]); // half the capacity needed: 0.8 × 0.5 of 30
    expect(cap(undefined)).toEqual(['capacity_unknown', 0]);
  });

  it('counts the days from the bid deadline, or from now once it has passed', () => {
    const late = new Date(terms.bidDeadline.getTime() + 10 * 86_400_000);
    const m = matchVendor(order, vendor, late);
    // 10 days left: 10 000 a day are needed, 8 000 is short
    expect(m.eligible && m.reasons[1]).toMatchObject({ code: 'capacity_short', params: { requiredPerDay: 10_000, days: 10 } });
  });

  it('weighs its own batches against the market prior, so one batch is not perfection', () => {
    const market: VendorPrior = { onTime: 0.9, firstPass: 0.8, accuracyMet: 0.5, stars: 4, strength: 3 };
    const m = matchVendor(order, { ...vendor, record: vendorTrackRecord([batches(8, 8, 6)], market) }, now);
    if (!m.eligible) throw new Error('eligible');
    // quality (8 + 3×0.8)/(8+3) = 0.9455 of 20 = 18.9; on time (6 + 3×0.9)/(8+3) = 0.7909 of 15 = 11.9
    expect(m.reasons[2]).toMatchObject({ code: 'quality_record', points: 18.9, params: { good: 8, completed: 8, ratePercent: 100, estimatePercent: 95 } });
    expect(m.reasons[3]).toMatchObject({ code: 'on_time_record', points: 11.9, params: { good: 6, completed: 8, ratePercent: 75, estimatePercent: 79 } });
    // one perfect batch on an empty market: (1 + 3×0.5)/(1+3) = 0.625 of 20
    const one = matchVendor(order, { ...vendor, record: vendorTrackRecord([batches(1, 1, 1)], emptyMarket) }, now);
    expect(one.eligible && one.reasons[2]!.points).toBe(12.5);
    // a newcomer on that market starts at the market's own rates: 0.8 of 20, 0.9 of 15
    const fresh = matchVendor(order, { ...vendor, record: vendorTrackRecord([], market) }, now);
    expect(fresh.eligible && fresh.reasons.slice(2, 4).map((r) => [r.code, r.points])).toEqual([['quality_no_record', 16], ['on_time_no_record', 13.5]]);
  });

  it('prefers the same county, then the same city', () => {
    expect(codes({ ...vendor, county: '371502' }).at(-1)).toBe('same_county');
    expect(codes({ ...vendor, county: '371581' }).at(-1)).toBe('same_city'); // Linqing, also Liaocheng
    expect(codes({ ...vendor, county: '370102' }).at(-1)).toBe('other_region');
    expect(codes({ ...vendor, county: null }).at(-1)).toBe('other_region');
  });

  it('gives every reason a readable text', () => {
    const m = matchVendor(order, vendor, now);
    for (const r of m.eligible ? m.reasons : []) expect(r.text.length).toBeGreaterThan(5);
  });
});

describe('ranking', () => {
  const far = { ...vendor, orgId: 'v2', county: '371581' };
  const slow = { ...vendor, orgId: 'v3', capabilities: { ...vendor.capabilities, dailyCapacity: { bbox: 1000, classification: 1000 } } };
  const out = { ...vendor, orgId: 'v4', verification: { status: 'suspended' as const, verifiedUntil: days(9), reason: 'x' } };
  const twin = { ...vendor, orgId: 'v0' };

  it('ranks eligible vendors best first, drops the ineligible, breaks ties by id', () => {
    const r = rankVendors(order, [slow, far, out, vendor, twin], now);
    expect(r.map((m) => [m.item.orgId, m.score])).toEqual([['v0', 82.5], ['v1', 82.5], ['v2', 77.5], ['v3', 57.3]]);
    expect(rankVendors(order, [slow, far, vendor], now, 2).map((m) => m.item.orgId)).toEqual(['v1', 'v2']);
  });

  it('ranks orders for a vendor by the same score', () => {
    const big = { ...order, id: 'o-big', terms: { ...terms, volume: { quantity: 400_000, unit: 'images' as const } } };
    const near = { ...order, id: 'o-near' };
    const other = { ...order, id: 'o-text', terms: { ...terms, modality: 'text' as const } };
    expect(rankOrders(vendor, [big, other, near], now).map((m) => m.item.id)).toEqual(['o-near', 'o-big']);
  });
});
