import { shanghaiDate } from '../policy/working-days.ts';
import { type TargetPath, pathValue } from './kpi.ts';
import { parseQuarter, quarterEnd } from './quarter.ts';
import { POLICY_ISSUED_ON, type KpiTarget, targetMet } from './targets.ts';

/** A figure's value at a quarter (null: nobody reported it). Yearly figures are year to date. */
export type KpiPoint = { quarter: string; value: number | null };

/** Where a target stands: the figure now, the straight-line path from the baseline to the deadline, and the verdict. */
export type KpiProgress = {
  /** the figure's latest value and the quarter it is of (null: no value yet) */
  current: number | null;
  asOf: string | null;
  baseline: { value: number; on: string };
  /** the path's value today, for a yearly figure the share of the year the current value covers */
  pathNow: number;
  /** current ÷ target (may pass 1) */
  progress: number | null;
  /** pathNow ÷ target: where the path marker sits on the progress bar */
  pathShare: number;
  /** null when there is no current value to judge */
  onTrack: boolean | null;
  met: boolean;
};

const yearShareOf = (quarter: string) => (parseQuarter(quarter)?.q ?? 4) / 4;

/**
 * The baseline is the first reported value (on its quarter's last day; a year-to-date figure scaled to the whole year,
 * since its target is per year); with no report yet, zero on the day the policy was issued. `baseline` overrides it
 * for figures kept as records rather than reported (benchmark bases).
 */
export function kpiProgress(
  target: Pick<KpiTarget, 'value' | 'comparison' | 'deadline'>,
  input: { series: readonly KpiPoint[]; yearly: boolean; current?: KpiPoint | null; baseline?: { value: number; on: string } },
  now: Date,
): KpiProgress {
  const reported = input.series.filter((p) => p.value !== null);
  const first = reported[0];
  const baseline = input.baseline
    ?? (first ? { value: (first.value as number) / (input.yearly ? yearShareOf(first.quarter) : 1), on: quarterEnd(parseQuarter(first.quarter) ?? { year: 2025, q: 4 }) }
      : { value: 0, on: POLICY_ISSUED_ON });
  const last = input.current !== undefined ? input.current : (reported.at(-1) ?? null);
  const current = last?.value ?? null;
  const share = input.yearly && last ? yearShareOf(last.quarter) : 1;
  const path: TargetPath = { baseline, target: { value: target.value, by: target.deadline } };
  const pathNow = pathValue(path, shanghaiDate(now)) * share;
  return {
    current,
    asOf: last?.quarter ?? null,
    baseline,
    pathNow,
    progress: current === null || target.value === 0 ? null : current / target.value,
    pathShare: target.value === 0 ? 0 : pathNow / target.value,
    onTrack: current === null ? null : current >= pathNow,
    met: current !== null && targetMet(target, current),
  };
}

/** The fewest members a published aggregate must sum over, so that no one member's figure can be read from it. */
export const PUBLIC_MIN_CONTRIBUTORS = 3;

/** An aggregate fit for the public: the value, or null when fewer than PUBLIC_MIN_CONTRIBUTORS members make it. */
export const publicAggregate = (value: number | null, contributors: number): number | null =>
  value !== null && contributors >= PUBLIC_MIN_CONTRIBUTORS ? value : null;
