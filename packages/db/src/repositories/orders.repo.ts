import {
  type BiddingMode, type Certification, type Modality, ORDER_STEPS, type OrderStatus, PUBLISHED_STATUSES, type PublishedStatus,
  type SecurityLevel, statusesAllowing, statusesFor,
  type TaskType, type VOLUME_UNITS, type WorkLocation,
} from '@annex/domain';
import type postgres from 'postgres';
import { type Db, type Tx, withTransaction } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

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

/** An order file (guideline, sample). The bytes live in storage under `storageKey`. */
export type AttachmentRow = {
  id: string;
  orderId: string;
  kind: 'guideline' | 'sample' | 'other';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};

/** Fields of a new attachment. */
export type NewAttachment = Omit<AttachmentRow, 'id' | 'createdAt' | 'uploadedBy'> & { uploadedBy?: string | null };

/** One amendment of an open order: `changes` maps each changed field to its old and new value (JSON). */
export type AmendmentRow = {
  id: number;
  orderId: string;
  at: Date;
  byUserId: string | null;
  reason: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
};

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

/** A step the scheduler should take now. */
export type DueTransition = {
  orderId: string;
  transition: 'close_bidding' | 'end_publicity' | 'declare_unsuccessful';
  /** the deadline that made it due */
  dueAt: Date;
};

type Fragment = postgres.PendingQuery<postgres.Row[]>;

type Bind = (db: Db, v: unknown) => Fragment;
// explicit casts: parameters inside INSERT … SELECT or CASE would otherwise be typed text
const CAST: Record<string, Bind> = {
  text: (db, v) => db`${v as string}::text`,
  bigint: (db, v) => db`${v as number}::bigint`,
  integer: (db, v) => db`${v as number}::integer`,
  numeric: (db, v) => db`${v as number}::numeric`,
  boolean: (db, v) => db`${v as boolean}::boolean`,
  uuid: (db, v) => db`${v as string}::uuid`,
  timestamptz: (db, v) => db`${v as Date}::timestamptz`,
  textArray: (db, v) => db`${db.array([...((v as string[] | null) ?? [])])}::text[]`,
  jsonb: (db, v) => db`${v === null || v === undefined ? null : db.json(plain(v) as never)}::jsonb`,
};

// field → column and its cast
const FIELDS: Record<keyof OrderFields, [column: string, cast: keyof typeof CAST]> = {
  title: ['title', 'text'],
  description: ['description', 'text'],
  modality: ['modality', 'text'],
  taskTypes: ['task_types', 'textArray'],
  volumeQuantity: ['volume_quantity', 'bigint'],
  volumeUnit: ['volume_unit', 'text'],
  unitPriceCeilingFen: ['unit_price_ceiling_fen', 'bigint'],
  budgetTotalFen: ['budget_total_fen', 'bigint'],
  biddingMode: ['bidding_mode', 'text'],
  questionsCloseAt: ['questions_close_at', 'timestamptz'],
  bidDeadline: ['bid_deadline', 'timestamptz'],
  deliveryDeadline: ['delivery_deadline', 'timestamptz'],
  accuracyTarget: ['accuracy_target', 'numeric'],
  samplingRule: ['sampling_rule', 'jsonb'],
  securityLevel: ['security_level', 'text'],
  containsPersonalInfo: ['contains_personal_info', 'boolean'],
  workLocation: ['work_location', 'text'],
  requiredCertifications: ['required_certifications', 'textArray'],
  minHeadcount: ['min_headcount', 'integer'],
  requiresSecureRoom: ['requires_secure_room', 'boolean'],
  tags: ['tags', 'textArray'],
  catalogueEntryId: ['catalogue_entry_id', 'uuid'],
};
const FIELD_NAMES = Object.keys(FIELDS) as (keyof OrderFields)[];

const bind = (db: Db, cast: keyof typeof CAST, v: unknown) => (CAST[cast] as Bind)(db, v);

// Dates become ISO strings, undefined disappears: the JSON the API would show
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** `a = $1, b = $2` for the given fields of a patch. */
function setClause(db: Db, patch: OrderPatch): Fragment[] {
  const parts: Fragment[] = [];
  for (const name of FIELD_NAMES) {
    const v = patch[name];
    if (v === undefined) continue;
    const [column, cast] = FIELDS[name];
    parts.push(db`${parts.length ? db`,` : db``} ${db(column)} = ${bind(db, cast, v)}`);
  }
  return parts;
}

const INSERTABLE_EXTRA = ['status', 'publishedAt', 'publicityEndsAt', 'awardWindowEndsAt', 'createdByUserId'] as const;

