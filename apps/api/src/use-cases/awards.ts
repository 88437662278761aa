import type { AwardNotice, Comparison, DecideObjectionRequest, Objection } from '@annex/contracts';
import {
  CONSTRAINTS, InvalidCursorError, audit, awards, bids, catalogue, isUniqueViolation, objections, orders, organisations,
  withTransaction,
} from '@annex/db';
import {
  DEFAULT_WEIGHTS, type ScoreWeights, annotationStatusOnAwardCancelled, bidAmountsVisibleTo, capabilityFit, checkAward, checkObjection, decideObjection,
  scoreBids,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { toAwardNotice, toBid, toObjection } from './market-presenters.ts';
import { notify, toOrgs } from './notify.ts';
import { toRecordSummary, vendorTrackRecords } from './track-record-view.ts';
import { isBuyerOf, loadOrder, sealClock, viewerOf, withState } from './viewer.ts';

const SCORED = new Set(['active', 'awarded', 'not_awarded']);

/**
 * GET /orders/{id}/comparison: every bid side by side with a weighted score (domain scoreBids) under the
 * buyer's weights. Capability fit is the coverage of the order by the vendor's profile; track record is the
 * vendor's track-record score, which starts at the market's figures for a vendor new to the platform.
 */
export async function compareBids(deps: Deps, auth: AuthContext, orderId: string, w: Partial<ScoreWeights>): Promise<Comparison> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') throw new AppError('forbidden', 'only the buyer and the secretariat compare bids');
  const { now } = await sealClock(deps, o);
  const order = { ...o.state, buyerOrgId: o.row.buyerOrgId, biddingMode: o.row.biddingMode };
  // whether amounts may be seen does not depend on whose bid it is, except for the bidder itself
  if (!bidAmountsVisibleTo(viewer, order, '', now)) {
    throw new AppError('bids_sealed', 'bid amounts are not shown to you before the deadline; compare after it');
  }
  const weights: ScoreWeights = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(w).filter(([, v]) => v !== undefined)) };
  const rows = await bids.listForOrder(db(deps), orderId);
  const scored = rows.filter((b) => SCORED.has(b.status));
  const fits = new Map<string, number>();
  for (const b of scored) {
    const caps = (await organisations.findById(db(deps), b.vendorOrgId))?.capabilities;
    fits.set(b.id, caps ? capabilityFit(caps, { modality: o.row.modality, taskTypes: o.row.taskTypes, minHeadcount: o.row.minHeadcount }) : 0);
  }
  const records = await vendorTrackRecords(db(deps), now);
  const scores = scoreBids(
    scored.map((b) => ({
      bidId: b.id, totalPriceFen: b.totalPriceFen, committedAccuracy: b.committedAccuracy, capabilityFit: fits.get(b.id)!,
      trackRecord: records.of(b.vendorOrgId).score,
    })),
    o.row.accuracyTarget ?? 0,
    weights,
  );
  const byId = new Map(scored.map((b) => [b.id, b]));
  return {
    orderId,
    accuracyTarget: o.row.accuracyTarget,
    weights,
    rows: scores.map((s) => ({
      bid: toBid(byId.get(s.bidId)!, true),
      capabilityFit: fits.get(s.bidId)!,
      trackRecord: records.of(byId.get(s.bidId)!.vendorOrgId).score,
      record: toRecordSummary(records.of(byId.get(s.bidId)!.vendorOrgId)),
      score: { total: s.total, rank: s.rank, parts: s.parts },
    })),
    unscored: rows.filter((b) => !SCORED.has(b.status)).map((b) => toBid(b, true)),
  };
}

/**
 * POST /orders/{id}/award: the buyer awards one active bid with a reason. The order row is locked, and the
 * partial unique index awards_one_active_per_order stops a second award even when two requests race.
 */
