import { describe, expect, it } from 'vitest';
import {
  type KpiReport, aboveScaleFirms, annotationRevenueYtd, benchmarkBases, fenToYiYuan, latestReports, localSupplyRate, marketplaceFigures,
  onTrack, pathValue, practitionersTotal, trainedYtd,
} from './kpi.ts';
import { parseQuarter } from './quarter.ts';
import type { ReportFigures } from './report.ts';
import { KPI_DEFINITIONS, KPI_KEYS, KPI_TARGETS, targetMet } from './targets.ts';

const firm = (f: Partial<ReportFigures>): ReportFigures => ({
  practitioners: 0, practitionersInCity: 0, localPractitioners: 0, revenueFen: 0, annotationRevenueFen: 0, trainedPreJob: null,
  trainedCertified: null, aboveDesignatedSize: false, ...f,
});
const school = (preJob: number, certified: number): ReportFigures => ({
  practitioners: null, practitionersInCity: null, localPractitioners: null, revenueFen: null, annotationRevenueFen: null,
  trainedPreJob: preJob, trainedCertified: certified, aboveDesignatedSize: null,
});
const r = (quarter: string, orgId: string, version: number, figures: ReportFigures, filerKind: KpiReport['filerKind'] = 'annotation_firm'): KpiReport =>
  ({ quarter, orgId, version, filerKind, figures });

// Four members must file. In 2026Q2: A and B filed, C (a firm) did not, S (a school) filed.
// A filed 120 and corrected to 150 people (v2 counts). In 2026Q3 the period was reopened and B corrected its
// figures once more (v3), after A had filed; C is still missing.
const REPORTS: KpiReport[] = [
  r('2026Q1', 'A', 1, firm({ practitioners: 100, practitionersInCity: 100, localPractitioners: 70, revenueFen: 200_000_000, annotationRevenueFen: 180_000_000, aboveDesignatedSize: true })),
  r('2026Q1', 'B', 1, firm({ practitioners: 40, practitionersInCity: 30, localPractitioners: 30, revenueFen: 60_000_000, annotationRevenueFen: 60_000_000, trainedPreJob: 10 })),
  r('2026Q2', 'A', 1, firm({ practitioners: 120, practitionersInCity: 110, localPractitioners: 80, revenueFen: 250_000_000, annotationRevenueFen: 200_000_000, aboveDesignatedSize: true })),
  r('2026Q2', 'A', 2, firm({ practitioners: 150, practitionersInCity: 140, localPractitioners: 112, revenueFen: 300_000_000, annotationRevenueFen: 240_000_000, aboveDesignatedSize: true })),
  r('2026Q2', 'B', 1, firm({ practitioners: 60, practitionersInCity: 60, localPractitioners: 48, revenueFen: 90_000_000, annotationRevenueFen: 90_000_000, trainedPreJob: 20, trainedCertified: 5 })),
  r('2026Q2', 'S', 1, school(100, 30), 'training_institution'),
  r('2026Q3', 'B', 3, firm({ practitioners: 70, practitionersInCity: 70, localPractitioners: 63, revenueFen: 100_000_000, annotationRevenueFen: 100_000_000, aboveDesignatedSize: true })),
  r('2026Q3', 'A', 1, firm({ practitioners: 160, practitionersInCity: 150, localPractitioners: 120, revenueFen: 320_000_000, annotationRevenueFen: 250_000_000, aboveDesignatedSize: true })),
  r('2026Q3', 'B', 1, firm({ practitioners: 65, practitionersInCity: 65, localPractitioners: 40, revenueFen: 95_000_000, annotationRevenueFen: 95_000_000 })),
  r('2026Q3', 'B', 2, firm({ practitioners: 68, practitionersInCity: 68, localPractitioners: 50, revenueFen: 98_000_000, annotationRevenueFen: 98_000_000 })),
  r('2025Q4', 'A', 1, firm({ practitioners: 90, practitionersInCity: 90, localPractitioners: 60, revenueFen: 150_000_000, annotationRevenueFen: 999_000_000, aboveDesignatedSize: true })),
];
const Q = (s: string) => parseQuarter(s)!;

