import { describe, expect, it } from 'vitest';
import {
  type BuyerOrderFacts, type VendorOrderFacts, type VendorPrior, FALLBACK_PRIOR, buyerMarketPrior, buyerTrackRecord, smoothedRate,
  vendorMarketPrior, vendorTrackRecord,
} from './track-record.ts';

const order = (id: string, over: Partial<VendorOrderFacts> = {}): VendorOrderFacts => ({
  orderId: id, title: `Order ${id}`, outcome: 'completed', endedAt: `2026-10-0${id.length}T00:00:00Z`,
  volume: { quantity: 1000, unit: 'images' }, batches: 4, batchesOnTime: 4, batchesFirstPass: 3,
  committedAccuracy: 97, measuredAccuracy: 98, stars: 5, ...over,
});

describe('smoothedRate (the Beta prior)', () => {
  // [good, count, prior, k, expected] — worked: (good + k·prior) / (count + k)
  it.each([
    [0, 0, 0.9, 3, 0.9], // a newcomer sits exactly at the market
    [1, 1, 0.9, 3, 0.925], // (1 + 2.7) / 4
    [0, 1, 0.9, 3, 0.675], // (0 + 2.7) / 4: one late batch costs a quarter of the way, not everything
    [10, 10, 0.5, 3, 0.8846], // (10 + 1.5) / 13
    [30, 40, 0.9, 3, 0.7605], // (30 + 2.7) / 43: a long record speaks for itself
  ])('%i of %i, prior %f, k %i → %f', (good, count, prior, k, expected) => {
    expect(smoothedRate(good, count, prior, k)).toBeCloseTo(expected, 4);
  });
});

describe('vendorMarketPrior', () => {
  it('pools every vendor’s batches and reviews', () => {
    const p = vendorMarketPrior([
      order('a', { batches: 4, batchesOnTime: 4, batchesFirstPass: 2, stars: 5 }),
      order('bb', { batches: 6, batchesOnTime: 3, batchesFirstPass: 6, committedAccuracy: 99, measuredAccuracy: 98, stars: null }),
    ]);
    // on time 7/10, first pass 8/10, accuracy met 1 of 2 orders, stars 5 from the one review
    expect(p).toEqual({ onTime: 0.7, firstPass: 0.8, accuracyMet: 0.5, stars: 5, strength: 3 });
  });
  it('falls back to the middle of each scale on an empty market', () => {
    expect(vendorMarketPrior([])).toEqual({ ...FALLBACK_PRIOR, strength: 3 });
  });
});

describe('vendorTrackRecord', () => {
  const market: VendorPrior = { onTime: 0.8, firstPass: 0.7, accuracyMet: 0.6, stars: 4, strength: 3 };

  it('gives a newcomer the market’s figures, neither better nor worse', () => {
    const r = vendorTrackRecord([], market);
    expect([r.onTime.estimate, r.firstPass.estimate, r.accuracy.estimate, r.rating.estimate]).toEqual([0.8, 0.7, 0.6, 4]);
    // score: (0.8 + 0.7 + 0.6 + (4−1)/4) / 4 = 0.7125
    expect(r.score).toBe(0.7125);
    expect(r.hasRecord).toBe(false);
    expect(r.onTime.observed).toBeNull();
  });

  it('explains every figure by the orders it counted', () => {
    const r = vendorTrackRecord([
      order('a', { batches: 4, batchesOnTime: 4, batchesFirstPass: 3, committedAccuracy: 97, measuredAccuracy: 98, stars: 5 }),
      order('bb', { batches: 2, batchesOnTime: 1, batchesFirstPass: 2, committedAccuracy: 98, measuredAccuracy: 96.5, stars: 3.67, volume: { quantity: 20, unit: 'hours' } }),
      order('ccc', { outcome: 'terminated', batches: 0, batchesOnTime: 0, batchesFirstPass: 0, measuredAccuracy: null, stars: null, volume: { quantity: 0, unit: 'images' } }),
    ], market);
    // on time: 5 of 6 batches; (5 + 3×0.8)/(6+3) = 0.8222
    expect(r.onTime).toMatchObject({ good: 5, count: 6, observed: 0.8333, estimate: 0.8222 });
    expect(r.onTime.items.map((i) => [i.orderId, i.good, i.count])).toEqual([['bb', 1, 2], ['a', 4, 4]]); // newest first; no batches, not counted
    // first pass: 5 of 6; (5 + 2.1)/9 = 0.7889
    expect(r.firstPass).toMatchObject({ good: 5, count: 6, estimate: 0.7889 });
    // accuracy met on 1 of 2 measured orders: (1 + 1.8)/5 = 0.56; means 97.5 committed, 97.25 measured
    expect(r.accuracy).toMatchObject({ good: 1, count: 2, estimate: 0.56, meanCommitted: 97.5, meanMeasured: 97.25 });
    expect(r.accuracy.accuracyItems.map((i) => [i.orderId, i.met])).toEqual([['bb', false], ['a', true]]);
    // stars: (5 + 3.67 + 3×4)/(2+3) = 4.13
    expect(r.rating).toMatchObject({ count: 2, observed: 4.34, estimate: 4.13 });
    expect(r.volume).toMatchObject({ completed: 2, terminated: 1, byUnit: [{ unit: 'hours', quantity: 20 }, { unit: 'images', quantity: 1000 }] });
    expect(r.volume.items.map((i) => i.orderId)).toEqual(['ccc', 'bb', 'a']);
    // score: (0.8222 + 0.7889 + 0.56 + 3.13/4) / 4 = 0.7381
    expect(r.score).toBeCloseTo(0.7381, 3);
    expect(r.hasRecord).toBe(true);
  });

  it('lets a long record outweigh the prior', () => {
    const perfect = vendorTrackRecord(Array.from({ length: 10 }, (_, i) => order(`o${i}`, { batchesFirstPass: 4 })), market);
    // 40 of 40 batches: (40 + 2.1)/43 = 0.979
    expect(perfect.firstPass.estimate).toBe(0.9791);
    const poor = vendorTrackRecord(Array.from({ length: 10 }, (_, i) => order(`o${i}`, { batchesOnTime: 1 })), market);
    // 10 of 40: (10 + 2.4)/43 = 0.2884
    expect(poor.onTime.estimate).toBe(0.2884);
  });
});

