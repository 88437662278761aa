import { type AcceptanceRule, GBT2828_AQLS, maxAcceptedErrors, samplingPlan } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { formatNumber, formatPercent } from '#lib/i18n.ts';

/** An AQL as the standard prints it: 0.010, 0.10, 1.0, 10. */
export function formatAql(aql: number): string {
  return aql < 0.1 ? aql.toFixed(3) : aql < 1 ? aql.toFixed(2) : aql < 10 ? aql.toFixed(1) : String(aql);
}

/** The AQLs a buyer may choose, as printed. */
export const AQL_CHOICES: readonly string[] = GBT2828_AQLS.map(formatAql);

/** The batch the example is worked for: 5,000 items, or the whole order when it is smaller. */
export const EXAMPLE_LOT = 5_000;
export function exampleLot(volume: number | null | undefined): number {
  return volume && volume > 0 && volume < EXAMPLE_LOT ? volume : EXAMPLE_LOT;
}

/** An acceptance rule in plain words. */
export function acceptanceRuleText(rule: AcceptanceRule): string {
  switch (rule.kind) {
    case 'fixed':
      return m.rule_text_fixed({ n: formatNumber(rule.sampleSize) });
    case 'statistical':
      return m.rule_text_statistical({
        expected: formatPercent(rule.expectedAccuracy), margin: formatNumber(rule.marginPercent), confidence: String(rule.confidence),
      });
    case 'gbt2828':
      return m.rule_text_gbt2828({ aql: formatAql(rule.aql) });
  }
}

/**
 * What the rule does to one batch, worked by the domain's arithmetic: "a batch of 5,000 items → inspect 200,
 * accept with ≤ 5 errors". Fixed and statistical plans accept up to the accuracy target, so without one only
 * the sample size is known.
 */
export function acceptanceExample(rule: AcceptanceRule, lot: number, accuracyTarget: number | null): string {
  const plan = samplingPlan(rule, lot);
  const texts = { lot: formatNumber(lot), n: formatNumber(plan.sampleSize) };
  if (rule.kind !== 'gbt2828' && accuracyTarget === null) return m.acceptance_example_no_target(texts);
  const accept = maxAcceptedErrors(rule, plan, accuracyTarget ?? 100);
  return accept <= 0 ? m.acceptance_example_zero(texts) : m.acceptance_example({ ...texts, accept: formatNumber(accept) });
}
