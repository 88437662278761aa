import { BID_STATUSES, OBJECTION_STATUSES, ORG_KINDS } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Fen, Id, IsoDateTime, Limit, Page, PositiveFen } from './common.ts';
import { longText, multiLine, singleLine } from './text.ts';
import { Attachment } from './orders.ts';
import { TrackRecordSummary } from './reviews.ts';
import { MAX_PROPOSAL_CHARS, MY_BID_SORTS } from './vocabulary.ts';

// Bids, questions, comparison, award, objections, notifications and the order timeline (DESIGN §2.3–2.5, §2.9).

/** One line of an itemised quote. */
export const QuoteLine = z.strictObject({
  item: singleLine(1, 200),
  quantity: z.number().int().min(1).max(1_000_000_000_000),
  unit: singleLine(1, 20),
  unitPriceFen: Fen,
  amountFen: Fen,
});
export type QuoteLine = z.infer<typeof QuoteLine>;

const Accuracy = z.number().gt(0, 'above 0').max(100, 'at most 100').multipleOf(0.01, 'at most two decimals');

/** POST /orders/{id}/bids: a vendor's offer. */
export const CreateBidRequest = z.strictObject({
  totalPriceFen: PositiveFen,
  unitPriceFen: PositiveFen,
  deliveryDays: z.number().int().min(1).max(730),
  teamSize: z.number().int().min(1).max(100_000),
  committedAccuracy: Accuracy,
  proposal: longText(MAX_PROPOSAL_CHARS).default(''),
  quoteLines: z.array(QuoteLine).max(50).default([]),
});
export type CreateBidRequest = z.infer<typeof CreateBidRequest>;

/** PATCH /orders/{id}/bids/mine: a new revision (fields left out stay). Re-confirms a bid that needed it. */
export const UpdateBidRequest = z
  .strictObject({
    totalPriceFen: PositiveFen,
    unitPriceFen: PositiveFen,
    deliveryDays: z.number().int().min(1).max(730),
    teamSize: z.number().int().min(1).max(100_000),
    committedAccuracy: Accuracy,
    proposal: longText(MAX_PROPOSAL_CHARS),
    quoteLines: z.array(QuoteLine).max(50),
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change' });
export type UpdateBidRequest = z.infer<typeof UpdateBidRequest>;

/** The amounts and offer of a bid: shown only to whom DESIGN §2.3 allows. */
export const BidOffer = z.object({
  totalPriceFen: z.number().int(),
  unitPriceFen: z.number().int(),
  deliveryDays: z.number().int(),
  teamSize: z.number().int(),
  committedAccuracy: z.number(),
  proposal: z.string(),
  proposalHtml: z.string(),
  quoteLines: z.array(QuoteLine),
});
export type BidOffer = z.infer<typeof BidOffer>;

/** A file of a bid (technical proposal, quote, certificates): shown to whom the bid's amounts are shown. */
export const BidAttachment = Attachment.omit({ kind: true });
export type BidAttachment = z.infer<typeof BidAttachment>;

export const Bid = z.object({
  id: Id,
  orderId: Id,
  vendorOrgId: Id,
  vendorName: z.string(),
  status: z.enum(BID_STATUSES),
  revision: z.number().int(),
  submittedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  reconfirmedAt: IsoDateTime.nullable(),
  withdrawnAt: IsoDateTime.nullable(),
  disqualifiedReason: z.string().nullable(),
  /** null where the caller may not see amounts (sealed before the deadline; open mode to others) */
  offer: BidOffer.nullable(),
  /** the bid's files, where the offer is shown (GET /orders/{id}/bids and the caller's own bid) */
  attachments: z.array(BidAttachment).optional(),
});
export type Bid = z.infer<typeof Bid>;

/** One revision of the caller's own bid. */
export const BidRevision = z.object({ revision: z.number().int(), createdAt: IsoDateTime, offer: BidOffer });
/** GET /orders/{id}/bids/mine: the caller's live bid with its revision history. */
export const MyBid = Bid.extend({ revisions: z.array(BidRevision), attachments: z.array(BidAttachment) });
export type MyBid = z.infer<typeof MyBid>;

/** GET /orders/{id}/bids: buyer and secretariat, once amounts may be seen. */
export const BidList = z.object({ items: z.array(Bid), count: z.number().int() });
export type BidList = z.infer<typeof BidList>;

/** A vendor's bids across orders (its dashboard). */
export const MyBidsItem = Bid.extend({ orderTitle: z.string(), orderStatus: z.string(), bidDeadline: IsoDateTime.nullable() });
export const MyBidsList = Page(MyBidsItem);
export type MyBidsList = z.infer<typeof MyBidsList>;
/** GET /me/bids: optionally of one bid status; last submitted first (default), or the order's bid deadline soonest first. */
export const MyBidsQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  status: z.enum(BID_STATUSES).optional(),
  sort: z.enum(MY_BID_SORTS).optional(),
});
export type MyBidsQuery = z.infer<typeof MyBidsQuery>;

