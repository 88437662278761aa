import { objectionRefused } from './award.ts';
import type { BidStatus, IneligibleReason } from './bid.ts';
import { applyBidAction } from './bid-lifecycle.ts';
import {
  type BiddingMode, ORDER_ACTIVITIES, ORDER_STEPS, type OrderMove, type OrderRole, type OrderState, canAskQuestion,
  effectiveStatus, statusesFor,
} from './order.ts';
import { type Viewer, sealedBidsOpened } from './visibility.ts';

/** What the order page offers; each maps to one or more moves of the order or bid machine. */
export const ORDER_VIEWER_ACTIONS = [
  'edit', 'submit', 'cancel', 'review', 'ask', 'answer', 'bid', 'changeBid', 'reconfirm', 'seeBids', 'disqualify', 'award', 'object',
] as const;
export type OrderViewerAction = (typeof ORDER_VIEWER_ACTIONS)[number];

/** The order as `allowedActions` needs it. */
export type OrderFacts = OrderState & { buyerOrgId: string; biddingMode: BiddingMode; questionsCloseAt: Date | null };

/**
 * Who is looking, with what the order page knows about a vendor: its bid on the order (the latest, withdrawn
 * included) and why it may not bid (bidEligibility; empty when it may).
 */
export type OrderViewer = Viewer & { myBid?: BidStatus | null; ineligible?: readonly IneligibleReason[] };

/** Reasons that keep a vendor out of the whole market, questions included (not just one order's bidding). */
const STANDING_REASONS: readonly IneligibleReason['code'][] = ['not_verified', 'suspended'];

/** Whether a vendor in good standing asks: verified and not suspended (the order's own requirements do not matter). */
export const mayAskQuestions = (ineligible: readonly IneligibleReason[]): boolean => !ineligible.some((r) => STANDING_REASONS.includes(r.code));

/**
 * What this viewer may do with the order at `now` — the one answer the API's `permissions`, and through them
 * the web's buttons, are taken from. Every use case still checks its own step (the database decides deadlines).
 */
export function allowedActions(o: OrderFacts, v: OrderViewer, now: Date): Record<OrderViewerAction, boolean> {
  const s = effectiveStatus(o, now);
  const role: OrderRole | null =
    v.kind === 'secretariat' ? 'secretariat' : v.kind === 'vendor' ? 'vendor' : v.kind === 'buyer' && v.orgId === o.buyerOrgId ? 'buyer' : null;
  const may = (move: OrderMove) => role !== null && byOf(move).includes(role) && statusesFor(move).includes(s);
  const myBid = v.kind === 'vendor' ? (v.myBid ?? null) : null;
  const ineligible = v.kind === 'vendor' ? (v.ineligible ?? []) : [];
  const bidStep = (type: 'revise' | 'reconfirm') => myBid !== null && applyBidAction(myBid, o, { type }, now).ok;
  return {
    edit: may('edit_draft') || may('amend'),
    submit: may('submit'),
    cancel: may('cancel'),
    review: may('approve'),
    ask: may('ask') && mayAskQuestions(ineligible) && o.questionsCloseAt !== null && canAskQuestion({ ...o, questionsCloseAt: o.questionsCloseAt }, now),
    answer: may('answer'),
    bid: may('bid') && ineligible.length === 0 && (myBid === null || myBid === 'withdrawn'),
    changeBid: role === 'vendor' && bidStep('revise'),
    reconfirm: role === 'vendor' && bidStep('reconfirm'),
    // the buyer once bids exist (a sealed order's once they are opened); the secretariat once bidding has closed
    seeBids:
      (role === 'buyer' || role === 'secretariat') && s !== 'draft' && s !== 'pending_review' &&
      (o.biddingMode === 'sealed' ? sealedBidsOpened(o, now) : !(role === 'secretariat' && s === 'open')),
    disqualify: may('disqualify'),
    award: may('award'),
    object: role === 'vendor' && objectionRefused(o, myBid, now) === null,
  };
}

function byOf(move: OrderMove): readonly OrderRole[] {
  return move in ORDER_STEPS ? ORDER_STEPS[move as keyof typeof ORDER_STEPS].by : ORDER_ACTIVITIES[move as keyof typeof ORDER_ACTIVITIES].by;
}

