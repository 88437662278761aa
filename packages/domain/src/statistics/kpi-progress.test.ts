import { describe, expect, it } from 'vitest';
import { kpiProgress, publicAggregate } from './kpi-progress.ts';

const practitioners = { value: 10_000, comparison: 'at_least' as const, deadline: '2027-12-31' };
const trained = { value: 1_000, comparison: 'at_least' as const, deadline: '2027-12-31' };

describe('where a target stands', () => {
  it('draws the path from the first reported quarter and judges the latest value against it today', () => {
    // baseline 4,000 on 2026-03-31; target 10,000 on 2027-12-31 (640 days). On 2026-12-31 (275 days in) the path is
    // 4,000 + 6,000 × 275/640 = 6,578.125
    const series = [{ quarter: '2026Q1', value: 4_000 }, { quarter: '2026Q2', value: null }, { quarter: '2026Q3', value: 6_600 }];
    const p = kpiProgress(practitioners, { series, yearly: false }, new Date('2026-12-31T04:00:00Z'));
    expect(p.baseline).toEqual({ value: 4_000, on: '2026-03-31' });
    expect(p.pathNow).toBeCloseTo(6_578.125, 6);
    expect([p.current, p.asOf, p.onTrack, p.met]).toEqual([6_600, '2026Q3', true, false]);
    expect(p.progress).toBeCloseTo(0.66, 6);
    expect(p.pathShare).toBeCloseTo(0.6578125, 6);
    const behind = kpiProgress(practitioners, { series: [...series.slice(0, 2), { quarter: '2026Q3', value: 6_500 }], yearly: false }, new Date('2026-12-31T04:00:00Z'));
    expect(behind.onTrack).toBe(false);
  });

  it('judges a year-to-date figure against the share of the year it covers, from a baseline scaled to a year', () => {
    // 2026Q1: 200 trained → 800 a year, on 2026-03-31. On 2026-10-01 (184 days of 640) the yearly path is
    // 800 + 200 × 184/640 = 857.5; after three quarters 3/4 of it is due: 643.125
    const series = [{ quarter: '2026Q1', value: 200 }, { quarter: '2026Q2', value: 420 }, { quarter: '2026Q3', value: 650 }];
    const p = kpiProgress(trained, { series, yearly: true }, new Date('2026-10-01T04:00:00Z'));
    expect(p.baseline).toEqual({ value: 800, on: '2026-03-31' });
    expect(p.pathNow).toBeCloseTo(643.125, 6);
    expect(p.onTrack).toBe(true);
    expect(p.progress).toBeCloseTo(0.65, 6);
    const fewer = kpiProgress(trained, { series: [...series.slice(0, 2), { quarter: '2026Q3', value: 640 }], yearly: true }, new Date('2026-10-01T04:00:00Z'));
    expect(fewer.onTrack).toBe(false);
  });

  it('starts from zero on the policy’s day while nobody has reported, and then judges nothing', () => {
    const p = kpiProgress(practitioners, { series: [{ quarter: '2026Q1', value: null }], yearly: false }, new Date('2026-06-30T04:00:00Z'));
    expect(p.baseline).toEqual({ value: 0, on: '2025-12-24' });
    expect([p.current, p.onTrack, p.progress, p.met]).toEqual([null, null, null, false]);
  });

  it('takes a given baseline and current value (records, not reports) and says when the target is met', () => {
    const bases = { value: 3, comparison: 'at_least' as const, deadline: '2026-12-31' };
    const p = kpiProgress(bases, { series: [], yearly: false, baseline: { value: 1, on: '2025-12-24' }, current: { quarter: '2026Q4', value: 3 } }, new Date('2026-12-01T04:00:00Z'));
    expect([p.onTrack, p.met]).toEqual([true, true]);
    // more than 5 亿: exactly 5 亿 is not met
    expect(kpiProgress({ value: 5, comparison: 'more_than', deadline: '2027-12-31' }, { series: [{ quarter: '2027Q4', value: 5 }], yearly: false }, new Date()).met).toBe(false);
  });
});

describe('an aggregate fit for the public', () => {
  it.each([
    [1_234, 3, 1_234],
    [1_234, 2, null], // two members: either one could read the other's figure from the sum
    [1_234, 1, null], // one member: the sum is its own figure
    [null, 10, null],
  ])('%s over %s members → %s', (value, n, expected) => expect(publicAggregate(value, n)).toBe(expected));
});
