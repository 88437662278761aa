import type { KpiKey, KpiUnit } from '@annex/domain';
import type { KpiRows, KpiSummary } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';

// The KPI dashboard in words: each figure's name, its value in the unit its target is written in (people, firms,
// bases, 亿元, a percentage), the verdict, and the zh/en texts the API sends beside each figure.

/** A figure's name. */
export const kpiName = (k: KpiKey): string =>
  ({
    practitioners: m.kpi_name_practitioners,
    above_scale_firms: m.kpi_name_above_scale_firms,
    annotation_revenue: m.kpi_name_annotation_revenue,
    people_trained: m.kpi_name_people_trained,
    local_supply_rate: m.kpi_name_local_supply_rate,
    benchmark_bases: m.kpi_name_benchmark_bases,
    awarded_value: m.kpi_name_awarded_value,
    completed_value: m.kpi_name_completed_value,
  })[k]();

const locale = () => (getLocale() === 'en' ? 'en-GB' : 'zh-CN');
const numberFormats = new Map<string, Intl.NumberFormat>(); // made once each: making one costs far more than using it
const number = (n: number, digits = 0) => {
  const key = `${locale()} ${digits}`;
  const format = numberFormats.get(key) ?? new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits });
  numberFormats.set(key, format);
  return format.format(n);
};

/** Fen as 亿元 (100 M CNY), the unit of the revenue target. */
export const fenToYi = (fen: number): number => fen / 10_000_000_000;
/** Fen as 万元 (10k CNY), the unit of the charts' money axes. */
export const fenToWan = (fen: number): number => fen / 1_000_000;

/** A value in its unit: 10,000 人, 8 家, 3 个, 5.00 亿元, 80.0%; a dash for none. */
export function formatKpi(unit: KpiUnit, value: number | null): string {
  if (value === null) return '—';
  switch (unit) {
    case 'people': return m.kpi_unit_people({ n: number(Math.round(value)) });
    case 'firms': return m.kpi_unit_firms({ n: number(Math.round(value)) });
    case 'bases': return m.kpi_unit_bases({ n: number(Math.round(value)) });
    case 'fen': return m.kpi_unit_yi({ n: number(fenToYi(value), 2) });
    case 'share': return formatShare(value);
  }
}

/** A money amount in 万元 (10k CNY). */
export const formatWan = (fen: number): string => m.kpi_unit_wan({ n: number(fenToWan(fen), 1) });

/** A share (0–1) as a percentage with one decimal. */
export const formatShare = (share: number | null): string => (share === null ? '—' : `${number(share * 100, 1)}%`);

/** The text of the current language from a zh/en pair the API sends. */
export const localText = (t: { zh: string; en: string }): string => (getLocale() === 'en' ? t.en : t.zh);

/** A target's verdict: met, on track, behind, or nothing to judge. */
export function verdict(t: { met: boolean; onTrack: boolean | null }): { label: string; tone: 'success' | 'info' | 'danger' | 'muted' } {
  if (t.met) return { label: m.kpi_met(), tone: 'success' };
  if (t.onTrack === null) return { label: m.kpi_not_reported(), tone: 'muted' };
  return t.onTrack ? { label: m.kpi_on_track(), tone: 'info' } : { label: m.kpi_behind(), tone: 'danger' };
}

/** "Target ≥ 10,000 people by 2027-12-31". */
export const targetText = (t: { unit: KpiUnit; target: number; comparison: 'at_least' | 'more_than'; deadline: string }): string =>
  m.kpi_target_is({ comparison: t.comparison === 'more_than' ? m.kpi_more_than() : m.kpi_at_least(), value: formatKpi(t.unit, t.target), deadline: t.deadline });

/** A bar's width (0–100 %) for a share of a target, held inside the bar. */
export const barPercent = (share: number | null): number => Math.max(0, Math.min(100, (share ?? 0) * 100));

type ReportRow = KpiRows['reports'][number];
const count = (n: number | null) => (n === null ? '—' : number(n));

/** The columns of a report that make a figure: their headings and each row's cells. */
export function reportColumns(k: KpiKey): { headers: string[]; cells: (r: ReportRow) => string[] } {
  switch (k) {
    case 'above_scale_firms':
      return { headers: [m.kpi_col_above()], cells: (r) => [r.aboveDesignatedSize === null ? '—' : r.aboveDesignatedSize ? m.kpi_yes() : m.kpi_no()] };
    case 'annotation_revenue':
      return { headers: [m.kpi_col_value()], cells: (r) => [r.annotationRevenueFen === null ? '—' : formatWan(r.annotationRevenueFen)] };
    case 'people_trained':
      return { headers: [m.kpi_series_pre_job(), m.kpi_series_certified()], cells: (r) => [count(r.trainedPreJob), count(r.trainedCertified)] };
    case 'local_supply_rate':
      return { headers: [m.kpi_col_local(), m.kpi_col_in_city()], cells: (r) => [count(r.localPractitioners), count(r.practitionersInCity)] };
    default:
      return { headers: [m.kpi_col_value()], cells: (r) => [count(r.practitioners)] };
  }
}

/** The public summary as the home page shows it, in words (formatted on the server: the home page loads no KPI code). */
export const homeTargets = (s: KpiSummary) => ({
  asOf: s.asOf,
  targets: s.targets.map((t) => ({
    key: t.key,
    name: t.yearly ? `${kpiName(t.key)}（${m.kpi_year_to_date()}）` : kpiName(t.key),
    value: t.current === null ? m.kpi_home_pending() : formatKpi(t.unit, t.current),
    goal: targetText(t),
    fill: barPercent(t.progress),
    path: barPercent(t.pathShare),
    barLabel: m.kpi_progress_label({ percent: formatShare(t.progress), path: formatShare(t.pathShare) }),
  })),
});
