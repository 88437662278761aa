import type { BidStatus } from './bid.ts';
import { ORDER_ACTIVITIES, type OrderState, type OrderStatus, effectiveStatus, isBiddingOpen } from './order.ts';
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

/**
 * The bid machine (DESIGN §2.3): for each step the bid statuses it starts from and where it leads. The one place
 * these are written: the bids repository's guards and the order page's bid buttons are derived from it.
 */
export const BID_STEPS = {
  revise: { from: ['active', 'needs_reconfirm'], to: 'active' },
  withdraw: { from: ['active', 'needs_reconfirm'], to: 'withdrawn' },
  reconfirm: { from: ['needs_reconfirm'], to: 'active' },
  order_amended: { from: ['active', 'needs_reconfirm'], to: 'needs_reconfirm' },
  disqualify: { from: ['active', 'needs_reconfirm'], to: 'disqualified' },
  award: { from: ['active'], to: 'awarded' },
  lose: { from: ['active', 'needs_reconfirm'], to: 'not_awarded' },
  award_cancelled: { from: ['awarded', 'not_awarded'], to: 'active' },
} as const satisfies Record<BidAction['type'], { from: readonly BidStatus[]; to: BidStatus }>;

/** The bid statuses a step may start from (for a repository's WHERE clause). */
export const bidStatusesAllowing = (step: BidAction['type']): readonly BidStatus[] => BID_STEPS[step].from;

// what the vendor does to its own bid: only while bids are accepted
const VENDOR_STEPS = new Set<BidAction['type']>(['revise', 'withdraw', 'reconfirm']);

/**
 * Validates one step of a bid against its status and the order (as of `now`). The vendor's own steps
 * need bidding to be open; disqualification happens before an award stands (open or evaluation).
 */
export function applyBidAction(status: BidStatus, order: OrderState, action: BidAction, now: Date): Result<BidStatus, BidLifecycleError> {
  if (VENDOR_STEPS.has(action.type) && !isBiddingOpen(order, now)) return fail('bidding_closed');
  if (action.type === 'disqualify') {
    if (!(ORDER_ACTIVITIES.disqualify.while as readonly OrderStatus[]).includes(effectiveStatus(order, now))) return fail('invalid_transition');
    if (action.reason.trim() === '') return fail('reason_required');
  }
  if (!bidStatusesAllowing(action.type).includes(status)) return fail('invalid_transition');
  return ok(BID_STEPS[action.type].to);
}
