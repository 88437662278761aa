import { type BidStatus, type BiddingMode, type OrderStatus, bidStatusesAllowing } from '@annex/domain';
import type postgres from 'postgres';
import { type Db, onOneConnection } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { type CurationRow, curation } from './curation.repo.ts';
import { type OrderRow, orders } from './orders.repo.ts';
import { type OrganisationRecord, organisations } from './organisations.repo.ts';

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

/** A file of a bid; the bytes live in storage under `storageKey`. */
export type BidAttachmentRow = {
  id: string;
  bidId: string;
  orderId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};

/** A file to add to the vendor's live bid on an order. */
export type NewBidAttachment = Omit<BidAttachmentRow, 'id' | 'bidId' | 'createdAt' | 'uploadedBy'> & {
  vendorOrgId: string;
  uploadedBy?: string | null;
};

/** Result of adding or removing a bid's file under the deadline guard. */
export type BidAttachmentWriteResult =
  | { ok: true; attachment: BidAttachmentRow }
  | Extract<BidWriteResult, { ok: false; reason: 'order_not_found' | 'order_changed' | 'bidding_closed' | 'no_bid' }>
  /** removing: the vendor's live bid has no file with this id */
  | { ok: false; reason: 'no_attachment' };

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

/** SQL of a bid's revision snapshot, from the columns of the bid row in scope. */
export const BID_SNAPSHOT = `jsonb_build_object('status', status, 'totalPriceFen', total_price_fen, 'unitPriceFen', unit_price_fen,
  'deliveryDays', delivery_days, 'teamSize', team_size, 'committedAccuracy', committed_accuracy,
  'proposal', proposal, 'quoteLines', quote_lines)`;

function quoteLinesJson(db: Db, lines: readonly unknown[] | undefined) {
  return db.json(JSON.parse(JSON.stringify(lines ?? [])) as never);
}

type Guarded<R> = R & {
  open: boolean;
  versionOk: boolean;
  orderStatus: OrderStatus;
  orderBidDeadline: Date | null;
  orderVersion: number;
  checkedAt: Date;
};

/** What a bid write records beside the bid, in the same statement (and so in the same transaction). */
export type BidWriteEffects = {
  /** an audit record of the write: entity the order, `after` the bid's id, status and revision (never amounts) */
  audit?: { actorUserId: string | null; actorOrgId: string | null; action: string; requestId: string | null };
  /**
   * A notification to every member of an organisation. `withBidCount` adds `bidCount`: the order's live bids
   * as this write leaves them (concurrent bids under a shared lock may each count without the other).
   */
  notify?: { orgId: string; kind: string; payload: Record<string, unknown>; withBidCount?: boolean };
};

function effectsSql(t: Db, e: BidWriteEffects): Fragment {
  const parts: Fragment[] = [];
  if (e.audit) {
    const a = e.audit;
    parts.push(t`,
      aud as (
        insert into audit_log (actor_user_id, actor_org_id, entity_type, entity_id, action, after, request_id)
        select ${a.actorUserId}::uuid, ${a.actorOrgId}::uuid, 'order', w.order_id::text, ${a.action}::text,
               jsonb_build_object('bidId', w.id, 'status', w.status, 'revision', w.revision), ${a.requestId}::text
        from w
      )`);
  }
  if (e.notify && isUuid(e.notify.orgId)) {
    const n = e.notify;
    const payload = t.json(JSON.parse(JSON.stringify(n.payload)) as never);
    parts.push(t`,
      ntf as (
        insert into notifications (user_id, org_id, kind, payload, order_id)
        select m.user_id, m.org_id, ${n.kind}::text,
               ${payload}::jsonb ${n.withBidCount
                 ? t`|| jsonb_build_object('bidCount',
                      (select count(*)::int from bids b where b.order_id = w.order_id and b.status <> 'withdrawn' and b.id <> w.id)
                      + case when w.status <> 'withdrawn' then 1 else 0 end)`
                 : t``},
               w.order_id
        from w join memberships m on m.org_id = ${n.orgId}::uuid
      )`);
  }
  return parts.reduce((acc, p) => t`${acc}${p}`, t``);
}