async function insertOrder(db: Db, o: NewOrder): Promise<OrderRow> {
  const cols: Fragment[] = [];
  const vals: Fragment[] = [];
  const add = (column: string, value: Fragment) => {
    cols.push(db`${cols.length ? db`,` : db``} ${db(column)}`);
    vals.push(db`${vals.length ? db`,` : db``} ${value}`);
  };
  add('buyer_org_id', db`${o.buyerOrgId}::uuid`);
  for (const name of FIELD_NAMES) {
    const v = o[name];
    if (v !== undefined) add(FIELDS[name][0], bind(db, FIELDS[name][1], v));
  }
  const extra: Record<(typeof INSERTABLE_EXTRA)[number], [string, keyof typeof CAST]> = {
    status: ['status', 'text'],
    publishedAt: ['published_at', 'timestamptz'],
    publicityEndsAt: ['publicity_ends_at', 'timestamptz'],
    awardWindowEndsAt: ['award_window_ends_at', 'timestamptz'],
    createdByUserId: ['created_by_user_id', 'uuid'],
  };
  for (const k of INSERTABLE_EXTRA) {
    const v = o[k];
    if (v !== undefined) add(extra[k][0], bind(db, extra[k][1], v));
  }
  try {
    const [row] = await db<OrderRow[]>`insert into orders (${cols}) values (${vals}) returning *`;
    return row as OrderRow;
  } catch (err) {
    rethrowTyped(err);
  }
}

/** Locks the order row; a second statement then sees everything committed before the lock was granted. */
async function lockRow(tx: Tx, id: string, mode: 'update' | 'share' = 'update'): Promise<OrderRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx<OrderRow[]>`
    select * from orders where id = ${id} ${mode === 'update' ? tx`for update` : tx`for share`}`;
  return row ?? null;
}

type TransitionSpec = {
  /** the step of packages/domain ORDER_STEPS: its statuses and its target */
  step: keyof typeof ORDER_STEPS;
  /** extra SET items, each starting with a comma */
  set?: (tx: Tx) => Fragment;
  /** a further condition evaluated after the lock with the database clock; when false, `failure` is answered */
  when?: (tx: Tx) => Fragment;
  failure?: 'deadline_passed' | 'not_due' | 'invalid_transition';
  expectedVersion?: number;
};

// Every status change: lock the row, then update it in a second statement so that conditions on the clock
// and on other tables (bids, objections) see all work committed before the lock was granted. A step that the
// domain allows from evaluation also starts from a stored `open` whose bid deadline has passed by the database clock.
async function transition(db: Db, id: string, spec: TransitionSpec): Promise<OrderWriteResult> {
  const from = statusesAllowing(spec.step);
  const openAsEvaluation = !statusesFor(spec.step).includes('open') && from.includes('open');
  return await withTransaction(db, async (tx) => {
    const cur = await lockRow(tx, id);
    if (!cur) return { ok: false, reason: 'not_found' } as const;
    if (!from.includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
    if (spec.expectedVersion !== undefined && cur.version !== spec.expectedVersion) {
      return { ok: false, reason: 'version_conflict', version: cur.version } as const;
    }
    const [row] = await tx<OrderRow[]>`
      update orders set status = ${ORDER_STEPS[spec.step].to}, version = version + 1, updated_at = now() ${spec.set ? spec.set(tx) : tx``}
      where id = ${id} ${spec.when ? tx`and (${spec.when(tx)})` : tx``}
        ${openAsEvaluation ? tx`and (status <> 'open' or clock_timestamp() >= bid_deadline)` : tx``}
      returning *`;
    if (row) return { ok: true, order: row } as const;
    const reason = spec.failure ?? 'invalid_transition';
    return { ok: false, reason, status: cur.status } as const;
  });
}

async function biddingOpen(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx<{ open: boolean }[]>`select clock_timestamp() < bid_deadline as open from orders where id = ${id}`;
  return row?.open === true;
}

function changedFields(cur: OrderRow, patch: OrderPatch): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const name of FIELD_NAMES) {
    const next = patch[name];
    if (next === undefined) continue;
    const before = plain(cur[name]);
    const after = plain(next);
    if (JSON.stringify(before) !== JSON.stringify(after)) changes[name] = { from: before, to: after };
  }
  return changes;
}