export async function awardOrder(deps: Deps, auth: AuthContext, orderId: string, bidId: string, reason: string, meta: RequestMeta): Promise<AwardNotice> {
  const viewer = viewerOf(auth);
  const first = await loadOrder(deps, viewer, orderId);
  if (!isBuyerOf(first.row, viewer)) throw new AppError('forbidden', 'only the buyer of this order can award it');
  const already = () => new AppError('already_awarded', 'this order has been awarded already');
  const notice = await withTransaction(db(deps), async (tx) => {
    const locked = await orders.lockById(tx, orderId);
    if (!locked) throw new AppError('not_found', 'no order with this id');
    const o = await withState({ ...deps, tx }, locked);
    if (['awarded', 'in_progress', 'completed'].includes(o.status)) throw already();
    const bid = await bids.getById(tx, bidId);
    if (!bid || bid.orderId !== orderId) throw new AppError('not_found', 'no bid with this id on this order');
    const ok = checkAward(o.state, bid.status, reason, deps.config.publicitySeconds, deps.now());
    if (!ok.ok) {
      if (ok.error === 'bid_not_awardable') throw new AppError('rule_violation', `a bid that is ${bid.status} cannot be awarded`, { errors: [{ path: 'bidId', message: `the bid is ${bid.status}` }] });
      if (ok.error === 'reason_required') throw new AppError('rule_violation', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] });
      throw new AppError('invalid_transition', `an order that is ${o.status} cannot be awarded`);
    }
    let award: Awaited<ReturnType<typeof awards.create>>;
    try {
      award = await awards.create(tx, { orderId, bidId, reason, awardedBy: auth.user.id });
    } catch (err) {
      if (isUniqueViolation(err, CONSTRAINTS.awardsOneActivePerOrder)) throw already();
      throw err;
    }
    const w = await orders.markAwarded(tx, orderId, { publicitySeconds: deps.config.publicitySeconds });
    if (!w.ok) throw new AppError('invalid_transition', 'the order cannot be awarded in its current state');
    const outcome = await bids.setAwardOutcome(tx, orderId, bidId);
    if (!outcome.winner) throw new AppError('rule_violation', 'this bid cannot be awarded', { errors: [{ path: 'bidId', message: 'not awardable' }] });
    const active = await awards.activeForOrder(tx, orderId);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: locked.buyerOrgId, entityType: 'order', entityId: orderId, action: 'award.made',
      before: { status: o.status },
      after: { status: 'awarded', awardId: award.id, bidId, vendorOrgId: bid.vendorOrgId, totalPriceFen: bid.totalPriceFen, reason, publicityEndsAt: w.order.publicityEndsAt },
      requestId: meta.requestId,
    });
    if (locked.catalogueEntryId) {
      // the data of the entry it was made from is being annotated now (an entry in progress or done stays as it is)
      await catalogue.setAnnotationStatus(tx, locked.catalogueEntryId, 'in_progress', 'award',
        { userId: auth.user.id, orgId: locked.buyerOrgId, requestId: meta.requestId }, { orderId });
    }
    const payload = { orderTitle: locked.title, winner: active?.vendorName ?? '', publicityEndsAt: w.order.publicityEndsAt };
    await notify(tx, [
      { to: { orgId: bid.vendorOrgId }, kind: 'bid_awarded', orderId, payload },
      ...toOrgs(outcome.notAwardedVendorOrgIds, { kind: 'bid_not_awarded', orderId, payload }),
    ]);
    return toAwardNotice(active!, 'awarded');
  });
  return notice;
}

/** POST /orders/{id}/objections: a losing bidder objects during the publicity window. */
export async function fileObjection(deps: Deps, auth: AuthContext, orderId: string, body: string, meta: RequestMeta): Promise<Objection> {
  const m = requireOrgKind(auth, 'vendor', 'object to awards');
  const o = await loadOrder(deps, viewerOf(auth), orderId);
  const mine = await bids.mine(db(deps), orderId, m.orgId);
  const ok = checkObjection(o.state, mine?.status ?? null, body, deps.now());
  if (!ok.ok) {
    if (ok.error === 'not_a_losing_bidder') throw new AppError('forbidden', 'only bidders who lost may object to the award');
    if (ok.error === 'reason_required') throw new AppError('rule_violation', 'say why', { errors: [{ path: 'body', message: 'required' }] });
    throw new AppError('invalid_transition', 'objections are taken during the publicity window of an award');
  }
  const objector = await organisations.findById(db(deps), m.orgId);
  const row = await withTransaction(db(deps), async (tx) => {
    const r = await objections.fileIfOpen(tx, { orderId, objectorOrgId: m.orgId, objectorUserId: auth.user.id, body });
    if (!r.ok) {
      if (r.reason === 'already_pending') throw new AppError('invalid_transition', 'your organisation has an objection to this award waiting for a decision');
      if (r.reason === 'order_not_found') throw new AppError('not_found', 'no order with this id');
      throw new AppError('invalid_transition', 'the publicity window has ended');
    }
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: orderId, action: 'objection.filed',
      after: { objectionId: r.objection.id, status: 'pending' }, requestId: meta.requestId,
    });
    // the buyer hears of it, and the secretariat, which decides it
    const deciders = await organisations.listIdsOfKind(tx, 'secretariat');
    await notify(tx, toOrgs([o.row.buyerOrgId, ...deciders], { kind: 'objection_filed', orderId, payload: { orderTitle: o.row.title } }));
    return r.objection;
  });
  return toObjection(row, o.row.title, objector?.name ?? '');
}

