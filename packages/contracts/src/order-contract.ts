import {
  CONTRACT_STATUSES, CONTRACT_VERSION_STATUSES, CONTRACT_VIEWER_ACTIONS, MAX_MILESTONES, MAX_PAYMENT_TERMS_DAYS, PROPOSAL_STATUSES, VOLUME_UNITS,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page, PositiveFen } from './common.ts';
import { TimelineEntry } from './marketplace.ts';
import { multiLine, singleLine } from './text.ts';

// The contract of an awarded order (DESIGN §2.5, issue 9 item 1): terms with milestones proposed by the buyer and
// accepted by the vendor, versions with the hash each side accepted, change orders and early termination.

/** The contract's `version` as read: a write made on an older read answers 409 version_conflict. */
const ExpectedVersion = z.number().int().min(1);
const Message = multiLine(1, 2000);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

/** One batch of the work. */
export const MilestoneInput = z.strictObject({
  seq: z.number().int().min(1).max(MAX_MILESTONES),
  title: singleLine(1, 200),
  quantity: z.number().int().min(1),
  dueAt: IsoDateTime,
  /** its share of the price; the shares sum to the price exactly */
  amountFen: PositiveFen,
});
export type MilestoneInput = z.infer<typeof MilestoneInput>;

const Plan = z.array(MilestoneInput).min(1).max(MAX_MILESTONES);

/** POST /orders/{id}/contract/terms: the buyer proposes the 账期, the guideline and the milestones. */
export const ProposeTermsRequest = z.strictObject({
  version: ExpectedVersion,
  paymentTermsDays: z.number().int().min(0).max(MAX_PAYMENT_TERMS_DAYS),
  /** an attachment of the order the work follows */
  guidelineAttachmentId: Id.nullable().default(null),
  milestones: Plan,
});
export type ProposeTermsRequest = z.infer<typeof ProposeTermsRequest>;

/** POST /orders/{id}/contract/accept: the vendor accepts the proposed version, with the hash of the terms it read. */
export const AcceptTermsRequest = z.strictObject({ version: ExpectedVersion, number: z.number().int().min(1), termsHash: Sha256 });
export type AcceptTermsRequest = z.infer<typeof AcceptTermsRequest>;

/** POST /orders/{id}/contract/request-changes: the vendor asks for changes to the proposed version. */
export const RequestChangesRequest = z.strictObject({ version: ExpectedVersion, number: z.number().int().min(1), message: Message });
export type RequestChangesRequest = z.infer<typeof RequestChangesRequest>;

