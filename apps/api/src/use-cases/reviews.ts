import type { ContractReviews, Review, ReviewReplyRequest, SubmitReviewRequest } from '@annex/contracts';
import {
  CONSTRAINTS, type ContractRow, type Db, type ReviewRow, audit, contracts, dbNow, isUniqueViolation, organisations, orders, reviews,
  withTransaction,
} from '@annex/db';
import {
  type ContractSide, REVIEW_WINDOW_DAYS, type ReviewFacts, type ReviewRuleError, allowedReviewActions, dimensionsRatedBy, dueReviewNotices,
  mayReply, maySubmitReview, overallStars, reviewVisibleTo, reviewWindow, reviewedSide, reviewsRevealed, validRatings,
} from '@annex/domain';
import type { Logger } from 'pino';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { notify } from './notify.ts';
import { viewerOf } from './viewer.ts';

/** An order's contract with the caller's side in it (null: the secretariat). */
type LoadedContract = { contract: ContractRow; side: ContractSide | null; orderTitle: string };

/** The contract of an order, for its two parties and the secretariat; everyone else gets 404, as for none. */
async function loadContract(d: Db, auth: AuthContext, orderId: string): Promise<LoadedContract> {
  const viewer = viewerOf(auth);
  const contract = await contracts.getByOrderId(d, orderId);
  const side: ContractSide | null = !contract || viewer.kind === 'public' || viewer.kind === 'secretariat'
    ? null
    : viewer.orgId === contract.buyerOrgId && viewer.kind === 'buyer' ? 'buyer'
    : viewer.orgId === contract.vendorOrgId && viewer.kind === 'vendor' ? 'vendor'
    : null;
  if (!contract || (side === null && viewer.kind !== 'secretariat')) throw new AppError('not_found', 'no contract for this order');
  const order = await orders.getById(d, orderId);
  return { contract, side, orderTitle: order?.title ?? '' };
}

const endedAt = (c: ContractRow): Date | null => c.completedAt ?? c.terminatedAt ?? null;

function factsOf(c: ContractRow, rows: readonly ReviewRow[]): ReviewFacts {
  const by = (s: ContractSide) => rows.find((r) => r.authorSide === s);
  return {
    contractStatus: c.status,
    endedAt: endedAt(c),
    submitted: { buyer: Boolean(by('buyer')), vendor: Boolean(by('vendor')) },
    replied: { buyer: Boolean(by('buyer')?.repliedAt), vendor: Boolean(by('vendor')?.repliedAt) },
  };
}

const RULE_ERRORS: Record<ReviewRuleError, [AppError['code'], string]> = {
  not_a_party: ['forbidden', 'only the two parties of the contract review each other'],
  contract_not_ended: ['contract_not_ended', 'reviews open when the contract is completed or terminated'],
  review_window_closed: ['review_window_closed', `reviews are taken for ${REVIEW_WINDOW_DAYS} days after the contract ended`],
  already_reviewed: ['already_reviewed', 'your side has reviewed this contract already'],
  review_not_found: ['not_found', 'no review to reply to'],
  not_reviewed_side: ['forbidden', 'only the side a review is about may reply to it'],
  already_replied: ['already_replied', 'this review has a reply already'],
};
const ruleError = (e: ReviewRuleError) => new AppError(...RULE_ERRORS[e]);

function toReview(r: ReviewRow, authorName: string): Review {
  // in the order the form asks them (dimensionsRatedBy)
  const stored: Record<string, number | null> = {
    quality: r.quality, timeliness: r.timeliness, clarity: r.clarity, paymentTimeliness: r.paymentTimeliness, communication: r.communication,
  };
  const ratings: Record<string, number> = {};
  for (const d of dimensionsRatedBy(r.authorSide)) if (stored[d] !== null && stored[d] !== undefined) ratings[d] = stored[d];
  return {
    id: r.id, authorSide: r.authorSide, authorName, ratings, stars: r.stars, body: r.body, submittedAt: r.submittedAt.toISOString(),
    reply: r.replyBody !== null && r.repliedAt !== null ? { body: r.replyBody, repliedAt: r.repliedAt.toISOString() } : null,
  };
}

async function present(d: Db, orderId: string, l: LoadedContract, now: Date): Promise<ContractReviews> {
  const c = l.contract;
  const rows = await reviews.listForContract(d, c.id);
  const f = factsOf(c, rows);
  const viewer = l.side ?? 'secretariat';
  const [buyer, vendor] = await Promise.all([organisations.findById(d, c.buyerOrgId), organisations.findById(d, c.vendorOrgId)]);
  const names = { buyer: buyer?.name ?? '', vendor: vendor?.name ?? '' };
  const slot = (s: ContractSide) => {
    const row = rows.find((r) => r.authorSide === s);
    return { submitted: Boolean(row), review: row && reviewVisibleTo(s, viewer, f, now) ? toReview(row, names[s]) : null };
  };
  const ended = endedAt(c);
  const window = ended ? reviewWindow(ended) : null;
  return {
    orderId,
    contractId: c.id,
    contractStatus: c.status,
    window: window ? { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() } : null,
    revealed: reviewsRevealed(f, now),
    viewerSide: l.side,
    buyer: slot('buyer'),
    vendor: slot('vendor'),
    actions: allowedReviewActions(f, viewer, now),
    dimensions: l.side ? [...dimensionsRatedBy(l.side)] : [],
  };
}

/** GET /orders/{id}/contract/reviews: both reviews as the caller may see them (double-blind), and what it may do. */
export async function getContractReviews(deps: Deps, auth: AuthContext, orderId: string): Promise<ContractReviews> {
  const l = await loadContract(db(deps), auth, orderId);
  return present(db(deps), orderId, l, deps.now());
}