/**
 * Runs `write` — data-modifying CTEs ending in one named `w`, which read the CTE `g` of bid_guard (migration
 * 0004): it locks the order row (FOR UPDATE, or FOR SHARE with `lock: 'share'`) and only then reads the clock
 * (`g.t`, once) and the order afresh; `g.go` says the order is open at `g.t`, before its deadline, and at the
 * expected version — plus the `effects`, and returns the written row or why nothing was written.
 * One statement: on the pool it is its own transaction (one round trip); in a transaction it runs in it.
 */
async function guarded<R extends { id: string } = BidRow>(
  db: Db,
  orderId: string,
  opts: BidGuardOptions & BidWriteEffects,
  write: (t: Db) => Fragment,
): Promise<{ row: R | null } | Extract<BidWriteResult, { ok: false; reason: 'order_not_found' | 'order_changed' | 'bidding_closed' }>> {
  if (!isUuid(orderId)) return { ok: false, reason: 'order_not_found' };
  let r: Guarded<R> | undefined;
  try {
    [r] = await db<Guarded<R>[]>`
      with g as materialized (
        select * from bid_guard(${orderId}::uuid, ${opts.lock ?? 'update'}::text, ${opts.expectedOrderVersion ?? null}::int)
      ),
      ${write(db)}${effectsSql(db, opts)}
      select w.*, g.open, g.version_ok, g.order_status, g.order_bid_deadline, g.order_version, g.t as checked_at
      from g left join w on true`;
  } catch (err) {
    rethrowTyped(err);
  }
  if (!r) return { ok: false, reason: 'order_not_found' };
  if (!r.open) return { ok: false, reason: 'bidding_closed', status: r.orderStatus, bidDeadline: r.orderBidDeadline, checkedAt: r.checkedAt };
  if (!r.versionOk) return { ok: false, reason: 'order_changed', orderVersion: r.orderVersion };
  if (!r.id) return { row: null };
  const { open: _o, versionOk: _v, orderStatus: _s, orderBidDeadline: _d, orderVersion: _n, checkedAt: _c, ...row } = r;
  return { row: row as unknown as R };
}

/** The bid statuses its vendor may still change it from (domain BID_STEPS.revise): also where files and re-confirmation go. */
const changeable = (t: Db) => t`${t.array([...bidStatusesAllowing('revise')])}::text[]`;

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

/** Where bids on orders without a bid deadline sort by deadline: after every real one. */
const NO_DEADLINE = new Date('3000-01-01T00:00:00Z');

/** Bids, their revisions and outcomes. */
/** What a vendor's change of its bid is decided on (see `bids.vendorContext`). */
export type VendorBidContext = {
  order: OrderRow | null;
  /** the order's curation (null: never curated), which decides whether a hidden order is the vendor's to see */
  curation: CurationRow | null;
  vendor: OrganisationRecord | null;
  /** the bid `mine` finds (null unless asked for), with its revisions and files */
  current: BidRow | null;
  revisions: BidRevisionRow[];
  files: BidAttachmentRow[];
};

