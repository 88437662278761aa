import { describe, expect, it } from 'vitest';
import {
  type ReviewFacts, allowedReviewActions, dueReviewNotices, mayReply, maySubmitReview, overallStars, reviewVisibleTo, reviewWindow,
  reviewsRevealed, validRatings,
} from './review.ts';

const ended = new Date('2026-11-01T02:00:00Z');
const at = (days: number, hours = 0) => new Date(ended.getTime() + days * 86_400_000 + hours * 3_600_000);
const facts = (buyer: boolean, vendor: boolean, over: Partial<ReviewFacts> = {}): ReviewFacts => ({
  contractStatus: 'completed', endedAt: ended, submitted: { buyer, vendor }, replied: { buyer: false, vendor: false }, ...over,
});

describe('reviewWindow', () => {
  it('opens when the contract ends and closes 14 days later', () => {
    expect(reviewWindow(ended)).toEqual({ opensAt: ended, closesAt: new Date('2026-11-15T02:00:00Z') });
  });
});

describe('double-blind visibility', () => {
  // [case, buyer submitted, vendor submitted, days after the end, author, viewer, visible]
  it.each([
    ['the author sees its own review at once', true, false, 1, 'buyer', 'buyer', true],
    ['the other side does not, while it has not reviewed', true, false, 1, 'buyer', 'vendor', false],
    ['nor does the secretariat', true, false, 1, 'buyer', 'secretariat', false],
    ['nor the public', true, false, 1, 'buyer', 'public', false],
    ['both in: the other side sees it', true, true, 1, 'buyer', 'vendor', true],
    ['both in: the public sees it', true, true, 1, 'vendor', 'public', true],
    ['a second before the close, still hidden', true, false, 13.99, 'buyer', 'vendor', false],
    ['the window closed: what was submitted shows', true, false, 14, 'buyer', 'vendor', true],
    ['nothing submitted: nothing to see, ever', false, false, 30, 'buyer', 'buyer', false],
  ] as const)('%s', (_, b, v, day, author, viewer, visible) => {
    expect(reviewVisibleTo(author, viewer, facts(b, v), at(day))).toBe(visible);
  });

  it('reveals nothing while the contract runs', () => {
    expect(reviewsRevealed({ endedAt: null, submitted: { buyer: true, vendor: true } }, at(30))).toBe(false);
  });
});

describe('maySubmitReview', () => {
  it.each([
    ['a party within the window', facts(false, false), 'buyer', 3, null],
    ['the last minute of the window', facts(false, false), 'vendor', 13.999, null],
    ['after the window', facts(false, false), 'vendor', 14, 'review_window_closed'],
    ['a second review by the same side', facts(true, false), 'buyer', 3, 'already_reviewed'],
    ['the other side after the first', facts(true, false), 'vendor', 3, null],
    ['the secretariat', facts(false, false), 'secretariat', 3, 'not_a_party'],
    ['the public', facts(false, false), 'public', 3, 'not_a_party'],
    ['a running contract', facts(false, false, { contractStatus: 'active', endedAt: null }), 'buyer', 3, 'contract_not_ended'],
    ['a terminated contract', facts(false, false, { contractStatus: 'terminated' }), 'vendor', 3, null],
  ] as const)('%s', (_, f, side, day, error) => {
    const r = maySubmitReview(f, side, at(day));
    expect(r.ok ? null : r.error).toBe(error);
  });
});

describe('mayReply (the reviewed side, once, after the reveal)', () => {
  it.each([
    ['the vendor answers the buyer’s review once both are in', facts(true, true), 'buyer', 'vendor', 2, null],
    ['the author cannot answer itself', facts(true, true), 'buyer', 'buyer', 2, 'not_reviewed_side'],
    ['not before the reveal (it would read the hidden review)', facts(true, false), 'buyer', 'vendor', 2, 'review_not_found'],
    ['after the window the lone review may be answered', facts(true, false), 'buyer', 'vendor', 15, null],
    ['a second reply', facts(true, true, { replied: { buyer: true, vendor: false } }), 'buyer', 'vendor', 2, 'already_replied'],
    ['a review never written', facts(true, false), 'vendor', 'buyer', 20, 'review_not_found'],
    ['the secretariat', facts(true, true), 'buyer', 'secretariat', 2, 'not_a_party'],
  ] as const)('%s', (_, f, author, side, day, error) => {
    const r = mayReply(f, author, side, at(day));
    expect(r.ok ? null : r.error).toBe(error);
  });

  it('tells the viewer what it may do now', () => {
    expect(allowedReviewActions(facts(true, false), 'vendor', at(2))).toEqual({ submit: true, reply: false });
    expect(allowedReviewActions(facts(true, true), 'vendor', at(2))).toEqual({ submit: false, reply: true });
    expect(allowedReviewActions(facts(true, true), 'public', at(2))).toEqual({ submit: false, reply: false });
  });
});

describe('ratings', () => {
  it.each([
    ['the vendor’s three dimensions rated by the buyer', 'buyer', { quality: 5, timeliness: 4, communication: 3 }, true],
    ['the buyer’s three dimensions rated by the vendor', 'vendor', { clarity: 2, paymentTimeliness: 1, communication: 5 }, true],
    ['a buyer rating the buyer’s dimensions', 'buyer', { clarity: 2, paymentTimeliness: 1, communication: 5 }, false],
    ['a dimension missing', 'buyer', { quality: 5, timeliness: 4 }, false],
    ['an extra dimension', 'buyer', { quality: 5, timeliness: 4, communication: 3, price: 2 }, false],
    ['zero stars', 'buyer', { quality: 0, timeliness: 4, communication: 3 }, false],
    ['six stars', 'buyer', { quality: 6, timeliness: 4, communication: 3 }, false],
    ['half a star', 'buyer', { quality: 4.5, timeliness: 4, communication: 3 }, false],
  ] as const)('%s', (_, author, ratings, valid) => {
    expect(validRatings(author, ratings)).toBe(valid);
  });

  it('averages the stars over the dimensions', () => {
    expect(overallStars({ quality: 5, timeliness: 4, communication: 4 })).toBe(4.33); // 13 / 3
    expect(overallStars({})).toBe(0);
  });
});

describe('dueReviewNotices', () => {
  const none = new Set<string>();
  const asked = new Set(['review_requested:buyer', 'review_requested:vendor']);
  it.each([
    ['at the end both are asked', facts(false, false), none, 0, ['review_requested:buyer', 'review_requested:vendor']],
    ['a side that reviewed is not asked', facts(true, false), none, 0, ['review_requested:vendor']],
    ['asked already, not yet two days before the close', facts(false, false), asked, 11.9, []],
    ['two days before the close the silent side is reminded', facts(true, false), asked, 12, ['review_window_closing:vendor']],
    ['reminded once', facts(true, false), new Set([...asked, 'review_window_closing:vendor']), 13, []],
    ['nothing after the close', facts(false, false), none, 14, []],
    ['nothing while the contract runs', facts(false, false, { endedAt: null }), none, 1, []],
  ] as const)('%s', (_, f, sent, day, expected) => {
    expect(dueReviewNotices(f, sent, at(day)).map((n) => `${n.kind}:${n.side}`)).toEqual(expected);
  });
});
