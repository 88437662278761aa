import { describe, expect, it } from 'vitest';
import { checkAward, checkObjection, decideObjection } from './award.ts';
import type { BidStatus } from './bid.ts';
import type { OrderState, OrderStatus } from './order.ts';

const now = new Date('2026-11-29T04:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const order = (status: OrderStatus, extra: Partial<OrderState> = {}): OrderState => ({
  status, bidDeadline: hours(-1), publicityEndsAt: null, ...extra,
});

describe('checkAward', () => {
  const cases: [string, OrderState, BidStatus, string, string][] = [
    ['award an active bid in evaluation', order('evaluation'), 'active', '综合评分第一', 'awarded'],
    ['award once the deadline passed, before the scheduler ran', order('open'), 'active', '综合评分第一', 'awarded'],
    ['award while bidding is open', order('open', { bidDeadline: hours(1) }), 'active', 'x', 'invalid_transition'],
    ['award twice', order('awarded', { publicityEndsAt: hours(5) }), 'active', 'x', 'invalid_transition'],
    ['award after the award window', order('evaluation', { awardWindowEndsAt: hours(-0.5) }), 'active', 'x', 'invalid_transition'],
    ['award a withdrawn bid', order('evaluation'), 'withdrawn', 'x', 'bid_not_awardable'],
    ['award a disqualified bid', order('evaluation'), 'disqualified', 'x', 'bid_not_awardable'],
    ['award a bid never re-confirmed', order('evaluation'), 'needs_reconfirm', 'x', 'bid_not_awardable'],
    ['award without a reason', order('evaluation'), 'active', '  ', 'reason_required'],
  ];
  it.each(cases)('%s', (_, o, bid, reason, expected) => {
    const r = checkAward(o, bid, reason, 3600, now);
    expect(r.ok ? r.value.status : r.error).toBe(expected);
  });
  it('opens the publicity window', () => {
    const r = checkAward(order('evaluation'), 'active', 'x', 3600, now);
    expect(r.ok && r.value.publicityEndsAt).toEqual(hours(1));
  });
});

describe('checkObjection', () => {
  const awarded = order('awarded', { publicityEndsAt: hours(2) });
  const cases: [string, OrderState, BidStatus | null, string, string][] = [
    ['a losing bidder objects in the window', awarded, 'not_awarded', '评分有误', 'ok'],
    ['a disqualified bidder objects', awarded, 'disqualified', '理由不成立', 'ok'],
    ['the winner cannot object', awarded, 'awarded', 'x', 'not_a_losing_bidder'],
    ['a vendor that did not bid', awarded, null, 'x', 'not_a_losing_bidder'],
    ['a withdrawn bidder', awarded, 'withdrawn', 'x', 'not_a_losing_bidder'],
    ['after the window', order('awarded', { publicityEndsAt: hours(-1) }), 'not_awarded', 'x', 'publicity_over'],
    ['before any award', order('evaluation'), 'active', 'x', 'publicity_over'],
    ['without a reason', awarded, 'not_awarded', ' ', 'reason_required'],
  ];
  it.each(cases)('%s', (_, o, bid, body, expected) => {
    const r = checkObjection(o, bid, body, now);
    expect(r.ok ? 'ok' : r.error).toBe(expected);
  });
});

describe('decideObjection', () => {
  it.each([
    ['pending', 'uphold', '评审程序违规', 'upheld'],
    ['pending', 'reject', '评分无误', 'rejected'],
    ['pending', 'reject', '', 'reason_required'],
    ['upheld', 'reject', 'x', 'invalid_transition'],
    ['rejected', 'uphold', 'x', 'invalid_transition'],
  ] as const)('%s + %s', (status, decision, reason, expected) => {
    const r = decideObjection(status, decision, reason);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });
});