/** Orders: drafts, review, the public listing, status changes, amendments, attachments, the scheduler's queries. */
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

  /**
   * Amends an open order (in one transaction): checks the version, that bidding is still open by the database
   * clock and that the (new) deadline leaves `minBidWindowSeconds`, changes the fields and logs the amendment.
   * Marking the bids `needs_reconfirm` is `bids.markNeedsReconfirm` in the same transaction.
   * `amendment` is null when the patch changed nothing.
   */
  async amendOpen(
    db: Db,
    id: string,
    a: { expectedVersion: number; patch: OrderPatch; byUserId?: string | null; reason?: string | null; minBidWindowSeconds: number },
  ): Promise<{ ok: true; order: OrderRow; amendment: AmendmentRow | null } | OrderWriteFailure> {
    return await withTransaction(db, async (tx) => {
      const cur = await lockRow(tx, id);
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (!statusesFor('amend').includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
      if (cur.version !== a.expectedVersion) return { ok: false, reason: 'version_conflict', version: cur.version } as const;
      if (!(await biddingOpen(tx, id))) return { ok: false, reason: 'deadline_passed', status: cur.status } as const;
      const changes = changedFields(cur, a.patch);
      if (Object.keys(changes).length === 0) return { ok: true, order: cur, amendment: null } as const;
      let row: OrderRow | undefined;
      try {
        // one reading of the clock for both conditions
        [row] = await tx<OrderRow[]>`
          update orders set ${setClause(tx, a.patch)}, version = version + 1, updated_at = now()
          from (select clock_timestamp() as t) c
          where orders.id = ${id} and c.t < orders.bid_deadline
            and coalesce(${a.patch.bidDeadline ?? null}::timestamptz, orders.bid_deadline)
                >= c.t + ${a.minBidWindowSeconds} * interval '1 second'
          returning orders.*`;
      } catch (err) {
        rethrowTyped(err);
      }
      if (!row) {
        if (!(await biddingOpen(tx, id))) return { ok: false, reason: 'deadline_passed', status: cur.status } as const;
        return { ok: false, reason: 'bid_window_too_short' } as const;
      }
      const amendment = await orders.logAmendment(tx, { orderId: id, byUserId: a.byUserId, reason: a.reason, changes });
      return { ok: true, order: row, amendment } as const;
    });
  },

  /**
   * Opens an amendment of an open order that is not a field change (its files): in the caller's transaction,
   * locks the row and bumps its version if bidding is open by the database clock and the deadline still leaves
   * `minBidWindowSeconds`. The caller then changes the files, logs the amendment and marks the bids.
   */
  async beginFileAmendment(tx: Tx, id: string, minBidWindowSeconds: number): Promise<{ ok: true; order: OrderRow } | OrderWriteFailure> {
    const cur = await lockRow(tx, id);
    if (!cur) return { ok: false, reason: 'not_found' } as const;
    if (!statusesFor('amend').includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
    const [row] = await tx<OrderRow[]>`
      update orders set version = version + 1, updated_at = now()
      from (select clock_timestamp() as t) c
      where orders.id = ${id} and c.t < orders.bid_deadline
        and orders.bid_deadline >= c.t + ${minBidWindowSeconds} * interval '1 second'
      returning orders.*`;
    if (row) return { ok: true, order: row } as const;
    return (await biddingOpen(tx, id))
      ? ({ ok: false, reason: 'bid_window_too_short' } as const)
      : ({ ok: false, reason: 'deadline_passed', status: cur.status } as const);
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

  /** open → evaluation once the database clock has reached the bid deadline (else `not_due`). */
  async closeBidding(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'close_bidding', failure: 'not_due', when: (tx) => tx`clock_timestamp() >= bid_deadline`,
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

  /**
   * awarded → in_progress once the publicity window has ended by the database clock and no objection to the
   * active award is pending (else `not_due`).
   */
  async endPublicity(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'end_publicity', failure: 'not_due',
      when: (tx) => tx`clock_timestamp() >= publicity_ends_at and not exists (
        select 1 from objections j join awards a on a.id = j.award_id
        where j.order_id = orders.id and j.status = 'pending' and a.cancelled_at is null)`,
    });
  },

  /** evaluation → unsuccessful (also from `open` past its deadline). Whether it is due is `dueTransitions`' call. */
  async declareUnsuccessful(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, {
      step: 'declare_unsuccessful',
    });
  },

  /** in_progress → completed (the contract issue calls it when all milestones are accepted). */
  async complete(db: Db, id: string): Promise<OrderWriteResult> {
    return await transition(db, id, { step: 'complete' });
  },

  /**
   * Time-driven steps due now (by the database clock, or at `now` when given), earliest first:
   * open orders past their bid deadline; awarded orders past their publicity window with no pending objection
   * to the active award; orders in evaluation past their award window or without any awardable bid — one that
   * is `active`, as packages/domain dueTransitions and checkAward count them (a bid never re-confirmed after an
   * amendment cannot be awarded, so it does not keep the order in evaluation).
   */
  async dueTransitions(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<DueTransition[]> {
    return await db<DueTransition[]>`
      with c as materialized (select coalesce(${opts.now ?? null}::timestamptz, clock_timestamp()) as now)
      select id as order_id, 'close_bidding' as transition, bid_deadline as due_at
      from orders, c where status = any(${db.array([...statusesFor('close_bidding')])}::text[]) and bid_deadline <= c.now
      union all
      select o.id, 'end_publicity', o.publicity_ends_at
      from orders o, c
      where o.status = any(${db.array([...statusesFor('end_publicity')])}::text[]) and o.publicity_ends_at <= c.now
        and not exists (select 1 from objections j join awards a on a.id = j.award_id
                        where j.order_id = o.id and j.status = 'pending' and a.cancelled_at is null)
      union all
      select o.id, 'declare_unsuccessful',
             case when o.award_window_ends_at <= c.now then o.award_window_ends_at else coalesce(o.bid_deadline, o.updated_at) end
      from orders o, c
      where o.status = any(${db.array([...statusesFor('declare_unsuccessful')])}::text[])
        and (o.award_window_ends_at <= c.now
             or not exists (select 1 from bids b where b.order_id = o.id and b.status = 'active'))
      order by due_at, order_id
      limit ${pageSize(opts.limit ?? 100, 1000)}`;
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

  /** One page of published orders, newest first, with simple filters; `nextCursor` null on the last page. */
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
        ${before
          ? db`and (o.published_at, o.id) <
                 ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by o.published_at desc, o.id desc
      limit ${n + 1}`;
    return pageOf(rows, n);
  },

  /** Appends to the amendment log of an order. */
  async logAmendment(
    db: Db,
    a: { orderId: string; byUserId?: string | null; reason?: string | null; changes: Record<string, unknown> },
  ): Promise<AmendmentRow> {
    const [row] = await db<AmendmentRow[]>`
      insert into order_amendments (order_id, by_user_id, reason, changes)
      values (${a.orderId}, ${a.byUserId ?? null}, ${a.reason ?? null}, ${db.json(plain(a.changes) as never)})
      returning *`;
    return row as AmendmentRow;
  },

  /** The amendments of an order, oldest first. */
  async listAmendments(db: Db, orderId: string): Promise<AmendmentRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<AmendmentRow[]>`select * from order_amendments where order_id = ${orderId} order by id`;
  },

  /** Records an uploaded file of an order. */
  async addAttachment(db: Db, a: NewAttachment): Promise<AttachmentRow> {
    try {
      const [row] = await db<AttachmentRow[]>`
        insert into order_attachments (order_id, kind, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
        values (${a.orderId}, ${a.kind}, ${a.fileName}, ${a.contentType}, ${a.sizeBytes}, ${a.sha256}, ${a.storageKey},
                ${a.uploadedBy ?? null})
        returning *`;
      return row as AttachmentRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The files of an order, oldest first. */
  async listAttachments(db: Db, orderId: string): Promise<AttachmentRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<AttachmentRow[]>`
      select * from order_attachments where order_id = ${orderId} order by created_at, id`;
  },

  /** One file of an order, or null (also when it belongs to another order). */
  async getAttachment(db: Db, orderId: string, attachmentId: string): Promise<AttachmentRow | null> {
    if (!isUuid(orderId) || !isUuid(attachmentId)) return null;
    const [row] = await db<AttachmentRow[]>`
      select * from order_attachments where id = ${attachmentId} and order_id = ${orderId}`;
    return row ?? null;
  },

  /** Deletes a file record and returns it (so the caller can remove the bytes), or null. */
  async deleteAttachment(db: Db, orderId: string, attachmentId: string): Promise<AttachmentRow | null> {
    if (!isUuid(orderId) || !isUuid(attachmentId)) return null;
    const [row] = await db<AttachmentRow[]>`
      delete from order_attachments where id = ${attachmentId} and order_id = ${orderId} returning *`;
    return row ?? null;
  },

  /** How many files an order has and their total size (for upload limits). */
  async attachmentUsage(db: Db, orderId: string): Promise<{ count: number; bytes: number }> {
    if (!isUuid(orderId)) return { count: 0, bytes: 0 };
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes
      from order_attachments where order_id = ${orderId}`;
    return row ?? { count: 0, bytes: 0 };
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
