/**
 * Acceptance by sampling: how many items of a delivered batch the buyer inspects, which ones, and
 * whether the errors found accept or reject the batch. Pure arithmetic; no clock, no I/O, no
 * Math.random (the sample must be reproducible from the seed Annex records).
 */

/** Confidence levels a buyer may choose; the z values are the two-sided normal quantiles. */
export type ConfidenceLevel = 90 | 95 | 99;
export const CONFIDENCE_LEVELS: readonly ConfidenceLevel[] = [90, 95, 99];
const Z: Record<ConfidenceLevel, number> = { 90: 1.6448536269514722, 95: 1.959963984540054, 99: 2.5758293035489004 };

/** The z value of a two-sided confidence level. */
export function zScore(confidence: ConfidenceLevel): number {
  return Z[confidence];
}

/** How a batch is accepted: a fixed sample, a statistical plan, or a GB/T 2828.1 plan. */
export type AcceptanceRule =
  /** a fixed number of items per batch (capped at the lot size) */
  | { kind: 'fixed'; sampleSize: number }
  /** sample size from lot size, expected accuracy (percent), margin (percentage points) and confidence, with finite-population correction */
  | { kind: 'statistical'; expectedAccuracy: number; marginPercent: number; confidence: ConfidenceLevel }
  /** GB/T 2828.1 / ISO 2859-1 single sampling, normal inspection, general inspection level II */
  | { kind: 'gbt2828'; aql: number };

export type AcceptanceRuleKind = AcceptanceRule['kind'];

/** The largest fixed sample a rule may ask for, and the widest margin of a statistical plan (points). */
export const MAX_FIXED_SAMPLE = 100_000;
export const MAX_MARGIN_PERCENT = 20;
export const ACCEPTANCE_RULE_KINDS: readonly AcceptanceRuleKind[] = ['fixed', 'statistical', 'gbt2828'];

/**
 * What to inspect in one batch. For gbt2828, `codeLetter` is the letter whose plan is used (after
 * following the master table's arrows), `lotCodeLetter` the letter Table 1 gives for the lot, and
 * `acceptNumber`/`rejectNumber` are Ac/Re. `fullInspection` is set when the sample is the whole lot.
 */
export type SamplingPlan = {
  sampleSize: number;
  codeLetter?: string;
  lotCodeLetter?: string;
  acceptNumber?: number;
  rejectNumber?: number;
  fullInspection?: boolean;
};

// ---------------------------------------------------------------------------------------------
// GB/T 2828.1-2012 (= ISO 2859-1:1999) tables

/** Sample size code letters (I and O are not used by the standard). */
export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/** Sample size of each code letter (Table 2-A, second column). */
export const CODE_LETTER_SAMPLE_SIZE: Record<CodeLetter, number> = {
  A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250, R: 2000,
};

/** Table 1, general inspection level II: the largest lot of each letter (lots above 500,000 → Q). */
const LEVEL_II_LOT_LIMITS: readonly [number, CodeLetter][] = [
  [8, 'A'], [15, 'B'], [25, 'C'], [50, 'D'], [90, 'E'], [150, 'F'], [280, 'G'], [500, 'H'],
  [1_200, 'J'], [3_200, 'K'], [10_000, 'L'], [35_000, 'M'], [150_000, 'N'], [500_000, 'P'],
];

/**
 * AQLs offered, in percent nonconforming. The standard's columns above 10 (15 … 1000) are
 * nonconformities per 100 items; an annotation batch is judged by erroneous items (an item is
 * right or wrong), so only the percent-nonconforming columns 0.010–10 apply here.
 */
export const GBT2828_AQLS = [0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10] as const;

/**
 * Table 2-A, single sampling plans for normal inspection (master table), columns AQL 0.010–10.
 * Each cell is Ac/Re, or an arrow: ↓ use the first plan below (larger sample), ↑ the first plan
 * above (smaller sample); the sample size then comes from the row the arrow leads to.
 * Row R is reached only through ↓ arrows from Q at AQL ≥ 0.025, so its first two cells are never
 * used at level II.
 */
const TABLE_2A: Record<CodeLetter, string> = {
  //   0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10
  A: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑',
  B: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓',
  C: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2',
  D: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3',
  E: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4',
  F: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6',
  G: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8',
  H: '    ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11',
  J: '    ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15',
  K: '    ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22',
  L: '    ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑',
  M: '    ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑',
  N: '    ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑',
  P: '    ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑',
  Q: '  0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑',
  R: '    ↑     ↑   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑',
};

