import { BUYER_REVIEW_DIMENSIONS, MAX_STARS, MIN_STARS, VENDOR_REVIEW_DIMENSIONS, VOLUME_UNITS } from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';

/** Longest review text and reply (the database checks the same). */
export const MAX_REVIEW_LENGTH = 4000;
export const MAX_REVIEW_REPLY_LENGTH = 2000;

const Stars = z.number().int().min(MIN_STARS).max(MAX_STARS);
/** Every dimension either side rates; which ones a review must rate depends on its author's side. */
export const REVIEW_DIMENSIONS = [...new Set([...VENDOR_REVIEW_DIMENSIONS, ...BUYER_REVIEW_DIMENSIONS])] as const;
const Side = z.enum(['buyer', 'vendor']);

/**
 * POST /orders/{id}/contract/reviews: the caller's side reviews the other — the buyer rates the vendor's quality,
 * timeliness and communication; the vendor rates the buyer's clarity, paymentTimeliness and communication.
 */
export const SubmitReviewRequest = z.strictObject({
  ratings: z.partialRecord(z.enum(REVIEW_DIMENSIONS as unknown as [string, ...string[]]), Stars),
  body: z.string().trim().min(1).max(MAX_REVIEW_LENGTH),
});
export type SubmitReviewRequest = z.infer<typeof SubmitReviewRequest>;

/** POST /orders/{id}/contract/reviews/{side}/reply: the reviewed side answers the review once. */
export const ReviewReplyRequest = z.strictObject({ body: z.string().trim().min(1).max(MAX_REVIEW_REPLY_LENGTH) });
export type ReviewReplyRequest = z.infer<typeof ReviewReplyRequest>;

export const ReviewSideParam = z.object({ side: Side });

export const Review = z.object({
  id: Id,
  authorSide: Side,
  authorName: z.string(),
  ratings: z.record(z.string(), Stars),
  /** the mean of the ratings */
  stars: z.number(),
  body: z.string(),
  submittedAt: IsoDateTime,
  reply: z.object({ body: z.string(), repliedAt: IsoDateTime }).nullable(),
});
export type Review = z.infer<typeof Review>;

/** One side's review: whether it is in (always shown), and the review itself once the viewer may read it. */
const ReviewSlot = z.object({ submitted: z.boolean(), review: Review.nullable() });

/** The reviews of an order's contract as the viewer may see them (double-blind until both are in or the window closes). */
export const ContractReviews = z.object({
  orderId: Id,
  contractId: Id,
  contractStatus: z.string(),
  /** the 14 days after the contract ended; null while it runs */
  window: z.object({ opensAt: IsoDateTime, closesAt: IsoDateTime }).nullable(),
  revealed: z.boolean(),
  /** the viewer's side, or null (the secretariat) */
  viewerSide: Side.nullable(),
  buyer: ReviewSlot,
  vendor: ReviewSlot,
  /** what the viewer may do now */
  actions: z.object({ submit: z.boolean(), reply: z.boolean() }),
  /** the dimensions the viewer's review rates (empty for the secretariat) */
  dimensions: z.array(z.string()),
});
export type ContractReviews = z.infer<typeof ContractReviews>;

// ---------------------------------------------------------------------------------------------------------
// Track records (packages/domain track-record.ts): every figure with the orders it counted.

const RateItem = z.object({ orderId: Id, title: z.string(), good: z.number(), count: z.number() });
const RateFigure = z.object({
  good: z.number(),
  count: z.number(),
  observed: z.number().nullable(),
  prior: z.number(),
  strength: z.number(),
  estimate: z.number(),
  items: z.array(RateItem),
});
const StarsFigure = z.object({
  count: z.number(),
  observed: z.number().nullable(),
  prior: z.number(),
  strength: z.number(),
  estimate: z.number(),
  items: z.array(z.object({ orderId: Id, title: z.string(), stars: z.number() })),
});
const Outcome = z.enum(['completed', 'terminated']);

/** How the accuracy figure is measured: said in the OpenAPI document and, in words, beside the figure on the web. */
const ACCURACY_EXPLAINED =
  "Orders whose measured accuracy reached the vendor's committed accuracy. An order's measured accuracy pools the samples of " +
  'the inspections that finally accepted each batch (1 − errors ÷ items sampled); a rejected attempt is not counted here, its ' +
  'rework is counted in first-pass acceptance. Batches accepted without a sample (the review window ended) add nothing.';

export const VendorTrackRecord = z.object({
  orgId: Id,
  kind: z.literal('vendor'),
  onTime: RateFigure,
  firstPass: RateFigure.describe('Accepted batches accepted at their first delivery, without rework.'),
  accuracy: RateFigure.extend({
    meanCommitted: z.number().nullable(),
    meanMeasured: z.number().nullable(),
    accuracyItems: z.array(z.object({ orderId: Id, title: z.string(), committed: z.number(), measured: z.number(), met: z.boolean() })),
  }).describe(ACCURACY_EXPLAINED),
  rating: StarsFigure,
  volume: z.object({
    completed: z.number(),
    terminated: z.number(),
    byUnit: z.array(z.object({ unit: z.enum(VOLUME_UNITS), quantity: z.number() })),
    items: z.array(z.object({ orderId: Id, title: z.string(), outcome: Outcome, quantity: z.number(), unit: z.enum(VOLUME_UNITS) })),
  }),
  /** 0–1, what the bid comparison's track-record weight multiplies */
  score: z.number(),
  hasRecord: z.boolean(),
});
export type VendorTrackRecord = z.infer<typeof VendorTrackRecord>;

export const BuyerTrackRecord = z.object({
  orgId: Id,
  kind: z.literal('buyer'),
  payment: z.object({
    counted: z.number(),
    onTime: z.number(),
    late: z.number(),
    onTimeRate: z.number().nullable(),
    averageDaysLate: z.number().nullable(),
    overdueNow: z.number(),
    items: z.array(z.object({ orderId: Id, title: z.string(), counted: z.number(), onTime: z.number(), late: z.number(), overdueNow: z.number() })),
  }),
  clarity: StarsFigure,
  paymentTimeliness: StarsFigure,
  communication: StarsFigure,
  orders: z.number(),
  hasRecord: z.boolean(),
});
export type BuyerTrackRecord = z.infer<typeof BuyerTrackRecord>;

/** The figures of a vendor's record the bid comparison shows beside its score (all estimates, with the prior). */
export const TrackRecordSummary = z.object({
  hasRecord: z.boolean(),
  score: z.number(),
  onTime: z.number(),
  firstPass: z.number(),
  accuracyMet: z.number(),
  stars: z.number(),
  /** revealed reviews counted */
  ratings: z.number(),
  completed: z.number(),
});
export type TrackRecordSummary = z.infer<typeof TrackRecordSummary>;

/** GET /organisations/{id}/track-record: a vendor's or a buyer's, by the organisation's kind. */
export const TrackRecord = z.discriminatedUnion('kind', [VendorTrackRecord, BuyerTrackRecord]);
export type TrackRecord = z.infer<typeof TrackRecord>;
