import { type BiddingMode, effectiveStatus, type OrderState } from './order.ts';

export type Viewer =
  | { kind: 'buyer'; orgId: string }
  | { kind: 'vendor'; orgId: string }
  | { kind: 'training_institution'; orgId: string }
  | { kind: 'base_operator'; orgId: string }
  | { kind: 'secretariat' }
  | { kind: 'public' };

/**
 * Whose bid amounts a viewer may see (DESIGN §2.3). Sealed: before the deadline nobody but the
 * bidder itself — not the buyer, not the secretariat. Open: the buyer sees bids live. Other
 * vendors never see competitors' amounts here; the award notice publishes the winner's price.
 */
export function bidAmountsVisibleTo(
  viewer: Viewer,
  order: OrderState & { buyerOrgId: string; biddingMode: BiddingMode },
  bidderOrgId: string,
  now: Date,
): boolean {
  if (viewer.kind === 'vendor' && viewer.orgId === bidderOrgId) return true;
  const isBuyer = viewer.kind === 'buyer' && viewer.orgId === order.buyerOrgId;
  if (order.biddingMode === 'open') return isBuyer || (effectiveStatus(order, now) !== 'open' && viewer.kind === 'secretariat');
  return sealedBidsOpened(order, now) && (isBuyer || viewer.kind === 'secretariat');
}

/**
 * Whether a sealed order's bids are opened: at its deadline, and never when the order was cancelled before
 * it (a cancelled tender's sealed offers stay sealed, as in public procurement; without `cancelledAt` a
 * cancelled order counts as cancelled before).
 */
export function sealedBidsOpened(order: OrderState, now: Date): boolean {
  if (now < order.bidDeadline) return false;
  if (order.status === 'cancelled') return order.cancelledAt != null && order.cancelledAt >= order.bidDeadline;
  return true;
}
