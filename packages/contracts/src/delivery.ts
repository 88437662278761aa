import { DELIVERY_STATUSES, PAYMENT_STATUSES } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Fen, Id, IsoDate, IsoDateTime, Limit, Page } from './common.ts';
import { longText, multiLine, singleLine } from './text.ts';

// Delivery of a contract milestone's batches, acceptance by sampling, payment tracking (DESIGN §2.5).

/** A batch's item count: at least one, at most a billion. */
const ItemCount = z.number().int().min(1).max(1_000_000_000);
/** Optional optimistic-concurrency guard: the version the caller last read. */
const Version = z.number().int().min(1).optional();
const Reason = multiLine(1, 5000);

/** POST …/deliveries: the vendor's manifest of a batch (files uploaded before, or a link with its checksum). */
export const DeliverRequest = z.object({
  itemCount: ItemCount,
  fileIds: z.array(Id).max(20).default([]),
  link: z.url({ protocol: /^https?$/ }).max(2000).nullable().default(null),
  /** sha256:<hex>, sha512:<hex> or md5:<hex>, as download tools print it */
  checksum: z.string().trim().toLowerCase().max(140).nullable().default(null),
  notes: longText(5000).default(''),
  /** the vendor's own QA accuracy of the batch, in percent */
  vendorQaAccuracy: z.number().min(0).max(100).nullable().default(null),
});
export type DeliverRequest = z.infer<typeof DeliverRequest>;

/** PUT …/inspection/errors: the errors found in the sample so far (replaces the list). */
export const RecordErrorsRequest = z.object({
  errors: z.array(z.object({ itemNumber: z.number().int().min(1), note: longText(1000).default('') })).max(5000),
  version: Version,
});
export type RecordErrorsRequest = z.infer<typeof RecordErrorsRequest>;

/** POST …/decision: the buyer accepts the batch, or rejects it with reasons (the vendor then reworks). */
export const DeliveryDecisionRequest = z.object({
  decision: z.enum(['accept', 'reject']),
  reasons: longText(5000).default(''),
  version: Version,
});
export type DeliveryDecisionRequest = z.infer<typeof DeliveryDecisionRequest>;

/** POST …/dispute (a rejection, by the vendor) and POST …/payment/dispute (either side). */
export const DisputeRequest = z.object({ reason: Reason });
export type DisputeRequest = z.infer<typeof DisputeRequest>;

/** POST …/dispute/decision: the secretariat upholds the rejection (rework) or overturns it (accepted). */
export const DecideRejectionDisputeRequest = z.object({ decision: z.enum(['uphold', 'overturn']), reason: Reason });
export type DecideRejectionDisputeRequest = z.infer<typeof DecideRejectionDisputeRequest>;

/** POST …/payment/dispute/decision: the secretariat upholds a payment dispute or dismisses it. */
export const DecidePaymentDisputeRequest = z.object({ decision: z.enum(['upheld', 'dismissed']), reason: Reason });
export type DecidePaymentDisputeRequest = z.infer<typeof DecidePaymentDisputeRequest>;

/** POST …/payment/invoice: the vendor's invoice (发票号码 and date). */
export const InvoiceRequest = z.object({ invoiceNumber: singleLine(1, 64), invoiceDate: IsoDate, version: Version });
export type InvoiceRequest = z.infer<typeof InvoiceRequest>;

/** POST …/payment/pay: the buyer marks the milestone paid on a date. */
export const PayRequest = z.object({ paidOn: IsoDate, version: Version });
export type PayRequest = z.infer<typeof PayRequest>;

/** POST …/payment/confirm: the vendor confirms receipt. */
export const ConfirmPaymentRequest = z.object({ version: Version });
export type ConfirmPaymentRequest = z.infer<typeof ConfirmPaymentRequest>;

export const DeliveryFile = z.object({
  id: Id,
  milestoneId: Id,
  /** null until a delivery takes it */
  deliveryId: Id.nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: IsoDateTime,
});
export type DeliveryFile = z.infer<typeof DeliveryFile>;

const Interval = z.object({ low: z.number(), high: z.number() });

/** The inspection of a batch: the seed and the plan the sample was drawn with, the items drawn, the errors found, the measure. */
export const Inspection = z.object({
  seed: z.string(),
  rule: z.record(z.string(), z.unknown()),
  plan: z.object({
    sampleSize: z.number().int(),
    codeLetter: z.string().optional(),
    acceptNumber: z.number().int().optional(),
    rejectNumber: z.number().int().optional(),
  }),
  sampleItems: z.array(z.number().int()),
  errors: z.array(z.object({ itemNumber: z.number().int(), note: z.string() })),
  /** accuracy measured on the sample so far, its 95 % Wilson interval and the verdict the contract's rule gives */
  measured: z.object({
    sampleSize: z.number().int(),
    errors: z.number().int(),
    accuracy: z.number(),
    interval: Interval,
    verdict: z.enum(['accept', 'reject']),
    reason: z.string(),
  }),
  startedAt: IsoDateTime,
});
export type Inspection = z.infer<typeof Inspection>;

export const DeliveryDecision = z.object({
  outcome: z.enum(['accepted', 'rejected']),
  /** the buyer's decision, or the review window's (silence accepts) */
  decidedHow: z.enum(['buyer', 'review_window']),
  decidedAt: IsoDateTime,
  reasons: z.string(),
  sampleSize: z.number().int().nullable(),
  errors: z.number().int().nullable(),
  accuracy: z.number().nullable(),
  interval: Interval.nullable(),
  /** what the rule suggested when the buyer decided */
  suggested: z.enum(['accept', 'reject']).nullable(),
});

