import { type BiddingMode, effectiveStatus, type OrderState } from './order.ts';

export type Viewer =
  | { kind: 'buyer'; orgId: string }
  | { kind: 'vendor'; orgId: string }
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
  const closed = effectiveStatus(order, now) !== 'open';
  const isBuyer = viewer.kind === 'buyer' && viewer.orgId === order.buyerOrgId;
  if (order.biddingMode === 'open') return isBuyer || (closed && viewer.kind === 'secretariat');
  return closed && (isBuyer || viewer.kind === 'secretariat');
}
