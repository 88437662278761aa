import type { BidStatus } from './bid.ts';
import { type OrderState, applyOrderAction } from './order.ts';
import { type Result, fail, ok } from './result.ts';

export const OBJECTION_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export type AwardError = 'invalid_transition' | 'bid_not_awardable' | 'reason_required';

/**
 * Whether the buyer may award this bid now (DESIGN §2.5): the order is in evaluation (a passed deadline
 * counts), the bid is active (not withdrawn, disqualified or awaiting re-confirmation), and a reason is given.
 * Returns the order as it will be, with its publicity window.
 */
export function checkAward(
  order: OrderState,
  bidStatus: BidStatus,
  reason: string,
  publicitySeconds: number,
  now: Date,
): Result<OrderState, AwardError> {
  const next = applyOrderAction(order, { type: 'award', publicitySeconds }, now);
  if (!next.ok) return fail('invalid_transition');
  if (bidStatus !== 'active') return fail('bid_not_awardable');
  if (reason.trim() === '') return fail('reason_required');
  return next;
}

export type ObjectionError = 'not_a_losing_bidder' | 'publicity_over' | 'reason_required';

/**
 * Whether a vendor may object to the award: only during the publicity window of an awarded order, and
 * only a bidder that lost (its bid not awarded, or disqualified).
 */
export function checkObjection(
  order: OrderState,
  objectorBidStatus: BidStatus | null,
  body: string,
  now: Date,
): Result<true, ObjectionError> {
  const refused = objectionRefused(order, objectorBidStatus, now);
  if (refused) return fail(refused);
  if (body.trim() === '') return fail('reason_required');
  return ok(true);
}

/** Why a vendor with this bid may not object now, or null when it may (the standing of `checkObjection`). */
export function objectionRefused(order: OrderState, objectorBidStatus: BidStatus | null, now: Date): Exclude<ObjectionError, 'reason_required'> | null {
  if (order.status !== 'awarded' || order.publicityEndsAt === null || now >= order.publicityEndsAt) return 'publicity_over';
  if (!LOSING_BID_STATUSES.includes(objectorBidStatus as BidStatus)) return 'not_a_losing_bidder';
  return null;
}

/** Bids whose vendors lost the award and may object to it. */
export const LOSING_BID_STATUSES: readonly BidStatus[] = ['not_awarded', 'disqualified'];

export type ObjectionDecision = 'uphold' | 'reject';
export type ObjectionDecisionError = 'invalid_transition' | 'reason_required';

/** The secretariat decides a pending objection once, with a reason. */
export function decideObjection(
  status: ObjectionStatus,
  decision: ObjectionDecision,
  reason: string,
): Result<Exclude<ObjectionStatus, 'pending'>, ObjectionDecisionError> {
  if (status !== 'pending') return fail('invalid_transition');
  if (reason.trim() === '') return fail('reason_required');
  return ok(decision === 'uphold' ? 'upheld' : 'rejected');
}
