import type { BidStatus } from './bid.ts';
import { type OrderState, effectiveStatus, isBiddingOpen } from './order.ts';
import { type Result, fail, ok } from './result.ts';

/** Bids that count: they are compared, may be awarded, and their vendors are "bidders". */
export const LIVE_BID_STATUSES: readonly BidStatus[] = ['active', 'needs_reconfirm', 'awarded', 'not_awarded'];

/** Steps of a bid's life (DESIGN §2.3). */
export type BidAction =
  /** the vendor changes its offer (a new revision); a bid awaiting re-confirmation is confirmed by it */
  | { type: 'revise' }
  | { type: 'withdraw' }
  | { type: 'reconfirm' }
  /** the buyer amended the order's terms */
  | { type: 'order_amended' }
  | { type: 'disqualify'; reason: string }
  | { type: 'award' }
  /** another bid of the order was awarded */
  | { type: 'lose' }
  /** the award was cancelled after an upheld objection: every awarded or losing bid is live again */
  | { type: 'award_cancelled' };

export type BidLifecycleError = 'bidding_closed' | 'invalid_transition' | 'reason_required';

const FROM: Record<BidAction['type'], readonly BidStatus[]> = {
  revise: ['active', 'needs_reconfirm'],
  withdraw: ['active', 'needs_reconfirm'],
  reconfirm: ['needs_reconfirm'],
  order_amended: ['active', 'needs_reconfirm'],
  disqualify: ['active', 'needs_reconfirm'],
  award: ['active'],
  lose: ['active', 'needs_reconfirm'],
  award_cancelled: ['awarded', 'not_awarded'],
};

const TO: Record<BidAction['type'], BidStatus> = {
  revise: 'active',
  withdraw: 'withdrawn',
  reconfirm: 'active',
  order_amended: 'needs_reconfirm',
  disqualify: 'disqualified',
  award: 'awarded',
  lose: 'not_awarded',
  award_cancelled: 'active',
};

// what the vendor does to its own bid: only while bids are accepted
const VENDOR_STEPS = new Set<BidAction['type']>(['revise', 'withdraw', 'reconfirm']);

/**
 * Validates one step of a bid against its status and the order (as of `now`). The vendor's own steps
 * need bidding to be open; disqualification happens before an award stands (open or evaluation).
 */
export function applyBidAction(status: BidStatus, order: OrderState, action: BidAction, now: Date): Result<BidStatus, BidLifecycleError> {
  if (VENDOR_STEPS.has(action.type) && !isBiddingOpen(order, now)) return fail('bidding_closed');
  if (action.type === 'disqualify') {
    const s = effectiveStatus(order, now);
    if (s !== 'open' && s !== 'evaluation') return fail('invalid_transition');
    if (action.reason.trim() === '') return fail('reason_required');
  }
  if (!FROM[action.type].includes(status)) return fail('invalid_transition');
  return ok(TO[action.type]);
}
