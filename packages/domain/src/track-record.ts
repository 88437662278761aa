import type { VOLUME_UNITS } from './order.ts';
import { type BuyerPaymentRecord, type PaymentHistoryItem, buyerPaymentRecord } from './payment.ts';

/*
 * Track records (DESIGN §2.5, issue 9 item 6). Every figure is a count of things that happened on named orders,
 * and the estimate shown beside it mixes that count with a prior so that a new firm is neither punished nor
 * flattered:
 *
 *   estimate = (good + k × market) ÷ (count + k),   k = PRIOR_STRENGTH
 *
 * The prior is the market's own pooled figure (every vendor's batches, every revealed review) — a newcomer
 * starts exactly at what a typical firm on this market achieves, and each own result moves it by 1 / (count + k).
 * Chosen over the former (good + 1) ÷ (count + 2), which started everyone at one half: on a market where 90 % of
 * batches arrive on time, one half is a penalty; and over a flat 0.5 for "no record", which said nothing.
 * Only when the market itself has no record yet does the prior fall back to the middle of the scale.
 */

/** Pseudo-observations the market prior counts for: after three batches (or reviews) of its own, a firm's record weighs half. */
export const PRIOR_STRENGTH = 3;
/** The prior when the market has no record at all: the middle of each scale. */
export const FALLBACK_PRIOR = { onTime: 0.5, firstPass: 0.5, accuracyMet: 0.5, stars: 3 } as const;

type VolumeUnit = (typeof VOLUME_UNITS)[number];

/** One ended contract of a vendor as its track record reads it. */
export type VendorOrderFacts = {
  orderId: string;
  title: string;
  outcome: 'completed' | 'terminated';
  /** ISO 8601 instant the contract completed or was terminated */
  endedAt: string;
  /** the volume delivered and accepted (a terminated contract: what was accepted before it ended) */
  volume: { quantity: number; unit: VolumeUnit };
  /** batches accepted on this order */
  batches: number;
  /** of them, delivered (first delivery) by their due date */
  batchesOnTime: number;
  /** of them, accepted at their first inspection, without rework */
  batchesFirstPass: number;
  /** the accuracy the vendor's bid committed to, percent */
  committedAccuracy: number | null;
  /** the accuracy measured by the inspections that accepted its batches (rejected attempts count in first pass instead), percent; null when none was sampled */
  measuredAccuracy: number | null;
  /** the mean stars of the buyer's review of the vendor, once revealed (double-blind); null otherwise */
  stars: number | null;
};

/** The market's pooled figures the estimates start from. */
export type VendorPrior = { onTime: number; firstPass: number; accuracyMet: number; stars: number; strength: number };

/** An order's part in a figure: what it counted. */
export type RateItem = { orderId: string; title: string; good: number; count: number };

/** A rate with its prior: `good` of `count`, observed and estimated. */
export type RateFigure = {
  good: number;
  count: number;
  /** good ÷ count; null without any count */
  observed: number | null;
  prior: number;
  strength: number;
  /** (good + strength × prior) ÷ (count + strength) */
  estimate: number;
  items: RateItem[];
};

/** An order's part in the accuracy figure. */
export type AccuracyItem = { orderId: string; title: string; committed: number; measured: number; met: boolean };
/** Measured accuracy against the commitment: the share of orders that met it (a rate) and the mean of each. */
export type AccuracyFigure = RateFigure & { meanCommitted: number | null; meanMeasured: number | null; accuracyItems: AccuracyItem[] };

/** An order's part in a rating. */
export type StarsItem = { orderId: string; title: string; stars: number };
/** A star rating with its prior: the mean of the revealed reviews, and the Bayesian average towards the market's. */
export type StarsFigure = {
  count: number;
  observed: number | null;
  prior: number;
  strength: number;
  estimate: number;
  items: StarsItem[];
};

/** An order's part in the completed volume. */
export type VolumeItem = { orderId: string; title: string; outcome: 'completed' | 'terminated'; quantity: number; unit: VolumeUnit };
export type VolumeFigure = { completed: number; terminated: number; byUnit: { unit: VolumeUnit; quantity: number }[]; items: VolumeItem[] };