/**
 * POST /orders/{id}/contract/reviews: the caller's side reviews the other within the window. Two submissions of
 * one side racing end in one review: the unique (contract, side) refuses the second (409 already_reviewed).
 * The other side is told that a review is in — not what it says; once both are in, both are told they can read.
 */
export async function submitReview(deps: Deps, auth: AuthContext, orderId: string, body: SubmitReviewRequest, meta: RequestMeta): Promise<ContractReviews> {
  const l = await loadContract(db(deps), auth, orderId);
  if (!l.side) throw ruleError('not_a_party');
  const side = l.side;
  const ratings = body.ratings as Record<string, number>;
  if (!validRatings(side, ratings)) {
    const dims = dimensionsRatedBy(side);
    throw new AppError('validation_failed', `rate exactly ${dims.join(', ')}, 1 to 5 stars each`, {
      errors: [{ path: 'ratings', message: `expected the ${side === 'buyer' ? "vendor's" : "buyer's"} dimensions: ${dims.join(', ')}` }],
    });
  }
  const now = deps.now();
  const subject = reviewedSide(side);
  const c = l.contract;
  await withTransaction(db(deps), async (tx) => {
    const current = (await contracts.getById(tx, c.id)) ?? c;
    const before = await reviews.listForContract(tx, c.id);
    const allowed = maySubmitReview(factsOf(current, before), side, now);
    if (!allowed.ok) throw ruleError(allowed.error);
    try {
      await reviews.insert(tx, {
        contractId: c.id, authorSide: side, authorOrgId: side === 'buyer' ? c.buyerOrgId : c.vendorOrgId,
        subjectOrgId: side === 'buyer' ? c.vendorOrgId : c.buyerOrgId, authorUserId: auth.user.id,
        ratings: { communication: ratings.communication!, ...ratings }, stars: overallStars(ratings), body: body.body,
      });
    } catch (err) {
      if (isUniqueViolation(err, CONSTRAINTS.contractReviewsOnePerSide)) throw ruleError('already_reviewed');
      throw err;
    }
    // the audit and the notices say that a review is in, never its stars or words (they are blind until revealed)
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'order', entityId: orderId,
      action: 'review.submitted', after: { contractId: c.id, side }, requestId: meta.requestId,
    });
    const both = before.some((r) => r.authorSide === subject);
    const payload = { orderTitle: l.orderTitle, side, revealed: both };
    await notify(tx, [
      { to: { orgId: subject === 'buyer' ? c.buyerOrgId : c.vendorOrgId }, kind: 'review_received', orderId, payload },
      ...(both ? [{ to: { orgId: side === 'buyer' ? c.buyerOrgId : c.vendorOrgId }, kind: 'reviews_revealed' as const, orderId, payload }] : []),
    ]);
  });
  return present(db(deps), orderId, l, now);
}

/** POST /orders/{id}/contract/reviews/{side}/reply: the side a revealed review is about answers it, once. */
export async function replyToReview(
  deps: Deps, auth: AuthContext, orderId: string, author: ContractSide, body: ReviewReplyRequest, meta: RequestMeta,
): Promise<ContractReviews> {
  const l = await loadContract(db(deps), auth, orderId);
  const viewer = l.side ?? 'secretariat';
  const now = deps.now();
  const c = l.contract;
  await withTransaction(db(deps), async (tx) => {
    const rows = await reviews.listForContract(tx, c.id);
    const allowed = mayReply(factsOf(c, rows), author, viewer, now);
    if (!allowed.ok) throw ruleError(allowed.error);
    const review = rows.find((r) => r.authorSide === author)!;
    const inserted = await reviews.insertReply(tx, { reviewId: review.id, authorOrgId: review.subjectOrgId, authorUserId: auth.user.id, body: body.body });
    if (!inserted) throw ruleError('already_replied');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'order', entityId: orderId,
      action: 'review.replied', after: { contractId: c.id, reviewId: review.id, side: viewer }, requestId: meta.requestId,
    });
    await notify(tx, [{ to: { orgId: review.authorOrgId }, kind: 'review_replied', orderId, payload: { orderTitle: l.orderTitle, side: viewer } }]);
  });
  return present(db(deps), orderId, l, now);
}

/**
 * The scheduler's pass over ended contracts: asks each side to review when the contract has ended and reminds a
 * side that has not two days before the window closes (domain dueReviewNotices, by the database clock). Each
 * notice is recorded in the transaction that sends it, under a key, so several processes send it once.
 */
export async function runReviewNotices(sql: Db, log: Logger): Promise<number> {
  const now = await dbNow(sql);
  const ended = await reviews.endedWithin(sql, REVIEW_WINDOW_DAYS + 1);
  let sent = 0;
  for (const c of ended) {
    const due = dueReviewNotices({ endedAt: c.endedAt, submitted: { buyer: c.buyerReviewed, vendor: c.vendorReviewed } }, new Set(c.noticesSent), now);
    for (const n of due) {
      try {
        await withTransaction(sql, async (tx) => {
          if (!(await reviews.markNoticeSent(tx, c.contractId, n.side, n.kind))) return;
          const closesAt = reviewWindow(c.endedAt).closesAt.toISOString();
          await notify(tx, [{
            to: { orgId: n.side === 'buyer' ? c.buyerOrgId : c.vendorOrgId }, kind: n.kind, orderId: c.orderId,
            payload: { orderTitle: c.orderTitle, closesAt },
          }]);
          sent += 1;
        });
      } catch (err) {
        log.error({ err, contractId: c.contractId }, 'review notice failed');
      }
    }
  }
  return sent;
}
