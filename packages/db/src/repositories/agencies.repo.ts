import type { AgencyKind } from '@annex/domain';
import { type Db, withTransaction } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { audit } from './audit.repo.ts';

/** Who makes a change of the catalogue (recorded in the audit log); `userId` null for the platform itself. */
export type CatalogueActor = { userId: string | null; orgId: string | null; requestId?: string | null };

/** A data-holding agency (the managed list the catalogue's entries point at). */
export type AgencyRow = {
  id: string;
  name: string;
  shortName: string | null;
  nameEn: string | null;
  kind: AgencyKind;
  county: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The fields of an agency. */
export type AgencyFields = { name: string; shortName: string | null; nameEn: string | null; kind: AgencyKind; county: string | null };

/** Result of an agency write. */
export type AgencyWriteResult = { ok: true; row: AgencyRow } | { ok: false; reason: 'not_found' };

const COLUMNS: Record<keyof AgencyFields, string> = {
  name: 'name', shortName: 'short_name', nameEn: 'name_en', kind: 'kind', county: 'county',
};

/** The agencies that hold public data. Names and short names are unique (`UniqueViolation` agencies_name_key / agencies_short_name_key). */
export const agencies = {
  /** Every agency, by name. */
  async list(db: Db): Promise<AgencyRow[]> {
    return await db<AgencyRow[]>`select * from agencies order by name`;
  },

  /** The agency with this id, or null. */
  async getById(db: Db, id: string): Promise<AgencyRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<AgencyRow[]>`select * from agencies where id = ${id}`;
    return row ?? null;
  },

  /** The agency whose full or short name is `text` (trimmed), or null: how imports name an agency. */
  async findByName(db: Db, text: string): Promise<AgencyRow | null> {
    const t = text.trim();
    if (!t) return null;
    const [row] = await db<AgencyRow[]>`
      select * from agencies where name = ${t} or short_name = ${t} order by (name = ${t}) desc limit 1`;
    return row ?? null;
  },

  /** Adds an agency (audited). */
  async create(db: Db, f: AgencyFields, actor: CatalogueActor): Promise<AgencyRow> {
    return await withTransaction(db, async (tx) => {
      let row: AgencyRow;
      try {
        [row] = (await tx<AgencyRow[]>`
          insert into agencies (name, short_name, name_en, kind, county)
          values (${f.name}, ${f.shortName}, ${f.nameEn}, ${f.kind}, ${f.county})
          returning *`) as unknown as [AgencyRow];
      } catch (err) {
        rethrowTyped(err);
      }
      await audit.append(tx, { ...auditActor(actor), entityType: 'agency', entityId: row.id, action: 'agency.created', after: f });
      return row;
    });
  },

  /** Changes an agency's fields (audited with what changed); its published entries are re-indexed by trigger. */
  async update(db: Db, id: string, patch: Partial<AgencyFields>, actor: CatalogueActor): Promise<AgencyWriteResult> {
    if (!isUuid(id)) return { ok: false, reason: 'not_found' };
    return await withTransaction(db, async (tx) => {
      const [cur] = await tx<AgencyRow[]>`select * from agencies where id = ${id} for update`;
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      const keys = (Object.keys(COLUMNS) as (keyof AgencyFields)[]).filter((k) => patch[k] !== undefined && patch[k] !== cur[k]);
      if (keys.length === 0) return { ok: true, row: cur } as const;
      const sets = keys.map((k, i) => tx`${i ? tx`,` : tx``} ${tx(COLUMNS[k])} = ${patch[k] ?? null}`);
      let row: AgencyRow;
      try {
        [row] = (await tx<AgencyRow[]>`
          update agencies set ${sets}, updated_at = clock_timestamp() where id = ${id} returning *`) as unknown as [AgencyRow];
      } catch (err) {
        rethrowTyped(err);
      }
      await audit.append(tx, {
        ...auditActor(actor), entityType: 'agency', entityId: id, action: 'agency.edited',
        before: Object.fromEntries(keys.map((k) => [k, cur[k]])), after: Object.fromEntries(keys.map((k) => [k, row[k]])),
      });
      return { ok: true, row } as const;
    });
  },
};

/** The audit record's actor fields of a catalogue actor. */
export const auditActor = (a: CatalogueActor) => ({ actorUserId: a.userId, actorOrgId: a.orgId, requestId: a.requestId ?? null });