type Cell = '↓' | '↑' | { ac: number; re: number };
const MASTER: Record<CodeLetter, Cell[]> = Object.fromEntries(
  CODE_LETTERS.map((letter) => [
    letter,
    TABLE_2A[letter].trim().split(/\s+/).map((cell): Cell => {
      if (cell === '↓' || cell === '↑') return cell;
      const [ac, re] = cell.split('/').map(Number);
      return { ac: ac!, re: re! };
    }),
  ]),
) as Record<CodeLetter, Cell[]>;

/** The Table 1 code letter of a lot at general inspection level II. */
export function sampleSizeCodeLetter(lotSize: number): CodeLetter {
  assertLotSize(lotSize);
  for (const [limit, letter] of LEVEL_II_LOT_LIMITS) if (lotSize <= limit) return letter;
  return 'Q';
}

/** The index of a standard AQL, or -1; tolerant of how the number was written (1 or 1.0, 0.010). */
function aqlIndex(aql: number): number {
  return GBT2828_AQLS.findIndex((a) => Math.abs(a - aql) < 1e-9);
}

export function isStandardAql(aql: number): boolean {
  return aqlIndex(aql) >= 0;
}

/** One cell of the master table as printed: '↓', '↑' or 'Ac/Re'. */
export function masterTableCell(letter: CodeLetter, aql: number): string {
  const column = aqlIndex(aql);
  if (column < 0) throw new RangeError('aql_not_standard');
  const cell = MASTER[letter][column]!;
  return typeof cell === 'object' ? `${cell.ac}/${cell.re}` : cell;
}

/** Ac/Re and the letter whose sample size applies, following the master table's arrows. */
export function masterTablePlan(letter: CodeLetter, aql: number): { codeLetter: CodeLetter; acceptNumber: number; rejectNumber: number } {
  const column = aqlIndex(aql);
  if (column < 0) throw new RangeError('aql_not_standard');
  let row = CODE_LETTERS.indexOf(letter);
  for (;;) {
    const cell = MASTER[CODE_LETTERS[row]!][column]!;
    if (typeof cell === 'object') return { codeLetter: CODE_LETTERS[row]!, acceptNumber: cell.ac, rejectNumber: cell.re };
    // Only row A at AQL 10 points up with no row above: the arrow leads to an Ac 0 / Re 1 plan with
    // a smaller sample than A's, which does not exist, so the smallest sample (A, 2 items) is used.
    if (cell === '↑' && row === 0) return { codeLetter: 'A', acceptNumber: 0, rejectNumber: 1 };
    row += cell === '↓' ? 1 : -1;
  }
}

// ---------------------------------------------------------------------------------------------
// Sample size

function assertLotSize(lotSize: number): void {
  if (!Number.isSafeInteger(lotSize) || lotSize < 1) throw new RangeError('lot_size_invalid');
}

/** Problems with a rule's parameters, as a stable code, or null when the rule is usable. */
export function acceptanceRuleProblem(rule: AcceptanceRule): string | null {
  switch (rule.kind) {
    case 'fixed':
      return Number.isSafeInteger(rule.sampleSize) && rule.sampleSize >= 1 && rule.sampleSize <= MAX_FIXED_SAMPLE ? null : 'sample_size_invalid';
    case 'statistical':
      // 100 % expected would make p(1 − p) zero and the sample a single item
      if (!(rule.expectedAccuracy > 0 && rule.expectedAccuracy < 100)) return 'expected_accuracy_invalid';
      if (!(rule.marginPercent > 0 && rule.marginPercent <= MAX_MARGIN_PERCENT)) return 'margin_invalid';
      return CONFIDENCE_LEVELS.includes(rule.confidence) ? null : 'confidence_invalid';
    case 'gbt2828':
      return isStandardAql(rule.aql) ? null : 'aql_not_standard';
  }
}

/**
 * Cochran's sample size for a proportion with the finite-population correction:
 * n0 = z²·p(1−p)/e², n = n0 / (1 + (n0 − 1)/N), rounded up, at least 1 and at most N.
 */
