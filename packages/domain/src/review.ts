import { type Result, fail, ok } from './result.ts';
import type { ContractSide, ContractStatus } from './contract.ts';

/** Days after a contract ends (completed or terminated) within which both sides may review (DESIGN §2.5). */
export const REVIEW_WINDOW_DAYS = 14;
/** Days before the window closes when a side that has not reviewed yet is reminded. */
export const REVIEW_REMINDER_DAYS_BEFORE = 2;

/** What the buyer rates the vendor on. */
export const VENDOR_REVIEW_DIMENSIONS = ['quality', 'timeliness', 'communication'] as const;
/** What the vendor rates the buyer on. */
export const BUYER_REVIEW_DIMENSIONS = ['clarity', 'paymentTimeliness', 'communication'] as const;
export type VendorReviewDimension = (typeof VENDOR_REVIEW_DIMENSIONS)[number];
export type BuyerReviewDimension = (typeof BUYER_REVIEW_DIMENSIONS)[number];
export type ReviewDimension = VendorReviewDimension | BuyerReviewDimension;

export const MIN_STARS = 1;
export const MAX_STARS = 5;

/** The dimensions a review by `author` rates: the buyer reviews the vendor and the other way round. */
export const dimensionsRatedBy = (author: ContractSide): readonly ReviewDimension[] =>
  author === 'buyer' ? VENDOR_REVIEW_DIMENSIONS : BUYER_REVIEW_DIMENSIONS;

/** The side a review by `author` is about. */
export const reviewedSide = (author: ContractSide): ContractSide => (author === 'buyer' ? 'vendor' : 'buyer');

const DAY_MS = 86_400_000;
const ENDED: readonly ContractStatus[] = ['completed', 'terminated'];

/** The review window of a contract that ended at `endedAt`: it opens then and closes 14 days later. */
export function reviewWindow(endedAt: Date): { opensAt: Date; closesAt: Date } {
  return { opensAt: endedAt, closesAt: new Date(endedAt.getTime() + REVIEW_WINDOW_DAYS * DAY_MS) };
}

/** When a side that has not reviewed is reminded that the window closes. */
export const reviewReminderAt = (endedAt: Date): Date =>
  new Date(reviewWindow(endedAt).closesAt.getTime() - REVIEW_REMINDER_DAYS_BEFORE * DAY_MS);

/** What the review rules look at about one contract. */
export type ReviewFacts = {
  contractStatus: ContractStatus;
  /** completed_at or terminated_at; null while the contract runs */
  endedAt: Date | null;
  /** which sides have submitted their review */
  submitted: { buyer: boolean; vendor: boolean };
  /** which sides' reviews have a reply from the side they are about (keyed by the review's author) */
  replied: { buyer: boolean; vendor: boolean };
};

/** Who looks: a party, the secretariat, or anyone else (the public). */
export type ReviewViewer = ContractSide | 'secretariat' | 'public';

/**
 * Double-blind: the reviews are revealed once both sides have submitted, or once the window has closed (then
 * whatever was submitted is shown). Before that a review is seen by its author only — not by the other side,
 * not by the secretariat, not by the public — so that neither can answer the other's review with its own.
 */
export function reviewsRevealed(f: Pick<ReviewFacts, 'endedAt' | 'submitted'>, now: Date): boolean {
  if (f.endedAt === null) return false;
  if (f.submitted.buyer && f.submitted.vendor) return true;
  return now.getTime() >= reviewWindow(f.endedAt).closesAt.getTime();
}

/** Whether `viewer` may read the review `author` submitted. */
export function reviewVisibleTo(author: ContractSide, viewer: ReviewViewer, f: Pick<ReviewFacts, 'endedAt' | 'submitted'>, now: Date): boolean {
  if (!f.submitted[author]) return false;
  return viewer === author || reviewsRevealed(f, now);
}

