import { ListingCuration } from './curation.ts';
import {
  BIDDING_MODES, BID_STATUSES, CERTIFICATIONS, GBT2828_AQLS, MAX_FIXED_SAMPLE, MAX_MARGIN_PERCENT, MODALITIES, ORDER_STATUSES, type OrderViewerAction, SECURITY_LEVELS, TASK_TYPES,
  VOLUME_UNITS, WORK_LOCATIONS,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page, PositiveFen } from './common.ts';
import { longText, multiLine, singleLine } from './text.ts';
import { FacetCounts, SearchOrdersFilters, budgetInOrder } from './search.ts';
import { ATTACHMENT_KINDS, MAX_DESCRIPTION_CHARS, MY_ORDER_SORTS, ORDER_SEARCH_SORTS } from './vocabulary.ts';

/** A published order as the public listing shows it (no confidential fields). */
export const OrderListItem = z.object({
  id: Id,
  title: z.string(),
  /** the buyer's organisation name, when the listing joins it */
  buyerName: z.string().optional(),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  status: z.enum(ORDER_STATUSES),
  budgetTotalFen: z.number().int().nullable(),
  bidDeadline: IsoDateTime.nullable(),
  publishedAt: IsoDateTime.nullable(),
});
export type OrderListItem = z.infer<typeof OrderListItem>;
export const OrderListQuery = z.object({ cursor: Cursor.optional(), limit: Limit });

// ---------------------------------------------------------------------------------------------------------
// The marketplace (DESIGN §2.2–2.5)

/** Longest time from now to the bid deadline (one year); the delivery deadline may lie two years out. */
const Deadline = IsoDateTime;

export const Volume = z.object({
  quantity: z.number().int('a whole number').min(1).max(1_000_000_000_000),
  unit: z.enum(VOLUME_UNITS),
});
export type Volume = z.infer<typeof Volume>;

const Confidence = z.union([z.literal(90), z.literal(95), z.literal(99)]);

/**
 * How the buyer inspects each delivered batch (the order's `samplingRule`): a fixed number of items, a
 * statistical plan (sample size from the batch size, expected accuracy, margin and confidence), or a
 * GB/T 2828.1 single sampling plan (normal inspection, general level II) at an AQL in percent
 * nonconforming. The arithmetic is `samplingPlan` in the domain.
 */
export const AcceptanceRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), sampleSize: z.number().int().min(1).max(MAX_FIXED_SAMPLE) }),
  z.strictObject({
    kind: z.literal('statistical'),
    /** the accuracy the buyer expects, in percent (the closer to 100, the smaller the sample) */
    expectedAccuracy: z.number().gt(0).lt(100).multipleOf(0.01),
    /** the margin of error, in percentage points */
    marginPercent: z.number().gt(0).max(MAX_MARGIN_PERCENT).multipleOf(0.01),
    confidence: Confidence,
  }),
  z.strictObject({ kind: z.literal('gbt2828'), aql: z.union(GBT2828_AQLS.map((a) => z.literal(a))) }),
]);
export type AcceptanceRule = z.infer<typeof AcceptanceRule>;

const Percent = z.number().gt(0, 'above 0').max(100, 'at most 100').multipleOf(0.01, 'at most two decimals');
const Tag = singleLine(1, 30);
const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;

/** The terms a buyer writes (every one optional while drafting; submit checks that all are there). */
const OrderFields = {
  title: singleLine(2, 200),
  description: longText(MAX_DESCRIPTION_CHARS),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)).min(1).max(TASK_TYPES.length).refine(unique, 'task types repeat'),
  volume: Volume,
  unitPriceCeilingFen: PositiveFen,
  budgetTotalFen: PositiveFen,
  biddingMode: z.enum(BIDDING_MODES),
  questionsCloseAt: Deadline,
  bidDeadline: Deadline,
  deliveryDeadline: Deadline,
  accuracyTarget: Percent,
  samplingRule: AcceptanceRule,
  securityLevel: z.enum(SECURITY_LEVELS),
  containsPersonalInfo: z.boolean(),
  workLocation: z.enum(WORK_LOCATIONS),
  requiredCertifications: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length).refine(unique, 'certifications repeat'),
  minHeadcount: z.number().int().min(0).max(100_000),
  requiresSecureRoom: z.boolean(),
  tags: z.array(Tag).max(10),
  catalogueEntryId: Id,
};