describe('the KPI formulas on hand-computed figures', () => {
  it('counts the latest version of each report only', () => {
    expect(latestReports(REPORTS).length).toBe(8);
    expect(latestReports(REPORTS).find((x) => x.quarter === '2026Q3' && x.orgId === 'B')?.version).toBe(3);
  });
  it.each([
    // Q1: 100 + 40; Q2: A v2 150 + B 60 + school (none) = 210, C never filed; Q3 after the reopening: 160 + B v3 70
    ['2026Q1', 140], ['2026Q2', 210], ['2026Q3', 230], ['2026Q4', 0],
  ])('practitioners at the end of %s: %i', (q, n) => expect(practitionersTotal(REPORTS, Q(q))).toBe(n));
  it.each([
    // Q2: A only; Q3: A and B (its v3 says 规上; v1 and v2 did not)
    ['2026Q1', 1], ['2026Q2', 1], ['2026Q3', 2],
  ])('firms above designated size in %s: %i', (q, n) => expect(aboveScaleFirms(REPORTS, Q(q))).toBe(n));
  it('does not count a training institution as an above-scale firm', () => {
    expect(aboveScaleFirms([r('2026Q1', 'S', 1, { ...school(1, 1), aboveDesignatedSize: true }, 'training_institution')], Q('2026Q1'))).toBe(0);
  });
  it.each([
    // Q1 1.8 M + 0.6 M = 2.4 M yuan; + Q2 (A v2 2.4 M + B 0.9 M) = 5.7 M; + Q3 (2.5 M + B v3 1.0 M) = 9.2 M; 2025Q4 stays in 2025
    ['2026Q1', 240_000_000], ['2026Q2', 570_000_000], ['2026Q3', 920_000_000], ['2025Q4', 999_000_000],
  ])('annotation revenue year to date at %s: %i fen', (q, fen) => expect(annotationRevenueYtd(REPORTS, Q(q))).toBe(fen));
  it('shows revenue in 亿元', () => expect(fenToYiYuan(50_000_000_000)).toBe(5));
  it('adds up the people trained in the year, by kind', () => {
    // Q1: B 10 pre-job; Q2: B 20 + 5, school 100 + 30; Q3: none (B v3 trained nobody; its v1, v2 do not count)
    expect(trainedYtd(REPORTS, Q('2026Q1'))).toEqual({ preJob: 10, certified: 0, total: 10 });
    expect(trainedYtd(REPORTS, Q('2026Q3'))).toEqual({ preJob: 130, certified: 35, total: 165 });
  });
  it.each([
    // Q2: (A v2 112 + B 48) ÷ (140 + 60) = 160/200 = 0.8; C did not file and is not in the denominator; the school reported no workforce
    ['2026Q2', 160, 200, 0.8],
    // Q3: (120 + 63) ÷ (150 + 70) = 183/220
    ['2026Q3', 183, 220, 183 / 220],
    ['2026Q4', 0, 0, null],
  ])('local talent supply rate in %s: %i ÷ %i', (q, local, inCity, rate) => {
    expect(localSupplyRate(REPORTS, Q(q))).toEqual({ local, inCity, rate });
  });
  it('counts the benchmark bases', () => {
    expect(benchmarkBases([{ benchmarkStatus: 'benchmark' }, { benchmarkStatus: 'candidate' }, { benchmarkStatus: 'benchmark' }, { benchmarkStatus: 'none' }])).toBe(2);
  });
  it('takes the marketplace figures by the Shanghai date of the award and of the completion', () => {
    const m = {
      awards: [
        { at: new Date('2026-06-30T15:59:00Z'), amountFen: 100 }, // 23:59 on 30 June in Shanghai: Q2
        { at: new Date('2026-06-30T16:00:00Z'), amountFen: 200 }, // 00:00 on 1 July: Q3
        { at: new Date('2026-08-01T00:00:00Z'), amountFen: 400 },
      ],
      completions: [{ at: new Date('2026-09-30T17:00:00Z'), amountFen: 1_000 }, { at: new Date('2026-07-02T00:00:00Z'), amountFen: 50 }],
    };
    expect(marketplaceFigures(m, Q('2026Q2'))).toEqual({ awardedFen: 100, completedFen: 0 });
    expect(marketplaceFigures(m, Q('2026Q3'))).toEqual({ awardedFen: 600, completedFen: 50 });
    expect(marketplaceFigures(m, Q('2026Q4'))).toEqual({ awardedFen: 0, completedFen: 1_000 });
  });
});

