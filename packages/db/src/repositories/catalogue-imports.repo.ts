import type { CatalogueStatus, CatalogueStep } from '@annex/domain';
import { type Db, type Tx, withTransaction } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { type CatalogueActor, auditActor } from './agencies.repo.ts';
import { type CatalogueEntryFields, entryChanges, entryColumns } from './catalogue-sql.ts';
import { catalogue } from './catalogue.repo.ts';

// Catalogue imports (migration 0010): a checked file's valid rows kept between preview and confirmation, and the
// confirmation that applies them to the catalogue in one transaction.

/** What a confirmed import would do to a row. */
export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** A valid row of an import, as previewed. */
export type ImportRow = {
  row: number;
  code: string;
  title: string;
  outcome: ImportOutcome;
  /** every field (defaults filled in): what a new entry gets */
  fields: CatalogueEntryFields;
  /** the fields the file gave: what an existing entry takes (it keeps the others) */
  given: (keyof CatalogueEntryFields)[];
  /** the publication status asked for, or null to keep (a new entry is a draft) */
  status: CatalogueStatus | null;
};

/** Counts of an import's rows. */
export type ImportCountsRow = { rows: number; valid: number; invalid: number; created: number; updated: number; unchanged: number };

/** A problem of an import. */
export type ImportProblemRow = { row: number; column: string | null; code: string; zh: string; en: string };

/** A stored import. */
export type CatalogueImportRow = {
  id: string;
  createdBy: string | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
  sha256: string;
  counts: ImportCountsRow;
  problems: ImportProblemRow[];
  rows: ImportRow[];
  createdAt: Date;
  expiresAt: Date;
  confirmedAt: Date | null;
  confirmedMode: 'all' | 'valid_only' | null;
  result: { created: number; updated: number; unchanged: number; skipped: number } | null;
};

/** Why a confirmation did not happen. */
export type ImportConfirmFailure = { ok: false; reason: 'not_found' | 'expired' | 'already_confirmed' | 'has_problems' };

/** Result of `confirm`. */
export type ImportConfirmResult = { ok: true; row: CatalogueImportRow } | ImportConfirmFailure;

/** The step of the lifecycle that takes an entry to `to` (every status is one step from the others). */
const STEP_TO: Record<CatalogueStatus, CatalogueStep> = { published: 'publish', draft: 'unpublish', archived: 'archive' };

const pick = (f: CatalogueEntryFields, keys: readonly (keyof CatalogueEntryFields)[]) =>
  Object.fromEntries(keys.map((k) => [k, f[k]])) as Partial<CatalogueEntryFields>;

/** What applying `r` to the catalogue as it is would do (the preview's outcome). */
export function importOutcome(
  r: Pick<ImportRow, 'fields' | 'given' | 'status'>,
  stored: Parameters<typeof entryChanges>[0] | undefined,
): ImportOutcome {
  if (!stored) return 'created';
  const changed = Object.keys(entryChanges(stored, pick(r.fields, r.given))).length > 0;
  return changed || (r.status !== null && r.status !== stored.status) ? 'updated' : 'unchanged';
}

// rows per multi-row statement: ~30 parameters each, far below the protocol's 65,535
const CHUNK = 500;

/** Adds new entries many rows to a statement, each audited as catalogue.created (as `catalogue.create` does one by one). */
async function insertEntries(tx: Tx, rows: readonly ImportRow[], actor: CatalogueActor): Promise<void> {
  const a = auditActor(actor);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const names = entryColumns(tx, chunk[0]!.fields).map(([c], k) => tx`${k ? tx`,` : tx``} ${tx(c)}`);
    const values = chunk.map((r, j) => {
      const status = r.status ?? 'draft';
      const cols = entryColumns(tx, r.fields).map(([, v], k) => tx`${k ? tx`,` : tx``} ${v}`);
      return tx`${j ? tx`,` : tx``} (${cols}, ${status},
        ${status === 'published' ? tx`clock_timestamp()` : tx`null`}, ${status === 'archived' ? tx`clock_timestamp()` : tx`null`},
        ${actor.userId}::uuid, ${actor.userId}::uuid)`;
    });
    let ids: { id: string; code: string }[] = [];
    try {
      ids = await tx<{ id: string; code: string }[]>`
        insert into catalogue_entries (${names}, status, published_at, archived_at, created_by, updated_by)
        values ${values}
        returning id, code`;
    } catch (err) {
      rethrowTyped(err);
    }
    const idOf = new Map(ids.map((x) => [x.code, x.id]));
    const audits = chunk.map((r, j) => {
      const after = JSON.parse(JSON.stringify({ ...r.fields, status: r.status ?? 'draft' }));
      return tx`${j ? tx`,` : tx``} (${a.actorUserId ?? null}, ${a.actorOrgId ?? null}, 'catalogue_entry', ${idOf.get(r.code)!},
        'catalogue.created', ${tx.json(after)}, ${a.requestId ?? null})`;
    });
    await tx`insert into audit_log (actor_user_id, actor_org_id, entity_type, entity_id, action, after, request_id) values ${audits}`;
  }
}

