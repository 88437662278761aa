import type {
  CreateOrderRequest, Order, OrderListing, OrderSearchQuery, ReviewOrderRequest, ReviewQueue, UpdateOrderRequest,
} from '@annex/contracts';
import {
  type Db, InvalidCursorError, type OrderPageFacts, type OrderPatch, type OrderRow, type PublishedOrderStatus, amendments, audit, bids, catalogue,
  catalogueInterests, jobs, orderPage, orders, organisations, savedSearches, withTransaction,
} from '@annex/db';
import {
  type OrderViewer, PUBLISHED_STATUSES, type Viewer, applyOrderAction, bidEligibility, bidderProfileOf, catalogueEntryOrderable,
  catalogueEntryVisible, checkDraftDates, deadlineReminderAt, publishedTerms, statusesFor, termsOf, validateAmendment,
  validateTerms,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError, type FieldError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireMembership, requireOrgKind } from './guards.ts';
import { permissionsFor, toOrder, toOrderListItem } from './market-presenters.ts';
import { ruleViolation, writeFailure } from './order-errors.ts';
import { notify, toOrgs } from './notify.ts';
import { findPublishedOrders } from './search-queries.ts';
import { curationOfRow, includesHidden } from './curation-view.ts';
import { rankedVendorsFor } from './vendor-ranking.ts';
import { type LoadedOrder, canSeeOrder, loadOrder, requireBuyerOf, statusesOf, viewerOf, withState, withStateOf } from './viewer.ts';

/** The job that reminds bidders and askers of the deadline. */
export const REMINDER_JOB = 'order.deadline_reminder';

const cursorError = () =>
  new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });

async function paged<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof InvalidCursorError) throw cursorError();
    throw err;
  }
}

const date = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** The request's fields as the repository's patch (volume split in two, dates parsed). */
function toPatch(b: Partial<CreateOrderRequest> | UpdateOrderRequest): OrderPatch {
  const { volume, questionsCloseAt, bidDeadline, deliveryDeadline, ...rest } = b as Partial<CreateOrderRequest>;
  const { amendmentReason: _, ...plain } = rest as typeof rest & { amendmentReason?: string };
  const patch: OrderPatch = { ...(plain as OrderPatch) };
  for (const k of Object.keys(patch) as (keyof OrderPatch)[]) if (patch[k] === undefined) delete patch[k];
  if (volume !== undefined) {
    patch.volumeQuantity = volume?.quantity ?? null;
    patch.volumeUnit = volume?.unit ?? null;
  }
  const dates = { questionsCloseAt: date(questionsCloseAt), bidDeadline: date(bidDeadline), deliveryDeadline: date(deliveryDeadline) };
  for (const [k, v] of Object.entries(dates)) if (v !== undefined) patch[k as 'bidDeadline'] = v;
  return patch;
}

const DATE_MESSAGES = {
  deadline_in_past: () => 'must lie in the future',
  deadline_too_far: (field: string) => (field === 'deliveryDeadline' ? 'at most two years ahead' : 'at most a year ahead'),
  deadline_order: () => 'questions close by the bid deadline, and bidding closes before delivery',
  bid_window_too_short: () => 'leaves less than the minimum bidding window',
};

