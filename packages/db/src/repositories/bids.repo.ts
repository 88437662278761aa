import type { BidStatus, BiddingMode, OrderStatus } from '@annex/domain';
import type postgres from 'postgres';
import type { Db, Tx } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A stored bid (DESIGN §2.3). */
export type BidRow = {
  id: string;
  orderId: string;
  vendorOrgId: string;
  status: BidStatus;
  totalPriceFen: number;
  unitPriceFen: number;
  deliveryDays: number;
  teamSize: number;
  committedAccuracy: number;
  proposal: string;
  quoteLines: unknown[];
  revision: number;
  /** clock_timestamp() at which the database accepted the bid, before the deadline by construction */
  submittedAt: Date;
  /** clock_timestamp() of the last accepted change (edit, withdrawal, re-confirmation, award outcome) */
  updatedAt: Date;
  reconfirmedAt: Date | null;
  withdrawnAt: Date | null;
  disqualifiedReason: string | null;
  disqualifiedAt: Date | null;
  disqualifiedBy: string | null;
  submittedBy: string | null;
};

/** A bid with the vendor's name (the buyer's and secretariat's lists, the comparison). */
export type BidWithVendorRow = BidRow & { vendorName: string };

/** A bid as the vendor's dashboard lists it. */
export type VendorBidRow = BidRow & {
  orderTitle: string;
  orderStatus: OrderStatus;
  orderBidDeadline: Date | null;
  orderBiddingMode: BiddingMode;
};

/** The offer of a bid; the domain's validateOffer checks it against the order first. */
export type BidOfferFields = {
  totalPriceFen: number;
  unitPriceFen: number;
  deliveryDays: number;
  teamSize: number;
  committedAccuracy: number;
  proposal?: string;
  quoteLines?: readonly unknown[];
};

/** Fields of a new bid. */
export type NewBid = BidOfferFields & { orderId: string; vendorOrgId: string; submittedBy?: string | null };

/** One revision of a bid: the offer as it stood (camelCase keys). */
export type BidRevisionRow = {
  bidId: string;
  revision: number;
  snapshot: {
    status: BidStatus;
    totalPriceFen: number;
    unitPriceFen: number;
    deliveryDays: number;
    teamSize: number;
    committedAccuracy: number;
    proposal: string;
    quoteLines: unknown[];
  };
  createdAt: Date;
};

/** Result of a bid write guarded by the deadline. */
export type BidWriteResult =
  | { ok: true; bid: BidRow }
  | { ok: false; reason: 'order_not_found' }
  /** the order changed since the vendor read it (`expectedOrderVersion`) */
  | { ok: false; reason: 'order_changed'; orderVersion: number }
  /** not open, or the database clock (`checkedAt`, read after the order row was locked) is at/after the deadline */
  | { ok: false; reason: 'bidding_closed'; status: OrderStatus; bidDeadline: Date | null; checkedAt: Date | null }
  /** the vendor already has a live bid on the order */
  | { ok: false; reason: 'already_bid'; bidId: string }
  /** the vendor has no live bid in a state that allows this */
  | { ok: false; reason: 'no_bid' }
  | { ok: false; reason: 'revision_conflict'; revision: number };

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** How a bid write locks the order row: FOR UPDATE (default, bids on one order serialised) or FOR SHARE. */
export type BidLockMode = 'update' | 'share';
/** Options of the deadline-guarded bid writes. */
export type BidGuardOptions = {
  /** refuse with `order_changed` unless the order is still at this version (the terms the vendor saw) */
  expectedOrderVersion?: number;
  /**
   * 'share' lets bids on one order proceed concurrently: it still excludes every status change and amendment
   * (they take FOR UPDATE) while a bid is in flight, which is all the deadline rule needs.
   */
  lock?: BidLockMode;
};