/** Why a review or a reply is refused. */
export type ReviewRuleError =
  | 'not_a_party'
  | 'contract_not_ended'
  | 'review_window_closed'
  | 'already_reviewed'
  | 'review_not_found'
  | 'not_reviewed_side'
  | 'already_replied';

/** Whether `side` may submit its review now. */
export function maySubmitReview(f: ReviewFacts, side: ReviewViewer, now: Date): Result<true, ReviewRuleError> {
  if (side !== 'buyer' && side !== 'vendor') return fail('not_a_party');
  if (!ENDED.includes(f.contractStatus) || f.endedAt === null) return fail('contract_not_ended');
  if (f.submitted[side]) return fail('already_reviewed');
  if (now.getTime() >= reviewWindow(f.endedAt).closesAt.getTime()) return fail('review_window_closed');
  return ok(true);
}

/**
 * Whether `side` may reply to the review `author` wrote: only the side it is about, only once, and only after it
 * is revealed (a reply to a hidden review would tell the replier what it says).
 */
export function mayReply(f: ReviewFacts, author: ContractSide, side: ReviewViewer, now: Date): Result<true, ReviewRuleError> {
  if (side !== 'buyer' && side !== 'vendor') return fail('not_a_party');
  if (side === author) return fail('not_reviewed_side');
  if (!reviewVisibleTo(author, side, f, now)) return fail('review_not_found');
  if (f.replied[author]) return fail('already_replied');
  return ok(true);
}

/** What a viewer may do with the reviews of one contract now (the web's buttons ask this). */
export type ReviewActions = { submit: boolean; reply: boolean };

export function allowedReviewActions(f: ReviewFacts, viewer: ReviewViewer, now: Date): ReviewActions {
  if (viewer !== 'buyer' && viewer !== 'vendor') return { submit: false, reply: false };
  return { submit: maySubmitReview(f, viewer, now).ok, reply: mayReply(f, reviewedSide(viewer), viewer, now).ok };
}

/** The mean of a review's stars over its dimensions, two decimals. */
export function overallStars(ratings: Readonly<Partial<Record<ReviewDimension, number>>>): number {
  const values = Object.values(ratings).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return 0;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

/** Whether the ratings rate exactly the dimensions `author` rates, each a whole number of stars 1–5. */
export function validRatings(author: ContractSide, ratings: Readonly<Record<string, number>>): boolean {
  const dims = dimensionsRatedBy(author);
  const keys = Object.keys(ratings);
  if (keys.length !== dims.length || !dims.every((d) => keys.includes(d))) return false;
  return dims.every((d) => Number.isInteger(ratings[d]) && ratings[d]! >= MIN_STARS && ratings[d]! <= MAX_STARS);
}

/** The notices of the review window: asked to review when the contract ends, reminded before the window closes. */
export type ReviewNoticeKind = 'review_requested' | 'review_window_closing';

/**
 * The notices due now for one ended contract, given those already sent (`kind:side`). A side is asked once the
 * contract has ended, and reminded from two days before the close if it has not reviewed yet; nothing is sent
 * once the window has closed (a reminder then would ask for what can no longer be done).
 */
export function dueReviewNotices(
  f: Pick<ReviewFacts, 'endedAt' | 'submitted'>,
  sent: ReadonlySet<string>,
  now: Date,
): { kind: ReviewNoticeKind; side: ContractSide }[] {
  if (f.endedAt === null) return [];
  const t = now.getTime();
  if (t < f.endedAt.getTime() || t >= reviewWindow(f.endedAt).closesAt.getTime()) return [];
  const out: { kind: ReviewNoticeKind; side: ContractSide }[] = [];
  for (const side of ['buyer', 'vendor'] as const) {
    if (f.submitted[side]) continue;
    if (!sent.has(`review_requested:${side}`)) out.push({ kind: 'review_requested', side });
    else if (t >= reviewReminderAt(f.endedAt).getTime() && !sent.has(`review_window_closing:${side}`)) out.push({ kind: 'review_window_closing', side });
  }
  return out;
}