/** What a change order changes (at least one; each the new value). */
export const ChangeOrderChangesInput = z
  .strictObject({
    priceFen: PositiveFen.optional(),
    /** the new volume, in the contract's unit */
    volumeQuantity: z.number().int().min(1).optional(),
    deliveryDeadline: IsoDateTime.optional(),
    guidelineAttachmentId: Id.nullable().optional(),
    /** the new plan; needed whenever the price or the volume changes */
    milestones: Plan.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'name at least one change');
export type ChangeOrderChangesInput = z.infer<typeof ChangeOrderChangesInput>;

/** POST /orders/{id}/contract/change-orders: either party proposes a change to the terms in force. */
export const ProposeChangeOrderRequest = z.strictObject({ version: ExpectedVersion, changes: ChangeOrderChangesInput, reason: Message });
export type ProposeChangeOrderRequest = z.infer<typeof ProposeChangeOrderRequest>;

/** Accept, decline or withdraw a change order or a termination proposal, optionally with a message. */
export const AnswerProposalRequest = z.strictObject({ version: ExpectedVersion, message: Message.nullable().default(null) });
export type AnswerProposalRequest = z.infer<typeof AnswerProposalRequest>;

/** POST /orders/{id}/contract/termination: a party proposes ending the contract early; the secretariat ends it. */
export const TerminationRequest = z.strictObject({ version: ExpectedVersion, reason: Message });
export type TerminationRequest = z.infer<typeof TerminationRequest>;

// ---------------------------------------------------------------------------------------------------------

export const Milestone = z.object({ seq: z.number().int(), title: z.string(), quantity: z.number().int(), dueAt: IsoDateTime, amountFen: z.number().int() });

/** The terms of a version (or those in force). */
export const ContractTermsView = z.object({
  priceFen: z.number().int(),
  volume: z.object({ quantity: z.number().int(), unit: z.enum(VOLUME_UNITS) }),
  accuracyTarget: z.number(),
  /** the order's acceptance (sampling) rule as awarded */
  acceptanceRule: z.record(z.string(), z.unknown()).nullable(),
  /** the rule batches are inspected by (packages/domain effectiveAcceptanceRule): the terms' own, or the default plan when they name none */
  ruleInEffect: z.object({ source: z.enum(['contract', 'default']), rule: z.record(z.string(), z.unknown()) }),
  deliveryDeadline: IsoDateTime,
  paymentTermsDays: z.number().int(),
  guidelineAttachmentId: Id.nullable(),
  milestones: z.array(Milestone),
});

const Acceptance = z.object({ at: IsoDateTime, userName: z.string().nullable(), termsHash: Sha256 });
const Side = z.enum(['buyer', 'vendor']);

export const ContractVersionView = z.object({
  number: z.number().int(),
  status: z.enum(CONTRACT_VERSION_STATUSES),
  terms: ContractTermsView,
  /** SHA-256 of the canonical JSON of the terms (packages/domain canonicalTerms) */
  termsHash: Sha256,
  changeOrderId: Id.nullable(),
  proposedAt: IsoDateTime,
  buyerAcceptance: Acceptance.nullable(),
  vendorAcceptance: Acceptance.nullable(),
  changesRequest: z.object({ message: z.string(), at: IsoDateTime }).nullable(),
});

export const ContractMilestoneView = Milestone.extend({
  id: Id,
  status: z.enum(['planned', 'cancelled']),
  /** the version that last set it */
  sinceVersion: z.number().int(),
});

export const ChangeOrderView = z.object({
  id: Id,
  baseVersion: z.number().int(),
  proposedBy: Side,
  proposedAt: IsoDateTime,
  changes: z.object({
    priceFen: z.number().int().optional(),
    volume: z.object({ quantity: z.number().int(), unit: z.enum(VOLUME_UNITS) }).optional(),
    deliveryDeadline: IsoDateTime.optional(),
    guidelineAttachmentId: Id.nullable().optional(),
    milestones: z.array(Milestone).optional(),
  }),
  reason: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  decidedAt: IsoDateTime.nullable(),
  decisionMessage: z.string().nullable(),
  resultVersion: z.number().int().nullable(),
});

export const TerminationView = z.object({
  id: Id,
  kind: z.enum(['agreement', 'secretariat']),
  proposedBy: z.enum(['buyer', 'vendor', 'secretariat']),
  proposedAt: IsoDateTime,
  reason: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  decidedAt: IsoDateTime.nullable(),
  decisionMessage: z.string().nullable(),
});

const Party = z.object({ orgId: Id, name: z.string() });

/** GET /orders/{id}/contract: the contract with its versions, milestones, change orders, terminations and history. */
export const OrderContract = z.object({
  id: Id,
  orderId: Id,
  orderTitle: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  buyer: Party,
  vendor: Party,
  /** the terms in force; before agreement, the terms the award started with (no milestones yet) */
  terms: ContractTermsView,
  /** the number of the version in force; null until both parties accepted one */
  currentVersion: z.number().int().nullable(),
  /** send it back with every write (optimistic concurrency) */
  version: z.number().int(),
  /** the proposal waiting for the vendor: accept it with this number and hash */
  pendingProposal: z.object({ number: z.number().int(), termsHash: Sha256 }).nullable(),
  versions: z.array(ContractVersionView),
  milestones: z.array(ContractMilestoneView),
  changeOrders: z.array(ChangeOrderView),
  terminations: z.array(TerminationView),
  /** who is looking, and what they may do now (packages/domain contractActions) */
  viewerRole: z.enum(['buyer', 'vendor', 'secretariat']),
  allowedActions: z.array(z.enum(CONTRACT_VIEWER_ACTIONS)),
  history: z.array(TimelineEntry),
  createdAt: IsoDateTime,
  activatedAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
  terminatedAt: IsoDateTime.nullable(),
});
export type OrderContract = z.infer<typeof OrderContract>;

/** GET /contracts: the caller organisation's contracts, optionally of one status and one side (its side in them). */
export const ContractListQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  status: z.enum(CONTRACT_STATUSES).optional(),
  side: z.enum(['buyer', 'vendor']).optional(),
});
export type ContractListQuery = z.infer<typeof ContractListQuery>;

/** One contract in a list: who, what, how far; the contract itself is GET /orders/{orderId}/contract. */
export const ContractListItem = z.object({
  id: Id,
  orderId: Id,
  orderTitle: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  /** the caller's side in it; null for the secretariat, which oversees every contract */
  side: z.enum(['buyer', 'vendor']).nullable(),
  buyer: Party,
  vendor: Party,
  priceFen: PositiveFen,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  activatedAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
  terminatedAt: IsoDateTime.nullable(),
});
export type ContractListItem = z.infer<typeof ContractListItem>;
/** Newest contract first. */
export const ContractList = Page(ContractListItem);
export type ContractList = z.infer<typeof ContractList>;
