import type { Certification, Modality, TaskType } from './capability.ts';
import { type Fen, isFen } from './money.ts';
import { type Result, fail, ok } from './result.ts';

export const ORDER_STATUSES = [
  'draft', 'pending_review', 'open', 'evaluation', 'awarded', 'in_progress', 'completed', 'cancelled', 'unsuccessful',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const VOLUME_UNITS = ['images', 'frames', 'hours', 'items', 'tokens'] as const;
export const BIDDING_MODES = ['open', 'sealed'] as const;
export type BiddingMode = (typeof BIDDING_MODES)[number];
export const SECURITY_LEVELS = ['public', 'internal', 'confidential'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
export const WORK_LOCATIONS = ['remote', 'vendor_secure_room', 'buyer_site'] as const;
export type WorkLocation = (typeof WORK_LOCATIONS)[number];

/** Statuses in which an order is public (listed, searchable). */
export const PUBLISHED_STATUSES: readonly OrderStatus[] = ['open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful'];

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
  | 'task_types_missing';

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
  if (o.status === 'open' && now >= o.bidDeadline) return 'evaluation';
  if (o.status === 'awarded' && o.publicityEndsAt !== null && now >= o.publicityEndsAt) return 'in_progress';
  return o.status;
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
  | { type: 'complete' };

const FROM: Record<OrderAction['type'], readonly OrderStatus[]> = {
  submit: ['draft'],
  approve: ['pending_review'],
  reject: ['pending_review'],
  cancel: ['draft', 'pending_review', 'open', 'evaluation'],
  close_bidding: ['open'],
  award: ['evaluation'],
  uphold_objection: ['awarded'],
  end_publicity: ['awarded'],
  declare_unsuccessful: ['evaluation'],
  complete: ['in_progress'],
};

const TO: Record<OrderAction['type'], OrderStatus> = {
  submit: 'pending_review',
  approve: 'open',
  reject: 'draft',
  cancel: 'cancelled',
  close_bidding: 'evaluation',
  award: 'awarded',
  uphold_objection: 'evaluation',
  end_publicity: 'in_progress',
  declare_unsuccessful: 'unsuccessful',
  complete: 'completed',
};

/** Validates and applies one step of the order machine (DESIGN §2.2), against the effective status. */
export function applyOrderAction(o: OrderState, action: OrderAction, now: Date): Result<OrderState, OrderRuleError> {
  // the scheduler's own steps materialise what effectiveStatus already shows, so they look at the stored status
  const materialising = action.type === 'close_bidding' || action.type === 'end_publicity';
  const status = materialising ? o.status : effectiveStatus(o, now);
  if (!FROM[action.type].includes(status)) return fail('invalid_transition');
  if ((action.type === 'reject' || action.type === 'cancel') && action.reason.trim() === '') return fail('reason_required');
  if (action.type === 'approve' && o.bidDeadline <= now) return fail('deadline_in_past');
  if (action.type === 'close_bidding' && now < o.bidDeadline) return fail('invalid_transition');
  if (action.type === 'end_publicity' && (o.publicityEndsAt === null || now < o.publicityEndsAt)) return fail('invalid_transition');
  return ok({
    status: TO[action.type],
    bidDeadline: o.bidDeadline,
    publicityEndsAt:
      action.type === 'award' ? new Date(now.getTime() + action.publicitySeconds * 1000)
      : action.type === 'uphold_objection' ? null
      : o.publicityEndsAt,
  });
}

/** Whether bids are accepted at `now` (the database clock decides in production). */
export function isBiddingOpen(o: OrderState, now: Date): boolean {
  return effectiveStatus(o, now) === 'open';
}
