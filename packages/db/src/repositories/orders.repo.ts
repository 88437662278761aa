import {
  type BiddingMode, type Certification, type Modality, type OrderStatus, PUBLISHED_STATUSES, type PublishedStatus,
  type SecurityLevel, statusesFor,
  type TaskType, type VOLUME_UNITS, type WorkLocation,
} from '@annex/domain';
import type { Db, Tx } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { insertOrder, lockRow, setClause, transition } from './order-sql.ts';
import { notHidden } from './curation-sql.ts';

/** A status in which an order is public. */
export type PublishedOrderStatus = PublishedStatus;
/** Order statuses that are visible to the public: packages/domain PUBLISHED_STATUSES. */
export const PUBLISHED_ORDER_STATUSES = PUBLISHED_STATUSES as readonly PublishedOrderStatus[];

/** Unit of an order's volume. */
export type VolumeUnit = (typeof VOLUME_UNITS)[number];

/** A stored order (DESIGN §2.2). Terms are nullable because a draft may be saved half-filled. */
export type OrderRow = {
  id: string;
  buyerOrgId: string;
  title: string;
  /** Markdown as written (sanitised on render, never here) */
  description: string;
  modality: Modality;
  taskTypes: TaskType[];
  volumeQuantity: number | null;
  volumeUnit: VolumeUnit | null;
  unitPriceCeilingFen: number | null;
  budgetTotalFen: number | null;
  currency: 'CNY';
  biddingMode: BiddingMode;
  questionsCloseAt: Date | null;
  bidDeadline: Date | null;
  deliveryDeadline: Date | null;
  /** percent, two decimals */
  accuracyTarget: number | null;
  samplingRule: Record<string, unknown> | null;
  securityLevel: SecurityLevel;
  containsPersonalInfo: boolean;
  workLocation: WorkLocation;
  requiredCertifications: Certification[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
  tags: string[];
  catalogueEntryId: string | null;
  status: OrderStatus;
  reviewReason: string | null;
  cancelReason: string | null;
  cancelledAt: Date | null;
  publicityEndsAt: Date | null;
  awardWindowEndsAt: Date | null;
  /** bumped by every change of the row (optimistic concurrency) */
  version: number;
  publishedAt: Date | null;
  submittedAt: Date | null;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A published order as listed publicly, with the buyer's name. */
export type PublishedOrderRow = OrderRow & { buyerName: string; status: PublishedOrderStatus; publishedAt: Date };

/** An order with its buyer's name (buyer dashboards, the review queue). */
export type OrderWithBuyerRow = OrderRow & { buyerName: string };

/** The fields a buyer edits (all optional in a patch; undefined = keep, null = clear). */
export type OrderFields = {
  title: string;
  description: string;
  modality: Modality;
  taskTypes: readonly TaskType[];
  volumeQuantity: number | null;
  volumeUnit: VolumeUnit | null;
  unitPriceCeilingFen: number | null;
  budgetTotalFen: number | null;
  biddingMode: BiddingMode;
  questionsCloseAt: Date | null;
  bidDeadline: Date | null;
  deliveryDeadline: Date | null;
  accuracyTarget: number | null;
  samplingRule: Record<string, unknown> | null;
  securityLevel: SecurityLevel;
  containsPersonalInfo: boolean;
  workLocation: WorkLocation;
  requiredCertifications: readonly Certification[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
  tags: readonly string[];
  catalogueEntryId: string | null;
};

/** A change to an order's editable fields. */
export type OrderPatch = Partial<OrderFields>;

/** Fields of a new draft. */
export type NewDraft = Partial<OrderFields> & Pick<OrderFields, 'title' | 'modality'> & {
  buyerOrgId: string;
  createdByUserId?: string | null;
};

/** Fields of `orders.create` (seeds and tests: any status, any stamp). */
export type NewOrder = Partial<OrderFields> & Pick<OrderFields, 'title' | 'modality'> & {
  buyerOrgId: string;
  status?: string;
  publishedAt?: Date | null;
  publicityEndsAt?: Date | null;
  awardWindowEndsAt?: Date | null;
  createdByUserId?: string | null;
};

/** Filters of the public listing. */
export type PublishedFilters = { modality?: Modality; status?: PublishedOrderStatus; taskType?: TaskType };

/** Why a guarded order write did not happen. */
export type OrderWriteFailure =
  | { ok: false; reason: 'not_found' }
  /** the stored status does not allow it (`status` is the stored one) */
  | { ok: false; reason: 'invalid_transition'; status: OrderStatus }
  | { ok: false; reason: 'version_conflict'; version: number }
  /** the database clock says the bid deadline has passed (or, for approve, that it already lies in the past) */
  | { ok: false; reason: 'deadline_passed'; status: OrderStatus }
  /** the (new) deadline leaves less than the minimum bidding window */
  | { ok: false; reason: 'bid_window_too_short' }
  /** a time-driven step asked for before its time (or, end of publicity, while an objection is pending) */
  | { ok: false; reason: 'not_due'; status: OrderStatus };

/** Result of a guarded order write. */
export type OrderWriteResult = { ok: true; order: OrderRow } | OrderWriteFailure;

/** Orders: drafts, review, the status changes of parties, the listings (files, amendments and the clock's steps have their own repositories). */
export const orders = {
  /** Inserts an order in any status (seeds and tests); returns its id. Use `createDraft` for the buyer's use case. */
  async create(db: Db, o: NewOrder): Promise<string> {
    return (await insertOrder(db, o)).id;
  },

  /** Inserts a draft. */
  async createDraft(db: Db, d: NewDraft): Promise<OrderRow> {
    return await insertOrder(db, { ...d, status: 'draft' });
  },

  /** The order with this id, or null. */
  async getById(db: Db, id: string): Promise<OrderRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<OrderRow[]>`select * from orders where id = ${id}`;
    return row ?? null;
  },

  /**
   * Locks the order row (SELECT … FOR UPDATE) until the transaction ends, and returns it; null if missing.
   * Read the database clock with a later statement (`dbNow`), never in the locking one: that value would be
   * taken before waiting for the lock.
   */
  async lockById(tx: Tx, id: string): Promise<OrderRow | null> {
    return await lockRow(tx, id, 'update');
  },

  /** Changes a draft's fields if its version is still `expectedVersion`; bumps the version. */
  async updateDraft(db: Db, id: string, expectedVersion: number, patch: OrderPatch): Promise<OrderWriteResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    const set = setClause(db, patch);
    try {
      const [row] = await db<OrderRow[]>`
        update orders set ${set.length ? set : db``} ${set.length ? db`,` : db``} version = version + 1, updated_at = now()
        where id = ${id} and version = ${expectedVersion} and status = any(${db.array([...statusesFor('edit_draft')])}::text[])
        returning *`;
      if (row) return { ok: true, order: row };
    } catch (err) {
      rethrowTyped(err);
    }
    const cur = await orders.getById(db, id);
    if (!cur) return { ok: false, reason: 'not_found' };
    if (!statusesFor('edit_draft').includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status };
    return { ok: false, reason: 'version_conflict', version: cur.version };
  },

  /** draft → pending_review (stamps submittedAt, clears the last review reason). */
  async submit(db: Db, id: string, opts: { expectedVersion?: number } = {}): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'submit', expectedVersion: opts.expectedVersion,
      set: (tx) => tx`, submitted_at = now(), review_reason = null`,
    });
  },

  /**
   * pending_review → open, if the bid deadline is still ahead by the database clock: publishes now and sets
   * the award window to end `awardWindowSeconds` after the bid deadline.
   */
  async approve(db: Db, id: string, opts: { awardWindowSeconds: number }): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'approve', failure: 'deadline_passed',
      when: (tx) => tx`bid_deadline > clock_timestamp()`,
      set: (tx) => tx`, published_at = now(), review_reason = null,
        award_window_ends_at = bid_deadline + ${opts.awardWindowSeconds} * interval '1 second'`,
    });
  },

  /** pending_review → draft with the secretariat's reason. */
  async reject(db: Db, id: string, reason: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'reject', set: (tx) => tx`, review_reason = ${reason}`,
    });
  },

  /** draft | pending_review | open | evaluation → cancelled with a reason. */
  async cancel(db: Db, id: string, reason: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'cancel',
      set: (tx) => tx`, cancel_reason = ${reason}, cancelled_at = now()`,
    });
  },

  /**
   * evaluation → awarded (also from `open` once its deadline has passed: that is evaluation in effect); the
   * publicity window ends `publicitySeconds` from now by the database clock.
   */
  async markAwarded(db: Db, id: string, opts: { publicitySeconds: number }): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'award', failure: 'invalid_transition',
      set: (tx) => tx`, publicity_ends_at = clock_timestamp() + ${opts.publicitySeconds} * interval '1 second'`,
    });
  },

  /**
   * awarded → evaluation (objection upheld, award cancelled); clears the publicity window. With
   * `awardWindowSeconds`, the award window is extended to at least that long from now.
   */
  async reopenEvaluation(db: Db, id: string, opts: { awardWindowSeconds?: number } = {}): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'uphold_objection',
      set: (tx) => tx`, publicity_ends_at = null ${opts.awardWindowSeconds === undefined ? tx`` : tx`,
        award_window_ends_at = greatest(award_window_ends_at,
          clock_timestamp() + ${opts.awardWindowSeconds} * interval '1 second')`}`,
    });
  },

  /** in_progress → completed (the contract issue calls it when all milestones are accepted). */
  async complete(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, { step: 'complete' });
  },

  /** in_progress → terminated: the order's contract ended early (by agreement, or by the secretariat on a dispute). */
  async terminate(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, { step: 'terminate' });
  },

  /**
   * One page of a buyer's orders, optionally of some statuses: newest created first (default), last updated
   * first, or bid deadline soonest first with the orders that have none last.
   */
  async listForBuyer(
    db: Db,
    buyerOrgId: string,
    opts: { status?: readonly OrderStatus[]; sort?: 'newest' | 'updated' | 'deadline'; cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: OrderRow[]; nextCursor: string | null }> {
    if (!isUuid(buyerOrgId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const at = opts.cursor ? decodeCursor(opts.cursor) : null;
    const key = opts.sort === 'updated' ? db`updated_at` : opts.sort === 'deadline' ? db`coalesce(bid_deadline, ${NO_DEADLINE})` : db`created_at`;
    const ascending = opts.sort === 'deadline';
    const position = at ? db`('epoch'::timestamptz + ${at.us}::bigint * interval '1 microsecond', ${at.id}::uuid)` : null;
    const rows = await db<(OrderRow & { cursorUs: string })[]>`
      select *, (extract(epoch from ${key}) * 1000000)::bigint::text as cursor_us
      from orders
      where buyer_org_id = ${buyerOrgId}
        ${opts.status ? db`and status = any(${db.array([...opts.status])}::text[])` : db``}
        ${position ? (ascending ? db`and (${key}, id) > ${position}` : db`and (${key}, id) < ${position}`) : db``}
      order by ${key} ${ascending ? db`asc` : db`desc`}, id ${ascending ? db`asc` : db`desc`}
      limit ${n + 1}`;
    return pageOf(rows, n);
  },

  /** One page of the secretariat's review queue (pending_review), oldest submission first. */
  async listPendingReview(
    db: Db,
    cursor: string | null | undefined,
    limit?: number,
  ): Promise<{ items: OrderWithBuyerRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(OrderWithBuyerRow & { cursorUs: string })[]>`
      select o.*, b.name as buyer_name, (extract(epoch from o.submitted_at) * 1000000)::bigint::text as cursor_us
      from orders o join organisations b on b.id = o.buyer_org_id
      where o.status = 'pending_review'
        ${after
          ? db`and (o.submitted_at, o.id) > ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by o.submitted_at, o.id
      limit ${n + 1}`;
    return pageOf(rows, n);
  },

  /** One page of the public's published orders (not hidden), newest first, with simple filters; `nextCursor` null on the last page. */
  async listPublished(
    db: Db,
    cursor: string | null | undefined,
    limit?: number,
    filters: PublishedFilters = {},
  ): Promise<{ items: PublishedOrderRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const before = cursor ? decodeCursor(cursor) : null;
    const statuses = filters.status ? [filters.status] : [...PUBLISHED_STATUSES];
    const rows = await db<(PublishedOrderRow & { cursorUs: string })[]>`
      select o.*, b.name as buyer_name, (extract(epoch from o.published_at) * 1000000)::bigint::text as cursor_us
      from orders o join organisations b on b.id = o.buyer_org_id
      where o.status = any(${db.array(statuses)}::text[])
        ${filters.modality ? db`and o.modality = ${filters.modality}` : db``}
        ${filters.taskType ? db`and ${filters.taskType}::text = any(o.task_types)` : db``}
        ${notHidden(db, 'order', db`o.id`)}
        ${before
          ? db`and (o.published_at, o.id) <
                 ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by o.published_at desc, o.id desc
      limit ${n + 1}`;
    return pageOf(rows, n);
  },
};

/** Where orders without a bid deadline sort: after every real one (a keyset needs a value, not null). */
const NO_DEADLINE = new Date('3000-01-01T00:00:00Z');

function pageOf<T extends { id: string; cursorUs: string }>(rows: readonly T[], n: number) {
  const page = rows.slice(0, n);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorUs: _, ...o }) => o) as Omit<T, 'cursorUs'>[],
    nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
  };
}

/** The database clock (clock_timestamp()) at the moment of the call. */
export async function dbNow(db: Db): Promise<Date> {
  const [row] = await db<{ now: Date }[]>`select clock_timestamp() as now`;
  return (row as { now: Date }).now;
}