const SNAPSHOT = `jsonb_build_object('status', status, 'totalPriceFen', total_price_fen, 'unitPriceFen', unit_price_fen,
  'deliveryDays', delivery_days, 'teamSize', team_size, 'committedAccuracy', committed_accuracy,
  'proposal', proposal, 'quoteLines', quote_lines)`;

function quoteLinesJson(db: Db, lines: readonly unknown[] | undefined) {
  return db.json(JSON.parse(JSON.stringify(lines ?? [])) as never);
}

type Guarded = BidRow & {
  open: boolean;
  versionOk: boolean;
  orderStatus: OrderStatus;
  orderBidDeadline: Date | null;
  orderVersion: number;
  checkedAt: Date;
};

/**
 * Locks the order row, then runs `write` — data-modifying CTEs ending in one named `w`, which may read the CTE
 * `c` (column `t`: clock_timestamp(), read once) and `o` (column `go`: the order is open at `c.t`, before its
 * deadline, and at the expected version) — and returns its row or why nothing was written.
 * The two statements are sent together (pipelined): PostgreSQL starts the second only when the first holds
 * the lock, so the clock reading and the snapshot of the write come after the lock was granted.
 */
async function guarded(
  tx: Tx,
  orderId: string,
  opts: BidGuardOptions,
  write: (tx: Tx) => Fragment,
): Promise<{ row: BidRow | null } | Extract<BidWriteResult, { ok: false }>> {
  if (!isUuid(orderId)) return { ok: false, reason: 'order_not_found' };
  const v = opts.expectedOrderVersion;
  const lock = tx`select 1 from orders where id = ${orderId} ${opts.lock === 'share' ? tx`for share` : tx`for update`}`;
  const written = tx<Guarded[]>`
    with c as materialized (select clock_timestamp() as t),
    o as materialized (
      select orders.status as order_status, orders.bid_deadline as order_bid_deadline, orders.version as order_version,
             coalesce(orders.status = 'open' and c.t < orders.bid_deadline, false) as open,
             ${v === undefined ? tx`true` : tx`orders.version = ${v}`} as version_ok
      from orders, c where orders.id = ${orderId}
    ),
    o2 as materialized (select *, open and version_ok as go from o),
    ${write(tx)}
    select w.*, o.open, o.version_ok, o.order_status, o.order_bid_deadline, o.order_version, c.t as checked_at
    from o cross join c left join w on true`;
  let r: Guarded | undefined;
  try {
    [, [r]] = await Promise.all([lock, written]);
  } catch (err) {
    rethrowTyped(err);
  }
  if (!r) return { ok: false, reason: 'order_not_found' };
  if (!r.open) return { ok: false, reason: 'bidding_closed', status: r.orderStatus, bidDeadline: r.orderBidDeadline, checkedAt: r.checkedAt };
  if (!r.versionOk) return { ok: false, reason: 'order_changed', orderVersion: r.orderVersion };
  if (!r.id) return { row: null };
  const { open: _o, versionOk: _v, orderStatus: _s, orderBidDeadline: _d, orderVersion: _n, checkedAt: _c, ...bid } = r;
  return { row: bid };
}

async function liveBid(db: Db, orderId: string, vendorOrgId: string): Promise<BidRow | null> {
  const [row] = await db<BidRow[]>`
    select * from bids where order_id = ${orderId} and vendor_org_id = ${vendorOrgId} and status <> 'withdrawn'`;
  return row ?? null;
}

async function whyNotWritten(db: Db, orderId: string, vendorOrgId: string, expectedRevision?: number): Promise<BidWriteResult> {
  const live = await liveBid(db, orderId, vendorOrgId);
  if (live && expectedRevision !== undefined && live.revision !== expectedRevision) {
    return { ok: false, reason: 'revision_conflict', revision: live.revision };
  }
  return { ok: false, reason: 'no_bid' };
}

