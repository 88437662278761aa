import type { MaterialSpec, PolicyCategory, PolicyCondition, ServiceStatus } from '@annex/domain';
import { type Db, withTransaction } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { notHidden } from './curation-sql.ts';

/** Where a service's rules come from: a document, its title and the article. */
export type PolicyBasis = { documentNumber: string; title: string; article: string; excerpt: string | null };
/** A question a firm often asks, with its answer. */
export type FaqItem = { question: string; answer: string };

/** What a version of a service says (the 办事指南). */
export type ServiceVersionFields = {
  name: string;
  category: PolicyCategory;
  summary: string;
  policyBasis: PolicyBasis[];
  agencies: string[];
  applicants: string;
  conditions: PolicyCondition[];
  freeConditions: string[];
  materials: MaterialSpec[];
  steps: string[];
  timeLimitDays: number | null;
  fee: string;
  contact: string;
  faq: FaqItem[];
};

/** One stored version of a service. */
export type ServiceVersionRow = ServiceVersionFields & {
  serviceId: string;
  version: number;
  effectiveFrom: string;
  createdBy: string | null;
  createdAt: Date;
};

/** A service with its current version. */
export type ServiceRow = {
  id: string;
  code: string;
  status: ServiceStatus;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  current: ServiceVersionRow;
};

type Joined = Omit<ServiceRow, 'current'> & { v: ServiceVersionRow };

// jsonb columns come back as they were written (no camelCasing inside), timestamps inside as ISO strings
const VERSION_JSON = (db: Db) => db`
  jsonb_build_object(
    'serviceId', v.service_id, 'version', v.version, 'name', v.name, 'category', v.category, 'summary', v.summary,
    'policyBasis', v.policy_basis, 'agencies', to_jsonb(v.agencies), 'applicants', v.applicants, 'conditions', v.conditions,
    'freeConditions', to_jsonb(v.free_conditions), 'materials', v.materials, 'steps', to_jsonb(v.steps),
    'timeLimitDays', v.time_limit_days, 'fee', v.fee, 'contact', v.contact, 'faq', v.faq,
    'effectiveFrom', v.effective_from::text, 'createdBy', v.created_by, 'createdAt', v.created_at
  ) as v`;

const toVersion = (v: ServiceVersionRow): ServiceVersionRow => ({ ...v, createdAt: new Date(v.createdAt) });
const toRow = ({ v, cursorUs: _, ...s }: Joined & { cursorUs?: string }): ServiceRow => ({ ...s, current: toVersion(v) });

const selectServices = (db: Db) => db`
  select s.id, s.code, s.status, s.current_version, s.created_at, s.updated_at, s.published_at, ${VERSION_JSON(db)},
         (extract(epoch from s.created_at) * 1000000)::bigint::text as cursor_us
  from policy_services s
  join policy_service_versions v on v.service_id = s.id and v.version = s.current_version`;

const VERSION_COLUMNS = (db: Db) => db`
  name, category, summary, policy_basis, agencies, applicants, conditions, free_conditions, materials, steps, time_limit_days, fee, contact,
  faq, effective_from`;

// explicit casts: an empty array or a jsonb value must not be left for the server to guess
function versionValues(db: Db, f: ServiceVersionFields, effectiveFrom: string) {
  const json = (v: unknown) => db`${db.json(JSON.parse(JSON.stringify(v)) as never)}::jsonb`;
  return db`
    ${f.name}::text, ${f.category}::text, ${f.summary}::text, ${json(f.policyBasis)}, ${db.array([...f.agencies])}::text[],
    ${f.applicants}::text, ${json(f.conditions)}, ${db.array([...f.freeConditions])}::text[], ${json(f.materials)},
    ${db.array([...f.steps])}::text[], ${f.timeLimitDays}::integer, ${f.fee}::text, ${f.contact}::text, ${json(f.faq)},
    ${effectiveFrom}::date`;
}

/** A template file the secretariat offers with a service (a form a material is filled in on). */
export type ServiceFileRow = {
  id: string;
  serviceId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};

/** Filters of the service list. */
export type ServiceListFilters = {
  statuses: readonly ServiceStatus[]; category?: PolicyCategory; agency?: string;
  /** leave out the services the secretariat hides (the public's lists) */
  withoutHidden?: boolean;
};

