import { type BidderProfile, type IneligibleReason, bidEligibility } from './bid.ts';
import type { Modality, TaskType } from './capability.ts';
import type { OrderTerms } from './order.ts';
import type { RateFigure, VendorTrackRecord } from './track-record.ts';

/** A vendor as matching sees it: its track record's first-pass and on-time figures (vendorTrackRecord). */
export type MatchVendor = BidderProfile & { county: string | null; record: Pick<VendorTrackRecord, 'firstPass' | 'onTime'> };

/** An order as matching sees it. */
export type MatchOrder = { buyerOrgId: string; buyerCounty: string | null; terms: OrderTerms };

/** Why a vendor is filtered out before scoring. */
export type MatchIneligible =
  | IneligibleReason
  | { code: 'modality_not_offered'; modality: Modality }
  | { code: 'task_type_not_offered'; taskType: TaskType };

export const MATCH_PARTS = ['capability', 'capacity', 'quality', 'on_time', 'locality'] as const;
export type MatchPart = (typeof MATCH_PARTS)[number];

/** Weights of the parts; they add up to 100, the best possible score. */
export const MATCH_WEIGHTS: Record<MatchPart, number> = { capability: 25, capacity: 30, quality: 20, on_time: 15, locality: 10 };

/** One part of a score, explained: `code` and `params` for translation, `text` as a plain fallback. */
export type MatchReason = {
  part: MatchPart;
  code: string;
  params: Record<string, number | string>;
  /** 0…1, multiplied by the part's weight */
  fit: number;
  /** points this part contributed (fit × weight, one decimal) */
  points: number;
  text: string;
};

export type MatchResult =
  | { eligible: true; score: number; reasons: MatchReason[] }
  | { eligible: false; ineligible: MatchIneligible[] };

const DAY = 86_400_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Hard filters: the vendor covers the modality and every task type, and may bid (bidEligibility). */
export function matchEligibility(order: MatchOrder, vendor: MatchVendor, now: Date): MatchIneligible[] {
  const out: MatchIneligible[] = [];
  const { terms } = order;
  if (!vendor.capabilities.modalities.includes(terms.modality)) out.push({ code: 'modality_not_offered', modality: terms.modality });
  for (const t of terms.taskTypes) if (!vendor.capabilities.taskTypes.includes(t)) out.push({ code: 'task_type_not_offered', taskType: t });
  out.push(...bidEligibility(vendor, order.buyerOrgId, terms, now));
  return out;
}

/** A part measured: its fit (0…1), the reason's code and params; the text is written only when explained. */
type Measured = { part: MatchPart; fit: number; code: string; params: MatchReason['params'] };

/** Capability fit: a specialist whose offer centres on the order's task types fits better than a generalist. */
function capabilityPart(order: MatchOrder, vendor: MatchVendor): Measured {
  const required = order.terms.taskTypes.length;
  const offered = Math.max(vendor.capabilities.taskTypes.length, required, 1);
  const code = required === offered ? 'capability_specialist' : 'capability_covers';
  return { part: 'capability', fit: 0.5 + 0.5 * (required / offered), code, params: { required, offered } };
}

/**
 * Free capacity: the slowest required task type's daily capacity over the days between the bid deadline
 * (work starts no earlier) and the delivery deadline, against the volume.
 */
function capacityPart(order: MatchOrder, vendor: MatchVendor, now: Date): Measured {
  const { terms } = order;
  const start = Math.max(now.getTime(), terms.bidDeadline.getTime());
  const days = Math.max(1, Math.floor((terms.deliveryDeadline.getTime() - start) / DAY));
  let daily = Infinity;
  for (const t of terms.taskTypes) daily = Math.min(daily, vendor.capabilities.dailyCapacity[t] ?? 0);
  const quantity = terms.volume.quantity;
  const requiredPerDay = Math.ceil(quantity / days);
  if (!(daily > 0 && daily !== Infinity)) return { part: 'capacity', fit: 0, code: 'capacity_unknown', params: { requiredPerDay, days } };
  const ratio = (daily * days) / quantity;
  const params = { dailyCapacity: daily, requiredPerDay, days, ratioPercent: Math.round(ratio * 100) };
  if (ratio >= 1.5) return { part: 'capacity', fit: 1, code: 'capacity_ample', params };
  // just enough is a risk: any slip misses the deadline, so it scores below ample
  if (ratio >= 1) return { part: 'capacity', fit: 0.8, code: 'capacity_sufficient', params };
  return { part: 'capacity', fit: 0.8 * ratio, code: 'capacity_short', params };
}

/**
 * Quality (first-pass acceptance) and punctuality from the track record: its estimate, which starts at the
 * market's own rate and moves with each batch (track-record.ts), so a newcomer is neither punished nor flattered.
 */
function recordPart(part: 'quality' | 'on_time', record: MatchVendor['record']): Measured {
  const figure: RateFigure = part === 'quality' ? record.firstPass : record.onTime;
  const estimatePercent = Math.round(figure.estimate * 100);
  if (figure.count === 0) return { part, fit: figure.estimate, code: `${part}_no_record`, params: { estimatePercent } };
  return {
    part, fit: figure.estimate, code: `${part}_record`,
    params: { good: figure.good, completed: figure.count, ratePercent: Math.round((figure.good / figure.count) * 100), estimatePercent },
  };
}

