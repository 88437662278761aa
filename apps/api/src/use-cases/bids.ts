import type { BidList, CreateBidRequest, MyBid, MyBidsList, MyBidsQuery, UpdateBidRequest } from '@annex/contracts';
import {
  type BidAttachmentRow, type BidRevisionRow, type BidRow, type BidWriteResult, InvalidCursorError, audit, bids, organisations,
  withTransaction,
} from '@annex/db';
import {
  type BidOffer, type BidRuleError, type BidderProfile, type OrderTerms, applyBidAction, bidAmountsVisibleTo, bidEligibility,
  bidderProfileOf, effectiveStatus, publishedTerms, validateOffer,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireBiddingOpen, requireOrgKind } from './guards.ts';
import { toBid, toBidAttachment, toOffer } from './market-presenters.ts';
import { notify } from './notify.ts';
import { type LoadedOrder, isBuyerOf, loadOrder, orderState, sealClock, viewerOf, visibleOrder } from './viewer.ts';

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
  return new AppError('rule_violation', message, { errors: [{ path, message }] });
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

function requireEligibleProfile(profile: BidderProfile, buyerOrgId: string, terms: OrderTerms, now: Date): void {
  const reasons = bidEligibility(profile, buyerOrgId, terms, now);
  if (reasons.length > 0) {
    throw new AppError('not_eligible', `your organisation may not bid on this order: ${reasons.map((r) => r.code).join(', ')}`, { reasons });
  }
}

/** What a vendor's bid write is decided on: the order, the vendor and (`mine`) its bid with revisions and files. */
type BidContext = {
  o: LoadedOrder;
  vendor: { profile: BidderProfile; name: string };
  current: BidRow | null;
  revisions: BidRevisionRow[];
  files: BidAttachmentRow[];
};

/** Reads the bid context in one round trip (bids.vendorContext); 404 unless the vendor may see the order. */
async function bidContext(deps: Deps, auth: AuthContext, vendorOrgId: string, orderId: string, mine: boolean): Promise<BidContext> {
  const r = await bids.vendorContext(db(deps), orderId, vendorOrgId, mine);
  const o = await visibleOrder(deps, viewerOf(auth), r.order, r.curation);
  return { o, vendor: { profile: bidderProfileOf(vendorOrgId, r.vendor), name: r.vendor?.name ?? '' }, current: r.current, revisions: r.revisions, files: r.files };
}

/** The checks of an offer, new or revised: the vendor eligible under the order's published terms, the offer within them. */
function checkOffer(o: LoadedOrder, vendor: BidContext['vendor'], offer: BidOffer, now: Date): void {
  const terms = publishedTerms(o.row);
  requireEligibleProfile(vendor.profile, o.row.buyerOrgId, terms, now);
  const checked = validateOffer(offerOf(offer), terms, now);
  if (!checked.ok) throw offerViolation(checked.error);
}

const offerOf = (b: BidOffer): BidOffer => ({
  totalPriceFen: b.totalPriceFen, unitPriceFen: b.unitPriceFen, deliveryDays: b.deliveryDays, teamSize: b.teamSize,
  committedAccuracy: b.committedAccuracy,
});

// audit records of bids carry no amounts (bids.repo writes bid id, status and revision): the audit log is shown
// to others, sealed amounts never are
const auditOf = (auth: AuthContext, orgId: string, action: string, meta: RequestMeta) =>
  ({ actorUserId: auth.user.id, actorOrgId: orgId, action, requestId: meta.requestId });

/** Bids on one order share its row lock: they exclude status changes and amendments, not each other. */
const LOCK = 'share' as const;

type RevisionView = MyBid['revisions'][number];
const revisionView = (r: BidRevisionRow): RevisionView => ({ revision: r.revision, createdAt: r.createdAt.toISOString(), offer: toOffer(r.snapshot) });
/** The revision a write just made: the bid as it now stands. */
const latestRevision = (bid: BidRow): RevisionView => ({ revision: bid.revision, createdAt: bid.updatedAt.toISOString(), offer: toOffer(bid) });

/** The vendor's own view of its bid: all amounts, its revisions and its files. */
const myBidOf = (bid: BidRow, vendorName: string, revisions: RevisionView[], files: BidAttachmentRow[]): MyBid => ({
  ...toBid({ ...bid, vendorName }, true), revisions, attachments: files.map(toBidAttachment),
});

/**
 * POST /orders/{id}/bids: an eligible vendor bids while bidding is open. The database decides the deadline:
 * the order row is locked and clock_timestamp() compared after the lock (bids.insertIfOpen). The hot path of
 * the marketplace: one round trip reads the order and the vendor, one statement (without Idempotency-Key, its own
 * transaction) writes the bid with its first revision, its audit record and the buyer's notification.
 */
