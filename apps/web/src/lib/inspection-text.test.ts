import { inspectionVerdict, samplingPlan } from '@annex/domain';
import { describe, expect, it } from 'vitest';
import { setLocale } from '#lib/paraglide/runtime.js';
import { formatAql, percent1, ruleShort, storedRule, verdictSentence } from '#lib/inspection-text.ts';

describe('the verdict in words', () => {
  it('states the GB/T 2828.1 anchor (lot 5,000, AQL 1.0: n 200, Ac 5 / Re 6) with 3 errors as the contract page shows it', () => {
    setLocale('zh-CN', { reload: false });
    const rule = { kind: 'gbt2828', aql: 1 } as const;
    const plan = samplingPlan(rule, 5000);
    const v = inspectionVerdict(rule, plan, 98, { sampleSize: plan.sampleSize, errors: 3 });
    // 197/200 = 98.5 %; Wilson 95 %: centre (0.985 + 1.92/200·½)/(1 + 3.84/200), half-width ≈ 0.0190 → 95.7 %–99.5 %
    expect(verdictSentence({ sampleSize: 200, errors: 3, ...v }, ruleShort(rule, 98, plan))).toBe(
      '在抽检的 200 条中发现 3 条错误，准确率 98.5%，95% 置信区间 95.7%–99.5%，按合同规则（GB/T 2828.1，AQL 1.0，Ac 5 / Re 6）判定合格',
    );
  });

  it('says fails in English when the errors reach Re', () => {
    setLocale('en', { reload: false });
    const rule = { kind: 'gbt2828', aql: 1 } as const;
    const plan = samplingPlan(rule, 5000);
    const v = inspectionVerdict(rule, plan, 98, { sampleSize: 200, errors: 6 });
    expect(verdictSentence({ sampleSize: 200, errors: 6, ...v }, ruleShort(rule, 98, plan))).toMatch(/6 errors .* accuracy 97\.0%.*the batch fails$/);
    setLocale('zh-CN', { reload: false });
  });

  it('prints AQLs and percentages as the standard and the sentence need', () => {
    expect([0.01, 0.1, 0.65, 1, 6.5, 10].map(formatAql)).toEqual(['0.010', '0.10', '0.65', '1.0', '6.5', '10']);
    expect([98.5, 95.6789, 100].map(percent1)).toEqual(['98.5%', '95.7%', '100.0%']);
  });

  it('reads stored rules without trusting them', () => {
    expect(storedRule({ kind: 'gbt2828', aql: 0.65 })).toEqual({ kind: 'gbt2828', aql: 0.65 });
    expect(storedRule({ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 80 })).toBeNull();
    expect(storedRule({ samplePercent: 5, confidenceLevel: 95 })).toEqual({ kind: 'legacy', samplePercent: 5 });
    expect(storedRule({ kind: 'fixed' })).toBeNull();
    expect(storedRule(null)).toBeNull();
  });
});