/** A vendor's track record: each figure with the orders it was counted from, and the 0–1 score that weighs it. */
export type VendorTrackRecord = {
  onTime: RateFigure;
  firstPass: RateFigure;
  accuracy: AccuracyFigure;
  rating: StarsFigure;
  volume: VolumeFigure;
  /** the mean of the four estimates (stars mapped 1–5 → 0–1): the comparison's "track record" and nothing else */
  score: number;
  /** whether any order of its own counts (otherwise every estimate is the prior) */
  hasRecord: boolean;
};

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The Beta-prior estimate of a rate: the market's rate counts for `strength` observations. */
export function smoothedRate(good: number, count: number, prior: number, strength: number): number {
  return (good + strength * prior) / (count + strength);
}

function rateFigure(items: RateItem[], prior: number, strength: number): RateFigure {
  const good = sum(items.map((i) => i.good));
  const count = sum(items.map((i) => i.count));
  return {
    good, count, observed: count === 0 ? null : round(good / count, 4), prior: round(prior, 4), strength,
    estimate: round(smoothedRate(good, count, prior, strength), 4), items,
  };
}

function starsFigure(items: StarsItem[], prior: number, strength: number): StarsFigure {
  const total = sum(items.map((i) => i.stars));
  return {
    count: items.length, observed: items.length === 0 ? null : round(total / items.length, 2), prior: round(prior, 2), strength,
    estimate: round((total + strength * prior) / (items.length + strength), 2), items,
  };
}

const pooled = (good: number, count: number, fallback: number) => (count === 0 ? fallback : good / count);

const meetsCommitment = (f: VendorOrderFacts): f is VendorOrderFacts & { committedAccuracy: number; measuredAccuracy: number } =>
  f.committedAccuracy !== null && f.measuredAccuracy !== null;

/** The market's prior: the pooled figures of every vendor's ended contracts (the middle of each scale when none). */
export function vendorMarketPrior(all: readonly VendorOrderFacts[], strength = PRIOR_STRENGTH): VendorPrior {
  const batches = sum(all.map((f) => f.batches));
  const measured = all.filter(meetsCommitment);
  const rated = all.filter((f) => f.stars !== null);
  return {
    onTime: pooled(sum(all.map((f) => f.batchesOnTime)), batches, FALLBACK_PRIOR.onTime),
    firstPass: pooled(sum(all.map((f) => f.batchesFirstPass)), batches, FALLBACK_PRIOR.firstPass),
    accuracyMet: pooled(measured.filter((f) => f.measuredAccuracy >= f.committedAccuracy).length, measured.length, FALLBACK_PRIOR.accuracyMet),
    stars: pooled(sum(rated.map((f) => f.stars!)), rated.length, FALLBACK_PRIOR.stars),
    strength,
  };
}

/** A vendor's track record from its ended contracts, newest first in each figure's items. */
export function vendorTrackRecord(facts: readonly VendorOrderFacts[], prior: VendorPrior): VendorTrackRecord {
  const orders = [...facts].sort((a, b) => (a.endedAt < b.endedAt ? 1 : a.endedAt > b.endedAt ? -1 : a.orderId.localeCompare(b.orderId)));
  const k = prior.strength;
  const withBatches = orders.filter((f) => f.batches > 0);
  const onTime = rateFigure(withBatches.map((f) => ({ orderId: f.orderId, title: f.title, good: f.batchesOnTime, count: f.batches })), prior.onTime, k);
  const firstPass = rateFigure(withBatches.map((f) => ({ orderId: f.orderId, title: f.title, good: f.batchesFirstPass, count: f.batches })), prior.firstPass, k);
  const measured = orders.filter(meetsCommitment);
  const accuracyItems = measured.map((f) => ({
    orderId: f.orderId, title: f.title, committed: f.committedAccuracy, measured: f.measuredAccuracy, met: f.measuredAccuracy >= f.committedAccuracy,
  }));
  const met = rateFigure(accuracyItems.map((i) => ({ orderId: i.orderId, title: i.title, good: i.met ? 1 : 0, count: 1 })), prior.accuracyMet, k);
  const accuracy: AccuracyFigure = {
    ...met,
    meanCommitted: measured.length === 0 ? null : round(sum(measured.map((f) => f.committedAccuracy)) / measured.length, 2),
    meanMeasured: measured.length === 0 ? null : round(sum(measured.map((f) => f.measuredAccuracy)) / measured.length, 2),
    accuracyItems,
  };
  const rating = starsFigure(orders.filter((f) => f.stars !== null).map((f) => ({ orderId: f.orderId, title: f.title, stars: f.stars! })), prior.stars, k);
  const units = new Map<VolumeUnit, number>();
  for (const f of orders) if (f.volume.quantity > 0) units.set(f.volume.unit, (units.get(f.volume.unit) ?? 0) + f.volume.quantity);
  const volume: VolumeFigure = {
    completed: orders.filter((f) => f.outcome === 'completed').length,
    terminated: orders.filter((f) => f.outcome === 'terminated').length,
    byUnit: [...units].map(([unit, quantity]) => ({ unit, quantity })).sort((a, b) => a.unit.localeCompare(b.unit)),
    items: orders.map((f) => ({ orderId: f.orderId, title: f.title, outcome: f.outcome, quantity: f.volume.quantity, unit: f.volume.unit })),
  };
  const score = round((onTime.estimate + firstPass.estimate + accuracy.estimate + (rating.estimate - 1) / 4) / 4, 4);
  return { onTime, firstPass, accuracy, rating, volume, score, hasRecord: orders.length > 0 };
}