/** POST /orders: a new draft. Title and modality are needed to save; the rest may follow. */
export const CreateOrderRequest = z.strictObject({
  ...OrderFields,
  description: OrderFields.description.default(''),
  volume: Volume.nullable().optional(),
  unitPriceCeilingFen: PositiveFen.nullable().optional(),
  budgetTotalFen: PositiveFen.nullable().optional(),
  biddingMode: OrderFields.biddingMode.optional(),
  taskTypes: OrderFields.taskTypes.optional(),
  questionsCloseAt: Deadline.nullable().optional(),
  bidDeadline: Deadline.nullable().optional(),
  deliveryDeadline: Deadline.nullable().optional(),
  accuracyTarget: Percent.nullable().optional(),
  samplingRule: AcceptanceRule.nullable().optional(),
  securityLevel: OrderFields.securityLevel.optional(),
  containsPersonalInfo: z.boolean().optional(),
  workLocation: OrderFields.workLocation.optional(),
  requiredCertifications: OrderFields.requiredCertifications.optional(),
  minHeadcount: OrderFields.minHeadcount.optional(),
  requiresSecureRoom: z.boolean().optional(),
  tags: OrderFields.tags.optional(),
  catalogueEntryId: Id.nullable().optional(),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;

/**
 * PATCH /orders/{id}: changes to a draft, or an amendment of an open order (logged; existing bids must
 * be re-confirmed; the bid deadline must leave the minimum bidding window). null clears a field.
 */
/** Why an open order is amended (its fields or its files), shown to the bidders. */
export const AmendmentReason = multiLine(2, 500);

export const UpdateOrderRequest = z
  .strictObject({
    title: OrderFields.title,
    description: OrderFields.description,
    modality: OrderFields.modality,
    taskTypes: OrderFields.taskTypes,
    volume: Volume.nullable(),
    unitPriceCeilingFen: PositiveFen.nullable(),
    budgetTotalFen: PositiveFen.nullable(),
    biddingMode: OrderFields.biddingMode,
    questionsCloseAt: Deadline.nullable(),
    bidDeadline: Deadline.nullable(),
    deliveryDeadline: Deadline.nullable(),
    accuracyTarget: Percent.nullable(),
    samplingRule: AcceptanceRule.nullable(),
    securityLevel: OrderFields.securityLevel,
    containsPersonalInfo: z.boolean(),
    workLocation: OrderFields.workLocation,
    requiredCertifications: OrderFields.requiredCertifications,
    minHeadcount: OrderFields.minHeadcount,
    requiresSecureRoom: z.boolean(),
    tags: OrderFields.tags,
    catalogueEntryId: Id.nullable(),
    amendmentReason: AmendmentReason,
  })
  .partial()
  .refine((o) => Object.keys(o).some((k) => k !== 'amendmentReason'), { message: 'nothing to change' });
export type UpdateOrderRequest = z.infer<typeof UpdateOrderRequest>;

/** A reason, for cancel, reject, disqualify. */
export const ReasonRequest = z.strictObject({ reason: multiLine(2, 500) });
export type ReasonRequest = z.infer<typeof ReasonRequest>;

/** POST /admin/orders/{id}/review */
export const ReviewOrderRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), reason: multiLine(2, 500).optional() }),
  z.strictObject({ decision: z.literal('reject'), reason: multiLine(2, 500) }),
]);
export type ReviewOrderRequest = z.infer<typeof ReviewOrderRequest>;

export const Attachment = z.object({
  id: Id,
  kind: z.enum(ATTACHMENT_KINDS),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: IsoDateTime,
  /** where to download it (signed-in callers who may see the order) */
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** The public award notice (中标公示): winner, price and reason, during and after the publicity window. */
export const AwardNotice = z.object({
  id: Id,
  bidId: Id,
  vendorOrgId: Id,
  vendorName: z.string(),
  totalPriceFen: z.number().int(),
  unitPriceFen: z.number().int(),
  reason: z.string(),
  awardedAt: IsoDateTime,
  publicityEndsAt: IsoDateTime,
  /** publicity: objections may be filed; final: the window ended without an upheld objection */
  state: z.enum(['publicity', 'final']),
});
export type AwardNotice = z.infer<typeof AwardNotice>;

/** What the caller may do with the order now: packages/domain `allowedActions` (the web shows buttons from it; the API checks again). */
export const OrderPermissions = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  cancel: z.boolean(),
  review: z.boolean(),
  ask: z.boolean(),
  answer: z.boolean(),
  bid: z.boolean(),
  /** change or withdraw the caller's live bid */
  changeBid: z.boolean(),
  /** confirm the caller's bid under amended terms */
  reconfirm: z.boolean(),
  seeBids: z.boolean(),
  disqualify: z.boolean(),
  award: z.boolean(),
  object: z.boolean(),
} satisfies Record<OrderViewerAction, z.ZodBoolean>);
export type OrderPermissions = z.infer<typeof OrderPermissions>;

/** The catalogue entry an order was started from, as the order shows it. */
export const OrderCatalogueLink = z.object({ id: Id, code: z.string(), title: z.string() });
export type OrderCatalogueLink = z.infer<typeof OrderCatalogueLink>;