/** 422 for dates a draft cannot hold: the patch's own dates, and their order with the dates already saved. */
function draftDateErrors(patch: OrderPatch, now: Date, saved?: OrderRow): void {
  const found = checkDraftDates(patch, now);
  if (saved) {
    const merged = {
      questionsCloseAt: patch.questionsCloseAt !== undefined ? patch.questionsCloseAt : saved.questionsCloseAt,
      bidDeadline: patch.bidDeadline !== undefined ? patch.bidDeadline : saved.bidDeadline,
      deliveryDeadline: patch.deliveryDeadline !== undefined ? patch.deliveryDeadline : saved.deliveryDeadline,
    };
    // saved dates may have passed meanwhile; only their order with the new ones matters here
    for (const f of checkDraftDates(merged, new Date(0))) if (f.error === 'deadline_order' && !found.some((x) => x.field === f.field)) found.push(f);
  }
  if (found.length === 0) return;
  const errors: FieldError[] = found.map((f) => ({ path: f.field, message: DATE_MESSAGES[f.error](f.field) }));
  throw new AppError('rule_violation', `dates out of range: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors: errors });
}

/**
 * 422 unless `entryId` names a published catalogue entry: an order starts from an entry the public can see
 * (an entry unpublished or archived later keeps the orders made from it).
 */
async function requireOrderableEntry(deps: Deps, entryId: string | null | undefined, current: string | null = null): Promise<void> {
  if (!entryId || entryId === current) return;
  const entry = await catalogue.getById(db(deps), entryId);
  if (!entry || !catalogueEntryOrderable(entry.status)) {
    const message = 'an order can be started only from a published catalogue entry';
    throw new AppError('rule_violation', message, { errors: [{ path: 'catalogueEntryId', message }] });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/**
 * The order page for this viewer. Its facts come in one statement (orderPage.read): `facts` when the caller read
 * them already with the order.
 */
export async function orderView(deps: Deps, o: LoadedOrder, viewer: Viewer, facts?: OrderPageFacts): Promise<Order> {
  const vendor = viewer.kind === 'vendor';
  const f = facts ?? (await orderPage.read(db(deps), o.row.id, vendor ? viewer.orgId : null))?.facts;
  if (!f) throw new AppError('not_found', 'no order with this id');
  const now = deps.now();
  const terms = termsOf(o.row);
  // a vendor hears before it fills in a form whether it may bid (a vendor sees only published orders: terms complete)
  const ineligible = vendor && terms.ok ? bidEligibility(bidderProfileOf(viewer.orgId, f.myOrg), o.row.buyerOrgId, terms.terms, now) : [];
  const actor: OrderViewer = vendor ? { ...viewer, myBid: f.myBid?.status ?? null, ineligible } : viewer;
  const entry = f.entry;
  return toOrder(o, {
    buyerName: f.buyerName,
    attachments: f.attachments,
    bidCount: f.bidCount,
    questionCount: f.questionCount,
    amendmentCount: f.amendmentCount,
    award: f.award,
    myBid: f.myBid,
    permissions: permissionsFor(o, actor, now),
    ineligible,
    // the link names an entry only to whom the entry is visible (an entry unpublished later is the secretariat's)
    catalogueEntry: entry && catalogueEntryVisible(entry.status, viewer.kind === 'secretariat' ? viewer : { kind: 'public' })
      ? { id: entry.id, code: entry.code, title: entry.title } : null,
  });
}

/**
 * GET /orders/{id}: anyone for a published order; the buyer and the secretariat otherwise. One statement reads
 * the order with its curation, its state and the page's facts (the read runs on every order page).
 */
export async function getOrder(deps: Deps, auth: AuthContext | null, id: string): Promise<Order> {
  const viewer = viewerOf(auth);
  const page = await orderPage.read(db(deps), id, viewer.kind === 'vendor' ? viewer.orgId : null);
  if (!page || !canSeeOrder(page.row, viewer)) throw new AppError('not_found', 'no order with this id');
  const isBidder = async () => page.facts.myBid !== null;
  const curation = await curationOfRow(page.curation, 'order', viewer, page.row.buyerOrgId, isBidder);
  const loaded = withStateOf(deps, page.row, page.pendingObjections);
  return orderView(deps, curation ? { ...loaded, curation } : loaded, viewer, page.facts);
}

/**
 * GET /orders: published orders through the order search (text, filters, sort, facet counts), or the caller's
 * own orders (`scope=mine`, buyers) from the database. With search down, a plain request (no text, at most one
 * modality, status and task type, newest first) still gets the list straight from the database.
 */
export async function listOrders(deps: Deps, auth: AuthContext | null, q: OrderSearchQuery): Promise<OrderListing> {
  const d = db(deps);
  if (q.scope === 'mine') {
    if (!auth) throw new AppError('unauthenticated', 'sign in to list your orders');
    const m = requireOrgKind(auth, 'buyer', 'list their own orders (vendors: GET /me/bids)');
    const sort = q.sort === 'updated' || q.sort === 'deadline' ? q.sort : 'newest';
    const page = await paged(() => orders.listForBuyer(d, m.orgId, { status: q.status, sort, cursor: q.cursor, limit: q.limit }));
    const statuses = await statusesOf(deps, page.items);
    const items = page.items.map((r, i) => toOrderListItem(r, statuses[i]!));
    return { items, nextCursor: page.nextCursor, total: null, facets: null };
  }
  const taskTypes = q.taskType ? [...new Set([...(q.taskTypes ?? []), q.taskType])] : q.taskTypes;
  const sort = q.sort === 'updated' ? undefined : q.sort;
  try {
    const page = await findPublishedOrders(deps, { ...q, taskTypes, sort }, includesHidden(auth));
    return {
      items: page.items.map(({ id, title, buyerName, modality, taskTypes, status, budgetTotalFen, bidDeadline, publishedAt, highlight }) =>
        ({ id, title, buyerName, modality, taskTypes, status, budgetTotalFen, bidDeadline, publishedAt, highlight: dropEmpty(highlight) })),
      nextCursor: page.nextCursor,
      total: page.total,
      facets: page.facets,
    };
  } catch (err) {
    const plain = !q.q && !q.securityLevel?.length && !q.county?.length && q.budgetMin === undefined && q.budgetMax === undefined
      && !q.deadlineBefore && (q.modality?.length ?? 0) <= 1 && (q.status?.length ?? 0) <= 1 && (taskTypes?.length ?? 0) <= 1
      && (sort === undefined || sort === 'newest');
    if (!(err instanceof AppError && err.code === 'search_unavailable' && plain)) throw err;
  }
  const [status] = q.status ?? [];
  if (status && !PUBLISHED_STATUSES.includes(status)) return { items: [], nextCursor: null, total: null, facets: null };
  const published = status as PublishedOrderStatus | undefined;
  // the database's own cursors page this list; a search cursor is refused here as any foreign one (400)
  const page = await paged(() => orders.listPublished(d, q.cursor, q.limit, { modality: q.modality?.[0], taskType: taskTypes?.[0], status: published }));
  const statuses = await statusesOf(deps, page.items);
  const items = page.items.map((r, i) => toOrderListItem(r, statuses[i]!));
  return { items, nextCursor: page.nextCursor, total: null, facets: null };
}

const dropEmpty = (h: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** The secretariat's queue of orders waiting for review, oldest first. */
export async function listReviewQueue(deps: Deps, auth: AuthContext, q: { cursor?: string | undefined; limit: number }): Promise<ReviewQueue> {
  requireOrgKind(auth, 'secretariat', 'see the review queue');
  const page = await paged(() => orders.listPendingReview(db(deps), q.cursor, q.limit));
  return {
    items: page.items.map((r) => ({ ...toOrderListItem(r, r.status), submittedAt: r.submittedAt?.toISOString() ?? null })),
    nextCursor: page.nextCursor,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Writing

const auditOrder = (tx: Db, auth: AuthContext | null, orderId: string, action: string, meta: RequestMeta | null, e: { before?: unknown; after?: unknown } = {}) =>
  audit.append(tx, {
    actorUserId: auth?.user.id ?? null,
    actorOrgId: auth?.membership?.orgId ?? null,
    entityType: 'order',
    entityId: orderId,
    action,
    before: e.before,
    after: e.after,
    requestId: meta?.requestId ?? null,
  });

/** POST /orders: a buyer saves a new draft. */
export async function createOrder(deps: Deps, auth: AuthContext, body: CreateOrderRequest, meta: RequestMeta): Promise<Order> {
  const m = requireOrgKind(auth, 'buyer', 'post orders');
  const patch = toPatch(body);
  draftDateErrors(patch, deps.now());
  await requireOrderableEntry(deps, body.catalogueEntryId);
  const row = await withTransaction(db(deps), async (tx) => {
    const created = await orders.createDraft(tx, { ...patch, title: body.title, modality: body.modality, buyerOrgId: m.orgId, createdByUserId: auth.user.id });
    await auditOrder(tx, auth, created.id, 'order.created', meta, { after: { status: 'draft', title: created.title } });
    return created;
  });
  const viewer = viewerOf(auth);
  return orderView(deps, await withState(deps, row), viewer);
}

/**
 * PATCH /orders/{id}: edits a draft; amends an open order (logged, bids re-confirmed, the deadline leaving
 * the minimum bidding window). Other statuses cannot change.
 */
export async function updateOrder(deps: Deps, auth: AuthContext, id: string, body: UpdateOrderRequest, meta: RequestMeta): Promise<Order> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, id);
  requireBuyerOf(o.row, viewer, 'change it');
  const now = deps.now();
  const patch = toPatch(body);
  await requireOrderableEntry(deps, body.catalogueEntryId, o.row.catalogueEntryId);
  if (statusesFor('edit_draft').includes(o.status)) {
    draftDateErrors(patch, now, o.row);
    const r = await withTransaction(db(deps), async (tx) => {
      const w = await orders.updateDraft(tx, id, o.row.version, patch);
      if (!w.ok) throw writeFailure(w, 'edit');
      await auditOrder(tx, auth, id, 'order.edited', meta, { after: { fields: Object.keys(body) } });
      return w.order;
    });
    return orderView(deps, await withState(deps, r), viewer);
  }
  if (!statusesFor('amend').includes(o.status)) {
    throw new AppError('invalid_transition', `an order that is ${o.status} cannot be changed${o.status === 'pending_review' ? ' while it is reviewed' : ''}`);
  }
  return amendOrder(deps, auth, o, patch, body.amendmentReason ?? null, meta);
}

async function amendOrder(deps: Deps, auth: AuthContext, o: LoadedOrder, patch: OrderPatch, reason: string | null, meta: RequestMeta): Promise<Order> {
  const before = publishedTerms(o.row);
  const merged = termsOf({ ...o.row, ...patch } as OrderRow);
  if (!merged.ok) {
    const errors = merged.missing.map((path) => ({ path, message: 'required in a published order' }));
    throw new AppError('rule_violation', `a published order needs ${merged.missing.join(', ')}`, { errors: errors });
  }
  const now = deps.now();
  const minWindow = deps.config.minBidWindowSeconds;
  const ok = validateAmendment(before, merged.terms, now, minWindow);
  if (!ok.ok) throw ruleViolation(ok.error, minWindow);
  const viewer = viewerOf(auth);
  const row = await withTransaction(db(deps), async (tx) => {
    const r = await amendments.amendOpen(tx, o.row.id, { expectedVersion: o.row.version, patch, byUserId: auth.user.id, reason, minBidWindowSeconds: minWindow });
    if (!r.ok) throw writeFailure(r, 'amend');
    if (!r.amendment) return r.order;
    const vendors = await bids.markNeedsReconfirm(tx, o.row.id);
    const changes = r.amendment.changes;
    await auditOrder(tx, auth, o.row.id, 'order.amended', meta, {
      before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.from])),
      after: { ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to])), ...(reason ? { reason } : {}) },
    });
    const bidders = await bids.bidderOrgIds(tx, o.row.id);
    await notify(tx, toOrgs(bidders, {
      kind: 'order_amended', orderId: o.row.id,
      payload: { orderTitle: r.order.title, fields: Object.keys(changes), reason, needsReconfirm: vendors.length > 0 },
    }));
    if (r.order.bidDeadline && 'bidDeadline' in changes) await scheduleReminder(tx, r.order.id, r.order.bidDeadline, now);
    return r.order;
  });
  return orderView(deps, await withState(deps, row), viewer);
}

/** Schedules (or moves) the deadline reminder of an order. */
export async function scheduleReminder(tx: Db, orderId: string, bidDeadline: Date, now: Date): Promise<void> {
  const at = deadlineReminderAt(bidDeadline, now);
  if (!at) return;
  await jobs.schedule(tx, { kind: REMINDER_JOB, dedupeKey: orderId, runAt: at, payload: { orderId, bidDeadline: bidDeadline.toISOString() } });
}

/** How many vendors are told of a newly published order they match (notification `order_match`). */
export const ORDER_MATCH_NOTIFY_TOP = 5;

/**
 * On publication: tells the best ORDER_MATCH_NOTIFY_TOP eligible vendors of the order (`order_match` with the title
 * and their score) in the publishing transaction (`at`: when, for an approval recorded later). The database reads
 * the vendors that may bid on it, the domain ranks them (rankedVendorsFor).
 */
export async function notifyBestMatches(tx: Db, order: OrderRow, now: Date, at?: Date): Promise<void> {
  const t = termsOf(order);
  if (!t.ok) return;
  const buyer = await organisations.findById(tx, order.buyerOrgId);
  const best = await rankedVendorsFor(tx, { buyerOrgId: order.buyerOrgId, buyerCounty: buyer?.county ?? null, terms: t.terms }, now, ORDER_MATCH_NOTIFY_TOP, { listedOnly: false });
  await notify(tx, best.map((m) => ({
    to: { orgId: m.item.orgId }, kind: 'order_match' as const, orderId: order.id, payload: { orderTitle: order.title, score: m.score },
  })), at);
}

/** POST /orders/{id}/submit: the buyer sends a complete draft for review. */
export async function submitOrder(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<Order> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, id);
  requireBuyerOf(o.row, viewer, 'submit it');
  const now = deps.now();
  const step = applyOrderAction(o.state, { type: 'submit' }, now);
  if (!step.ok) throw new AppError('invalid_transition', `an order that is ${o.status} cannot be submitted`);
  const t = termsOf(o.row);
  if (!t.ok) {
    const errors = t.missing.map((path) => ({ path, message: 'required before submitting' }));
    throw new AppError('rule_violation', `the order still lacks ${t.missing.join(', ')}`, { errors: errors });
  }
  const valid = validateTerms(t.terms, now, deps.config.minBidWindowSeconds);
  if (!valid.ok) throw ruleViolation(valid.error, deps.config.minBidWindowSeconds);
  const row = await withTransaction(db(deps), async (tx) => {
    const w = await orders.submit(tx, id, { expectedVersion: o.row.version });
    if (!w.ok) throw writeFailure(w, 'submit');
    await auditOrder(tx, auth, id, 'order.submitted', meta, { before: { status: 'draft' }, after: { status: 'pending_review' } });
    // the secretariat reviews it: its members hear of it in their inbox
    const reviewers = await organisations.listIdsOfKind(tx, 'secretariat');
    await notify(tx, toOrgs(reviewers, { kind: 'order_submitted', orderId: id, payload: { orderTitle: w.order.title } }));
    return w.order;
  });
  return orderView(deps, await withState(deps, row), viewer);
}

/** POST /admin/orders/{id}/review: the secretariat approves (→ open) or rejects with a reason (→ draft). */
export async function reviewOrder(deps: Deps, auth: AuthContext, id: string, body: ReviewOrderRequest, meta: RequestMeta): Promise<Order> {
  const m = requireOrgKind(auth, 'secretariat', 'review orders');
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, id);
  const now = deps.now();
  const step = applyOrderAction(o.state, body.decision === 'approve' ? { type: 'approve' } : { type: 'reject', reason: body.reason }, now);
  if (!step.ok && step.error === 'invalid_transition') {
    throw new AppError('invalid_transition', `an order that is ${o.status} is not waiting for review`);
  }
  if (body.decision === 'approve') {
    // the deadlines were checked on submit, but time has passed since
    const valid = validateTerms(publishedTerms(o.row), now, deps.config.minBidWindowSeconds);
    if (!valid.ok) throw ruleViolation(valid.error, deps.config.minBidWindowSeconds);
  } else if (!step.ok) {
    throw ruleViolation(step.error);
  }
  const row = await withTransaction(db(deps), async (tx) => {
    const w = body.decision === 'approve'
      ? await orders.approve(tx, id, { awardWindowSeconds: deps.config.awardWindowDays * 86_400 })
      : await orders.reject(tx, id, body.reason);
    if (!w.ok) {
      if (w.reason === 'deadline_passed') throw ruleViolation('deadline_in_past');
      throw writeFailure(w, 'review');
    }
    const approved = body.decision === 'approve';
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: id,
      action: approved ? 'order.approved' : 'order.rejected',
      before: { status: 'pending_review' },
      after: { status: w.order.status, ...(body.reason ? { reason: body.reason } : {}) },
      requestId: meta.requestId,
    });
    await notify(tx, [{
      to: { orgId: w.order.buyerOrgId }, kind: approved ? 'order_approved' : 'order_rejected', orderId: id,
      payload: { orderTitle: w.order.title, ...(body.reason ? { reason: body.reason } : {}) },
    }]);
    if (approved && w.order.bidDeadline) await scheduleReminder(tx, id, w.order.bidDeadline, now);
    if (approved) {
      // published: the best-matching vendors hear of it now, saved searches once the index has it, and the vendors
      // interested in the catalogue entry it was started from
      await notifyBestMatches(tx, w.order, now);
      await savedSearches.scheduleAlerts(tx, id, new Date());
      await notifyEntryInterest(tx, w.order);
    }
    return w.order;
  });
  return orderView(deps, await withState(deps, row), viewer);
}

/** Tells the vendors interested in the order's catalogue entry that an order was made from it. */
async function notifyEntryInterest(tx: Db, order: OrderRow): Promise<void> {
  if (!order.catalogueEntryId) return;
  const entry = await catalogue.getById(tx, order.catalogueEntryId);
  if (!entry) return;
  const vendors = await catalogueInterests.vendorOrgIds(tx, entry.id);
  await notify(tx, toOrgs(vendors, {
    kind: 'catalogue_order_published', orderId: order.id,
    payload: { orderTitle: order.title, entryId: entry.id, entryCode: entry.code, entryTitle: entry.title },
  }));
}

/** POST /orders/{id}/cancel: the buyer or the secretariat, with a reason, before an award; bidders are told. */
export async function cancelOrder(deps: Deps, auth: AuthContext, id: string, reason: string, meta: RequestMeta): Promise<Order> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, id);
  requireMembership(auth);
  if (viewer.kind !== 'secretariat') requireBuyerOf(o.row, viewer, 'cancel it');
  const step = applyOrderAction(o.state, { type: 'cancel', reason }, deps.now());
  if (!step.ok) {
    if (step.error === 'reason_required') throw ruleViolation(step.error);
    throw new AppError('invalid_transition', `an order that is ${o.status} can no longer be cancelled`);
  }
  const row = await withTransaction(db(deps), async (tx) => {
    const w = await orders.cancel(tx, id, reason);
    if (!w.ok) throw writeFailure(w, 'cancel');
    await auditOrder(tx, auth, id, 'order.cancelled', meta, { before: { status: o.row.status }, after: { status: 'cancelled', reason } });
    await jobs.cancel(tx, REMINDER_JOB, id);
    const bidders = await bids.bidderOrgIds(tx, id);
    const recipients = viewer.kind === 'secretariat' ? [...bidders, o.row.buyerOrgId] : bidders;
    await notify(tx, toOrgs(recipients, { kind: 'order_cancelled', orderId: id, payload: { orderTitle: o.row.title, reason } }));
    return w.order;
  });
  return orderView(deps, await withState(deps, row), viewer);
}