/** Bids, their revisions and outcomes. */
export const bids = {
  /**
   * Places a bid if bidding is open: locks the order row (SELECT … FOR UPDATE), then in one statement reads
   * clock_timestamp() once, checks `status = 'open' AND clock < bid_deadline` and inserts the bid with that
   * instant as `submittedAt` (so a stored bid is never at or after the deadline), plus revision 1.
   * Run it in the transaction of the use case; the bid counts once that commits. A live bid of the same
   * vendor answers `already_bid` (ON CONFLICT on the partial unique index, so the transaction stays usable).
   */
  async insertIfOpen(tx: Tx, b: NewBid, opts: BidGuardOptions = {}): Promise<BidWriteResult> {
    if (!isUuid(b.vendorOrgId)) return { ok: false, reason: 'order_not_found' };
    const g = await guarded(tx, b.orderId, opts, (t) => t`
      w as (
        insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size,
                          committed_accuracy, proposal, quote_lines, submitted_at, updated_at, submitted_by)
        select ${b.orderId}::uuid, ${b.vendorOrgId}::uuid, ${b.totalPriceFen}::bigint, ${b.unitPriceFen}::bigint,
               ${b.deliveryDays}::int, ${b.teamSize}::int, ${b.committedAccuracy}::numeric, ${b.proposal ?? ''}::text,
               ${quoteLinesJson(t, b.quoteLines)}::jsonb, c.t, c.t, ${b.submittedBy ?? null}::uuid
        from c, o2 where o2.go
        on conflict (order_id, vendor_org_id) where status <> 'withdrawn' do nothing
        returning *
      ),
      rev as (
        insert into bid_revisions (bid_id, revision, snapshot, created_at)
        select id, revision, ${t.unsafe(SNAPSHOT)}, updated_at from w
      )`);
    if ('ok' in g) return g;
    if (g.row) return { ok: true, bid: g.row };
    const live = await liveBid(tx, b.orderId, b.vendorOrgId);
    return live ? { ok: false, reason: 'already_bid', bidId: live.id } : { ok: false, reason: 'no_bid' };
  },

  /**
   * Replaces the offer of the vendor's live bid while bidding is open (same guard as insertIfOpen): a new
   * revision with its snapshot; an edit also confirms the current terms (status back to `active`).
   * With `expectedRevision`, only if the bid is still at that revision.
   */
  async updateIfOpen(
    tx: Tx,
    u: BidOfferFields & { orderId: string; vendorOrgId: string },
    opts: BidGuardOptions & { expectedRevision?: number } = {},
  ): Promise<BidWriteResult> {
    if (!isUuid(u.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, u.orderId, opts, (t) => t`
      w as (
        update bids set total_price_fen = ${u.totalPriceFen}::bigint, unit_price_fen = ${u.unitPriceFen}::bigint,
               delivery_days = ${u.deliveryDays}::int, team_size = ${u.teamSize}::int,
               committed_accuracy = ${u.committedAccuracy}::numeric, proposal = ${u.proposal ?? ''}::text,
               quote_lines = ${quoteLinesJson(t, u.quoteLines)}::jsonb,
               status = 'active', revision = bids.revision + 1, updated_at = c.t
        from c, o2
        where o2.go and bids.order_id = ${u.orderId} and bids.vendor_org_id = ${u.vendorOrgId}
          and bids.status in ('active', 'needs_reconfirm')
          ${opts.expectedRevision === undefined ? t`` : t`and bids.revision = ${opts.expectedRevision}`}
        returning bids.*
      ),
      rev as (
        insert into bid_revisions (bid_id, revision, snapshot, created_at)
        select id, revision, ${t.unsafe(SNAPSHOT)}, updated_at from w
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : await whyNotWritten(tx, u.orderId, u.vendorOrgId, opts.expectedRevision);
  },

  /** Withdraws the vendor's live bid while bidding is open (same guard as insertIfOpen). */
  async withdrawIfOpen(tx: Tx, w: { orderId: string; vendorOrgId: string }, opts: BidGuardOptions = {}): Promise<BidWriteResult> {
    if (!isUuid(w.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, w.orderId, opts, (t) => t`
      w as (
        update bids set status = 'withdrawn', withdrawn_at = c.t, updated_at = c.t
        from c, o2
        where o2.go and bids.order_id = ${w.orderId} and bids.vendor_org_id = ${w.vendorOrgId}
          and bids.status in ('active', 'needs_reconfirm')
        returning bids.*
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : { ok: false, reason: 'no_bid' };
  },

  /** Re-confirms the vendor's live bid after an amendment while bidding is open (idempotent on an active bid). */
  async reconfirmIfOpen(tx: Tx, r: { orderId: string; vendorOrgId: string }, opts: BidGuardOptions = {}): Promise<BidWriteResult> {
    if (!isUuid(r.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, r.orderId, opts, (t) => t`
      w as (
        update bids set status = 'active', reconfirmed_at = c.t, updated_at = c.t
        from c, o2
        where o2.go and bids.order_id = ${r.orderId} and bids.vendor_org_id = ${r.vendorOrgId}
          and bids.status in ('active', 'needs_reconfirm')
        returning bids.*
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : { ok: false, reason: 'no_bid' };
  },

  /** The bid with this id, or null. */
  async getById(db: Db, id: string): Promise<BidRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<BidRow[]>`select * from bids where id = ${id}`;
    return row ?? null;
  },

  /** The vendor's bid on an order: the live one, else the latest withdrawn one, else null. */
  async mine(db: Db, orderId: string, vendorOrgId: string): Promise<BidRow | null> {
    if (!isUuid(orderId) || !isUuid(vendorOrgId)) return null;
    const [row] = await db<BidRow[]>`
      select * from bids where order_id = ${orderId} and vendor_org_id = ${vendorOrgId}
      order by status = 'withdrawn', submitted_at desc, id desc
      limit 1`;
    return row ?? null;
  },

  /** The bids of an order with vendor names, first submitted first; withdrawn ones only when asked. */
  async listForOrder(db: Db, orderId: string, opts: { includeWithdrawn?: boolean } = {}): Promise<BidWithVendorRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<BidWithVendorRow[]>`
      select b.*, v.name as vendor_name
      from bids b join organisations v on v.id = b.vendor_org_id
      where b.order_id = ${orderId} ${opts.includeWithdrawn ? db`` : db`and b.status <> 'withdrawn'`}
      order by b.submitted_at, b.id`;
  },

  /** How many live (not withdrawn) bids an order has — the public count. */
  async countForOrder(db: Db, orderId: string): Promise<number> {
    if (!isUuid(orderId)) return 0;
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from bids where order_id = ${orderId} and status <> 'withdrawn'`;
    return row?.n ?? 0;
  },

  /** Live bid counts of several orders (0 for orders without bids). */
  async countsForOrders(db: Db, orderIds: readonly string[]): Promise<Record<string, number>> {
    const ids = orderIds.filter(isUuid);
    const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    if (ids.length === 0) return counts;
    const rows = await db<{ orderId: string; n: number }[]>`
      select order_id, count(*)::int as n from bids
      where order_id = any(${db.array(ids)}::uuid[]) and status <> 'withdrawn'
      group by order_id`;
    for (const r of rows) counts[r.orderId] = r.n;
    return counts;
  },

  /** Organisations with a live bid on an order (to notify bidders). */
  async bidderOrgIds(db: Db, orderId: string): Promise<string[]> {
    if (!isUuid(orderId)) return [];
    const rows = await db<{ vendorOrgId: string }[]>`
      select vendor_org_id from bids where order_id = ${orderId} and status <> 'withdrawn' order by submitted_at, id`;
    return rows.map((r) => r.vendorOrgId);
  },

  /** One page of a vendor's bids with their orders, newest first (withdrawn ones included). */
  async listForVendor(
    db: Db,
    vendorOrgId: string,
    cursor: string | null | undefined,
    limit?: number,
  ): Promise<{ items: VendorBidRow[]; nextCursor: string | null }> {
    if (!isUuid(vendorOrgId)) return { items: [], nextCursor: null };
    const n = pageSize(limit);
    const before = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(VendorBidRow & { cursorUs: string })[]>`
      select b.*, o.title as order_title, o.status as order_status, o.bid_deadline as order_bid_deadline,
             o.bidding_mode as order_bidding_mode,
             (extract(epoch from b.submitted_at) * 1000000)::bigint::text as cursor_us
      from bids b join orders o on o.id = b.order_id
      where b.vendor_org_id = ${vendorOrgId}
        ${before
          ? db`and (b.submitted_at, b.id) < ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by b.submitted_at desc, b.id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => r),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },

  /** The revision history of a bid, oldest first. */
  async revisions(db: Db, bidId: string): Promise<BidRevisionRow[]> {
    if (!isUuid(bidId)) return [];
    return await db<BidRevisionRow[]>`select * from bid_revisions where bid_id = ${bidId} order by revision`;
  },

  /** After an amendment: every active bid of the order needs re-confirming; returns the vendors concerned. */
  async markNeedsReconfirm(db: Db, orderId: string): Promise<string[]> {
    if (!isUuid(orderId)) return [];
    const rows = await db<{ vendorOrgId: string }[]>`
      update bids set status = 'needs_reconfirm', updated_at = clock_timestamp()
      where order_id = ${orderId} and status = 'active'
      returning vendor_org_id`;
    return rows.map((r) => r.vendorOrgId);
  },

  /**
   * Records an award's outcome on the bids: the winner `awarded`, every other live bid `not_awarded`.
   * `winner` is null (and nothing changes) if the bid is not an awardable bid of that order.
   */
  async setAwardOutcome(
    db: Db,
    orderId: string,
    winningBidId: string,
  ): Promise<{ winner: BidRow | null; notAwardedVendorOrgIds: string[] }> {
    if (!isUuid(orderId) || !isUuid(winningBidId)) return { winner: null, notAwardedVendorOrgIds: [] };
    const [winner] = await db<BidRow[]>`
      update bids set status = 'awarded', updated_at = clock_timestamp()
      where id = ${winningBidId} and order_id = ${orderId} and status in ('active', 'needs_reconfirm', 'not_awarded')
      returning *`;
    if (!winner) return { winner: null, notAwardedVendorOrgIds: [] };
    const losers = await db<{ vendorOrgId: string }[]>`
      update bids set status = 'not_awarded', updated_at = clock_timestamp()
      where order_id = ${orderId} and id <> ${winningBidId} and status in ('active', 'needs_reconfirm', 'awarded')
      returning vendor_org_id`;
    return { winner, notAwardedVendorOrgIds: losers.map((r) => r.vendorOrgId) };
  },

  /** After an award is cancelled: awarded and not-awarded bids become `active` again; returns how many. */
  async clearAwardOutcome(db: Db, orderId: string): Promise<number> {
    if (!isUuid(orderId)) return 0;
    const res = await db`
      update bids set status = 'active', updated_at = clock_timestamp()
      where order_id = ${orderId} and status in ('awarded', 'not_awarded')`;
    return res.count;
  },

  /** Disqualifies a bid of an order with a reason; null if there is no such bid or it is withdrawn/disqualified. */
  async disqualify(
    db: Db,
    d: { orderId: string; bidId: string; reason: string; by?: string | null },
  ): Promise<BidRow | null> {
    if (!isUuid(d.orderId) || !isUuid(d.bidId)) return null;
    const [row] = await db<BidRow[]>`
      update bids set status = 'disqualified', disqualified_reason = ${d.reason}, disqualified_at = clock_timestamp(),
                      disqualified_by = ${d.by ?? null}, updated_at = clock_timestamp()
      where id = ${d.bidId} and order_id = ${d.orderId} and status not in ('withdrawn', 'disqualified')
      returning *`;
    return row ?? null;
  },
};