/** Policy services (办事指南) and their versions. */
export const policyServices = {
  /** Creates a draft service with its first version; UniqueViolation('policy_services_code_key') for a taken code. */
  async create(db: Db, s: { code: string; fields: ServiceVersionFields; effectiveFrom: string; createdBy: string | null }): Promise<ServiceRow> {
    try {
      return await withTransaction(db, async (tx) => {
        const [created] = await tx<{ id: string }[]>`insert into policy_services (code) values (${s.code}) returning id`;
        const id = (created as { id: string }).id;
        await tx`
          insert into policy_service_versions (service_id, version, created_by, ${VERSION_COLUMNS(tx)})
          values (${id}, 1, ${s.createdBy}, ${versionValues(tx, s.fields, s.effectiveFrom)})`;
        return (await policyServices.get(tx, id)) as ServiceRow;
      });
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** A service with its current version, or null. */
  async get(db: Db, id: string): Promise<ServiceRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<Joined[]>`${selectServices(db)} where s.id = ${id}`;
    return row ? toRow(row) : null;
  },

  /** A service by its code, or null. */
  async getByCode(db: Db, code: string): Promise<ServiceRow | null> {
    const [row] = await db<Joined[]>`${selectServices(db)} where s.code = ${code}`;
    return row ? toRow(row) : null;
  },

  /** One version of a service, or null. */
  async getVersion(db: Db, id: string, version: number): Promise<ServiceVersionRow | null> {
    if (!isUuid(id) || !Number.isSafeInteger(version)) return null;
    const [row] = await db<{ v: ServiceVersionRow }[]>`select ${VERSION_JSON(db)} from policy_service_versions v where v.service_id = ${id} and v.version = ${version}`;
    return row ? toVersion(row.v) : null;
  },

  /** Every version of a service, newest first. */
  async listVersions(db: Db, id: string): Promise<ServiceVersionRow[]> {
    if (!isUuid(id)) return [];
    const rows = await db<{ v: ServiceVersionRow }[]>`
      select ${VERSION_JSON(db)} from policy_service_versions v where v.service_id = ${id} order by v.version desc`;
    return rows.map((r) => toVersion(r.v));
  },

  /** One page of services in the given statuses, oldest first; `nextCursor` null on the last page. */
  async list(db: Db, f: ServiceListFilters, cursor?: string | null, limit?: number): Promise<{ items: ServiceRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(Joined & { cursorUs: string })[]>`
      ${selectServices(db)}
      where s.status = any(${db.array(f.statuses as ServiceStatus[])}::text[])
        ${f.category ? db`and v.category = ${f.category}` : db``}
        ${f.agency ? db`and ${f.agency} = any(v.agencies)` : db``}
        ${f.withoutHidden ? notHidden(db, 'policy_service', db`s.id`) : db``}
        ${after
          ? db`and (s.created_at, s.id) > ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by s.created_at, s.id
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page.map(toRow), nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null };
  },

  /** Every published service with its current version (eligibility looks at all of them at once). */
  async listPublished(db: Db): Promise<ServiceRow[]> {
    const rows = await db<Joined[]>`${selectServices(db)} where s.status = 'published' order by v.category, v.name, s.id`;
    return rows.map(toRow);
  },

  /** Changes the one version of a draft in place; null unless the service is still a draft. */
  async updateDraft(db: Db, id: string, fields: ServiceVersionFields, effectiveFrom: string): Promise<ServiceRow | null> {
    if (!isUuid(id)) return null;
    const res = await db`
      update policy_service_versions v set (${VERSION_COLUMNS(db)}) = (${versionValues(db, fields, effectiveFrom)})
      from policy_services s
      where s.id = ${id} and s.status = 'draft' and v.service_id = s.id and v.version = s.current_version`;
    if (res.count === 0) return null;
    await db`update policy_services set updated_at = now() where id = ${id}`;
    return policyServices.get(db, id);
  },

  /**
   * Adds a version after `expectedVersion` and makes it current (a published service's edit). Null when the
   * service is not published or another edit came first (its current version moved).
   */
  async addVersion(
    db: Db, id: string, expectedVersion: number, fields: ServiceVersionFields, effectiveFrom: string, createdBy: string | null,
  ): Promise<ServiceRow | null> {
    if (!isUuid(id)) return null;
    return await withTransaction(db, async (tx) => {
      const [moved] = await tx<{ id: string }[]>`
        update policy_services set current_version = current_version + 1, updated_at = now()
        where id = ${id} and status = 'published' and current_version = ${expectedVersion}
        returning id`;
      if (!moved) return null;
      await tx`
        insert into policy_service_versions (service_id, version, created_by, ${VERSION_COLUMNS(tx)})
        values (${id}, ${expectedVersion + 1}, ${createdBy}, ${versionValues(tx, fields, effectiveFrom)})`;
      return policyServices.get(tx, id);
    });
  },

  /** Moves a service from one of `from` to `to` (publish, archive); null when its status was not one of `from`. */
  async setStatus(db: Db, id: string, from: readonly ServiceStatus[], to: ServiceStatus): Promise<ServiceRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<{ id: string }[]>`
      update policy_services set status = ${to}, updated_at = now(),
        published_at = ${to === 'published' ? db`coalesce(published_at, now())` : db`published_at`}
      where id = ${id} and status = any(${db.array(from as ServiceStatus[])}::text[])
      returning id`;
    return row ? policyServices.get(db, id) : null;
  },

  /** Records a template file of a service. */
  async addTemplate(db: Db, f: Omit<ServiceFileRow, 'id' | 'createdAt'>): Promise<ServiceFileRow> {
    try {
      const [row] = await db<ServiceFileRow[]>`
        insert into policy_service_files (service_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
        values (${f.serviceId}, ${f.fileName}, ${f.contentType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.uploadedBy})
        returning *`;
      return row as ServiceFileRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** How many templates a service has and their total size (for upload limits). */
  async templateUsage(db: Db, serviceId: string): Promise<{ count: number; bytes: number }> {
    if (!isUuid(serviceId)) return { count: 0, bytes: 0 };
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes from policy_service_files where service_id = ${serviceId}`;
    return row ?? { count: 0, bytes: 0 };
  },

  /** One template file of a service, or null (also when it belongs to another service). */
  async getTemplate(db: Db, serviceId: string, fileId: string): Promise<ServiceFileRow | null> {
    if (!isUuid(serviceId) || !isUuid(fileId)) return null;
    const [row] = await db<ServiceFileRow[]>`select * from policy_service_files where id = ${fileId} and service_id = ${serviceId}`;
    return row ?? null;
  },

  /** The agencies named by published services, for the list's filter. */
  async agencies(db: Db): Promise<string[]> {
    const rows = await db<{ agency: string }[]>`
      select distinct unnest(v.agencies) as agency
      from policy_services s join policy_service_versions v on v.service_id = s.id and v.version = s.current_version
      where s.status = 'published' order by 1`;
    return rows.map((r) => r.agency);
  },
};
