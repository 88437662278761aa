import { shanghaiDate } from '../policy/working-days.ts';
import { type Quarter, compareQuarters, formatQuarter, parseQuarter, quarterOfInstant } from './quarter.ts';
import type { FilerKind, ReportFigures } from './report.ts';

/** One stored version of a member's report, as the KPI formulas read it. */
export type KpiReport = { quarter: string; orgId: string; version: number; filerKind: FilerKind; figures: ReportFigures };

/**
 * The reports that count: the latest version per (quarter, organisation) — a correction replaces what it corrects,
 * whichever order the versions come in.
 */
export function latestReports(reports: readonly KpiReport[]): KpiReport[] {
  const latest = new Map<string, KpiReport>();
  for (const r of reports) {
    const key = `${r.quarter}|${r.orgId}`;
    const seen = latest.get(key);
    if (!seen || r.version > seen.version) latest.set(key, r);
  }
  return [...latest.values()];
}

const inQuarter = (reports: readonly KpiReport[], quarter: Quarter) => latestReports(reports).filter((r) => r.quarter === formatQuarter(quarter));
/** The quarters of the quarter's year up to and including it. */
const yearToDate = (reports: readonly KpiReport[], quarter: Quarter) =>
  latestReports(reports).filter((r) => {
    const q = parseQuarter(r.quarter);
    return q !== null && q.year === quarter.year && q.q <= quarter.q;
  });
const sum = (xs: readonly (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/** Annotation practitioners at the quarter's end: the sum over the members that filed for it (从业人员). */
export const practitionersTotal = (reports: readonly KpiReport[], quarter: Quarter): number =>
  sum(inQuarter(reports, quarter).map((r) => r.figures.practitioners));

/** Annotation firms above designated size and in the statistics (上规模/升规纳统) in the quarter. */
export const aboveScaleFirms = (reports: readonly KpiReport[], quarter: Quarter): number =>
  inQuarter(reports, quarter).filter((r) => r.filerKind === 'annotation_firm' && r.figures.aboveDesignatedSize === true).length;

/** Annotation revenue of the year up to the quarter's end (fen), over the latest reports of each quarter. */
export const annotationRevenueYtd = (reports: readonly KpiReport[], quarter: Quarter): number =>
  sum(yearToDate(reports, quarter).map((r) => r.figures.annotationRevenueFen));

/** People trained in the year up to the quarter's end, both kinds (pre-job and skill-level certification). */
export const trainedYtd = (reports: readonly KpiReport[], quarter: Quarter): { preJob: number; certified: number; total: number } => {
  const ytd = yearToDate(reports, quarter);
  const preJob = sum(ytd.map((r) => r.figures.trainedPreJob));
  const certified = sum(ytd.map((r) => r.figures.trainedCertified));
  return { preJob, certified, total: preJob + certified };
};

/**
 * Local talent supply rate (本地数据标注人才供给率) in the quarter = local practitioners ÷ practitioners working in
 * Liaocheng, over the members that filed both figures; null when nobody reported anyone working in the city.
 */
export function localSupplyRate(reports: readonly KpiReport[], quarter: Quarter): { local: number; inCity: number; rate: number | null } {
  const counted = inQuarter(reports, quarter).filter((r) => r.figures.practitionersInCity !== null && r.figures.localPractitioners !== null);
  const local = sum(counted.map((r) => r.figures.localPractitioners));
  const inCity = sum(counted.map((r) => r.figures.practitionersInCity));
  return { local, inCity, rate: inCity === 0 ? null : local / inCity };
}

/** Benchmark industrial bases (标杆型产业基地): the bases whose status is `benchmark`. */
export const benchmarkBases = (bases: readonly { benchmarkStatus: string }[]): number => bases.filter((b) => b.benchmarkStatus === 'benchmark').length;

/** A money figure of the marketplace at a moment: an award (awarded bid's total) or a completed contract (its price). */
export type MarketplaceAmount = { at: Date; amountFen: number };

/**
 * The marketplace's own figures for a quarter, never typed in: the value awarded (by award date, active awards)
 * and the value completed (by completion date), on the Shanghai calendar.
 */
export function marketplaceFigures(
  m: { awards: readonly MarketplaceAmount[]; completions: readonly MarketplaceAmount[] }, quarter: Quarter,
): { awardedFen: number; completedFen: number } {
  const of = (xs: readonly MarketplaceAmount[]) =>
    xs.filter((x) => compareQuarters(quarterOfInstant(x.at), quarter) === 0).reduce((a, x) => a + x.amountFen, 0);
  return { awardedFen: of(m.awards), completedFen: of(m.completions) };
}

/** Fen as 亿元 (hundred million yuan), the unit the city's revenue target is written in. */
export const fenToYiYuan = (fen: number): number => fen / 10_000_000_000;

/** A straight line from a baseline to a target: the figure's value on each day between them. */
export type TargetPath = { baseline: { value: number; on: string }; target: { value: number; by: string } };

const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** The path's value on a day: the baseline before it starts, the target after its deadline, a straight line between. */
export function pathValue(p: TargetPath, on: string): number {
  const span = days(p.target.by) - days(p.baseline.on);
  if (span <= 0 || on >= p.target.by) return p.target.value;
  if (on <= p.baseline.on) return p.baseline.value;
  return p.baseline.value + ((p.target.value - p.baseline.value) * (days(on) - days(p.baseline.on))) / span;
}

/**
 * On track: the current value is at least the path's value now. For a yearly figure counted year to date (revenue,
 * people trained) the path's value is taken pro rata for the part of the year the figure covers (`yearShare`, e.g.
 * 2/4 after the second quarter), so that a year that has just started is not judged against a whole year.
 */
export function onTrack(p: TargetPath, current: number, now: Date, yearShare = 1): boolean {
  return current >= pathValue(p, shanghaiDate(now)) * yearShare;
}