// ---------------------------------------------------------------------------------------------------------

export const CreateQuestionRequest = z.strictObject({ body: multiLine(2, 2000) });
export const AnswerQuestionRequest = z.strictObject({ answer: multiLine(1, 5000) });

/** A question with its answer; the asker is named only to the buyer, the secretariat and the asker. */
export const Question = z.object({
  id: Id,
  orderId: Id,
  body: z.string(),
  answer: z.string().nullable(),
  answeredAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  /** asked by the caller's organisation */
  mine: z.boolean(),
  askerName: z.string().nullable(),
});
export type Question = z.infer<typeof Question>;
export const QuestionList = z.object({ items: z.array(Question) });

// ---------------------------------------------------------------------------------------------------------

const Weight = z.coerce.number().min(0).max(100);
/** GET /orders/{id}/comparison?price=&quality=&capability=&trackRecord= — the buyer's weights (defaults apply). */
export const ComparisonQuery = z.object({
  price: Weight.optional(),
  quality: Weight.optional(),
  capability: Weight.optional(),
  trackRecord: Weight.optional(),
});
export const ScoreWeights = z.object({ price: z.number(), quality: z.number(), capability: z.number(), trackRecord: z.number() });
const ScorePart = z.object({ raw: z.number(), points: z.number() });
export const ComparisonRow = z.object({
  bid: Bid,
  /** 0–1: coverage of the order's modality, task types and headcount by the vendor's profile */
  capabilityFit: z.number(),
  /** 0–1: the vendor's track-record score (its figures smoothed towards the market's; a newcomer has the market's) */
  trackRecord: z.number(),
  /** the figures behind it; the vendor's full record is at /organisations/{vendorOrgId}/track-record */
  record: TrackRecordSummary,
  score: z.object({
    total: z.number(),
    rank: z.number().int(),
    parts: z.object({ price: ScorePart, quality: ScorePart, capability: ScorePart, trackRecord: ScorePart }),
  }),
});
export const Comparison = z.object({
  orderId: Id,
  accuracyTarget: z.number().nullable(),
  weights: ScoreWeights,
  rows: z.array(ComparisonRow),
  /** bids shown but not scored (awaiting re-confirmation, disqualified) */
  unscored: z.array(Bid),
});
export type Comparison = z.infer<typeof Comparison>;

export const AwardRequest = z.strictObject({ bidId: Id, reason: multiLine(2, 1000) });
export type AwardRequest = z.infer<typeof AwardRequest>;

// ---------------------------------------------------------------------------------------------------------

export const CreateObjectionRequest = z.strictObject({ body: multiLine(10, 5000) });
export const DecideObjectionRequest = z.strictObject({ decision: z.enum(['uphold', 'reject']), reason: multiLine(2, 1000) });
export type DecideObjectionRequest = z.infer<typeof DecideObjectionRequest>;