export async function placeBid(deps: Deps, auth: AuthContext, orderId: string, body: CreateBidRequest, meta: RequestMeta): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'bid');
  const { o, vendor } = await bidContext(deps, auth, m.orgId, orderId, false);
  requireBiddingOpen(o);
  checkOffer(o, vendor, body, deps.now());
  const payload: Record<string, unknown> = { orderTitle: o.row.title };
  if (o.row.biddingMode === 'open') payload.vendorName = vendor.name;
  const r = await bids.insertIfOpen(
    db(deps),
    { ...body, orderId, vendorOrgId: m.orgId, submittedBy: auth.user.id },
    {
      expectedOrderVersion: o.row.version,
      lock: LOCK,
      audit: auditOf(auth, m.orgId, 'bid.submitted', meta),
      notify: { orgId: o.row.buyerOrgId, kind: 'bid_received', payload, withBidCount: true },
    },
  );
  if (!r.ok) throw writeFailure(r);
  // a new bid's history is its first revision: no need to read it back
  return myBidOf(r.bid, vendor.name, [latestRevision(r.bid)], []);
}

/** GET /orders/{id}/bids/mine: the vendor's own bid with its revisions (the latest withdrawn one if none is live). */
export async function getMyBid(deps: Deps, auth: AuthContext, orderId: string): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'have bids');
  const { vendor, current, revisions, files } = await bidContext(deps, auth, m.orgId, orderId, true);
  if (!current) throw new AppError('not_found', 'you have not bid on this order');
  return myBidOf(current, vendor.name, revisions.map(revisionView), files);
}

/** PATCH /orders/{id}/bids/mine: a new revision while bidding is open (and re-confirms the bid). */
export async function updateMyBid(deps: Deps, auth: AuthContext, orderId: string, body: UpdateBidRequest, meta: RequestMeta): Promise<MyBid> {
  const m = requireOrgKind(auth, 'vendor', 'bid');
  const { o, vendor, current, revisions, files } = await bidContext(deps, auth, m.orgId, orderId, true);
  requireBiddingOpen(o);
  if (!current || current.status === 'withdrawn') throw new AppError('not_found', 'you have no live bid on this order');
  const now = deps.now();
  const step = applyBidAction(current.status, o.state, { type: 'revise' }, now);
  if (!step.ok) throw step.error === 'bidding_closed' ? new AppError('bidding_closed', 'bidding on this order has closed') : new AppError('invalid_transition', `a bid that is ${current.status} cannot be changed`);
  const merged = { ...current, ...body };
  checkOffer(o, vendor, merged, now);
  const r = await bids.updateIfOpen(
    db(deps),
    { ...offerOf(merged), proposal: merged.proposal, quoteLines: merged.quoteLines, orderId, vendorOrgId: m.orgId },
    {
      expectedRevision: current.revision, expectedOrderVersion: o.row.version, lock: LOCK,
      audit: auditOf(auth, m.orgId, 'bid.revised', meta),
    },
  );
  if (!r.ok) throw writeFailure(r);
  const bid = r.bid;
  // the bid was still at `current.revision`, so its history is what was read plus the revision just written
  return myBidOf(bid, vendor.name, [...revisions.filter((x) => x.revision < bid.revision).map(revisionView), latestRevision(bid)], files);
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
  const { o, vendor, current, files } = await bidContext(deps, auth, m.orgId, orderId, true);
  requireBiddingOpen(o);
  if (!current || current.status === 'withdrawn') throw new AppError('not_found', 'you have no live bid on this order');
  const ok = applyBidAction(current.status, o.state, { type: step }, deps.now());
  if (!ok.ok) {
    if (ok.error === 'bidding_closed') throw new AppError('bidding_closed', 'bidding on this order has closed');
    throw new AppError('invalid_transition', step === 'reconfirm' ? 'your bid does not need re-confirming' : `a bid that is ${current.status} cannot be withdrawn`);
  }
  const opts = { lock: LOCK, audit: auditOf(auth, m.orgId, step === 'withdraw' ? 'bid.withdrawn' : 'bid.reconfirmed', meta) };
  const r = step === 'withdraw'
    ? await bids.withdrawIfOpen(db(deps), { orderId, vendorOrgId: m.orgId }, opts)
    : await bids.reconfirmIfOpen(db(deps), { orderId, vendorOrgId: m.orgId }, opts);
  if (!r.ok) throw writeFailure(r);
  return myBidOf(r.bid, vendor.name, (await bids.revisions(db(deps), r.bid.id)).map(revisionView), files);
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
  const shown = rows.filter((b) => bidAmountsVisibleTo(viewer, order, b.vendorOrgId, now));
  // a bid's files go with its amounts (a quote is an amount)
  const files = await bids.attachmentsOf(db(deps), shown.map((b) => b.id));
  const items = rows.map((b) => {
    if (!shown.includes(b)) return toBid(b, false);
    return { ...toBid(b, true), attachments: files.filter((f) => f.bidId === b.id).map(toBidAttachment) };
  });
  return { items, count: rows.length };
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
    if (step.error === 'reason_required') throw new AppError('rule_violation', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] });
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
export async function listMyBids(deps: Deps, auth: AuthContext, q: MyBidsQuery): Promise<MyBidsList> {
  const m = requireOrgKind(auth, 'vendor', 'have bids');
  const org = await organisations.findById(db(deps), m.orgId);
  try {
    const page = await bids.listForVendor(db(deps), m.orgId, { status: q.status, sort: q.sort, cursor: q.cursor, limit: q.limit });
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
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}