describe('buyerTrackRecord', () => {
  const now = new Date('2026-12-01T04:00:00Z');
  const facts: BuyerOrderFacts[] = [
    {
      orderId: 'o1', title: 'Street scenes', outcome: 'completed', endedAt: '2026-10-01T00:00:00Z',
      payments: [
        { status: 'confirmed', dueOn: '2026-09-10', paidOn: '2026-09-08' }, // early
        { status: 'paid', dueOn: '2026-09-20', paidOn: '2026-09-26' }, // 6 days late
      ],
      ratings: { clarity: 4, paymentTimeliness: 2, communication: 5 },
    },
    {
      orderId: 'o2', title: 'Dialogues', outcome: 'terminated', endedAt: '2026-11-01T00:00:00Z',
      payments: [
        { status: 'invoiced', dueOn: '2026-11-27', paidOn: null }, // unpaid, 4 days overdue on 1 Dec
        { status: 'unpaid', dueOn: '2026-12-20', paidOn: null }, // not due: says nothing yet
      ],
      ratings: null,
    },
  ];

  it('counts payments per milestone and explains them per order', () => {
    const r = buyerTrackRecord(facts, { clarity: 3, paymentTimeliness: 3, communication: 3, strength: 3 }, now);
    // counted 3: one on time, two late (6 and 4 days) → on time 1/3, average 5 days late
    expect(r.payment).toMatchObject({ counted: 3, onTime: 1, late: 2, averageDaysLate: 5, overdueNow: 1 });
    expect(r.payment.onTimeRate).toBeCloseTo(1 / 3, 6);
    expect(r.payment.items.map((i) => [i.orderId, i.counted, i.late])).toEqual([['o2', 1, 1], ['o1', 2, 1]]);
    // clarity: (4 + 3×3)/(1+3) = 3.25; payment timeliness (2 + 9)/4 = 2.75
    expect(r.clarity).toMatchObject({ count: 1, observed: 4, estimate: 3.25 });
    expect(r.paymentTimeliness.estimate).toBe(2.75);
    expect(r.orders).toBe(2);
  });

  it('pools the market’s ratings of buyers for the prior', () => {
    expect(buyerMarketPrior(facts)).toEqual({ clarity: 4, paymentTimeliness: 2, communication: 5, strength: 3 });
    expect(buyerMarketPrior([])).toEqual({ clarity: 3, paymentTimeliness: 3, communication: 3, strength: 3 });
  });

  it('counts a running contract’s payments, not the contract itself', () => {
    const running: BuyerOrderFacts = {
      orderId: 'o3', title: 'Point clouds', outcome: 'running', endedAt: null,
      payments: [{ status: 'paid', dueOn: '2026-11-10', paidOn: '2026-11-09' }], ratings: null,
    };
    const r = buyerTrackRecord([...facts, running], buyerMarketPrior([]), now);
    // now 4 counted: 2 on time of 4
    expect(r.payment).toMatchObject({ counted: 4, onTime: 2, late: 2 });
    expect(r.payment.items[0]).toMatchObject({ orderId: 'o3', counted: 1 }); // running first
    expect(r.orders).toBe(2);
  });

  it('has no payment rate before any payment counts', () => {
    const r = buyerTrackRecord([], buyerMarketPrior([]), now);
    expect(r.payment).toMatchObject({ counted: 0, onTimeRate: null, averageDaysLate: null, items: [] });
    expect(r.hasRecord).toBe(false);
  });
});
