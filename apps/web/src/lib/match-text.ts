import type { MatchReason } from '@annex/contracts';
import { MATCH_PARTS, MATCH_WEIGHTS, type MatchPart, type Modality, type TaskType } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Tone, countyName, formatNumber } from '#lib/i18n.ts';
import { vendorSearchHref } from '#lib/vendor-search.ts';

// How the web explains a match score: the API sends each part's reason as a code with numbers
// (packages/domain matching.ts); the sentences are ours, in the reader's language.

/** How many matches a page shows (the best ones); the whole list is the directory's business. */
export const MATCHES_SHOWN = 5;

/** The name of a part of the match score. */
export const MATCH_PART: Record<MatchPart, () => string> = {
  capability: m.mp_capability,
  capacity: m.mp_capacity,
  quality: m.mp_quality,
  on_time: m.mp_on_time,
  locality: m.mp_locality,
};

type Params = MatchReason['params'];
const n = (p: Params, k: string) => (typeof p[k] === 'number' ? formatNumber(p[k] as number) : String(p[k] ?? '—'));
const county = (p: Params, k: string) => countyName(typeof p[k] === 'string' ? (p[k] as string) : null);

const REASON: Record<string, (p: Params) => string> = {
  capability_specialist: (p) => m.mr_capability_specialist({ required: n(p, 'required') }),
  capability_covers: (p) => m.mr_capability_covers({ required: n(p, 'required'), offered: n(p, 'offered') }),
  capacity_unknown: (p) => m.mr_capacity_unknown({ required: n(p, 'requiredPerDay'), days: n(p, 'days') }),
  capacity_ample: (p) => m.mr_capacity_ample({ daily: n(p, 'dailyCapacity'), required: n(p, 'requiredPerDay'), days: n(p, 'days'), ratio: n(p, 'ratioPercent') }),
  capacity_sufficient: (p) =>
    m.mr_capacity_sufficient({ daily: n(p, 'dailyCapacity'), required: n(p, 'requiredPerDay'), days: n(p, 'days'), ratio: n(p, 'ratioPercent') }),
  capacity_short: (p) => m.mr_capacity_short({ daily: n(p, 'dailyCapacity'), required: n(p, 'requiredPerDay'), days: n(p, 'days'), ratio: n(p, 'ratioPercent') }),
  quality_no_record: (p) => m.mr_quality_no_record({ estimate: n(p, 'estimatePercent') }),
  on_time_no_record: (p) => m.mr_on_time_no_record({ estimate: n(p, 'estimatePercent') }),
  quality_record: (p) => m.mr_quality_record({ good: n(p, 'good'), completed: n(p, 'completed'), rate: n(p, 'ratePercent'), estimate: n(p, 'estimatePercent') }),
  on_time_record: (p) => m.mr_on_time_record({ good: n(p, 'good'), completed: n(p, 'completed'), rate: n(p, 'ratePercent'), estimate: n(p, 'estimatePercent') }),
  same_county: (p) => m.mr_same_county({ county: county(p, 'county') }),
  same_city: (p) => m.mr_same_city({ county: county(p, 'county') }),
  other_region: () => m.mr_other_region(),
};

/** A reason of a match in the reader's language; a code the web does not know yet shows the API's own text. */
export function reasonText(r: Pick<MatchReason, 'code' | 'params' | 'text'>): string {
  return REASON[r.code]?.(r.params) ?? r.text;
}

/** A reason as a row of the explanation: the part, its points out of the part's weight, the sentence. */
export type ReasonRow = { part: MatchPart; label: string; points: number; weight: number; fit: number; text: string };

/** The reasons of a match in the fixed order of the parts (the API's order is not a promise). */
export function reasonRows(reasons: readonly MatchReason[]): ReasonRow[] {
  const rank = (p: MatchPart) => MATCH_PARTS.indexOf(p);
  return [...reasons]
    .sort((a, b) => rank(a.part) - rank(b.part))
    .map((r) => ({ part: r.part, label: MATCH_PART[r.part](), points: r.points, weight: MATCH_WEIGHTS[r.part], fit: r.fit, text: reasonText(r) }));
}

/**
 * The reason that says most about a match in one line: the weakest part when it lost a lot
 * (what to look at first), else the capacity part (what buyers ask first).
 */
export function headlineReason(reasons: readonly MatchReason[]): MatchReason | null {
  if (reasons.length === 0) return null;
  const lost = (r: MatchReason) => MATCH_WEIGHTS[r.part] - r.points;
  const worst = [...reasons].sort((a, b) => lost(b) - lost(a))[0]!;
  if (worst.fit < 0.5 && lost(worst) >= 10) return worst;
  return reasons.find((r) => r.part === 'capacity') ?? reasons[0]!;
}

/** The tone of a score badge: a strong match stands out, a weak one is muted. */
export function scoreTone(score: number): Tone {
  if (score >= 75) return 'success';
  if (score >= 55) return 'info';
  return 'neutral';
}

/** A score as shown: one decimal only when it has one (86.5, 90). */
export function formatScore(score: number): string {
  return String(Math.round(score * 10) / 10);
}

/** The vendor directory narrowed to the firms that offer an order's data type and task types. */
export function directoryHrefFor(order: { modality: Modality; taskTypes: readonly TaskType[] }): string {
  return vendorSearchHref({
    q: '',
    lists: { modalities: [order.modality], taskTypes: [...order.taskTypes], county: [], certifications: [] },
    minHeadcount: null,
    flags: { secureRoom: false, aboveDesignatedSize: false },
    sort: null,
    cursor: null,
  });
}
