import {
  type AnnotationMove, type AnnotationMover, type AnnotationStatus, CATALOGUE_STEPS, type CatalogueSector, type CatalogueStatus, type CatalogueStep,
  type DataLevel, type Modality, type OpenType, moveAnnotationStatus,
} from '@annex/domain';
import { type Db, type Tx, withTransaction } from '../client.ts';
import { InvalidCursorError, rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { likePattern } from '../like.ts';
import { type CatalogueActor, auditActor } from './agencies.repo.ts';
import { audit } from './audit.repo.ts';
import {
  type CatalogueEntryFields, type CatalogueEntryPatch, type CatalogueEntryRow, ENTRY_SELECT, type RawEntry, entryChanges, entryColumns,
  fieldsOf, toEntryRow,
} from './catalogue-sql.ts';
import { notHidden } from './curation-sql.ts';
import type { Fragment } from './order-sql.ts';
import type { OrderWithBuyerRow } from './orders.repo.ts';
import { textArrayLiteral } from './search.repo.ts';

/** What changed in a write: field → { from, to } (empty when nothing did). */
export type EntryChanges = Record<string, { from: unknown; to: unknown }>;

/** Why a catalogue write did not happen. */
export type CatalogueWriteFailure =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version_conflict'; version: number }
  /** the stored status (or annotation status) does not allow the step */
  | { ok: false; reason: 'invalid_transition'; status: string };

/** Result of a catalogue write. */
export type CatalogueWriteResult = { ok: true; row: CatalogueEntryRow; changes: EntryChanges } | CatalogueWriteFailure;

/** Result of `upsertByCode`: the entry, and whether it was created, changed or already as given. */
export type CatalogueUpsertResult = { row: CatalogueEntryRow; outcome: 'created' | 'updated' | 'unchanged'; changes: EntryChanges };

/** Filters of the catalogue list (each list: any of its values). */
export type CatalogueFilters = {
  status?: readonly CatalogueStatus[];
  sector?: readonly CatalogueSector[];
  modality?: readonly Modality[];
  openType?: readonly OpenType[];
  dataLevel?: readonly DataLevel[];
  annotationStatus?: readonly AnnotationStatus[];
  agencyId?: readonly string[];
  county?: readonly string[];
  /** words in the code, title, summary, tags or the agency's names (plain substring match) */
  q?: string;
  /** leave out the entries the secretariat hides (the public's lists) */
  withoutHidden?: boolean;
};

/** Sort of the catalogue list: last changed first, or by resource code. */
export type CatalogueSort = 'updated' | 'code';

const AUDIT = 'catalogue_entry';

// ---------------------------------------------------------------------------------------------------------

async function readOne(db: Db, where: (db: Db) => Fragment, lock = false): Promise<CatalogueEntryRow | null> {
  const [row] = await db<RawEntry[]>`${ENTRY_SELECT(db)} where ${where(db)} ${lock ? db`for update of e` : db``}`;
  return row ? toEntryRow(row) : null;
}

async function reread(tx: Db, id: string): Promise<CatalogueEntryRow> {
  return (await readOne(tx, (d) => d`e.id = ${id}`)) as CatalogueEntryRow;
}

async function insertEntry(tx: Tx, f: CatalogueEntryFields, actor: CatalogueActor, status: CatalogueStatus): Promise<CatalogueEntryRow> {
  const cols = entryColumns(tx, f);
  const names = cols.map(([c], i) => tx`${i ? tx`,` : tx``} ${tx(c)}`);
  const values = cols.map(([, v], i) => tx`${i ? tx`,` : tx``} ${v}`);
  let id: string;
  try {
    [{ id }] = (await tx<{ id: string }[]>`
      insert into catalogue_entries (${names}, status, published_at, archived_at, created_by, updated_by)
      values (${values}, ${status},
              ${status === 'published' ? tx`clock_timestamp()` : tx`null`}, ${status === 'archived' ? tx`clock_timestamp()` : tx`null`},
              ${actor.userId}::uuid, ${actor.userId}::uuid)
      returning id`) as unknown as [{ id: string }];
  } catch (err) {
    rethrowTyped(err);
  }
  const row = await reread(tx, id);
  await audit.append(tx, { ...auditActor(actor), entityType: AUDIT, entityId: id, action: 'catalogue.created', after: { ...fieldsOf(row), status } });
  return row;
}

async function applyPatch(tx: Tx, cur: CatalogueEntryRow, patch: CatalogueEntryPatch, actor: CatalogueActor, action: string): Promise<{ row: CatalogueEntryRow; changes: EntryChanges }> {
  const changes = entryChanges(cur, patch);
  const keys = Object.keys(changes) as (keyof CatalogueEntryFields)[];
  if (keys.length === 0) return { row: cur, changes };
  const only = Object.fromEntries(keys.map((k) => [k, patch[k]])) as CatalogueEntryPatch;
  const sets = entryColumns(tx, only).map(([c, v], i) => tx`${i ? tx`,` : tx``} ${tx(c)} = ${v}`);
  try {
    await tx`
      update catalogue_entries set ${sets}, version = version + 1, updated_at = clock_timestamp(), updated_by = ${actor.userId}::uuid
      where id = ${cur.id}`;
  } catch (err) {
    rethrowTyped(err);
  }
  await audit.append(tx, {
    ...auditActor(actor), entityType: AUDIT, entityId: cur.id, action,
    before: Object.fromEntries(keys.map((k) => [k, changes[k]!.from])),
    after: Object.fromEntries(keys.map((k) => [k, changes[k]!.to])),
  });
  return { row: await reread(tx, cur.id), changes };
}

/** Sort keys of the keyset pages: (key, id). */
function keyOf(sort: CatalogueSort, r: { code: string; updatedUs?: string; id: string }): string {
  return Buffer.from(JSON.stringify(sort === 'code' ? [r.code] : [r.updatedUs, r.id]), 'utf8').toString('base64url');
}
function positionOf(cursor: string, sort: CatalogueSort): string[] {
  try {
    if (cursor.length > 200) throw new Error('long');
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const ok = Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length === (sort === 'code' ? 1 : 2)
      && (sort === 'code' || (/^-?\d{1,17}$/.test(v[0] as string) && isUuid(v[1] as string)));
    if (!ok) throw new Error('shape');
    return v as string[];
  } catch {
    throw new InvalidCursorError();
  }
}

const any = (db: Db, column: string, values: readonly string[] | undefined) =>
  values && values.length > 0 ? db`and ${db(column)} = any(${textArrayLiteral(values)}::text[])` : db``;

/** Escapes LIKE wildcards so that the words match literally. */
// ---------------------------------------------------------------------------------------------------------

/** The catalogue's entries: writes are audited in their own transaction (a savepoint inside the caller's). */
export const catalogue = {
  /** The entry with this id (any status), or null. */
  async getById(db: Db, id: string): Promise<CatalogueEntryRow | null> {
    if (!isUuid(id)) return null;
    return await readOne(db, (d) => d`e.id = ${id}`);
  },

  /** The entry with this resource code (as stored: upper case), or null. */
  async getByCode(db: Db, code: string): Promise<CatalogueEntryRow | null> {
    return await readOne(db, (d) => d`e.code = ${code}`);
  },

  /** The entries with these codes (imports compare a file with what is stored), by code. */
  async getByCodes(db: Db, codes: readonly string[]): Promise<Map<string, CatalogueEntryRow>> {
    if (codes.length === 0) return new Map();
    const rows = await db<RawEntry[]>`${ENTRY_SELECT(db)} where e.code = any(${textArrayLiteral(codes)}::text[])`;
    return new Map(rows.map((r) => [r.code, toEntryRow(r)]));
  },

  /** Locks the entry row until the transaction ends and returns it; null if missing. */
  async lockById(tx: Tx, id: string): Promise<CatalogueEntryRow | null> {
    if (!isUuid(id)) return null;
    return await readOne(tx, (d) => d`e.id = ${id}`, true);
  },

  /**
   * Adds an entry (a draft unless `status` says otherwise), audited as catalogue.created. A taken code throws
   * `UniqueViolation` (CONSTRAINTS.catalogueEntriesCode); an unknown agency a foreign-key error (check it first).
   */
  async create(db: Db, f: CatalogueEntryFields, actor: CatalogueActor, opts: { status?: CatalogueStatus } = {}): Promise<CatalogueEntryRow> {
    return await withTransaction(db, (tx) => insertEntry(tx, f, actor, opts.status ?? 'draft'));
  },

  /**
   * Changes an entry's fields (any status; the caller asks packages/domain what may change), at `expectedVersion`
   * when given; audited as catalogue.edited with each changed field's before and after. Nothing changes (no
   * version bump, no record) when every value is as stored.
   */
  async update(
    db: Db,
    id: string,
    patch: CatalogueEntryPatch,
    actor: CatalogueActor,
    opts: { expectedVersion?: number } = {},
  ): Promise<CatalogueWriteResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    return await withTransaction(db, async (tx) => {
      const cur = await catalogue.lockById(tx, id);
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (opts.expectedVersion !== undefined && cur.version !== opts.expectedVersion) {
        return { ok: false, reason: 'version_conflict', version: cur.version } as const;
      }
      return { ok: true, ...(await applyPatch(tx, cur, patch, actor, 'catalogue.edited')) } as const;
    });
  },

  /**
   * Creates the entry of `f.code`, or brings the stored one to `f` (imports): audited as catalogue.created or
   * catalogue.imported with what changed; an entry already as given is left alone. `status` applies to created
   * entries only (the lifecycle of an existing entry is changed by `transition`).
   */
  async upsertByCode(db: Db, f: CatalogueEntryFields, actor: CatalogueActor, opts: { status?: CatalogueStatus } = {}): Promise<CatalogueUpsertResult> {
    return await withTransaction(db, async (tx) => {
      const cur = await readOne(tx, (d) => d`e.code = ${f.code}`, true);
      if (!cur) {
        const row = await insertEntry(tx, f, actor, opts.status ?? 'draft');
        return { row, outcome: 'created', changes: {} } as const;
      }
      const r = await applyPatch(tx, cur, f, actor, 'catalogue.imported');
      return { ...r, outcome: Object.keys(r.changes).length > 0 ? 'updated' : 'unchanged' } as const;
    });
  },

  /**
   * A step of the lifecycle (packages/domain CATALOGUE_STEPS) under the row lock: publish stamps the first
   * publication, archive the archiving. Audited as catalogue.published / catalogue.unpublished / catalogue.archived.
   */
  async transition(db: Db, id: string, step: CatalogueStep, actor: CatalogueActor, opts: { reason?: string | null } = {}): Promise<CatalogueWriteResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    const { from, to } = CATALOGUE_STEPS[step];
    return await withTransaction(db, async (tx) => {
      const cur = await catalogue.lockById(tx, id);
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (!(from as readonly string[]).includes(cur.status)) return { ok: false, reason: 'invalid_transition', status: cur.status } as const;
      await tx`
        update catalogue_entries set status = ${to}, version = version + 1, updated_at = clock_timestamp(),
          updated_by = ${actor.userId}::uuid,
          published_at = ${step === 'publish' ? tx`coalesce(published_at, clock_timestamp())` : tx`published_at`},
          archived_at = ${step === 'archive' ? tx`clock_timestamp()` : tx`archived_at`}
        where id = ${id}`;
      const action = { publish: 'catalogue.published', unpublish: 'catalogue.unpublished', archive: 'catalogue.archived' }[step];
      await audit.append(tx, {
        ...auditActor(actor), entityType: AUDIT, entityId: id, action,
        before: { status: cur.status }, after: { status: to, ...(opts.reason ? { reason: opts.reason } : {}) },
      });
      return { ok: true, row: await reread(tx, id), changes: { status: { from: cur.status, to } } } as const;
    });
  },

  /**
   * Moves the annotation status as packages/domain `moveAnnotationStatus` allows for `by`, under the row lock;
   * audited as catalogue.annotation_status (with the order whose award moved it, or the secretariat's note).
   */
  async setAnnotationStatus(
    db: Db,
    id: string,
    to: AnnotationStatus,
    by: AnnotationMover,
    actor: CatalogueActor,
    opts: { orderId?: string; note?: string | null } = {},
  ): Promise<CatalogueWriteResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    return await withTransaction(db, async (tx) => {
      const cur = await catalogue.lockById(tx, id);
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (!moveAnnotationStatus(cur.annotationStatus, to, by).ok) {
        return { ok: false, reason: 'invalid_transition', status: cur.annotationStatus } as const;
      }
      await tx`
        update catalogue_entries set annotation_status = ${to}, version = version + 1, updated_at = clock_timestamp(),
          updated_by = coalesce(${actor.userId}::uuid, updated_by)
        where id = ${id}`;
      await audit.append(tx, {
        ...auditActor(actor), entityType: AUDIT, entityId: id, action: 'catalogue.annotation_status',
        before: { annotationStatus: cur.annotationStatus },
        after: { annotationStatus: to, by, ...(opts.orderId ? { orderId: opts.orderId } : {}), ...(opts.note ? { note: opts.note } : {}) },
      });
      return { ok: true, row: await reread(tx, id), changes: { annotationStatus: { from: cur.annotationStatus, to } } } as const;
    });
  },

  /** One page of entries matching the filters, last changed first (default) or by code; `nextCursor` null on the last page. */
  async list(
    db: Db,
    filters: CatalogueFilters = {},
    opts: { sort?: CatalogueSort; cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: CatalogueEntryRow[]; nextCursor: string | null }> {
    const sort = opts.sort ?? 'updated';
    const n = Math.min(Math.max(Math.trunc(opts.limit ?? 20), 1), 100);
    const at = opts.cursor ? positionOf(opts.cursor, sort) : null;
    const agencyIds = filters.agencyId?.filter(isUuid);
    if (filters.agencyId && filters.agencyId.length > 0 && agencyIds?.length === 0) return { items: [], nextCursor: null };
    const q = filters.q?.trim();
    const like = q ? likePattern(q) : null;
    const rows = await db<(RawEntry & { updatedUs: string })[]>`
      select x.* from (
        select e.*, a.name as agency_name, a.short_name as agency_short_name, a.name_en as agency_name_en, a.kind as agency_kind,
               (extract(epoch from e.updated_at) * 1000000)::bigint::text as updated_us
        from catalogue_entries e join agencies a on a.id = e.agency_id
        where true
          ${any(db, 'e.status', filters.status)} ${any(db, 'e.sector', filters.sector)} ${any(db, 'e.modality', filters.modality)}
          ${any(db, 'e.open_type', filters.openType)} ${any(db, 'e.data_level', filters.dataLevel)}
          ${any(db, 'e.annotation_status', filters.annotationStatus)} ${any(db, 'e.county', filters.county)}
          ${filters.withoutHidden ? notHidden(db, 'catalogue_entry', db`e.id`) : db``}
          ${agencyIds && agencyIds.length > 0 ? db`and e.agency_id = any(${textArrayLiteral(agencyIds)}::uuid[])` : db``}
          ${like
            ? db`and (e.code ilike ${like} or e.title ilike ${like} or e.summary ilike ${like} or a.name ilike ${like}
                      or coalesce(a.short_name, '') ilike ${like} or array_to_string(e.tags, ' ') ilike ${like})`
            : db``}
      ) x
      where true
        ${at && sort === 'code' ? db`and x.code > ${at[0]!}` : db``}
        ${at && sort === 'updated'
          ? db`and (x.updated_at, x.id) < ('epoch'::timestamptz + ${at[0]!}::bigint * interval '1 microsecond', ${at[1]!}::uuid)`
          : db``}
      order by ${sort === 'code' ? db`x.code asc` : db`x.updated_at desc, x.id desc`}
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ updatedUs: _, ...r }) => toEntryRow(r)),
      nextCursor: rows.length > n && last ? keyOf(sort, last) : null,
    };
  },

  /** The codes that start with `prefix` (the editor proposes the next free one). */
  async codesStartingWith(db: Db, prefix: string): Promise<string[]> {
    const rows = await db<{ code: string }[]>`
      select code from catalogue_entries where code like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} order by code`;
    return rows.map((r) => r.code);
  },

  /** The orders started from the entry (any status: the caller shows what its viewer may see), newest first. */
  async orders(db: Db, entryId: string, limit = 200): Promise<OrderWithBuyerRow[]> {
    if (!isUuid(entryId)) return [];
    return await db<OrderWithBuyerRow[]>`
      select o.*, b.name as buyer_name from orders o join organisations b on b.id = o.buyer_org_id
      where o.catalogue_entry_id = ${entryId}
      order by o.created_at desc, o.id desc
      limit ${Math.max(1, Math.trunc(limit))}`;
  },

  /** The entry's last annotation move, from its audit log (null: none recorded). */
  async lastAnnotationMove(db: Db, entryId: string): Promise<AnnotationMove | null> {
    if (!isUuid(entryId)) return null;
    const [row] = await db<{ before: { annotationStatus: AnnotationStatus }; after: { annotationStatus: AnnotationStatus; by: AnnotationMover; orderId?: string } }[]>`
      select before, after from audit_log
      where entity_type = ${AUDIT} and entity_id = ${entryId} and action = 'catalogue.annotation_status'
      order by id desc limit 1`;
    if (!row) return null;
    return { from: row.before.annotationStatus, to: row.after.annotationStatus, by: row.after.by, orderId: row.after.orderId ?? null };
  },

  /** How many orders from the entry, other than `exceptOrderId`, are awarded, in progress or completed. */
  async ordersAtWork(db: Db, entryId: string, exceptOrderId: string): Promise<number> {
    if (!isUuid(entryId)) return 0;
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from orders
      where catalogue_entry_id = ${entryId} and id <> ${exceptOrderId} and status in ('awarded', 'in_progress', 'completed')`;
    return row?.n ?? 0;
  },

  /** How many orders each entry has had started from it (any status). */
  async orderCounts(db: Db, entryIds: readonly string[]): Promise<Map<string, number>> {
    const ids = entryIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await db<{ id: string; n: number }[]>`
      select catalogue_entry_id::text as id, count(*)::int as n from orders
      where catalogue_entry_id = any(${textArrayLiteral(ids)}::uuid[]) group by catalogue_entry_id`;
    return new Map(rows.map((r) => [r.id, r.n]));
  },
};
