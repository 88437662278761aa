import type { BidList, CreateBidRequest, MyBid, MyBidsList, UpdateBidRequest } from '@annex/contracts';
import {
  type BidRow, type BidWriteResult, type Db, InvalidCursorError, audit, bids, organisations, withTransaction,
} from '@annex/db';
import {
  type BidOffer, type BidRuleError, type BidderProfile, EMPTY_CAPABILITY_PROFILE, type OrderTerms, applyBidAction,
  bidAmountsVisibleTo, bidEligibility, effectiveStatus, validateOffer,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { toBid, toOffer } from './market-presenters.ts';
import { notify } from './notify.ts';
import { publishedTerms } from './orders.ts';
import { type LoadedOrder, isBuyerOf, loadOrder, orderState, sealClock, viewerOf } from './viewer.ts';

const OFFER_RULES: Record<BidRuleError, [path: string, message: string]> = {
  money_invalid: ['totalPriceFen', 'prices are positive whole fen'],
  above_budget: ['totalPriceFen', "the total price is above the order's budget"],
  above_unit_ceiling: ['unitPriceFen', "the unit price is above the order's ceiling"],
  accuracy_below_target: ['committedAccuracy', "the committed accuracy is below the order's target"],
  accuracy_invalid: ['committedAccuracy', 'the accuracy lies above 0 and at most 100'],
  delivery_after_deadline: ['deliveryDays', "delivery would come after the order's delivery deadline"],
  team_size_invalid: ['teamSize', 'the team has at least one person'],
};

function offerViolation(e: BidRuleError): AppError {
  const [path, message] = OFFER_RULES[e];
  return new AppError('rule_violation', message, [{ path, message }]);
}

function writeFailure(r: Extract<BidWriteResult, { ok: false }>): AppError {
  switch (r.reason) {
    case 'order_not_found':
      return new AppError('not_found', 'no order with this id');
    case 'bidding_closed':
      return new AppError('bidding_closed', 'bidding on this order has closed');
    case 'order_changed':
      return new AppError('invalid_transition', 'the order was amended meanwhile; read the new terms and bid again');
    case 'already_bid':
      return new AppError('invalid_transition', 'you already have a live bid on this order; change it with PATCH /orders/{id}/bids/mine');
    case 'no_bid':
      return new AppError('not_found', 'you have no live bid on this order');
    case 'revision_conflict':
      return new AppError('invalid_transition', 'your bid changed meanwhile; reload it and try again');
  }
}

/** The vendor as the eligibility rules see it. */
async function bidderProfile(d: Db, orgId: string): Promise<{ profile: BidderProfile; name: string }> {
  const org = await organisations.findById(d, orgId);
  return {
    name: org?.name ?? '',
    profile: {
      orgId,
      verification: org?.verification ?? { status: 'pending', verifiedUntil: null, reason: null },
      capabilities: org?.capabilities ?? EMPTY_CAPABILITY_PROFILE,
    },
  };
}

function requireEligibleProfile(profile: BidderProfile, buyerOrgId: string, terms: OrderTerms, now: Date): void {
  const reasons = bidEligibility(profile, buyerOrgId, terms, now);
  if (reasons.length > 0) {
    throw new AppError('not_eligible', `your organisation may not bid on this order: ${reasons.map((r) => r.code).join(', ')}`, undefined, undefined, { reasons });
  }
}

async function requireEligible(d: Db, vendorOrgId: string, buyerOrgId: string, terms: OrderTerms, now: Date): Promise<string> {
  const { profile, name } = await bidderProfile(d, vendorOrgId);
  requireEligibleProfile(profile, buyerOrgId, terms, now);
  return name;
}

function requireBiddingOpen(o: LoadedOrder): void {
  if (o.status !== 'open') throw new AppError('bidding_closed', `bidding is closed (the order is ${o.status})`);
}

const offerOf = (b: BidOffer): BidOffer => ({
  totalPriceFen: b.totalPriceFen, unitPriceFen: b.unitPriceFen, deliveryDays: b.deliveryDays, teamSize: b.teamSize,
  committedAccuracy: b.committedAccuracy,
});

// audit records of bids carry no amounts: the audit log is shown to others, sealed amounts never are
const auditBid = (tx: Db, auth: AuthContext, orgId: string, orderId: string, action: string, bid: BidRow, meta: RequestMeta) =>
  audit.append(tx, {
    actorUserId: auth.user.id, actorOrgId: orgId, entityType: 'order', entityId: orderId, action,
    after: { bidId: bid.id, status: bid.status, revision: bid.revision }, requestId: meta.requestId,
  });

async function myBidView(d: Db, bid: BidRow, vendorName: string): Promise<MyBid> {
  const revisions = await bids.revisions(d, bid.id);
  return {
    ...toBid({ ...bid, vendorName }, true),
    revisions: revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt.toISOString(), offer: toOffer(r.snapshot) })),
  };
}

/**
 * POST /orders/{id}/bids: an eligible vendor bids while bidding is open. The database decides the deadline:
 * the order row is locked and clock_timestamp() compared after the lock (bids.insertIfOpen).
 */
