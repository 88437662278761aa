import type { ListingCuration } from '@annex/contracts';
import { type CurationRow, type OrderRow, bids, dbNow, objections, orders } from '@annex/db';
import { type OrderState, type OrderStatus, PUBLISHED_STATUSES, type Viewer, effectiveStatus } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { curationForPage, curationOfRow } from './curation-view.ts';

/** Who is looking, in the domain's terms (anonymous callers and users without an organisation are the public). */
export function viewerOf(auth: AuthContext | null): Viewer {
  const m = auth?.membership;
  if (!m) return { kind: 'public' };
  if (m.kind === 'secretariat') return { kind: 'secretariat' };
  return { kind: m.kind, orgId: m.orgId };
}

// a draft may have no deadline yet: it is never "passed"
const NEVER = new Date(8.64e15);

/** The order's state for the domain's rules. */
export function orderState(o: OrderRow, pendingObjections = 0): OrderState {
  return {
    status: o.status,
    bidDeadline: o.bidDeadline ?? NEVER,
    publicityEndsAt: o.publicityEndsAt,
    awardWindowEndsAt: o.awardWindowEndsAt,
    cancelledAt: o.cancelledAt,
    pendingObjections,
  };
}

/**
 * An order with its state as of now: a passed deadline counts before the scheduler has run. `curation`: the
 * secretariat's featuring or hiding, for those who may see it (its buyer, its bidders, the secretariat).
 */
export type LoadedOrder = { row: OrderRow; state: OrderState; status: OrderStatus; curation?: ListingCuration };

/**
 * Whether the order was cancelled while it was a draft: never submitted, or sent back by the review and
 * not submitted again (a rejection leaves its reason until the next submission clears it).
 */
const cancelledAsDraft = (o: OrderRow) =>
  o.status === 'cancelled' && o.publishedAt === null && (o.submittedAt === null || o.reviewReason !== null);

/** Whether the viewer may know the order exists (others get 404, as for a missing one). */
export function canSeeOrder(o: OrderRow, v: Viewer): boolean {
  if (v.kind === 'buyer' && v.orgId === o.buyerOrgId) return true;
  // a draft is the buyer's own work, also once cancelled; the secretariat sees what was sent to it
  if (v.kind === 'secretariat') return o.status !== 'draft' && !cancelledAsDraft(o);
  return PUBLISHED_STATUSES.includes(o.status) || (o.status === 'cancelled' && o.publishedAt !== null);
}

/** Whether the viewer is the order's buyer. */
export const isBuyerOf = (o: OrderRow, v: Viewer) => v.kind === 'buyer' && v.orgId === o.buyerOrgId;

/** Loads an order the viewer may see, with its effective status; 404 otherwise. */
export async function loadOrder(deps: Deps, viewer: Viewer, id: string): Promise<LoadedOrder> {
  return visibleOrder(deps, viewer, await orders.getById(db(deps), id));
}

/**
 * An order row already read, with its effective status, if the viewer may see it; 404 otherwise (also for none, and
 * for an order the secretariat hides, except to its buyer, its bidders and the secretariat). `curationRow`: the
 * order's curation when the caller read it already (null: never curated).
 */
export async function visibleOrder(deps: Deps, viewer: Viewer, row: OrderRow | null, curationRow?: CurationRow | null): Promise<LoadedOrder> {
  if (!row || !canSeeOrder(row, viewer)) throw new AppError('not_found', 'no order with this id');
  const d = db(deps);
  const isBidder = async () => viewer.kind === 'vendor' && (await bids.mine(d, row.id, viewer.orgId)) !== null;
  const curation = curationRow === undefined
    ? await curationForPage(d, 'order', row.id, viewer, row.buyerOrgId, isBidder)
    : await curationOfRow(curationRow, 'order', viewer, row.buyerOrgId, isBidder);
  const loaded = await withState(deps, row);
  return curation ? { ...loaded, curation } : loaded;
}

/** Adds the effective status to an order row (counting objections that hold an award). */
export async function withState(deps: Deps, row: OrderRow): Promise<LoadedOrder> {
  const pending = row.status === 'awarded' ? await objections.pendingCountForOrder(db(deps), row.id) : 0;
  return withStateOf(deps, row, pending);
}

/** withState with the pending objections already counted. */
export function withStateOf(deps: Deps, row: OrderRow, pendingObjections: number): LoadedOrder {
  const state = orderState(row, pendingObjections);
  return { row, state, status: effectiveStatus(state, deps.now()) };
}

/** The current status of each order of a list, with one read of the pending objections for all of them. */
export async function statusesOf(deps: Deps, rows: readonly OrderRow[]): Promise<OrderStatus[]> {
  const awarded = rows.filter((r) => r.status === 'awarded').map((r) => r.id);
  const pending = await objections.pendingCountsForOrders(db(deps), awarded);
  const now = deps.now();
  return rows.map((r) => effectiveStatus(orderState(r, pending.get(r.id) ?? 0), now));
}

/** Only the order's buyer (others who can see it: 403). */
export function requireBuyerOf(o: OrderRow, v: Viewer, what: string): void {
  if (!isBuyerOf(o, v)) throw new AppError('forbidden', `only the buyer of this order can ${what}`);
}

/**
 * The clock for decisions about sealed amounts: the database's while the order is stored as open, so
 * amounts are never shown while the database (which decides bid acceptance) still takes bids.
 */
export async function sealClock(deps: Deps, o: LoadedOrder): Promise<{ now: Date; status: OrderStatus }> {
  if (o.row.status !== 'open') return { now: deps.now(), status: o.status };
  const now = await dbNow(db(deps));
  return { now, status: effectiveStatus(o.state, now) };
}
