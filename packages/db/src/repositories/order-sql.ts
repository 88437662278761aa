import { ORDER_STEPS, statusesAllowing, statusesFor } from '@annex/domain';
import type postgres from 'postgres';
import { type Db, type Tx, withTransaction } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { NewOrder, OrderFields, OrderPatch, OrderRow, OrderWriteResult } from './orders.repo.ts';

// The SQL pieces the order repositories share: field ↔ column mapping, the guarded status change, row locks.

export type Fragment = postgres.PendingQuery<postgres.Row[]>;

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
export function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** `a = $1, b = $2` for the given fields of a patch. */
export function setClause(db: Db, patch: OrderPatch): Fragment[] {
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

export async function insertOrder(db: Db, o: NewOrder): Promise<OrderRow> {
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
export async function lockRow(tx: Tx, id: string, mode: 'update' | 'share' = 'update'): Promise<OrderRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx<OrderRow[]>`
    select * from orders where id = ${id} ${mode === 'update' ? tx`for update` : tx`for share`}`;
  return row ?? null;
}

export type TransitionSpec = {
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
export async function transition(db: Db, id: string, spec: TransitionSpec): Promise<OrderWriteResult> {
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

export async function biddingOpen(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx<{ open: boolean }[]>`select clock_timestamp() < bid_deadline as open from orders where id = ${id}`;
  return row?.open === true;
}

export function changedFields(cur: OrderRow, patch: OrderPatch): Record<string, { from: unknown; to: unknown }> {
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