export async function placeBid(deps: Deps, auth: AuthContext, orderId: string, body: CreateBidRequest, meta: RequestMeta): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'bid');
  const viewer = viewerOf(auth);
  // independent reads at once: the hot path of the marketplace
  const [o, vendor] = await Promise.all([loadOrder(deps, viewer, orderId), bidderProfile(db(deps), m.orgId)]);
  requireBiddingOpen(o);
  const now = deps.now();
  const terms = publishedTerms(o.row);
  requireEligibleProfile(vendor.profile, o.row.buyerOrgId, terms, now);
  const offer = validateOffer(offerOf(body), terms, now);
  if (!offer.ok) throw offerViolation(offer.error);
  const bid = await withTransaction(db(deps), async (tx) => {
    const r = await bids.insertIfOpen(
      tx,
      { ...body, orderId, vendorOrgId: m.orgId, submittedBy: auth.user.id },
      { expectedOrderVersion: o.row.version },
    );
    if (!r.ok) throw writeFailure(r);
    // pipelined on the transaction's connection
    const [, count] = await Promise.all([auditBid(tx, auth, m.orgId, orderId, 'bid.submitted', r.bid, meta), bids.countForOrder(tx, orderId)]);
    const payload: Record<string, unknown> = { orderTitle: o.row.title, bidCount: count };
    if (o.row.biddingMode === 'open') payload.vendorName = vendor.name;
    await notify(tx, [{ to: { orgId: o.row.buyerOrgId }, kind: 'bid_received', orderId, payload }]);
    return r.bid;
  });
  // a new bid's history is its first revision: no need to read it back
  return {
    ...toBid({ ...bid, vendorName: vendor.name }, true),
    revisions: [{ revision: bid.revision, createdAt: bid.updatedAt.toISOString(), offer: toOffer(bid) }],
  };
}

/** GET /orders/{id}/bids/mine: the vendor's own bid with its revisions (the latest withdrawn one if none is live). */
export async function getMyBid(deps: Deps, auth: AuthContext, orderId: string): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'have bids');
  await loadOrder(deps, viewerOf(auth), orderId);
  const bid = await bids.mine(db(deps), orderId, m.orgId);
  if (!bid) throw new AppError('not_found', 'you have not bid on this order');
  const org = await organisations.findById(db(deps), m.orgId);
  return myBidView(db(deps), bid, org?.name ?? '');
}

/** PATCH /orders/{id}/bids/mine: a new revision while bidding is open (and re-confirms the bid). */
export async function updateMyBid(deps: Deps, auth: AuthContext, orderId: string, body: UpdateBidRequest, meta: RequestMeta): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'bid');
  const o = await loadOrder(deps, viewerOf(auth), orderId);
  requireBiddingOpen(o);
  const current = await bids.mine(db(deps), orderId, m.orgId);
  if (!current || current.status === 'withdrawn') throw new AppError('not_found', 'you have no live bid on this order');
  const now = deps.now();
  const step = applyBidAction(current.status, o.state, { type: 'revise' }, now);
  if (!step.ok) throw step.error === 'bidding_closed' ? new AppError('bidding_closed', 'bidding on this order has closed') : new AppError('invalid_transition', `a bid that is ${current.status} cannot be changed`);
  const terms = publishedTerms(o.row);
  const vendorName = await requireEligible(db(deps), m.orgId, o.row.buyerOrgId, terms, now);
  const merged = { ...current, ...body };
  const offer = validateOffer(offerOf(merged), terms, now);
  if (!offer.ok) throw offerViolation(offer.error);
  const bid = await withTransaction(db(deps), async (tx) => {
    const r = await bids.updateIfOpen(
      tx,
      { ...offerOf(merged), proposal: merged.proposal, quoteLines: merged.quoteLines, orderId, vendorOrgId: m.orgId },
      { expectedRevision: current.revision, expectedOrderVersion: o.row.version },
    );
    if (!r.ok) throw writeFailure(r);
    await auditBid(tx, auth, m.orgId, orderId, 'bid.revised', r.bid, meta);
    return r.bid;
  });
  return myBidView(db(deps), bid, vendorName);
}

/** DELETE /orders/{id}/bids/mine: withdraws the vendor's bid before the deadline. */
export async function withdrawMyBid(deps: Deps, auth: AuthContext, orderId: string, meta: RequestMeta): Promise<MyBid> {
  return vendorStep(deps, auth, orderId, meta, 'withdraw');
}

/** POST /orders/{id}/bids/mine/reconfirm: the vendor confirms its bid under amended terms. */
export async function reconfirmMyBid(deps: Deps, auth: AuthContext, orderId: string, meta: RequestMeta): Promise<MyBid> {
  return vendorStep(deps, auth, orderId, meta, 'reconfirm');
}

