import type { Fen } from './money.ts';
import type { VOLUME_UNITS } from './order.ts';

/** Where a contract stands (DESIGN §2.5, issue 9 item 1). */
export const CONTRACT_STATUSES = ['draft', 'proposed', 'changes_requested', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Where one version of the terms stands. */
export const CONTRACT_VERSION_STATUSES = ['proposed', 'changes_requested', 'accepted', 'superseded'] as const;
export type ContractVersionStatus = (typeof CONTRACT_VERSION_STATUSES)[number];

/** The two parties of a contract. */
export type ContractSide = 'buyer' | 'vendor';

/** One batch of the work: how many items, by when, for what share of the price. */
export type Milestone = {
  seq: number;
  title: string;
  quantity: number;
  /** ISO 8601 instant */
  dueAt: string;
  amountFen: Fen;
};

/**
 * The terms of a contract as both parties accept them; the hash of their canonical JSON (`canonicalTerms`) is what
 * each acceptance records. Dates are ISO 8601 strings so that the same terms always serialise the same way.
 */
export type ContractTerms = {
  priceFen: Fen;
  volume: { quantity: number; unit: (typeof VOLUME_UNITS)[number] };
  /** percent, e.g. 98.5 */
  accuracyTarget: number;
  /** the order's acceptance (sampling) rule as awarded; its shape is the order's */
  acceptanceRule: Record<string, unknown> | null;
  /** ISO 8601 instant */
  deliveryDeadline: string;
  /** 账期: days after a milestone's acceptance within which the buyer pays */
  paymentTermsDays: number;
  /** the guideline the work follows (an order attachment), or null */
  guidelineAttachmentId: string | null;
  milestones: Milestone[];
};

/** Where a change order or a termination by agreement stands. */
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** What a change order changes: the new values of the terms it touches (absent: unchanged). */
export type ChangeOrderChanges = {
  priceFen?: Fen;
  volume?: ContractTerms['volume'];
  deliveryDeadline?: string;
  guidelineAttachmentId?: string | null;
  /** a new milestone plan (needed whenever price or volume change, so the plan still adds up) */
  milestones?: Milestone[];
};

/** Who acts on a contract: a party, the secretariat, or the platform (completion, by the delivery rules). */
export type ContractRole = ContractSide | 'secretariat' | 'platform';

const NOT_ENDED = ['draft', 'proposed', 'changes_requested', 'active'] as const satisfies readonly ContractStatus[];

/**
 * The contract machine: for each step the statuses it starts from, where it leads and who takes it.
 * The one place these are written: the repository's guarded writes and the API's permissions ask it.
 */
export const CONTRACT_STEPS = {
  /** the buyer proposes the terms with milestones (again after the vendor asked for changes) */
  propose_terms: { from: ['draft', 'changes_requested'], to: 'proposed', by: ['buyer'] },
  /** the vendor asks for changes to the proposed terms, with a message */
  request_changes: { from: ['proposed'], to: 'changes_requested', by: ['vendor'] },
  /** the vendor accepts the proposed terms: both have accepted, the contract is in force */
  accept_terms: { from: ['proposed'], to: 'active', by: ['vendor'] },
  /** the other party accepts a proposal to end the contract early */
  accept_termination: { from: NOT_ENDED, to: 'terminated', by: ['buyer', 'vendor'] },
  /** the secretariat ends the contract on a dispute, with a reason */
  terminate: { from: NOT_ENDED, to: 'terminated', by: ['secretariat'] },
  /** every milestone accepted and paid (decided by the delivery rules) */
  complete: { from: ['active'], to: 'completed', by: ['platform'] },
} as const satisfies Record<string, { from: readonly ContractStatus[]; to: ContractStatus; by: readonly ContractRole[] }>;

/** What parties do with a contract without changing its status, and while it is in which statuses. */
export const CONTRACT_ACTIVITIES = {
  propose_change: { while: ['active'], by: ['buyer', 'vendor'] },
  /** accept or decline: the party that did not propose it */
  answer_change: { while: ['active'], by: ['buyer', 'vendor'] },
  /** the party that proposed it */
  withdraw_change: { while: ['active'], by: ['buyer', 'vendor'] },
  propose_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
  /** decline: the party that did not propose it */
  decline_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
  withdraw_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
} as const satisfies Record<string, { while: readonly ContractStatus[]; by: readonly ContractRole[] }>;

/** A step or an activity of the contract machine. */
export type ContractMove = keyof typeof CONTRACT_STEPS | keyof typeof CONTRACT_ACTIVITIES;

/** The statuses in which a step may be taken or an activity done. */
export function contractStatusesFor(move: ContractMove): readonly ContractStatus[] {
  return move in CONTRACT_STEPS
    ? CONTRACT_STEPS[move as keyof typeof CONTRACT_STEPS].from
    : CONTRACT_ACTIVITIES[move as keyof typeof CONTRACT_ACTIVITIES].while;
}