export const bids = {
  /**
   * The order with its curation, the vendor's organisation and, with `mine`, the vendor's bid (as `mine` finds it) with its revisions
   * and files: one round trip, the statements pipelined on one connection. A write that follows re-checks under the
   * order's lock what matters (status, deadline, the order's version, the bid's revision).
   */
  async vendorContext(db: Db, orderId: string, vendorOrgId: string, mine: boolean): Promise<VendorBidContext> {
    const [order, orderCuration, vendor, current, revisions, files] = await onOneConnection(db, (c) =>
      Promise.all([
        orders.getById(c, orderId),
        curation.get(c, 'order', orderId),
        organisations.findById(c, vendorOrgId),
        mine ? bids.mine(c, orderId, vendorOrgId) : null,
        mine ? bids.revisionsOfMine(c, orderId, vendorOrgId) : [],
        mine ? bids.attachmentsOfMine(c, orderId, vendorOrgId) : [],
      ]),
    );
    return { order, curation: orderCuration, vendor, current, revisions, files };
  },

  /**
   * Places a bid if bidding is open, in one statement: bid_guard locks the order row (FOR UPDATE, or FOR SHARE
   * with `lock: 'share'`), then reads clock_timestamp() once and checks `status = 'open' AND clock < bid_deadline`;
   * the bid is inserted with that instant as `submittedAt` (so a stored bid is never at or after the deadline),
   * with revision 1 and the `effects` (audit record, notification). On the pool the statement is its own
   * transaction (one round trip); in a transaction, the bid counts once that commits. A live bid of the same vendor answers
   * `already_bid` (ON CONFLICT on the partial unique index, so the transaction stays usable).
   */
  async insertIfOpen(tx: Db, b: NewBid, opts: BidGuardOptions & BidWriteEffects = {}): Promise<BidWriteResult> {
    if (!isUuid(b.vendorOrgId)) return { ok: false, reason: 'order_not_found' };
    const g = await guarded(tx, b.orderId, opts, (t) => t`
      w as (
        insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size,
                          committed_accuracy, proposal, quote_lines, submitted_at, updated_at, submitted_by)
        select ${b.orderId}::uuid, ${b.vendorOrgId}::uuid, ${b.totalPriceFen}::bigint, ${b.unitPriceFen}::bigint,
               ${b.deliveryDays}::int, ${b.teamSize}::int, ${b.committedAccuracy}::numeric, ${b.proposal ?? ''}::text,
               ${quoteLinesJson(t, b.quoteLines)}::jsonb, g.t, g.t, ${b.submittedBy ?? null}::uuid
        from g where g.go
        on conflict (order_id, vendor_org_id) where status <> 'withdrawn' do nothing
        returning *
      ),
      rev as (
        insert into bid_revisions (bid_id, revision, snapshot, created_at)
        select id, revision, ${t.unsafe(BID_SNAPSHOT)}, updated_at from w
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
    tx: Db,
    u: BidOfferFields & { orderId: string; vendorOrgId: string },
    opts: BidGuardOptions & BidWriteEffects & { expectedRevision?: number } = {},
  ): Promise<BidWriteResult> {
    if (!isUuid(u.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, u.orderId, opts, (t) => t`
      w as (
        update bids set total_price_fen = ${u.totalPriceFen}::bigint, unit_price_fen = ${u.unitPriceFen}::bigint,
               delivery_days = ${u.deliveryDays}::int, team_size = ${u.teamSize}::int,
               committed_accuracy = ${u.committedAccuracy}::numeric, proposal = ${u.proposal ?? ''}::text,
               quote_lines = ${quoteLinesJson(t, u.quoteLines)}::jsonb,
               status = 'active', revision = bids.revision + 1, updated_at = g.t
        from g
        where g.go and bids.order_id = ${u.orderId} and bids.vendor_org_id = ${u.vendorOrgId}
          and bids.status = any(${changeable(t)})
          ${opts.expectedRevision === undefined ? t`` : t`and bids.revision = ${opts.expectedRevision}`}
        returning bids.*
      ),
      rev as (
        insert into bid_revisions (bid_id, revision, snapshot, created_at)
        select id, revision, ${t.unsafe(BID_SNAPSHOT)}, updated_at from w
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : await whyNotWritten(tx, u.orderId, u.vendorOrgId, opts.expectedRevision);
  },

  /** Withdraws the vendor's live bid while bidding is open (same guard as insertIfOpen). */
  async withdrawIfOpen(tx: Db, w: { orderId: string; vendorOrgId: string }, opts: BidGuardOptions & BidWriteEffects = {}): Promise<BidWriteResult> {
    if (!isUuid(w.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, w.orderId, opts, (t) => t`
      w as (
        update bids set status = 'withdrawn', withdrawn_at = g.t, updated_at = g.t
        from g
        where g.go and bids.order_id = ${w.orderId} and bids.vendor_org_id = ${w.vendorOrgId}
          and bids.status = any(${changeable(t)})
        returning bids.*
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : { ok: false, reason: 'no_bid' };
  },

  /** Re-confirms the vendor's live bid after an amendment while bidding is open (idempotent on an active bid). */
  async reconfirmIfOpen(tx: Db, r: { orderId: string; vendorOrgId: string }, opts: BidGuardOptions & BidWriteEffects = {}): Promise<BidWriteResult> {
    if (!isUuid(r.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    const g = await guarded(tx, r.orderId, opts, (t) => t`
      w as (
        update bids set status = 'active', reconfirmed_at = g.t, updated_at = g.t
        from g
        where g.go and bids.order_id = ${r.orderId} and bids.vendor_org_id = ${r.vendorOrgId}
          and bids.status = any(${changeable(t)})
        returning bids.*
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, bid: g.row } : { ok: false, reason: 'no_bid' };
  },

  /**
   * Adds a file to the vendor's live bid (active or awaiting re-confirmation) while bidding is open: the same
   * guard as insertIfOpen, so a file never arrives at or after the deadline. `no_bid` without a live bid.
   */
  async addAttachmentIfOpen(db: Db, a: NewBidAttachment, opts: BidGuardOptions = {}): Promise<BidAttachmentWriteResult> {
    if (!isUuid(a.vendorOrgId)) return { ok: false, reason: 'no_bid' };
    let g: Awaited<ReturnType<typeof guarded<BidAttachmentRow>>>;
    try {
      g = await guarded<BidAttachmentRow>(db, a.orderId, opts, (t) => t`
        w as (
          insert into bid_attachments (bid_id, order_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at)
          select b.id, b.order_id, ${a.fileName}::text, ${a.contentType}::text, ${a.sizeBytes}::bigint, ${a.sha256}::text,
                 ${a.storageKey}::text, ${a.uploadedBy ?? null}::uuid, g.t
          from g join bids b on b.order_id = ${a.orderId}::uuid and b.vendor_org_id = ${a.vendorOrgId}::uuid
                             and b.status = any(${changeable(t)})
          where g.go
          returning *
        )`);
    } catch (err) {
      rethrowTyped(err);
    }
    if ('ok' in g) return g;
    return g.row ? { ok: true, attachment: g.row } : { ok: false, reason: 'no_bid' };
  },

  /** Removes a file from the vendor's live bid while bidding is open (same guard); returns the removed row. */
  async deleteAttachmentIfOpen(
    db: Db,
    d: { orderId: string; vendorOrgId: string; attachmentId: string },
    opts: BidGuardOptions = {},
  ): Promise<BidAttachmentWriteResult> {
    if (!isUuid(d.vendorOrgId) || !isUuid(d.attachmentId)) return { ok: false, reason: 'no_attachment' };
    const g = await guarded<BidAttachmentRow>(db, d.orderId, opts, (t) => t`
      w as (
        delete from bid_attachments a
        using g, bids b
        where g.go and a.id = ${d.attachmentId}::uuid and a.bid_id = b.id and b.order_id = ${d.orderId}::uuid
          and b.vendor_org_id = ${d.vendorOrgId}::uuid and b.status = any(${changeable(t)})
        returning a.*
      )`);
    if ('ok' in g) return g;
    return g.row ? { ok: true, attachment: g.row } : { ok: false, reason: 'no_attachment' };
  },

  /** The files of some bids, oldest first. */
  async attachmentsOf(db: Db, bidIds: readonly string[]): Promise<BidAttachmentRow[]> {
    const ids = bidIds.filter(isUuid);
    if (ids.length === 0) return [];
    return await db<BidAttachmentRow[]>`
      select * from bid_attachments where bid_id = any(${db.array(ids)}::uuid[]) order by created_at, id`;
  },

  /** The files of the bid `mine` finds (the live one, else the latest withdrawn one), oldest first. */
  async attachmentsOfMine(db: Db, orderId: string, vendorOrgId: string): Promise<BidAttachmentRow[]> {
    if (!isUuid(orderId) || !isUuid(vendorOrgId)) return [];
    return await db<BidAttachmentRow[]>`
      select * from bid_attachments
      where bid_id = (select id from bids where order_id = ${orderId} and vendor_org_id = ${vendorOrgId}
                      order by status = 'withdrawn', submitted_at desc, id desc limit 1)
      order by created_at, id`;
  },

  /** One file of a bid of an order, or null (also when the bid or the order is another). */
  async getAttachment(db: Db, orderId: string, bidId: string, attachmentId: string): Promise<BidAttachmentRow | null> {
    if (!isUuid(orderId) || !isUuid(bidId) || !isUuid(attachmentId)) return null;
    const [row] = await db<BidAttachmentRow[]>`
      select * from bid_attachments where id = ${attachmentId} and bid_id = ${bidId} and order_id = ${orderId}`;
    return row ?? null;
  },

  /** How many files a bid has and their bytes in all. */
  async attachmentUsage(db: Db, bidId: string): Promise<{ count: number; bytes: number }> {
    if (!isUuid(bidId)) return { count: 0, bytes: 0 };
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes from bid_attachments where bid_id = ${bidId}`;
    return row ?? { count: 0, bytes: 0 };
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
    opts: { status?: BidStatus; sort?: 'newest' | 'deadline'; cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: VendorBidRow[]; nextCursor: string | null }> {
    if (!isUuid(vendorOrgId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const at = opts.cursor ? decodeCursor(opts.cursor) : null;
    // by deadline: soonest first, orders without one last (a keyset needs a value, not null)
    const ascending = opts.sort === 'deadline';
    const key = ascending ? db`coalesce(o.bid_deadline, ${NO_DEADLINE})` : db`b.submitted_at`;
    const position = at ? db`('epoch'::timestamptz + ${at.us}::bigint * interval '1 microsecond', ${at.id}::uuid)` : null;
    const rows = await db<(VendorBidRow & { cursorUs: string })[]>`
      select b.*, o.title as order_title, o.status as order_status, o.bid_deadline as order_bid_deadline,
             o.bidding_mode as order_bidding_mode,
             (extract(epoch from ${key}) * 1000000)::bigint::text as cursor_us
      from bids b join orders o on o.id = b.order_id
      where b.vendor_org_id = ${vendorOrgId}
        ${opts.status ? db`and b.status = ${opts.status}` : db``}
        ${position ? (ascending ? db`and (${key}, b.id) > ${position}` : db`and (${key}, b.id) < ${position}`) : db``}
      order by ${key} ${ascending ? db`asc` : db`desc`}, b.id ${ascending ? db`asc` : db`desc`}
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => r),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },

  /** The revision history of the bid `mine` finds (the live one, else the latest withdrawn one), oldest first. */
  async revisionsOfMine(db: Db, orderId: string, vendorOrgId: string): Promise<BidRevisionRow[]> {
    if (!isUuid(orderId) || !isUuid(vendorOrgId)) return [];
    return await db<BidRevisionRow[]>`
      select * from bid_revisions
      where bid_id = (select id from bids where order_id = ${orderId} and vendor_org_id = ${vendorOrgId}
                      order by status = 'withdrawn', submitted_at desc, id desc limit 1)
      order by revision`;
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
      where order_id = ${orderId} and status = any(${db.array([...bidStatusesAllowing('award_cancelled')])}::text[])`;
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