/** Locality: same county (district) as the buyer, else same city (first four digits of the code). */
function localityPart(order: MatchOrder, vendor: MatchVendor): Measured {
  const b = order.buyerCounty;
  const v = vendor.county;
  if (b && v && b === v) return { part: 'locality', fit: 1, code: 'same_county', params: { county: v } };
  if (b && v && b.slice(0, 4) === v.slice(0, 4)) return { part: 'locality', fit: 0.5, code: 'same_city', params: { county: v, buyerCounty: b } };
  return { part: 'locality', fit: 0, code: 'other_region', params: { county: v ?? '' } };
}

const measure = (order: MatchOrder, vendor: MatchVendor, now: Date): Measured[] => [
  capabilityPart(order, vendor),
  capacityPart(order, vendor, now),
  recordPart('quality', vendor.record),
  recordPart('on_time', vendor.record),
  localityPart(order, vendor),
];

const pointsOf = (m: Measured) => round1(Math.max(0, Math.min(1, m.fit)) * MATCH_WEIGHTS[m.part]);
const scoreOf = (parts: readonly Measured[]) => round1(parts.reduce((s, m) => s + pointsOf(m), 0));

/** The plain-language text of a reason (the web translates code + params instead). */
function textOf(m: Measured): string {
  const p = m.params;
  switch (m.code) {
    case 'capability_specialist':
    case 'capability_covers': return `Offers all ${p.required} required task type(s) among ${p.offered} offered`;
    case 'capacity_unknown': return `No daily capacity declared; needs ${p.requiredPerDay}/day over ${p.days} day(s)`;
    case 'capacity_ample': return `Capacity ${p.dailyCapacity}/day, ample for ${p.requiredPerDay}/day over ${p.days} day(s)`;
    case 'capacity_sufficient': return `Capacity ${p.dailyCapacity}/day, enough for ${p.requiredPerDay}/day over ${p.days} day(s)`;
    case 'capacity_short': return `Capacity ${p.dailyCapacity}/day, short of ${p.requiredPerDay}/day over ${p.days} day(s)`;
    case 'quality_no_record': return `No batches delivered yet: the market's first-pass rate, ${p.estimatePercent}%`;
    case 'on_time_no_record': return `No batches delivered yet: the market's on-time rate, ${p.estimatePercent}%`;
    case 'quality_record': return `${p.good} of ${p.completed} batches accepted at first inspection (${p.ratePercent}%; ${p.estimatePercent}% with the market prior)`;
    case 'on_time_record': return `${p.good} of ${p.completed} batches delivered on time (${p.ratePercent}%; ${p.estimatePercent}% with the market prior)`;
    case 'same_county': return `Same county as the buyer (${p.county})`;
    case 'same_city': return `Same city as the buyer (${p.county}, buyer ${p.buyerCounty})`;
    default: return "Not in the buyer's city";
  }
}

const explain = (parts: readonly Measured[]): MatchReason[] =>
  parts.map((m) => ({ ...m, fit: Math.round(Math.max(0, Math.min(1, m.fit)) * 1000) / 1000, points: pointsOf(m), text: textOf(m) }));

/** Matches one vendor against one order: the hard filters, then the weighted score (0…100) with a reason per part. */
export function matchVendor(order: MatchOrder, vendor: MatchVendor, now: Date): MatchResult {
  const ineligible = matchEligibility(order, vendor, now);
  if (ineligible.length > 0) return { eligible: false, ineligible };
  const parts = measure(order, vendor, now);
  return { eligible: true, score: scoreOf(parts), reasons: explain(parts) };
}

/** Whether the vendor's profile covers the modality and every task type (the cheap filter, checked first). */
function covers(order: MatchOrder, vendor: MatchVendor): boolean {
  const c = vendor.capabilities;
  return c.modalities.includes(order.terms.modality) && order.terms.taskTypes.every((t) => c.taskTypes.includes(t));
}

/** Scores the eligible candidates and explains only the best `limit` of them (explaining is the costly part). */
function rank<T>(candidates: readonly T[], pair: (x: T) => [MatchOrder, MatchVendor], key: (x: T) => string, now: Date, limit: number): RankedMatch<T>[] {
  const scored: { item: T; score: number; parts: Measured[] }[] = [];
  for (const item of candidates) {
    const [o, v] = pair(item);
    if (!covers(o, v) || bidEligibility(v, o.buyerOrgId, o.terms, now).length > 0) continue;
    const parts = measure(o, v, now);
    scored.push({ item, score: scoreOf(parts), parts });
  }
  scored.sort((a, b) => b.score - a.score || (key(a.item) < key(b.item) ? -1 : key(a.item) > key(b.item) ? 1 : 0));
  return scored.slice(0, limit).map((s) => ({ item: s.item, score: s.score, reasons: explain(s.parts) }));
}

/** A ranked match. */
export type RankedMatch<T> = { item: T; score: number; reasons: MatchReason[] };

/** Eligible vendors for an order, best first (ties by org id, so the order is stable). */
export function rankVendors<V extends MatchVendor>(order: MatchOrder, vendors: readonly V[], now: Date, limit = Infinity): RankedMatch<V>[] {
  return rank(vendors, (v) => [order, v], (v) => v.orgId, now, limit);
}

/** Orders a vendor is eligible for, best first by the same score (ties by order id). */
export function rankOrders<O extends MatchOrder & { id: string }>(vendor: MatchVendor, orders: readonly O[], now: Date, limit = Infinity): RankedMatch<O>[] {
  return rank(orders, (o) => [o, vendor], (o) => o.id, now, limit);
}
