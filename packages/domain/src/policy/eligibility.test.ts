import { describe, expect, it } from 'vitest';
import { type EligibilityProfile, type PolicyCondition, assessAll, assessEligibility, fullYearsBetween } from './eligibility.ts';

const today = '2026-12-07';
const firm: EligibilityProfile = {
  kind: 'vendor', county: '371502', practitioners: 120, aboveDesignatedSize: false, highTechCertificate: true,
  highTechValidUntil: '2027-06-30', foundedOn: '2021-03-15', revenueBand: '20m_50m',
};
const unknown: EligibilityProfile = {
  kind: 'vendor', county: null, practitioners: null, aboveDesignatedSize: null, highTechCertificate: null,
  highTechValidUntil: null, foundedOn: null, revenueBand: null,
};

describe('assessEligibility: one structured condition at a time', () => {
  // [name, condition, profile changes, expected outcome]
  const cases: [string, PolicyCondition, Partial<EligibilityProfile>, 'met' | 'unmet' | 'missing'][] = [
    ['a vendor where vendors may apply', { type: 'org_kind', anyOf: ['vendor'] }, {}, 'met'],
    ['a buyer where only vendors may apply', { type: 'org_kind', anyOf: ['vendor'] }, { kind: 'buyer' }, 'unmet'],
    ['the secretariat applies for nothing', { type: 'org_kind', anyOf: ['vendor', 'buyer'] }, { kind: 'secretariat' }, 'unmet'],
    ['registered in a listed county', { type: 'county', anyOf: ['371502', '371581'] }, {}, 'met'],
    ['registered elsewhere', { type: 'county', anyOf: ['371581'] }, {}, 'unmet'],
    ['county not given', { type: 'county', anyOf: ['371581'] }, { county: null }, 'missing'],
    ['enough practitioners', { type: 'headcount', min: 100 }, {}, 'met'],
    ['exactly the minimum', { type: 'headcount', min: 120 }, {}, 'met'],
    ['too few practitioners', { type: 'headcount', min: 121 }, {}, 'unmet'],
    ['too many for a small-firm measure', { type: 'headcount', max: 100 }, {}, 'unmet'],
    ['practitioners not given', { type: 'headcount', min: 1 }, { practitioners: null }, 'missing'],
    ['not yet 规上, as 升规 asks', { type: 'above_designated_size', value: false }, {}, 'met'],
    ['already 规上 where only others may apply', { type: 'above_designated_size', value: false }, { aboveDesignatedSize: true }, 'unmet'],
    ['规上 required and held', { type: 'above_designated_size', value: true }, { aboveDesignatedSize: true }, 'met'],
    ['规上 status not given', { type: 'above_designated_size', value: true }, { aboveDesignatedSize: null }, 'missing'],
    ['a valid high-tech certificate', { type: 'high_tech_certificate', value: true }, {}, 'met'],
    ['an expired high-tech certificate', { type: 'high_tech_certificate', value: true }, { highTechValidUntil: '2026-12-06' }, 'unmet'],
    ['a certificate valid through today', { type: 'high_tech_certificate', value: true }, { highTechValidUntil: today }, 'met'],
    ['no certificate, as first-time 认定 asks', { type: 'high_tech_certificate', value: false }, { highTechCertificate: false }, 'met'],
    ['an expired certificate counts as none', { type: 'high_tech_certificate', value: false }, { highTechValidUntil: '2025-01-01' }, 'met'],
    ['certificate not given', { type: 'high_tech_certificate', value: true }, { highTechCertificate: null }, 'missing'],
    // founded 2021-03-15: 5 full years on 2026-12-07
    ['old enough', { type: 'years_since_founding', min: 5 }, {}, 'met'],
    ['not old enough', { type: 'years_since_founding', min: 6 }, {}, 'unmet'],
    ['young enough for a start-up measure', { type: 'years_since_founding', max: 5 }, {}, 'met'],
    ['too old for a start-up measure', { type: 'years_since_founding', max: 3 }, {}, 'unmet'],
    ['founding date not given', { type: 'years_since_founding', min: 1 }, { foundedOn: null }, 'missing'],
    ['revenue in a listed band', { type: 'revenue_band', anyOf: ['20m_50m', 'gte50m'] }, {}, 'met'],
    ['revenue below the bands', { type: 'revenue_band', anyOf: ['gte50m'] }, {}, 'unmet'],
    ['revenue not given', { type: 'revenue_band', anyOf: ['gte50m'] }, { revenueBand: null }, 'missing'],
  ];
  it.each(cases)('%s', (_, condition, change, outcome) => {
    const r = assessEligibility([condition], [], { ...firm, ...change }, today);
    expect(r.checks).toEqual([expect.objectContaining({ condition, outcome })]);
    expect(r.verdict).toBe(outcome === 'met' ? 'likely_eligible' : outcome === 'unmet' ? 'not_eligible' : 'missing_information');
  });
});

describe('assessEligibility: the verdict', () => {
  const conditions: PolicyCondition[] = [
    { type: 'org_kind', anyOf: ['vendor', 'buyer'] },
    { type: 'above_designated_size', value: false },
    { type: 'revenue_band', anyOf: ['20m_50m', 'gte50m'] },
  ];
  const free = ['上年度主营业务收入达到 2000 万元以上'];

  it('is likely eligible when every condition is met, with the free-text ones to review', () => {
    expect(assessEligibility(conditions, free, firm, today)).toMatchObject({ verdict: 'likely_eligible', missingFacts: [], needsReview: free });
  });

  it('names the facts to fill in when some are missing', () => {
    const r = assessEligibility(conditions, free, unknown, today);
    expect(r).toMatchObject({ verdict: 'missing_information', missingFacts: ['aboveDesignatedSize', 'revenueBand'] });
  });

  it('is not eligible when one condition fails, even with others missing', () => {
    const r = assessEligibility(conditions, [], { ...unknown, kind: 'secretariat' }, today);
    expect(r.verdict).toBe('not_eligible');
    expect(r.checks.map((c) => c.outcome)).toEqual(['unmet', 'missing', 'missing']);
  });

  it('is likely eligible for a service without conditions', () => {
    expect(assessEligibility([], [], unknown, today)).toMatchObject({ verdict: 'likely_eligible', checks: [], needsReview: [] });
  });

  it('assesses every service at once', () => {
    const r = assessAll(
      [{ id: 'a', conditions, freeConditions: [] }, { id: 'b', conditions: [{ type: 'headcount', min: 500 }], freeConditions: [] }], firm, today,
    );
    expect([...r].map(([id, e]) => [id, e.verdict])).toEqual([['a', 'likely_eligible'], ['b', 'not_eligible']]);
  });
});

describe('fullYearsBetween', () => {
  it.each([
    ['2021-03-15', '2026-03-14', 4],
    ['2021-03-15', '2026-03-15', 5],
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
    ['2026-12-07', '2026-12-07', 0],
  ])('%s → %s: %i', (from, to, years) => {
    expect(fullYearsBetween(from, to)).toBe(years);
  });
});
