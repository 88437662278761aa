import { describe, expect, it } from 'vitest';
import type { BidStatus } from './bid.ts';
import { type BidAction, applyBidAction } from './bid-lifecycle.ts';
import type { OrderState, OrderStatus } from './order.ts';

const now = new Date('2026-11-29T04:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const order = (status: OrderStatus, bidDeadline = hours(24)): OrderState => ({ status, bidDeadline, publicityEndsAt: null });
const open = order('open');
const closed = order('open', hours(-1));

describe('applyBidAction', () => {
  const cases: [string, BidStatus, OrderState, BidAction, string][] = [
    ['revise an active bid', 'active', open, { type: 'revise' }, 'active'],
    ['revising confirms a bid awaiting re-confirmation', 'needs_reconfirm', open, { type: 'revise' }, 'active'],
    ['revise after the deadline', 'active', closed, { type: 'revise' }, 'bidding_closed'],
    ['revise a withdrawn bid', 'withdrawn', open, { type: 'revise' }, 'invalid_transition'],
    ['withdraw', 'active', open, { type: 'withdraw' }, 'withdrawn'],
    ['withdraw a bid awaiting re-confirmation', 'needs_reconfirm', open, { type: 'withdraw' }, 'withdrawn'],
    ['withdraw after the deadline', 'active', closed, { type: 'withdraw' }, 'bidding_closed'],
    ['withdraw twice', 'withdrawn', open, { type: 'withdraw' }, 'invalid_transition'],
    ['reconfirm', 'needs_reconfirm', open, { type: 'reconfirm' }, 'active'],
    ['reconfirm an active bid', 'active', open, { type: 'reconfirm' }, 'invalid_transition'],
    ['reconfirm after the deadline', 'needs_reconfirm', closed, { type: 'reconfirm' }, 'bidding_closed'],
    ['amendment asks for re-confirmation', 'active', open, { type: 'order_amended' }, 'needs_reconfirm'],
    ['amendment leaves withdrawn bids alone', 'withdrawn', open, { type: 'order_amended' }, 'invalid_transition'],
    ['disqualify in evaluation', 'active', order('evaluation', hours(-1)), { type: 'disqualify', reason: '资质造假' }, 'disqualified'],
    ['disqualify while open', 'needs_reconfirm', open, { type: 'disqualify', reason: '资质造假' }, 'disqualified'],
    ['disqualify needs a reason', 'active', order('evaluation', hours(-1)), { type: 'disqualify', reason: ' ' }, 'reason_required'],
    ['disqualify after award', 'not_awarded', order('awarded', hours(-1)), { type: 'disqualify', reason: 'x' }, 'invalid_transition'],
    ['disqualify twice', 'disqualified', order('evaluation', hours(-1)), { type: 'disqualify', reason: 'x' }, 'invalid_transition'],
    ['award an active bid', 'active', order('evaluation', hours(-1)), { type: 'award' }, 'awarded'],
    ['award a bid awaiting re-confirmation', 'needs_reconfirm', order('evaluation', hours(-1)), { type: 'award' }, 'invalid_transition'],
    ['the others lose', 'active', order('evaluation', hours(-1)), { type: 'lose' }, 'not_awarded'],
    ['a cancelled award makes the winner live again', 'awarded', order('awarded', hours(-1)), { type: 'award_cancelled' }, 'active'],
    ['a cancelled award makes losers live again', 'not_awarded', order('awarded', hours(-1)), { type: 'award_cancelled' }, 'active'],
    ['a cancelled award leaves disqualified bids', 'disqualified', order('awarded', hours(-1)), { type: 'award_cancelled' }, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, status, o, action, expected) => {
    const r = applyBidAction(status, o, action, now);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });

  it('treats the deadline instant itself as closed', () => {
    const r = applyBidAction('active', order('open', now), { type: 'revise' }, now);
    expect(r).toEqual({ ok: false, error: 'bidding_closed' });
  });
});