describe('the on-track rule', () => {
  // 2,000 people on 2026-01-01 to 10,000 by 2027-12-31: 729 days; on 2027-01-01 (365 days in) the path is at
  // 2,000 + 8,000 × 365/729 = 6,005.49
  const path = { baseline: { value: 2_000, on: '2026-01-01' }, target: { value: 10_000, by: '2027-12-31' } };
  it.each([
    ['before the baseline', '2025-06-01', 2_000],
    ['on the baseline day', '2026-01-01', 2_000],
    ['a year in', '2027-01-01', 2_000 + (8_000 * 365) / 729],
    ['at the deadline', '2027-12-31', 10_000],
    ['after the deadline', '2028-03-01', 10_000],
  ])('the path %s', (_, on, value) => expect(pathValue(path, on)).toBeCloseTo(value, 6));
  it.each([
    ['above the path', 6_100, true],
    ['below the path', 6_000, false],
  ])('%s a year in', (_, current, expected) => expect(onTrack(path, current, new Date('2027-01-01T04:00:00Z'))).toBe(expected));
  it('judges a year-to-date figure pro rata', () => {
    // revenue: 0 on 2026-01-01 to 5 亿 by 2027-12-31; on 2026-07-01 (181 days) the path is 5e10 × 181/729 = 1.2414e10 fen;
    // after two quarters half of it is due: 6.207e9 fen
    const revenue = { baseline: { value: 0, on: '2026-01-01' }, target: { value: 50_000_000_000, by: '2027-12-31' } };
    const now = new Date('2026-07-01T04:00:00Z');
    expect(onTrack(revenue, 6_300_000_000, now, 2 / 4)).toBe(true);
    expect(onTrack(revenue, 6_100_000_000, now, 2 / 4)).toBe(false);
    expect(onTrack(revenue, 6_300_000_000, now)).toBe(false);
  });
  it('meets a target: at least, or more than', () => {
    expect(targetMet({ value: 8, comparison: 'at_least' }, 8)).toBe(true);
    expect(targetMet({ value: 50_000_000_000, comparison: 'more_than' }, 50_000_000_000)).toBe(false);
  });
});

describe('the targets as data', () => {
  it('holds the policy’s six targets with their deadlines', () => {
    expect(KPI_TARGETS.map((t) => [t.key, t.value, t.deadline])).toEqual([
      ['above_scale_firms', 8, '2027-12-31'], ['practitioners', 10_000, '2027-12-31'], ['annotation_revenue', 50_000_000_000, '2027-12-31'],
      ['people_trained', 1_000, '2027-12-31'], ['local_supply_rate', 0.8, '2027-12-31'], ['benchmark_bases', 3, '2026-12-31'],
    ]);
  });
  it('defines every figure in both languages', () => {
    for (const k of KPI_KEYS) {
      const d = KPI_DEFINITIONS[k];
      expect([d.key, d.definition.zh.length > 0, d.definition.en.length > 0, d.formula.zh.length > 0, d.formula.en.length > 0]).toEqual([k, true, true, true, true]);
    }
  });
});