/** One contract of a buyer as its record reads it: ended, or still running (then only its payments count). */
export type BuyerOrderFacts = {
  orderId: string;
  title: string;
  outcome: 'completed' | 'terminated' | 'running';
  /** null while it runs */
  endedAt: string | null;
  /** its milestones' payments */
  payments: readonly PaymentHistoryItem[];
  /** the vendor's review of the buyer per dimension, once revealed; null otherwise */
  ratings: { clarity: number; paymentTimeliness: number; communication: number } | null;
};

/** The market's mean stars per dimension of vendors' reviews of buyers. */
export type BuyerPrior = { clarity: number; paymentTimeliness: number; communication: number; strength: number };

/** An order's part in the payment record. */
export type PaymentItem = { orderId: string; title: string } & Omit<BuyerPaymentRecord, 'onTimeRate' | 'averageDaysLate'>;

/** A buyer's record: how it paid (counted per milestone payment), and how vendors rated it. */
export type BuyerTrackRecord = {
  payment: BuyerPaymentRecord & { items: PaymentItem[] };
  clarity: StarsFigure;
  paymentTimeliness: StarsFigure;
  communication: StarsFigure;
  orders: number;
  hasRecord: boolean;
};

const BUYER_DIMENSIONS = ['clarity', 'paymentTimeliness', 'communication'] as const;

/** The market's prior for buyers' ratings: every revealed vendor review pooled (3 stars when none). */
export function buyerMarketPrior(all: readonly BuyerOrderFacts[], strength = PRIOR_STRENGTH): BuyerPrior {
  const rated = all.flatMap((f) => (f.ratings ? [f.ratings] : []));
  const mean = (d: (typeof BUYER_DIMENSIONS)[number]) => pooled(sum(rated.map((r) => r[d])), rated.length, FALLBACK_PRIOR.stars);
  return { clarity: mean('clarity'), paymentTimeliness: mean('paymentTimeliness'), communication: mean('communication'), strength };
}

/**
 * A buyer's record at `now`. Payment punctuality is a plain count (a payment counts once paid or overdue, see
 * buyerPaymentRecord): unlike a rating it is a fact the buyer controls entirely, so it is shown unsmoothed.
 */
export function buyerTrackRecord(facts: readonly BuyerOrderFacts[], prior: BuyerPrior, now: Date): BuyerTrackRecord {
  // running first, then newest ended first
  const key = (f: BuyerOrderFacts) => f.endedAt ?? '9999';
  const orders = [...facts].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : a.orderId.localeCompare(b.orderId)));
  const overall = buyerPaymentRecord(orders.flatMap((f) => f.payments), now);
  const items: PaymentItem[] = orders
    .map((f) => {
      const { onTimeRate: _r, averageDaysLate: _d, ...counts } = buyerPaymentRecord(f.payments, now);
      return { orderId: f.orderId, title: f.title, ...counts };
    })
    .filter((i) => i.counted > 0);
  const stars = (d: (typeof BUYER_DIMENSIONS)[number]) =>
    starsFigure(orders.flatMap((f) => (f.ratings ? [{ orderId: f.orderId, title: f.title, stars: f.ratings[d] }] : [])), prior[d], prior.strength);
  return {
    payment: { ...overall, items },
    clarity: stars('clarity'),
    paymentTimeliness: stars('paymentTimeliness'),
    communication: stars('communication'),
    orders: orders.filter((f) => f.outcome !== 'running').length,
    hasRecord: orders.length > 0,
  };
}
