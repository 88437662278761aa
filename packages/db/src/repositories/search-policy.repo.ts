import type { Db } from '../client.ts';
import type { PolicyBasis } from './policy-services.repo.ts';
import { curationColumns } from './curation-sql.ts';
import { type Curated, type IdVersion, type Versioned, textArrayLiteral } from './search.repo.ts';

/** A policy service's current version as the search worker reads it (never its contact or materials). */
export type PolicyServiceSourceRow = {
  id: string;
  code: string;
  status: 'draft' | 'published' | 'archived';
  name: string;
  category: string;
  summary: string;
  policyBasis: PolicyBasis[];
  agencies: string[];
  applicants: string;
  freeConditions: string[];
  timeLimitDays: number | null;
  updatedAt: Date;
} & Curated;

const COLUMNS = (db: Db) => db`
  s.code, s.status, v.name, v.category, v.summary, v.policy_basis, v.agencies, v.applicants, v.free_conditions,
  v.time_limit_days, s.updated_at, ${curationColumns(db, 'policy_service', db`s.id`)}`;

type Row = PolicyServiceSourceRow & { version: number | null; present: boolean };
const split = (rows: readonly Row[]): Versioned<PolicyServiceSourceRow>[] =>
  rows.map(({ version, present, ...row }) => ({ id: row.id, version: version ?? 0, row: present ? row : null }));

/** Reads of published policy services for the search worker, reindex and search:check. */
export const policyServiceSource = {
  /** The services with these ids as they are now (any status; the mapper decides), each with its version. */
  async byIds(db: Db, ids: readonly string[]): Promise<Versioned<PolicyServiceSourceRow>[]> {
    const list = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (list.length === 0) return [];
    const rows = await db<Row[]>`
      select x.id::text as id, sv.version, s.id is not null as present, ${COLUMNS(db)}
      from unnest(${textArrayLiteral(list)}::uuid[]) as x(id)
      left join policy_services s on s.id = x.id
      left join policy_service_versions v on v.service_id = s.id and v.version = s.current_version
      left join search_versions sv on sv.aggregate_type = 'policy_service' and sv.aggregate_id = x.id::text`;
    return split(rows);
  },

  /** One page of published services in id order (reindex), with versions. */
  async page(db: Db, after: string | null, limit: number): Promise<Versioned<PolicyServiceSourceRow>[]> {
    const rows = await db<Row[]>`
      select s.id::text as id, sv.version, true as present, ${COLUMNS(db)}
      from policy_services s
      join policy_service_versions v on v.service_id = s.id and v.version = s.current_version
      left join search_versions sv on sv.aggregate_type = 'policy_service' and sv.aggregate_id = s.id::text
      where s.status = 'published' ${after ? db`and s.id > ${after}::uuid` : db``}
      order by s.id
      limit ${Math.max(1, Math.trunc(limit))}`;
    return split(rows);
  },

  /** How many services reindex will write. */
  async count(db: Db): Promise<number> {
    const [r] = await db<{ n: number }[]>`select count(*)::int as n from policy_services where status = 'published'`;
    return r?.n ?? 0;
  },

  /** Ids and versions of every service that should be in the index now. */
  async expected(db: Db): Promise<IdVersion[]> {
    return await db<IdVersion[]>`
      select s.id::text as id, coalesce(sv.version, 0) as version
      from policy_services s
      left join search_versions sv on sv.aggregate_type = 'policy_service' and sv.aggregate_id = s.id::text
      where s.status = 'published'`;
  },
};