async function vendorStep(deps: Deps, auth: AuthContext, orderId: string, meta: RequestMeta, step: 'withdraw' | 'reconfirm'): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'bid');
  const o = await loadOrder(deps, viewerOf(auth), orderId);
  requireBiddingOpen(o);
  const current = await bids.mine(db(deps), orderId, m.orgId);
  if (!current || current.status === 'withdrawn') throw new AppError('not_found', 'you have no live bid on this order');
  const ok = applyBidAction(current.status, o.state, { type: step }, deps.now());
  if (!ok.ok) {
    if (ok.error === 'bidding_closed') throw new AppError('bidding_closed', 'bidding on this order has closed');
    throw new AppError('invalid_transition', step === 'reconfirm' ? 'your bid does not need re-confirming' : `a bid that is ${current.status} cannot be withdrawn`);
  }
  const bid = await withTransaction(db(deps), async (tx) => {
    const r = step === 'withdraw'
      ? await bids.withdrawIfOpen(tx, { orderId, vendorOrgId: m.orgId })
      : await bids.reconfirmIfOpen(tx, { orderId, vendorOrgId: m.orgId });
    if (!r.ok) throw writeFailure(r);
    await auditBid(tx, auth, m.orgId, orderId, step === 'withdraw' ? 'bid.withdrawn' : 'bid.reconfirmed', r.bid, meta);
    return r.bid;
  });
  const org = await organisations.findById(db(deps), m.orgId);
  return myBidView(db(deps), bid, org?.name ?? '');
}

/**
 * GET /orders/{id}/bids: the buyer and the secretariat. A sealed order's bids before its deadline: 403
 * bids_sealed (the count is on the order). Amounts are shown as DESIGN §2.3 allows (domain bidAmountsVisibleTo).
 */
export async function listBids(deps: Deps, auth: AuthContext, orderId: string): Promise<BidList> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') {
    throw new AppError('forbidden', "only the buyer and the secretariat see an order's bids; see your own at /bids/mine");
  }
  const { now, status } = await sealClock(deps, o);
  if (o.row.biddingMode === 'sealed' && status === 'open') {
    throw new AppError('bids_sealed', 'the bids of a sealed order are shown after its deadline; until then only their count is public');
  }
  const rows = await bids.listForOrder(db(deps), orderId);
  const order = { ...o.state, buyerOrgId: o.row.buyerOrgId, biddingMode: o.row.biddingMode };
  return { items: rows.map((b) => toBid(b, bidAmountsVisibleTo(viewer, order, b.vendorOrgId, now))), count: rows.length };
}

/** POST /orders/{id}/bids/{bidId}/disqualify: the buyer or the secretariat, with a reason, before an award. */
export async function disqualifyBid(
  deps: Deps, auth: AuthContext, orderId: string, bidId: string, reason: string, meta: RequestMeta,
): Promise<{ id: string; status: string; disqualifiedReason: string | null }> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') throw new AppError('forbidden', 'only the buyer or the secretariat can disqualify a bid');
  const bid = await bids.getById(db(deps), bidId);
  if (!bid || bid.orderId !== orderId) throw new AppError('not_found', 'no bid with this id on this order');
  const step = applyBidAction(bid.status, orderState(o.row), { type: 'disqualify', reason }, deps.now());
  if (!step.ok) {
    if (step.error === 'reason_required') throw new AppError('rule_violation', 'a reason is required', [{ path: 'reason', message: 'required' }]);
    throw new AppError('invalid_transition', `a bid that is ${bid.status} on an order that is ${effectiveStatus(o.state, deps.now())} cannot be disqualified`);
  }
  const row = await withTransaction(db(deps), async (tx) => {
    const r = await bids.disqualify(tx, { orderId, bidId, reason, by: auth.user.id });
    if (!r) throw new AppError('invalid_transition', 'the bid was withdrawn or disqualified meanwhile');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'order', entityId: orderId,
      action: 'bid.disqualified', after: { bidId, vendorOrgId: r.vendorOrgId, status: 'disqualified', reason }, requestId: meta.requestId,
    });
    await notify(tx, [{ to: { orgId: r.vendorOrgId }, kind: 'bid_disqualified', orderId, payload: { orderTitle: o.row.title, reason } }]);
    return r;
  });
  return { id: row.id, status: row.status, disqualifiedReason: row.disqualifiedReason };
}

/** GET /me/bids: the vendor's bids across orders, newest first. */
export async function listMyBids(deps: Deps, auth: AuthContext, q: { cursor?: string | undefined; limit: number }): Promise<MyBidsList> {
  const m = requireOrgKind(auth, 'vendor', 'have bids');
  const org = await organisations.findById(db(deps), m.orgId);
  try {
    const page = await bids.listForVendor(db(deps), m.orgId, q.cursor, q.limit);
    return {
      items: page.items.map((b) => ({
        ...toBid({ ...b, vendorName: org?.name ?? '' }, true),
        orderTitle: b.orderTitle,
        orderStatus: b.orderStatus,
        bidDeadline: b.orderBidDeadline?.toISOString() ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', [{ path: 'query.cursor', message: 'invalid cursor' }]);
    }
    throw err;
  }
}