export const DISPUTE_STATUSES = ['pending', 'upheld', 'overturned', 'dismissed'] as const;
export const ImplementationDispute = z.object({
  id: Id,
  orderId: Id,
  milestoneId: Id,
  subject: z.enum(['rejection', 'payment']),
  deliveryId: Id.nullable(),
  raisedByRole: z.enum(['buyer', 'vendor']),
  reason: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  decisionReason: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type ImplementationDispute = z.infer<typeof ImplementationDispute>;

export const Delivery = z.object({
  id: Id,
  milestoneId: Id,
  /** 1 for the first batch, 2 and on for rework */
  attempt: z.number().int(),
  status: z.enum(DELIVERY_STATUSES),
  itemCount: z.number().int(),
  link: z.string().nullable(),
  checksum: z.string().nullable(),
  notes: z.string(),
  vendorQaAccuracy: z.number().nullable(),
  deliveredAt: IsoDateTime,
  /** the buyer decides before this instant; at it the batch is accepted automatically */
  reviewEndsAt: IsoDateTime,
  /** when both sides are told of the automatic acceptance (a day before) */
  autoAcceptNoticeAt: IsoDateTime,
  version: z.number().int(),
  files: z.array(DeliveryFile),
  inspection: Inspection.nullable(),
  decision: DeliveryDecision.nullable(),
  dispute: ImplementationDispute.nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const Payment = z.object({
  milestoneId: Id,
  status: z.enum(PAYMENT_STATUSES),
  amountFen: Fen,
  acceptedOn: IsoDate,
  /** acceptance + the contract's payment term (账期), calendar days */
  dueOn: IsoDate,
  overdue: z.boolean(),
  overdueSince: IsoDate.nullable(),
  invoiceNumber: z.string().nullable(),
  invoiceDate: IsoDate.nullable(),
  paidOn: IsoDate.nullable(),
  confirmedAt: IsoDateTime.nullable(),
  version: z.number().int(),
  disputes: z.array(ImplementationDispute),
});
export type Payment = z.infer<typeof Payment>;

/** A milestone's delivery and payment as its parties (and the secretariat) see it, with what the caller may do now. */
export const MilestoneImplementation = z.object({
  orderId: Id,
  milestoneId: Id,
  state: z.object({
    status: z.enum([...DELIVERY_STATUSES, 'awaiting_delivery']),
    attempts: z.number().int(),
    reworks: z.number().int(),
    accepted: z.boolean(),
  }),
  reviewWorkingDays: z.number().int(),
  deliveries: z.array(Delivery),
  /** files uploaded for the next batch, not yet delivered */
  pendingFiles: z.array(DeliveryFile),
  payment: Payment.nullable(),
  permissions: z.object({
    deliver: z.boolean(),
    uploadFile: z.boolean(),
    startInspection: z.boolean(),
    recordErrors: z.boolean(),
    accept: z.boolean(),
    reject: z.boolean(),
    dispute: z.boolean(),
    decideDispute: z.boolean(),
    invoice: z.boolean(),
    pay: z.boolean(),
    confirm: z.boolean(),
    disputePayment: z.boolean(),
    decidePaymentDispute: z.boolean(),
  }),
});
export type MilestoneImplementation = z.infer<typeof MilestoneImplementation>;

/** The buyer's payment record on its profile: paid on time, days late (see domain buyerPaymentRecord). */
export const BuyerPaymentRecord = z.object({
  counted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeRate: z.number().nullable(),
  averageDaysLate: z.number().nullable(),
  overdueNow: z.number().int(),
});
export type BuyerPaymentRecord = z.infer<typeof BuyerPaymentRecord>;

/** The secretariat's queue of implementation disputes. */
export const DisputeQueueQuery = z.object({ status: z.enum(DISPUTE_STATUSES).default('pending'), cursor: Cursor.optional(), limit: Limit });
export const DisputeQueue = Page(ImplementationDispute.extend({ orderTitle: z.string() }));
export type DisputeQueue = z.infer<typeof DisputeQueue>;

/** A contract's milestones with where each batch and payment stands, and the money in each state. */
export const ContractImplementation = z.object({
  orderId: Id,
  contractId: Id,
  contractStatus: z.string(),
  milestones: z.array(z.object({
    milestoneId: Id,
    seq: z.number().int(),
    title: z.string(),
    quantity: z.number().int(),
    amountFen: Fen,
    dueAt: IsoDateTime,
    cancelled: z.boolean(),
    status: z.enum([...DELIVERY_STATUSES, 'awaiting_delivery']),
    attempts: z.number().int(),
    reworks: z.number().int(),
    accepted: z.boolean(),
    reviewEndsAt: IsoDateTime.nullable(),
    payment: z.object({ status: z.enum(PAYMENT_STATUSES), dueOn: IsoDate, paidOn: IsoDate.nullable(), overdue: z.boolean() }).nullable(),
  })),
  /** fen of the planned milestones: in all, accepted, paid (or confirmed), overdue now */
  totals: z.object({ amountFen: Fen, acceptedFen: Fen, paidFen: Fen, overdueFen: Fen }),
  complete: z.boolean(),
});
export type ContractImplementation = z.infer<typeof ContractImplementation>;
