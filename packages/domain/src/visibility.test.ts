import { describe, expect, it } from 'vitest';
import { canAskQuestion } from './order.ts';
import { type Viewer, bidAmountsVisibleTo } from './visibility.ts';

const now = new Date('2026-11-29T04:00:00Z');
const before = new Date(now.getTime() + 3_600_000);
const after = new Date(now.getTime() - 1);
const order = (biddingMode: 'open' | 'sealed', bidDeadline: Date) => ({
  status: 'open' as const, bidDeadline, publicityEndsAt: null, buyerOrgId: 'buyer', biddingMode,
});
const viewers: Record<string, Viewer> = {
  bidder: { kind: 'vendor', orgId: 'v1' },
  rival: { kind: 'vendor', orgId: 'v2' },
  buyer: { kind: 'buyer', orgId: 'buyer' },
  otherBuyer: { kind: 'buyer', orgId: 'b2' },
  secretariat: { kind: 'secretariat' },
  public: { kind: 'public' },
};

describe('bidAmountsVisibleTo', () => {
  it.each([
    ['sealed', 'before', ['bidder']],
    ['sealed', 'after', ['bidder', 'buyer', 'secretariat']],
    ['open', 'before', ['bidder', 'buyer']],
    ['open', 'after', ['bidder', 'buyer', 'secretariat']],
  ] as const)('%s bidding, %s the deadline: only %o', (mode, when, who) => {
    const o = order(mode, when === 'before' ? before : after);
    const seen = Object.entries(viewers).filter(([, v]) => bidAmountsVisibleTo(v, o, 'v1', now)).map(([k]) => k);
    expect(seen).toEqual(who);
  });
});

describe('sealed bids of a cancelled order', () => {
  const cancelled = (bidDeadline: Date, cancelledAt: Date | null) => ({ ...order('sealed', bidDeadline), status: 'cancelled' as const, cancelledAt });
  const seenBy = (o: ReturnType<typeof cancelled>) => Object.entries(viewers).filter(([, v]) => bidAmountsVisibleTo(v, o, 'v1', now)).map(([k]) => k);
  it('stay sealed when it was cancelled before the deadline, also after the deadline', () => {
    expect(seenBy(cancelled(before, after))).toEqual(['bidder']);
    expect(seenBy(cancelled(new Date(now.getTime() - 10), new Date(now.getTime() - 20)))).toEqual(['bidder']);
    expect(seenBy(cancelled(after, null))).toEqual(['bidder']);
  });
  it('stay opened when it was cancelled after the deadline', () => {
    expect(seenBy(cancelled(new Date(now.getTime() - 20), new Date(now.getTime() - 10)))).toEqual(['bidder', 'buyer', 'secretariat']);
  });
});

describe('canAskQuestion', () => {
  it('closes at questionsCloseAt', () => {
    const o = { ...order('open', before), questionsCloseAt: now };
    expect(canAskQuestion(o, now)).toBe(false);
    expect(canAskQuestion({ ...o, questionsCloseAt: before }, now)).toBe(true);
  });
});