/** An order as the API shows it. Terms still missing in a draft are null. */
export const Order = z.object({
  id: Id,
  buyerOrgId: Id,
  buyerName: z.string(),
  title: z.string(),
  /** the Markdown as written */
  description: z.string(),
  /** the Markdown rendered and sanitised */
  descriptionHtml: z.string(),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  volume: Volume.nullable(),
  unitPriceCeilingFen: z.number().int().nullable(),
  budgetTotalFen: z.number().int().nullable(),
  currency: z.literal('CNY'),
  biddingMode: z.enum(BIDDING_MODES),
  questionsCloseAt: IsoDateTime.nullable(),
  bidDeadline: IsoDateTime.nullable(),
  deliveryDeadline: IsoDateTime.nullable(),
  accuracyTarget: z.number().nullable(),
  samplingRule: AcceptanceRule.nullable(),
  securityLevel: z.enum(SECURITY_LEVELS),
  containsPersonalInfo: z.boolean(),
  workLocation: z.enum(WORK_LOCATIONS),
  requiredCertifications: z.array(z.enum(CERTIFICATIONS)),
  minHeadcount: z.number().int(),
  requiresSecureRoom: z.boolean(),
  tags: z.array(z.string()),
  catalogueEntryId: Id.nullable(),
  /** the catalogue entry it was started from (null: none, or one the caller may not see: no longer published) */
  catalogueEntry: OrderCatalogueLink.nullable(),
  /** as of the request: a passed deadline already counts, whether or not the scheduler ran */
  status: z.enum(ORDER_STATUSES),
  reviewReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  submittedAt: IsoDateTime.nullable(),
  publishedAt: IsoDateTime.nullable(),
  publicityEndsAt: IsoDateTime.nullable(),
  awardWindowEndsAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: z.number().int(),
  attachments: z.array(Attachment),
  /** live bids (public, also while sealed) */
  bidCount: z.number().int(),
  questionCount: z.number().int(),
  amendmentCount: z.number().int(),
  award: AwardNotice.nullable(),
  /** the caller's own bid (vendors) */
  myBid: z.object({ id: Id, status: z.enum(BID_STATUSES), revision: z.number().int() }).nullable(),
  permissions: OrderPermissions,
  /** a vendor caller: why it may not bid on this order (domain bidEligibility; empty when it may); others: [] */
  ineligible: z.array(z.looseObject({ code: z.string() })),
  /** the secretariat's curation, for its owner and the secretariat (absent for others and when never curated) */
  curation: ListingCuration.optional(),
});
export type Order = z.infer<typeof Order>;

/** The search parameters of GET /orders that the buyer's own list (`scope=mine`) does not take. */
const SEARCH_ONLY = ['q', 'modality', 'taskTypes', 'taskType', 'securityLevel', 'county', 'budgetMin', 'budgetMax', 'deadlineBefore'] as const;

/**
 * GET /orders. Published orders (default): the order search — text, typed filters, sort and facet counts, as
 * GET /search/orders (`taskType` is one more task type). `scope=mine`: the caller's own orders from the database
 * (buyers, any status, drafts too), filtered by `status`, sorted newest created (default), last updated or bid
 * deadline soonest.
 */
export const OrderSearchQuery = SearchOrdersFilters.extend({
  scope: z.enum(['published', 'mine']).default('published'),
  taskType: z.enum(TASK_TYPES).optional(),
  sort: z.enum([...ORDER_SEARCH_SORTS, 'updated']).optional(),
})
  .refine((q) => q.scope === 'mine' || q.sort !== 'updated', { path: ['sort'], message: 'published orders sort by relevance, newest, deadline or budget' })
  .refine((q) => q.scope === 'published' || q.sort === undefined || (MY_ORDER_SORTS as readonly string[]).includes(q.sort), {
    path: ['sort'], message: 'your own orders sort by newest, updated or deadline',
  })
  .refine((q) => q.scope === 'published' || SEARCH_ONLY.every((k) => q[k] === undefined), {
    path: ['scope'], message: 'your own orders filter by status only; search applies to published orders',
  })
  .superRefine(budgetInOrder);
export type OrderSearchQuery = z.infer<typeof OrderSearchQuery>;

/**
 * The answer of GET /orders: a page of orders; for published orders also the total and the facet counts (null
 * for the buyer's own list, and when search is down and the plain list straight from the database answers).
 */
export const OrderListing = z.object({
  items: z.array(OrderListItem.extend({ highlight: z.record(z.string(), z.string()).optional() })),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
  facets: FacetCounts.nullable(),
});
export type OrderListing = z.infer<typeof OrderListing>;

/** The secretariat's review queue: orders waiting, oldest submission first. */
export const ReviewQueueItem = OrderListItem.extend({ submittedAt: IsoDateTime.nullable() });
export const ReviewQueue = Page(ReviewQueueItem);
export type ReviewQueue = z.infer<typeof ReviewQueue>;
