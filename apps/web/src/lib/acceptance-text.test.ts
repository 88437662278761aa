import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { AQL_CHOICES, acceptanceExample, acceptanceRuleText, exampleLot, formatAql } from './acceptance-text.ts';
import { formatNumber } from './i18n.ts';

describe('acceptance rules in words', () => {
  it('prints AQLs as the standard does', () => {
    expect([0.01, 0.065, 0.1, 0.65, 1, 6.5, 10].map(formatAql)).toEqual(['0.010', '0.065', '0.10', '0.65', '1.0', '6.5', '10']);
    expect(AQL_CHOICES).toHaveLength(16);
    expect(new Set(AQL_CHOICES).size).toBe(16);
  });

  it('works the GB/T 2828.1 anchor: a batch of 5,000 → inspect 200, accept with ≤ 5 errors', () => {
    expect(acceptanceExample({ kind: 'gbt2828', aql: 1 }, 5_000, 98)).toBe(m.acceptance_example({ lot: formatNumber(5_000), n: '200', accept: '5' }));
    // the target does not enter a GB/T 2828.1 plan
    expect(acceptanceExample({ kind: 'gbt2828', aql: 1 }, 5_000, null)).toBe(m.acceptance_example({ lot: formatNumber(5_000), n: '200', accept: '5' }));
  });

  it('accepts fixed and statistical samples up to the accuracy target', () => {
    // 98 % of 200: 196 correct, so 4 errors
    expect(acceptanceExample({ kind: 'fixed', sampleSize: 200 }, 5_000, 98)).toBe(m.acceptance_example({ lot: formatNumber(5_000), n: '200', accept: '4' }));
    expect(acceptanceExample({ kind: 'fixed', sampleSize: 200 }, 5_000, 100)).toBe(m.acceptance_example_zero({ lot: formatNumber(5_000), n: '200' }));
    expect(acceptanceExample({ kind: 'fixed', sampleSize: 200 }, 5_000, null)).toBe(m.acceptance_example_no_target({ lot: formatNumber(5_000), n: '200' }));
    // n0 = 1.96²·0.98·0.02/0.02² = 188.2; with 5,000 items 181.4 → 182; 95 % of 182 = 172.9 → 9 errors
    expect(acceptanceExample({ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 95 }, 5_000, 95))
      .toBe(m.acceptance_example({ lot: formatNumber(5_000), n: '182', accept: '9' }));
  });

  it('works the example on the whole order when it is smaller than 5,000 items', () => {
    expect(exampleLot(1_200)).toBe(1_200);
    expect(exampleLot(120_000)).toBe(5_000);
    expect(exampleLot(null)).toBe(5_000);
  });

  it('names each kind with its parameters', () => {
    expect(acceptanceRuleText({ kind: 'fixed', sampleSize: 1_500 })).toBe(m.rule_text_fixed({ n: formatNumber(1_500) }));
    expect(acceptanceRuleText({ kind: 'gbt2828', aql: 0.65 })).toBe(m.rule_text_gbt2828({ aql: '0.65' }));
    expect(acceptanceRuleText({ kind: 'statistical', expectedAccuracy: 97.5, marginPercent: 1.5, confidence: 99 }))
      .toBe(m.rule_text_statistical({ expected: '97.5%', margin: formatNumber(1.5), confidence: '99' }));
  });
});