/** The catalogue's pending and confirmed imports. */
export const catalogueImports = {
  /** Stores a checked file (and deletes previews that expired unconfirmed). */
  async create(
    db: Db,
    f: Omit<CatalogueImportRow, 'id' | 'createdAt' | 'confirmedAt' | 'confirmedMode' | 'result'>,
  ): Promise<CatalogueImportRow> {
    await db`delete from catalogue_imports where confirmed_at is null and expires_at < clock_timestamp()`;
    const [row] = await db<CatalogueImportRow[]>`
      insert into catalogue_imports (created_by, file_name, format, encoding, sha256, counts, problems, rows, expires_at)
      values (${f.createdBy}::uuid, ${f.fileName}, ${f.format}, ${f.encoding}, ${f.sha256}, ${db.json(f.counts as never)},
              ${db.json(f.problems as never)}, ${db.json(f.rows as never)}, ${f.expiresAt})
      returning *`;
    return row!;
  },

  /** The import with this id, or null. */
  async get(db: Db, id: string): Promise<CatalogueImportRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<CatalogueImportRow[]>`select * from catalogue_imports where id = ${id}`;
    return row ?? null;
  },

  /**
   * Applies an import to the catalogue in one transaction (all or nothing), upserting by resource code: new entries
   * many to a statement (each audited as catalogue.created); an existing entry takes the fields the file gave (audited
   * as catalogue.imported) and the publication status asked for; one already as given is left alone; then the import is marked confirmed (`onProgress` hears of each row). Under the import's row lock: a second
   * confirmation, an expired preview, or mode `all` with problems is refused.
   */
  async confirm(
    db: Db,
    id: string,
    mode: 'all' | 'valid_only',
    actor: CatalogueActor,
    now: Date,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportConfirmResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    return await withTransaction(db, async (tx) => {
      const [imp] = await tx<CatalogueImportRow[]>`select * from catalogue_imports where id = ${id} for update`;
      if (!imp) return { ok: false, reason: 'not_found' } as const;
      if (imp.confirmedAt) return { ok: false, reason: 'already_confirmed' } as const;
      if (imp.expiresAt <= now) return { ok: false, reason: 'expired' } as const;
      if (mode === 'all' && imp.counts.invalid > 0) return { ok: false, reason: 'has_problems' } as const;
      const result = { created: 0, updated: 0, unchanged: 0, skipped: imp.counts.invalid };
      const stored = new Map<string, Awaited<ReturnType<typeof catalogue.getByCode>> & {}>();
      for (let i = 0; i < imp.rows.length; i += CHUNK) {
        for (const [k, v] of await catalogue.getByCodes(tx, imp.rows.slice(i, i + CHUNK).map((r) => r.code))) stored.set(k, v);
      }
      const report = () => onProgress?.(result.created + result.updated + result.unchanged, imp.rows.length);
      const fresh = imp.rows.filter((r) => !stored.has(r.code));
      for (let i = 0; i < fresh.length; i += CHUNK) {
        await insertEntries(tx, fresh.slice(i, i + CHUNK), actor);
        result.created += Math.min(CHUNK, fresh.length - i);
        report();
      }
      for (const r of imp.rows) {
        const cur = stored.get(r.code);
        if (!cur) continue;
        // a row already as stored is not touched: no lock, no version, no audit record, no outbox row
        if (importOutcome(r, cur) === 'unchanged') {
          result.unchanged += 1;
          report();
          continue;
        }
        const up = await catalogue.upsertByCode(tx, pick(r.fields, r.given) as CatalogueEntryFields, actor);
        if (r.status && up.row.status !== r.status) await catalogue.transition(tx, up.row.id, STEP_TO[r.status], actor);
        result.updated += 1;
        report();
      }
      const [row] = await tx<CatalogueImportRow[]>`
        update catalogue_imports set confirmed_at = clock_timestamp(), confirmed_mode = ${mode}, result = ${tx.json(result)}
        where id = ${id} returning *`;
      return { ok: true, row: row! } as const;
    });
  },
};