export const Objection = z.object({
  id: Id,
  orderId: Id,
  orderTitle: z.string(),
  awardId: Id,
  objectorOrgId: Id,
  objectorName: z.string(),
  body: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  decisionReason: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Objection = z.infer<typeof Objection>;
export const ObjectionList = Page(Objection);
export const ObjectionQueueQuery = z.object({
  status: z.enum(OBJECTION_STATUSES).default('pending'),
  cursor: Cursor.optional(),
  limit: Limit,
});

// ---------------------------------------------------------------------------------------------------------

export const NOTIFICATION_KINDS = [
  'order_submitted', 'order_approved', 'order_rejected', 'order_amended', 'order_cancelled', 'order_unsuccessful',
  'question_asked', 'question_answered', 'bid_received', 'deadline_soon', 'bidding_closed', 'award_made',
  'bid_awarded', 'bid_not_awarded', 'bid_disqualified', 'objection_filed', 'objection_decided', 'award_final',
  // matching (payload {orderTitle, score}) and saved-search alerts (payload {orderTitle, searchName, savedSearchId})
  'order_match', 'saved_search_match',
  // an order started from a catalogue entry was published: to the vendors interested in the entry
  // (payload {orderTitle, entryId, entryCode, entryTitle})
  'catalogue_order_published',
  // policy cases (payload {caseId, serviceName, orgName, status?, materialName?, reason?})
  'policy_case_opened', 'policy_case_status', 'policy_material_uploaded', 'policy_material_reviewed', 'policy_case_message',
  // delivery and acceptance of a milestone's batch (payload {orderTitle, milestoneId, milestoneName, attempt, …}):
  // batch_accepted carries `how` (buyer, review_window, secretariat), batch_rejected and the dispute ones a reason
  'batch_delivered', 'batch_inspection_started', 'batch_accepted', 'batch_rejected', 'batch_auto_accept_soon', 'batch_disputed',
  'batch_dispute_decided',
  // payment tracking of a milestone (payload {orderTitle, milestoneId, milestoneName, amountFen, dueOn, …})
  'payment_invoiced', 'payment_paid', 'payment_confirmed', 'payment_due_soon', 'payment_overdue', 'payment_disputed',
  'payment_dispute_decided',
  // every milestone accepted and paid: the order is completed (payload {orderTitle})
  'order_completed',
  // reviews after a contract ended (payload {orderTitle, side?, revealed?, closesAt?}); never a review's stars or words
  'review_requested', 'review_window_closing', 'review_received', 'reviews_revealed', 'review_replied',
  // contracts (payload {orderTitle, number?, outcome?, reason?, message?}); outcome: accepted | declined | withdrawn
  'contract_proposed', 'contract_changes_requested', 'contract_active', 'change_order_proposed', 'change_order_decided',
  'termination_proposed', 'termination_decided', 'contract_terminated',
  // API tokens of the organisation (payload {tokenId, tokenName, by}): created or revoked by an owner
  'api_token_created', 'api_token_revoked',
  // a webhook subscription kept failing and was disabled (payload {subscriptionId, url, failures, lastError}): to the owners
  'webhook_disabled',
  // the alliance's announcements and events (payload {announcementId, title} or {eventId, title, startsAt, reason?}):
  // published to their audience, a seat given from the waitlist, an event cancelled (to who registered or waited)
  'announcement_published', 'event_published', 'event_promoted', 'event_cancelled',
  // the secretariat featured, unfeatured, hid or unhid the organisation's listing (payload {listingKind, listingId, title,
  // action, reason})
  'listing_curated',
  // alliance membership (payload {orgName, status?, tier?, memberNo?, reason?}): an application to the secretariat, a
  // decision (approved, rejected, suspended, reinstated) to the organisation
  'membership_applied', 'membership_decided',
  // quarterly statistics (payload {periodId, quarter, dueOn, reason?, orgName?, version?}): a period opened or reopened
  // (to the members that must file), reminders before the due date and to late filers, a correction (to the secretariat)
  'statistics_period_opened', 'statistics_period_reopened', 'statistics_due_soon', 'statistics_overdue', 'statistics_report_corrected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const Notification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  orderId: Id.nullable(),
  /** facts for the message (order title, counts, outcome); never a sealed amount */
  payload: z.record(z.string(), z.unknown()),
  readAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Notification = z.infer<typeof Notification>;
export const NotificationList = z.object({ items: z.array(Notification), nextCursor: z.string().nullable(), unreadCount: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;
export const NotificationQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
/** POST /notifications/read: the given ones, or all. */
export const MarkNotificationsRead = z.union([
  z.strictObject({ ids: z.array(z.string().regex(/^\d{1,15}$/)).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkNotificationsRead = z.infer<typeof MarkNotificationsRead>;
export const UnreadCount = z.object({ unreadCount: z.number().int() });

// ---------------------------------------------------------------------------------------------------------

/** One state change of an order, as its participants see it. */
export const TimelineEntry = z.object({
  id: z.string(),
  at: IsoDateTime,
  /** e.g. order.submitted, order.approved, order.amended, bid.submitted, award.made, objection.decided */
  action: z.string(),
  actor: z.object({
    kind: z.enum([...ORG_KINDS, 'system']),
    /** hidden (null) where naming the organisation would reveal a bidder to others */
    orgName: z.string().nullable(),
    userName: z.string().nullable(),
  }),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  reason: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const Timeline = z.object({ items: z.array(TimelineEntry) });
export type Timeline = z.infer<typeof Timeline>;