/** GET /orders/{id}/objections: all of them to the buyer and the secretariat; its own to a vendor. */
export async function listOrderObjections(deps: Deps, auth: AuthContext, orderId: string): Promise<{ items: Objection[] }> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  const all = await objections.listForOrder(db(deps), orderId);
  let rows = all;
  if (viewer.kind === 'vendor') rows = all.filter((j) => j.objectorOrgId === viewer.orgId);
  else if (!isBuyerOf(o.row, viewer) && viewer.kind !== 'secretariat') throw new AppError('forbidden', 'only the parties see objections');
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((j) => j.objectorOrgId))) names.set(id, (await organisations.findById(db(deps), id))?.name ?? '');
  return { items: rows.map((j) => toObjection(j, o.row.title, names.get(j.objectorOrgId) ?? '')) };
}

/** GET /admin/objections: the secretariat's queue of pending objections, oldest first. */
export async function listObjectionQueue(deps: Deps, auth: AuthContext, q: { cursor?: string | undefined; limit: number }) {
  requireOrgKind(auth, 'secretariat', 'see the objection queue');
  try {
    const page = await objections.listPending(db(deps), q.cursor, q.limit);
    return { items: page.items.map((j) => toObjection(j, j.orderTitle, j.objectorName)), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/**
 * POST /admin/objections/{id}/decide: upheld → the award is cancelled and the order is back in evaluation
 * (with time to award again); rejected → the award stands.
 */
export async function decideObjectionCase(deps: Deps, auth: AuthContext, objectionId: string, d: DecideObjectionRequest, meta: RequestMeta): Promise<Objection> {
  const m = requireOrgKind(auth, 'secretariat', 'decide objections');
  const found = await objections.getById(db(deps), objectionId);
  if (!found) throw new AppError('not_found', 'no objection with this id');
  const step = decideObjection(found.status, d.decision, d.reason);
  if (!step.ok) {
    if (step.error === 'reason_required') throw new AppError('rule_violation', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] });
    throw new AppError('invalid_transition', `this objection has been decided already (${found.status})`);
  }
  const result = await withTransaction(db(deps), async (tx) => {
    const order = await orders.lockById(tx, found.orderId);
    if (!order) throw new AppError('not_found', 'no order with this id');
    const decided = await objections.decide(tx, { objectionId, decision: step.value, reason: d.reason, decidedBy: auth.user.id });
    if (!decided) throw new AppError('invalid_transition', 'this objection has been decided already');
    const award = await awards.getById(tx, found.awardId);
    const recipients = [found.objectorOrgId, order.buyerOrgId];
    if (step.value === 'upheld' && award && award.cancelledAt === null) {
      await awards.cancel(tx, { awardId: award.id, reason: `objection upheld: ${d.reason}`, cancelledBy: auth.user.id });
      const w = await orders.reopenEvaluation(tx, order.id, { awardWindowSeconds: deps.config.awardWindowDays * 86_400 });
      if (!w.ok) throw new AppError('invalid_transition', `an order that is ${order.status} cannot go back to evaluation`);
      await bids.clearAwardOutcome(tx, order.id);
      // the award is gone: other objections to it have had their way too
      for (const other of await objections.listForOrder(tx, order.id)) {
        if (other.id !== objectionId && other.awardId === award.id && other.status === 'pending') {
          await objections.decide(tx, { objectionId: other.id, decision: 'upheld', reason: `award cancelled on another objection: ${d.reason}`, decidedBy: auth.user.id });
          recipients.push(other.objectorOrgId);
        }
      }
      const winner = await bids.getById(tx, award.bidId);
      if (winner) recipients.push(winner.vendorOrgId);
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: order.id, action: 'award.cancelled',
        before: { status: 'awarded', awardId: award.id }, after: { status: 'evaluation', reason: d.reason }, requestId: meta.requestId,
      });
      if (order.catalogueEntryId) {
        // the entry's data is no longer being annotated for this order: back to where the award found it
        const entry = await catalogue.lockById(tx, order.catalogueEntryId);
        const back = entry && annotationStatusOnAwardCancelled(entry.annotationStatus, await catalogue.lastAnnotationMove(tx, entry.id), order.id,
          await catalogue.ordersAtWork(tx, entry.id, order.id));
        if (entry && back) {
          await catalogue.setAnnotationStatus(tx, entry.id, back, 'award_cancelled', { userId: auth.user.id, orgId: m.orgId, requestId: meta.requestId }, { orderId: order.id });
        }
      }
    }
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: order.id, action: 'objection.decided',
      before: { objectionId, status: 'pending' }, after: { objectionId, status: decided.status, reason: d.reason }, requestId: meta.requestId,
    });
    await notify(tx, toOrgs(recipients, {
      kind: 'objection_decided', orderId: order.id,
      payload: { orderTitle: order.title, outcome: decided.status, reason: d.reason, objectionId },
    }));
    return { decided, title: order.title };
  });
  const objector = await organisations.findById(db(deps), found.objectorOrgId);
  return toObjection(result.decided, result.title, objector?.name ?? '');
}