export function statisticalSampleSize(lotSize: number, expectedAccuracy: number, marginPercent: number, confidence: ConfidenceLevel): number {
  assertLotSize(lotSize);
  const p = expectedAccuracy / 100;
  const e = marginPercent / 100;
  const z = Z[confidence];
  const n0 = (z * z * p * (1 - p)) / (e * e);
  const n = n0 / (1 + (n0 - 1) / lotSize);
  // the tolerance keeps an exact integer that floating point lands a hair above from rounding up
  return Math.min(lotSize, Math.max(1, Math.ceil(n - 1e-9)));
}

/** How many items of a batch of `lotSize` to inspect under a rule, and Ac/Re where the rule fixes them. */
export function samplingPlan(rule: AcceptanceRule, lotSize: number): SamplingPlan {
  assertLotSize(lotSize);
  const problem = acceptanceRuleProblem(rule);
  if (problem) throw new RangeError(problem);
  switch (rule.kind) {
    case 'fixed': {
      const sampleSize = Math.min(rule.sampleSize, lotSize);
      return { sampleSize, fullInspection: sampleSize === lotSize };
    }
    case 'statistical': {
      const sampleSize = statisticalSampleSize(lotSize, rule.expectedAccuracy, rule.marginPercent, rule.confidence);
      return { sampleSize, fullInspection: sampleSize === lotSize };
    }
    case 'gbt2828': {
      const lotCodeLetter = sampleSizeCodeLetter(lotSize);
      const { codeLetter, acceptNumber, rejectNumber } = masterTablePlan(lotCodeLetter, rule.aql);
      // "If sample size equals or exceeds lot size, carry out 100 % inspection" (Table 2-A note)
      const sampleSize = Math.min(CODE_LETTER_SAMPLE_SIZE[codeLetter], lotSize);
      return { sampleSize, codeLetter, lotCodeLetter, acceptNumber, rejectNumber, fullInspection: sampleSize === lotSize };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Drawing the sample

/** 128-bit hash of the seed's UTF-8 bytes (cyrb128-style mixing), the state of the generator. */
function seedState(seed: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (const byte of new TextEncoder().encode(seed)) {
    h1 = h2 ^ Math.imul(h1 ^ byte, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ byte, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ byte, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ byte, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: a small, fast generator with good statistical quality; returns unsigned 32-bit integers. */
function sfc32(state: [number, number, number, number]): () => number {
  let [a, b, c, d] = state;
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** A uniform integer in 1..m from 32-bit draws, rejecting the top remainder so no value is favoured. */
function uniformInt(next: () => number, m: number): number {
  const limit = 2 ** 32 - (2 ** 32 % m);
  for (;;) {
    const x = next();
    if (x < limit) return (x % m) + 1;
  }
}

/** The largest lot drawSample handles: item numbers are drawn from 32-bit values. */
export const MAX_SAMPLED_LOT = 2 ** 32 - 1;

/**
 * Item numbers 1..lotSize, distinct, sorted ascending, reproducible from the seed.
 * The seed, this generator (cyrb128 → sfc32) and Floyd's subset algorithm together define the
 * sample a buyer was asked to inspect: changing any of them changes recorded samples, so the
 * pinned example in the tests must keep passing.
 */
export function drawSample(seed: string, lotSize: number, sampleSize: number): number[] {
  assertLotSize(lotSize);
  if (lotSize > MAX_SAMPLED_LOT) throw new RangeError('lot_size_invalid');
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 0 || sampleSize > lotSize) throw new RangeError('sample_size_invalid');
  const next = sfc32(seedState(seed));
  // Warm up: the first outputs of sfc32 still carry structure from the seed.
  for (let i = 0; i < 12; i++) next();
  // Floyd: every subset of size k is equally likely, in k draws and O(k) memory, whatever the lot.
  const chosen = new Set<number>();
  for (let j = lotSize - sampleSize + 1; j <= lotSize; j++) {
    const t = uniformInt(next, j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((x, y) => x - y);
}

// ---------------------------------------------------------------------------------------------
// Measuring and deciding

/** Wilson score interval for a proportion correct/n (Wilson 1927; Newcombe 1998, method 3), as fractions 0–1. */
export function wilsonInterval(correct: number, n: number, confidence: ConfidenceLevel = 95): { low: number; high: number } {
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(correct) || correct < 0 || correct > n) throw new RangeError('proportion_invalid');
  if (n === 0) return { low: 0, high: 1 };
  const z = Z[confidence];
  const p = correct / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // at p = 0 or 1 one bound is exactly 0 or 1; clamp the floating-point crumbs
  return { low: correct === 0 ? 0 : Math.max(0, centre - half), high: correct === n ? 1 : Math.min(1, centre + half) };
}

/** Accuracy and its interval in percent; the verdict with a stable reason code. */
export type InspectionVerdict = {
  /** measured accuracy of the sample, percent */
  accuracy: number;
  /** 95 % Wilson interval of the accuracy, percent */
  interval: { low: number; high: number };
  verdict: 'accept' | 'reject';
  reason: InspectionReason;
};

export type InspectionReason =
  | 'accuracy_meets_target'
  | 'accuracy_below_target'
  | 'errors_within_accept_number'
  | 'errors_reach_reject_number';

/** What is wrong with a recorded inspection, as a stable code, or null when it can be judged. */
export function inspectionResultProblem(plan: SamplingPlan, result: { sampleSize: number; errors: number }): string | null {
  if (!Number.isSafeInteger(result.sampleSize) || result.sampleSize < 1) return 'sample_size_invalid';
  if (result.sampleSize !== plan.sampleSize) return 'sample_incomplete';
  if (!Number.isSafeInteger(result.errors) || result.errors < 0 || result.errors > result.sampleSize) return 'errors_invalid';
  return null;
}

/** The accuracy target in basis points, so the comparison is done in integers (98.5 % → 9850). */
const basisPoints = (percent: number) => Math.round(percent * 100);

/**
 * The verdict on an inspected sample.
 *
 * GB/T 2828.1: errors ≤ Ac accepts, errors ≥ Re rejects (the standard's rule; the buyer's
 * protection is already priced into Ac through the AQL and the sample size).
 *
 * Fixed and statistical plans: accept when the measured accuracy is at least the target. Requiring
 * the interval's lower bound to reach the target would reject most batches made exactly at the
 * target (and, with small samples, nearly every batch), putting the whole sampling risk on the
 * vendor; requiring only the upper bound would put it all on the buyer. Judging the point estimate
 * splits the risk evenly at the contracted level: a batch truly at the target is accepted about
 * half the time, better batches more often, worse ones less. The buyer controls how tight that is
 * through the sample size, and the interval is shown so both sides see the uncertainty.
 */
export function inspectionVerdict(
  rule: AcceptanceRule,
  plan: SamplingPlan,
  accuracyTargetPercent: number,
  result: { sampleSize: number; errors: number },
): InspectionVerdict {
  const problem = inspectionResultProblem(plan, result);
  if (problem) throw new RangeError(problem);
  const n = result.sampleSize;
  const correct = n - result.errors;
  const wilson = wilsonInterval(correct, n, 95);
  const measured = { accuracy: (correct / n) * 100, interval: { low: wilson.low * 100, high: wilson.high * 100 } };
  if (rule.kind === 'gbt2828') {
    if (plan.acceptNumber === undefined || plan.rejectNumber === undefined) throw new RangeError('plan_without_accept_number');
    // single sampling has Re = Ac + 1, so every count falls on one side
    return result.errors <= plan.acceptNumber
      ? { ...measured, verdict: 'accept', reason: 'errors_within_accept_number' }
      : { ...measured, verdict: 'reject', reason: 'errors_reach_reject_number' };
  }
  return correct * 10_000 >= basisPoints(accuracyTargetPercent) * n
    ? { ...measured, verdict: 'accept', reason: 'accuracy_meets_target' }
    : { ...measured, verdict: 'reject', reason: 'accuracy_below_target' };
}

/** The most errors a sample may hold and still be accepted (Ac for GB/T 2828.1), for "accept with ≤ k errors". */
export function maxAcceptedErrors(rule: AcceptanceRule, plan: SamplingPlan, accuracyTargetPercent: number): number {
  if (rule.kind === 'gbt2828') {
    if (plan.acceptNumber === undefined) throw new RangeError('plan_without_accept_number');
    return Math.min(plan.acceptNumber, plan.sampleSize);
  }
  // largest e with (n − e)·10000 ≥ target·n
  const n = plan.sampleSize;
  return Math.floor((n * (10_000 - basisPoints(accuracyTargetPercent))) / 10_000);
}
