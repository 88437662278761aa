import type { Certification, Modality, TaskType } from './capability.ts';
import { type Fen, isFen } from './money.ts';
import { type Result, fail, ok } from './result.ts';

export const ORDER_STATUSES = [
  'draft', 'pending_review', 'open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'cancelled', 'unsuccessful',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const VOLUME_UNITS = ['images', 'frames', 'hours', 'items', 'tokens'] as const;
export const BIDDING_MODES = ['open', 'sealed'] as const;
export type BiddingMode = (typeof BIDDING_MODES)[number];
export const SECURITY_LEVELS = ['public', 'internal', 'confidential'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
export const WORK_LOCATIONS = ['remote', 'vendor_secure_room', 'buyer_site'] as const;
export type WorkLocation = (typeof WORK_LOCATIONS)[number];

const PUBLISHED = ['open', 'evaluation', 'awarded', 'in_progress', 'completed', 'terminated', 'unsuccessful'] as const satisfies readonly OrderStatus[];
/** A status in which an order is public. */
export type PublishedStatus = (typeof PUBLISHED)[number];
/** Statuses in which an order is public (listed, searchable). */
export const PUBLISHED_STATUSES: readonly OrderStatus[] = PUBLISHED;

/** The terms of an order that rules look at. */
export type OrderTerms = {
  modality: Modality;
  taskTypes: TaskType[];
  volume: { quantity: number; unit: (typeof VOLUME_UNITS)[number] };
  unitPriceCeilingFen: Fen | null;
  budgetTotalFen: Fen | null;
  biddingMode: BiddingMode;
  questionsCloseAt: Date;
  bidDeadline: Date;
  deliveryDeadline: Date;
  accuracyTarget: number; // percent, e.g. 98.5
  securityLevel: SecurityLevel;
  containsPersonalInfo: boolean;
  workLocation: WorkLocation;
  requiredCertifications: Certification[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
};

export type OrderState = {
  status: OrderStatus;
  bidDeadline: Date;
  publicityEndsAt: Date | null;
  /** objections awaiting the secretariat: the award is not final while any is pending (default 0) */
  pendingObjections?: number;
  /** when an order in evaluation without an award becomes unsuccessful (absent: never by itself) */
  awardWindowEndsAt?: Date | null;
  /** when a cancelled order was cancelled (sealed bids of an order cancelled before its deadline stay sealed) */
  cancelledAt?: Date | null;
};

export type OrderRuleError =
  | 'invalid_transition'
  | 'reason_required'
  | 'price_missing'
  | 'money_invalid'
  | 'deadline_in_past'
  | 'deadline_too_far'
  | 'deadline_order'
  | 'bid_window_too_short'
  | 'bidding_closed'
  | 'volume_invalid'
  | 'accuracy_invalid'
  | 'task_types_missing'
  | 'bidding_mode_locked';

const DAY = 86_400_000;

/** Checks the terms of an order before it goes for review or is amended. */
export function validateTerms(t: OrderTerms, now: Date, minBidWindowSeconds: number): Result<OrderTerms, OrderRuleError> {
  if (t.taskTypes.length === 0) return fail('task_types_missing');
  if (!Number.isSafeInteger(t.volume.quantity) || t.volume.quantity <= 0) return fail('volume_invalid');
  if (t.unitPriceCeilingFen === null && t.budgetTotalFen === null) return fail('price_missing');
  for (const fen of [t.unitPriceCeilingFen, t.budgetTotalFen]) {
    if (fen !== null && (!isFen(fen) || fen === 0)) return fail('money_invalid');
  }
  if (!(t.accuracyTarget > 0 && t.accuracyTarget <= 100)) return fail('accuracy_invalid');
  if (t.questionsCloseAt <= now || t.bidDeadline <= now) return fail('deadline_in_past');
  if (t.deliveryDeadline.getTime() - now.getTime() > 2 * 365 * DAY || t.bidDeadline.getTime() - now.getTime() > 365 * DAY) {
    return fail('deadline_too_far');
  }
  if (!(t.questionsCloseAt <= t.bidDeadline && t.bidDeadline < t.deliveryDeadline)) return fail('deadline_order');
  if (t.bidDeadline.getTime() - now.getTime() < minBidWindowSeconds * 1000) return fail('bid_window_too_short');
  return ok(t);
}

/**
 * The status as of `now`: an open order whose deadline has passed is already in evaluation,
 * and an award whose publicity window ended is in progress, whether or not the scheduler ran.
 */
export function effectiveStatus(o: OrderState, now: Date): OrderStatus {
  const awardWindowOver = o.awardWindowEndsAt != null && now >= o.awardWindowEndsAt;
  if (o.status === 'open' && now >= o.bidDeadline) return awardWindowOver ? 'unsuccessful' : 'evaluation';
  if (o.status === 'evaluation' && awardWindowOver) return 'unsuccessful';
  if (o.status === 'awarded' && publicityOver(o, now)) return 'in_progress';
  return o.status;
}

/** The publicity window has ended and no objection is still waiting for a decision. */
function publicityOver(o: OrderState, now: Date): boolean {
  return o.publicityEndsAt !== null && now >= o.publicityEndsAt && (o.pendingObjections ?? 0) === 0;
}

export type OrderAction =
  | { type: 'submit' }
  | { type: 'approve' }
  | { type: 'reject'; reason: string }
  | { type: 'cancel'; reason: string }
  | { type: 'close_bidding' }
  | { type: 'award'; publicitySeconds: number }
  | { type: 'uphold_objection' }
  | { type: 'end_publicity' }
  | { type: 'declare_unsuccessful' }
  | { type: 'complete' }
  | { type: 'terminate' };

/** Who takes a step: a party of the order, or the clock (the scheduler materialises time-driven steps). */
export type OrderRole = 'buyer' | 'secretariat' | 'vendor' | 'clock';

type Step = { from: readonly OrderStatus[]; to: OrderStatus; by: readonly OrderRole[] };

/**
 * The order machine (DESIGN §2.2): for each step the statuses it starts from, where it leads and who takes it.
 * The one place these are written: repositories, API permissions and the web's buttons are derived from it.
 */
export const ORDER_STEPS = {
  submit: { from: ['draft'], to: 'pending_review', by: ['buyer'] },
  approve: { from: ['pending_review'], to: 'open', by: ['secretariat'] },
  reject: { from: ['pending_review'], to: 'draft', by: ['secretariat'] },
  cancel: { from: ['draft', 'pending_review', 'open', 'evaluation'], to: 'cancelled', by: ['buyer', 'secretariat'] },
  close_bidding: { from: ['open'], to: 'evaluation', by: ['clock'] },
  award: { from: ['evaluation'], to: 'awarded', by: ['buyer'] },
  uphold_objection: { from: ['awarded'], to: 'evaluation', by: ['secretariat'] },
  end_publicity: { from: ['awarded'], to: 'in_progress', by: ['clock'] },
  declare_unsuccessful: { from: ['evaluation'], to: 'unsuccessful', by: ['clock'] },
  complete: { from: ['in_progress'], to: 'completed', by: ['buyer'] },
  // the contract ended early: by the parties' agreement, or by the secretariat on a dispute (contract.ts decides which)
  terminate: { from: ['in_progress'], to: 'terminated', by: ['buyer', 'vendor', 'secretariat'] },
} as const satisfies Record<OrderAction['type'], Step>;

/** What parties do with an order without changing its status, and in which (effective) statuses. */
export const ORDER_ACTIVITIES = {
  /** the buyer changes a draft's fields */
  edit_draft: { while: ['draft'], by: ['buyer'] },
  /** the buyer changes an open order's terms or files: an amendment */
  amend: { while: ['open'], by: ['buyer'] },
  ask: { while: ['open'], by: ['vendor'] },
  answer: { while: ['open'], by: ['buyer'] },
  bid: { while: ['open'], by: ['vendor'] },
  disqualify: { while: ['open', 'evaluation'], by: ['buyer', 'secretariat'] },
} as const satisfies Record<string, { while: readonly OrderStatus[]; by: readonly OrderRole[] }>;

/** A step or an activity of the order machine. */
export type OrderMove = OrderAction['type'] | keyof typeof ORDER_ACTIVITIES;

/** The effective statuses in which a step may be taken or an activity done. */
export function statusesFor(move: OrderMove): readonly OrderStatus[] {
  return move in ORDER_STEPS ? ORDER_STEPS[move as OrderAction['type']].from : ORDER_ACTIVITIES[move as keyof typeof ORDER_ACTIVITIES].while;
}

/**
 * The stored statuses a guarded write may start from (for a WHERE clause): those of `statusesFor`, plus `open`
 * where the move starts from evaluation — an open order past its bid deadline is in evaluation already, whether
 * or not the scheduler ran (the write then checks the deadline by the database clock).
 */
export function statusesAllowing(move: OrderMove): readonly OrderStatus[] {
  const from = statusesFor(move);
  return from.includes('evaluation') && !from.includes('open') ? [...from, 'open'] : from;
}

/** Validates and applies one step of the order machine (DESIGN §2.2), against the effective status. */
export function applyOrderAction(o: OrderState, action: OrderAction, now: Date): Result<OrderState, OrderRuleError> {
  // the scheduler's own steps materialise what effectiveStatus already shows, so they look at the stored status
  const materialising = action.type === 'close_bidding' || action.type === 'end_publicity' || action.type === 'declare_unsuccessful';
  const closed = o.status === 'open' && now >= o.bidDeadline;
  const status = !materialising ? effectiveStatus(o, now) : action.type === 'declare_unsuccessful' && closed ? 'evaluation' : o.status;
  if (!(ORDER_STEPS[action.type].from as readonly OrderStatus[]).includes(status)) return fail('invalid_transition');
  if ((action.type === 'reject' || action.type === 'cancel') && action.reason.trim() === '') return fail('reason_required');
  if (action.type === 'approve' && o.bidDeadline <= now) return fail('deadline_in_past');
  if (action.type === 'close_bidding' && now < o.bidDeadline) return fail('invalid_transition');
  if (action.type === 'end_publicity' && !publicityOver(o, now)) return fail('invalid_transition');
  return ok({
    ...o,
    status: ORDER_STEPS[action.type].to,
    publicityEndsAt:
      action.type === 'award' ? new Date(now.getTime() + action.publicitySeconds * 1000)
      : action.type === 'uphold_objection' ? null
      : o.publicityEndsAt,
  });
}

/** Whether bids are accepted at `now` (the database clock decides in production). */
export function isBiddingOpen(o: OrderState, now: Date): boolean {
  return (ORDER_ACTIVITIES.bid.while as readonly OrderStatus[]).includes(effectiveStatus(o, now));
}

/** Questions may be asked until questionsCloseAt (exclusive) while the order is open. */
export function canAskQuestion(order: OrderState & { questionsCloseAt: Date }, now: Date): boolean {
  return (ORDER_ACTIVITIES.ask.while as readonly OrderStatus[]).includes(effectiveStatus(order, now)) && now < order.questionsCloseAt;
}

/**
 * Checks new terms for an open order (an amendment): the terms rules as on submit, except that a
 * questions deadline already passed may stay as it was; the bidding mode cannot change (a sealed
 * order turned open would show the buyer amounts the vendors gave as sealed); and the bid deadline
 * must leave the minimum bidding window from now, so vendors can re-confirm.
 */
export function validateAmendment(
  before: OrderTerms,
  after: OrderTerms,
  now: Date,
  minBidWindowSeconds: number,
): Result<OrderTerms, OrderRuleError> {
  if (after.biddingMode !== before.biddingMode) return fail('bidding_mode_locked');
  const questionsKept = after.questionsCloseAt.getTime() === before.questionsCloseAt.getTime() && after.questionsCloseAt <= now;
  // validate as if the kept questions deadline were now, so only its order against the bid deadline counts
  const r = validateTerms(questionsKept ? { ...after, questionsCloseAt: new Date(now.getTime() + 1) } : after, now, minBidWindowSeconds);
  return r.ok ? ok(after) : r;
}

/** When an order in evaluation without an award becomes unsuccessful: `awardWindowDays` after the bid deadline. */
export function awardWindowEndsAt(bidDeadline: Date, awardWindowDays: number): Date {
  return new Date(bidDeadline.getTime() + awardWindowDays * DAY);
}

/**
 * The time-driven steps due for an order at `now`, in order (DESIGN §2.2): the deadline closes bidding
 * (straight on to unsuccessful when no awardable — active — bid stands); the award window ends an evaluation
 * without award; the publicity window ends an award with no objection pending.
 */
export function dueTransitions(o: OrderState, awardableBidCount: number, now: Date): OrderAction[] {
  if (o.status === 'open' && now >= o.bidDeadline) {
    const windowOver = o.awardWindowEndsAt != null && now >= o.awardWindowEndsAt;
    return awardableBidCount === 0 || windowOver ? [{ type: 'close_bidding' }, { type: 'declare_unsuccessful' }] : [{ type: 'close_bidding' }];
  }
  if (o.status === 'evaluation' && (awardableBidCount === 0 || (o.awardWindowEndsAt != null && now >= o.awardWindowEndsAt))) {
    return [{ type: 'declare_unsuccessful' }];
  }
  if (o.status === 'awarded' && publicityOver(o, now)) return [{ type: 'end_publicity' }];
  return [];
}

/** The deadline reminder goes out this long before the bid deadline. */
export const DEADLINE_REMINDER_MS = DAY;

/** When to remind bidders and askers of the deadline: 24 h before it, or now when that is already past. */
export function deadlineReminderAt(bidDeadline: Date, now: Date): Date | null {
  if (now >= bidDeadline) return null;
  const at = new Date(bidDeadline.getTime() - DEADLINE_REMINDER_MS);
  return at > now ? at : now;
}

/** The dates of a draft, each optional while drafting. */
export type DraftDates = { questionsCloseAt?: Date | null; bidDeadline?: Date | null; deliveryDeadline?: Date | null };

/** What can be wrong with a draft's date as it is typed. */
export type DraftDateError = 'deadline_in_past' | 'deadline_too_far' | 'deadline_order' | 'bid_window_too_short';

/**
 * Early checks of a draft's dates, so the buyer hears of a mistake when typing it rather than on submit:
 * each given date lies ahead, bidding closes within a year and delivery within two, bidding stays open at
 * least `minBidWindowSeconds` from now, and given dates come in order. The full rules (all dates present)
 * apply on submit.
 */
export function checkDraftDates(d: DraftDates, now: Date, minBidWindowSeconds = 0): { field: keyof DraftDates; error: DraftDateError }[] {
  const found: { field: keyof DraftDates; error: DraftDateError }[] = [];
  const limits: Record<keyof DraftDates, number> = { questionsCloseAt: 365 * DAY, bidDeadline: 365 * DAY, deliveryDeadline: 2 * 365 * DAY };
  for (const field of Object.keys(limits) as (keyof DraftDates)[]) {
    const at = d[field];
    if (!at) continue;
    if (at <= now) found.push({ field, error: 'deadline_in_past' });
    else if (at.getTime() - now.getTime() > limits[field]) found.push({ field, error: 'deadline_too_far' });
    else if (field === 'bidDeadline' && at.getTime() - now.getTime() < minBidWindowSeconds * 1000) found.push({ field, error: 'bid_window_too_short' });
  }
  // the order of the dates, where two are given: questions close by the bid deadline, bidding before delivery
  if (d.questionsCloseAt && d.bidDeadline && d.questionsCloseAt > d.bidDeadline) found.push({ field: 'questionsCloseAt', error: 'deadline_order' });
  if (d.bidDeadline && d.deliveryDeadline && d.bidDeadline >= d.deliveryDeadline) found.push({ field: 'deliveryDeadline', error: 'deadline_order' });
  return found;
}

/** The stored fields of an order the terms are read from; a draft may still lack some (null). */
export type OrderTermFields = {
  modality: Modality;
  taskTypes: TaskType[];
  volumeQuantity: number | null;
  volumeUnit: (typeof VOLUME_UNITS)[number] | null;
  unitPriceCeilingFen: Fen | null;
  budgetTotalFen: Fen | null;
  biddingMode: BiddingMode;
  questionsCloseAt: Date | null;
  bidDeadline: Date | null;
  deliveryDeadline: Date | null;
  accuracyTarget: number | null;
  securityLevel: SecurityLevel;
  containsPersonalInfo: boolean;
  workLocation: WorkLocation;
  requiredCertifications: Certification[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
};

const REQUIRED_TERMS: [keyof OrderTermFields, string][] = [
  ['volumeQuantity', 'volume'], ['questionsCloseAt', 'questionsCloseAt'], ['bidDeadline', 'bidDeadline'],
  ['deliveryDeadline', 'deliveryDeadline'], ['accuracyTarget', 'accuracyTarget'],
];

/** The order's terms for the rules, or the fields (as the API names them) a draft still lacks. */
export function termsOf(r: OrderTermFields): { ok: true; terms: OrderTerms } | { ok: false; missing: string[] } {
  const missing = REQUIRED_TERMS.filter(([k]) => r[k] === null).map(([, name]) => name);
  if (r.taskTypes.length === 0) missing.push('taskTypes');
  if (r.unitPriceCeilingFen === null && r.budgetTotalFen === null) missing.push('budgetTotalFen');
  if (missing.length > 0) return { ok: false, missing };
  return {
    ok: true,
    terms: {
      modality: r.modality,
      taskTypes: r.taskTypes,
      volume: { quantity: r.volumeQuantity!, unit: r.volumeUnit! },
      unitPriceCeilingFen: r.unitPriceCeilingFen,
      budgetTotalFen: r.budgetTotalFen,
      biddingMode: r.biddingMode,
      questionsCloseAt: r.questionsCloseAt!,
      bidDeadline: r.bidDeadline!,
      deliveryDeadline: r.deliveryDeadline!,
      accuracyTarget: r.accuracyTarget!,
      securityLevel: r.securityLevel,
      containsPersonalInfo: r.containsPersonalInfo,
      workLocation: r.workLocation,
      requiredCertifications: r.requiredCertifications,
      minHeadcount: r.minHeadcount,
      requiresSecureRoom: r.requiresSecureRoom,
    },
  };
}

/** The terms of an order past drafting (submit made sure they are complete); throws on a broken invariant. */
export function publishedTerms(r: OrderTermFields & { status: OrderStatus }): OrderTerms {
  const t = termsOf(r);
  if (!t.ok) throw new Error(`an order in status ${r.status} has incomplete terms: ${t.missing.join(', ')}`);
  return t.terms;
}
