import type { AcceptanceRule, SamplingPlan } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { formatNumber, formatPercent } from '#lib/i18n.ts';

/** An AQL as the standard prints it: 0.010, 0.10, 1.0, 10. */
export function formatAql(aql: number): string {
  return aql < 0.1 ? aql.toFixed(3) : aql < 1 ? aql.toFixed(2) : aql < 10 ? aql.toFixed(1) : String(aql);
}

/** A measured percentage to one decimal, as the verdict states it: 98.5%, 95.7%. */
export const percent1 = (p: number): string => `${(Math.round(p * 10) / 10).toFixed(1)}%`;

/**
 * The contract's acceptance rule as stored (a JSON object): one of the domain's rules, the order form's older
 * `{ samplePercent, confidenceLevel }`, or nothing.
 */
export type StoredRule = AcceptanceRule | { kind: 'legacy'; samplePercent: number } | null;

/** Reads a stored acceptance rule without trusting its shape. */
export function storedRule(raw: Record<string, unknown> | null | undefined): StoredRule {
  if (!raw) return null;
  const n = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : null);
  switch (raw.kind) {
    case 'fixed':
      return n('sampleSize') !== null ? { kind: 'fixed', sampleSize: n('sampleSize')! } : null;
    case 'gbt2828':
      return n('aql') !== null ? { kind: 'gbt2828', aql: n('aql')! } : null;
    case 'statistical': {
      const [expectedAccuracy, marginPercent, confidence] = [n('expectedAccuracy'), n('marginPercent'), n('confidence')];
      if (expectedAccuracy === null || marginPercent === null || (confidence !== 90 && confidence !== 95 && confidence !== 99)) return null;
      return { kind: 'statistical', expectedAccuracy, marginPercent, confidence };
    }
    default:
      return n('samplePercent') !== null ? { kind: 'legacy', samplePercent: n('samplePercent')! } : null;
  }
}

/**
 * The rule in a few words, as the verdict quotes it: "GB/T 2828.1，AQL 1.0，Ac 5 / Re 6" when the plan of the
 * batch is known, the sample and the accuracy target otherwise.
 */
export function ruleShort(rule: StoredRule, accuracyTarget: number, plan?: Pick<SamplingPlan, 'acceptNumber' | 'rejectNumber'> | null): string {
  const target = formatPercent(accuracyTarget);
  if (!rule) return m.ct_rule_verdict_target({ target });
  switch (rule.kind) {
    case 'gbt2828':
      return plan?.acceptNumber !== undefined && plan.rejectNumber !== undefined
        ? m.ac_short_gbt2828_plan({ aql: formatAql(rule.aql), ac: String(plan.acceptNumber), re: String(plan.rejectNumber) })
        : m.ac_short_gbt2828({ aql: formatAql(rule.aql) });
    case 'fixed':
      return m.ac_short_fixed({ n: formatNumber(rule.sampleSize), target });
    case 'statistical':
      return m.ac_short_statistical({
        expected: formatPercent(rule.expectedAccuracy), margin: formatNumber(rule.marginPercent), confidence: String(rule.confidence), target,
      });
    case 'legacy':
      return m.ac_short_legacy({ percent: formatPercent(rule.samplePercent), target });
  }
}

/** Where the rule in effect came from (packages/domain effectiveAcceptanceRule), in words. */
export function ruleSource(source: 'contract' | 'default'): string {
  return source === 'contract' ? m.ct_rule_from_contract() : m.ct_rule_from_default();
}

/** A measured sample: its size, the errors in it, accuracy and 95 % Wilson interval in percent, and the verdict. */
export type Measured = { sampleSize: number; errors: number; accuracy: number; interval: { low: number; high: number }; verdict: 'accept' | 'reject' };

/**
 * The verdict in one sentence: "在抽检的 200 条中发现 3 条错误，准确率 98.5%，95% 置信区间 95.7%–99.5%，按合同规则
 * （GB/T 2828.1，AQL 1.0，Ac 5 / Re 6）判定合格".
 */
export function verdictSentence(x: Measured, rule: string): string {
  return m.in_verdict_sentence({
    n: formatNumber(x.sampleSize), errors: formatNumber(x.errors), accuracy: percent1(x.accuracy),
    low: percent1(x.interval.low), high: percent1(x.interval.high), rule,
    verdict: x.verdict === 'accept' ? m.in_verdict_pass() : m.in_verdict_fail(),
  });
}

/** What the interval means, in plain words. */
export const intervalMeaning = (x: Pick<Measured, 'interval'>): string =>
  m.in_interval_meaning({ low: percent1(x.interval.low), high: percent1(x.interval.high) });
