import type {
  AgencyKind, AnnotationStatus, CatalogueSector, CatalogueStatus, DataLevel, OpenType, RawVolumeUnit, SharingType, UpdateFrequency,
  BiddingMode, CapabilityProfile, Certification, Modality, OrderStatus, SecurityLevel, TaskType, VerificationStatus,
  WorkLocation,
} from '@annex/domain';
import type { Db, Sql } from '../client.ts';
import { PUBLISHED_ORDER_STATUSES, type VolumeUnit } from './orders.repo.ts';
import { curationColumns } from './curation-sql.ts';
import { policyServiceSource } from './search-policy.repo.ts';

// Reads for the search worker (packages/search). Columns are listed one by one: contact details, review and
// cancel reasons, sampling rules and anything else that must never reach an index are simply not selected.

/** The channel a search outbox row notifies when its transaction commits (migration 0028). */
export const SEARCH_NOTIFY_CHANNEL = 'search_outbox';

/** Aggregate types of search_versions / the outbox rows the triggers of migration 0003 write. */
export const SEARCH_AGGREGATES = {
  order: { topic: 'search.order', aggregateType: 'order' },
  vendor: { topic: 'search.vendor', aggregateType: 'organisation' },
  catalogue: { topic: 'search.catalogue', aggregateType: 'catalogue_entry' },
  policyService: { topic: 'search.policy_service', aggregateType: 'policy_service' },
} as const;
/** One of SEARCH_AGGREGATES' keys. */
export type SearchAggregate = keyof typeof SEARCH_AGGREGATES;

/** An order's fields that may be indexed, with its buyer's public name and county. */
export type OrderSourceRow = {
  id: string;
  buyerOrgId: string;
  buyerName: string;
  buyerCounty: string | null;
  title: string;
  description: string;
  modality: Modality;
  taskTypes: TaskType[];
  volumeQuantity: number | null;
  volumeUnit: VolumeUnit | null;
  unitPriceCeilingFen: number | null;
  budgetTotalFen: number | null;
  biddingMode: BiddingMode;
  questionsCloseAt: Date | null;
  bidDeadline: Date | null;
  deliveryDeadline: Date | null;
  accuracyTarget: number | null;
  securityLevel: SecurityLevel;
  containsPersonalInfo: boolean;
  workLocation: WorkLocation;
  requiredCertifications: Certification[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
  tags: string[];
  catalogueEntryId: string | null;
  status: OrderStatus;
  publishedAt: Date | null;
  updatedAt: Date;
} & Curated;

/** Whether the secretariat hides or features the listing (migration 0019). */
export type Curated = { hidden: boolean; featured: boolean };

/** A vendor's fields that may be indexed (never its contact person or phone). */
export type VendorSourceRow = {
  id: string;
  name: string;
  county: string | null;
  verificationStatus: VerificationStatus;
  verifiedUntil: Date | null;
  capabilities: CapabilityProfile;
  createdAt: Date;
} & Curated;

/** A catalogue entry's fields that may be indexed, with its agency's names (never its contact or access conditions). */
export type CatalogueSourceRow = {
  id: string;
  code: string;
  title: string;
  summary: string;
  agencyId: string;
  agencyName: string;
  agencyShortName: string | null;
  agencyNameEn: string | null;
  agencyKind: AgencyKind;
  sector: CatalogueSector;
  modality: Modality;
  taskTypes: TaskType[];
  volumeQuantity: number | null;
  volumeUnit: RawVolumeUnit | null;
  coverageFrom: string | null;
  coverageTo: string | null;
  updateFrequency: UpdateFrequency;
  sharingType: SharingType;
  openType: OpenType;
  dataLevel: DataLevel;
  containsPersonalInfo: boolean;
  annotationStatus: AnnotationStatus;
  county: string | null;
  tags: string[];
  status: CatalogueStatus;
  publishedAt: Date | null;
  updatedAt: Date;
} & Curated;

/** The current state of one aggregate as the worker sees it: `row` null when it no longer exists. */
export type Versioned<R> = { id: string; version: number; row: R | null };

/** An aggregate id with its current search version. */
export type IdVersion = { id: string; version: number };

// without the id: each query selects it from its own driving table
const ORDER_COLUMNS = (db: Db) => db`
  o.buyer_org_id, b.name as buyer_name, b.county as buyer_county, o.title, o.description, o.modality,
  o.task_types, o.volume_quantity, o.volume_unit, o.unit_price_ceiling_fen, o.budget_total_fen, o.bidding_mode,
  o.questions_close_at, o.bid_deadline, o.delivery_deadline, o.accuracy_target, o.security_level,
  o.contains_personal_info, o.work_location, o.required_certifications, o.min_headcount, o.requires_secure_room,
  o.tags, o.catalogue_entry_id, o.status, o.published_at, o.updated_at, ${curationColumns(db, 'order', db`o.id`)}`;

const VENDOR_COLUMNS = (db: Db) => db`
  o.name, o.county, vp.verification_status, vp.verified_until, vp.capabilities, o.created_at,
  ${curationColumns(db, 'vendor', db`o.id`)}`;

const CATALOGUE_COLUMNS = (db: Db) => db`
  e.code, e.title, e.summary, e.agency_id, a.name as agency_name, a.short_name as agency_short_name, a.name_en as agency_name_en,
  a.kind as agency_kind, e.sector, e.modality,
  e.task_types, e.volume_quantity, e.volume_unit, e.coverage_from, e.coverage_to, e.update_frequency, e.sharing_type,
  e.open_type, e.data_level, e.contains_personal_info, e.annotation_status, e.county, e.tags, e.status, e.published_at,
  e.updated_at, ${curationColumns(db, 'catalogue_entry', db`e.id`)}`;

/**
 * A text[] literal for a bound parameter. postgres.js' `sql.array` needs the array types it fetches after
 * connecting; the first query of a fresh client (a CLI command on PGlite, prepare off) would send
 * `a,b` instead of `{a,b}`. Quoting every element keeps commas, quotes and braces inside values harmless.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const published = () => textArrayLiteral(PUBLISHED_ORDER_STATUSES);

const uuids = (ids: readonly string[]) => ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));

function split<R extends { id: string; version: number | null; present: boolean }>(
  rows: readonly R[],
): Versioned<Omit<R, 'version' | 'present'>>[] {
  return rows.map(({ version, present, ...row }) => ({
    id: row.id,
    version: version ?? 0,
    row: present ? (row as Omit<R, 'version' | 'present'>) : null,
  }));
}

/** Reads of the indexed entities and of the sync state, for the search worker, reindex and search:check. */
export const searchSource = {
  /** The orders with these ids as they are now (any status; the mapper decides), each with its version. */
  async orders(db: Db, ids: readonly string[]): Promise<Versioned<OrderSourceRow>[]> {
    const list = uuids(ids);
    if (list.length === 0) return [];
    const rows = await db<(OrderSourceRow & { version: number | null; present: boolean })[]>`
      select x.id::text as id, sv.version, o.id is not null as present, ${ORDER_COLUMNS(db)}
      from unnest(${textArrayLiteral(list)}::uuid[]) as x(id)
      left join orders o on o.id = x.id
      left join organisations b on b.id = o.buyer_org_id
      left join search_versions sv on sv.aggregate_type = 'order' and sv.aggregate_id = x.id::text`;
    return split(rows);
  },

  /** The vendors with these organisation ids as they are now, each with its version. */
  async vendors(db: Db, ids: readonly string[]): Promise<Versioned<VendorSourceRow>[]> {
    const list = uuids(ids);
    if (list.length === 0) return [];
    const rows = await db<(VendorSourceRow & { version: number | null; present: boolean })[]>`
      select x.id::text as id, sv.version, vp.org_id is not null as present, ${VENDOR_COLUMNS(db)}
      from unnest(${textArrayLiteral(list)}::uuid[]) as x(id)
      left join organisations o on o.id = x.id
      left join vendor_profiles vp on vp.org_id = o.id
      left join search_versions sv on sv.aggregate_type = 'organisation' and sv.aggregate_id = x.id::text`;
    return split(rows);
  },

  /** The catalogue entries with these ids as they are now (any status; the mapper decides), each with its version. */
  async catalogue(db: Db, ids: readonly string[]): Promise<Versioned<CatalogueSourceRow>[]> {
    const list = uuids(ids);
    if (list.length === 0) return [];
    const rows = await db<(CatalogueSourceRow & { version: number | null; present: boolean })[]>`
      select x.id::text as id, sv.version, e.id is not null as present, ${CATALOGUE_COLUMNS(db)}
      from unnest(${textArrayLiteral(list)}::uuid[]) as x(id)
      left join catalogue_entries e on e.id = x.id
      left join agencies a on a.id = e.agency_id
      left join search_versions sv on sv.aggregate_type = 'catalogue_entry' and sv.aggregate_id = x.id::text`;
    return split(rows);
  },

  /** One page of published catalogue entries in id order (reindex), with versions. */
  async cataloguePage(db: Db, after: string | null, limit: number): Promise<Versioned<CatalogueSourceRow>[]> {
    const rows = await db<(CatalogueSourceRow & { version: number | null; present: boolean })[]>`
      select e.id::text as id, sv.version, true as present, ${CATALOGUE_COLUMNS(db)}
      from catalogue_entries e
      join agencies a on a.id = e.agency_id
      left join search_versions sv on sv.aggregate_type = 'catalogue_entry' and sv.aggregate_id = e.id::text
      where e.status = 'published'
        ${after ? db`and e.id > ${after}::uuid` : db``}
      order by e.id
      limit ${Math.max(1, Math.trunc(limit))}`;
    return split(rows);
  },

  /** One page of published orders in id order (reindex), with versions. */
  async orderPage(db: Db, after: string | null, limit: number): Promise<Versioned<OrderSourceRow>[]> {
    const rows = await db<(OrderSourceRow & { version: number | null; present: boolean })[]>`
      select o.id::text as id, sv.version, true as present, ${ORDER_COLUMNS(db)}
      from orders o
      join organisations b on b.id = o.buyer_org_id
      left join search_versions sv on sv.aggregate_type = 'order' and sv.aggregate_id = o.id::text
      where o.status = any(${published()}::text[])
        ${after ? db`and o.id > ${after}::uuid` : db``}
      order by o.id
      limit ${Math.max(1, Math.trunc(limit))}`;
    return split(rows);
  },

  /** One page of vendors verified now, in id order (reindex), with versions. */
  async vendorPage(db: Db, after: string | null, limit: number): Promise<Versioned<VendorSourceRow>[]> {
    const rows = await db<(VendorSourceRow & { version: number | null; present: boolean })[]>`
      select o.id::text as id, sv.version, true as present, ${VENDOR_COLUMNS(db)}
      from vendor_profiles vp
      join organisations o on o.id = vp.org_id
      left join search_versions sv on sv.aggregate_type = 'organisation' and sv.aggregate_id = o.id::text
      where vp.verification_status = 'verified' and vp.verified_until > now()
        ${after ? db`and o.id > ${after}::uuid` : db``}
      order by o.id
      limit ${Math.max(1, Math.trunc(limit))}`;
    return split(rows);
  },

  /** How many documents reindex will write for an aggregate (for its progress bar). */
  async count(db: Db, aggregate: SearchAggregate): Promise<number> {
    if (aggregate === 'order') {
      const [r] = await db<{ n: number }[]>`
        select count(*)::int as n from orders where status = any(${published()}::text[])`;
      return r?.n ?? 0;
    }
    if (aggregate === 'vendor') {
      const [r] = await db<{ n: number }[]>`
        select count(*)::int as n from vendor_profiles where verification_status = 'verified' and verified_until > now()`;
      return r?.n ?? 0;
    }
    if (aggregate === 'catalogue') {
      const [r] = await db<{ n: number }[]>`select count(*)::int as n from catalogue_entries where status = 'published'`;
      return r?.n ?? 0;
    }
    if (aggregate === 'policyService') return await policyServiceSource.count(db);
    return 0;
  },

  /** Ids and versions of everything that should be in the index now (search:check compares them). */
  async expected(db: Db, aggregate: SearchAggregate): Promise<IdVersion[]> {
    if (aggregate === 'order') {
      return await db<IdVersion[]>`
        select o.id::text as id, coalesce(sv.version, 0) as version
        from orders o left join search_versions sv on sv.aggregate_type = 'order' and sv.aggregate_id = o.id::text
        where o.status = any(${published()}::text[])`;
    }
    if (aggregate === 'vendor') {
      return await db<IdVersion[]>`
        select vp.org_id::text as id, coalesce(sv.version, 0) as version
        from vendor_profiles vp
        left join search_versions sv on sv.aggregate_type = 'organisation' and sv.aggregate_id = vp.org_id::text
        where vp.verification_status = 'verified' and vp.verified_until > now()`;
    }
    if (aggregate === 'catalogue') {
      return await db<IdVersion[]>`
        select e.id::text as id, coalesce(sv.version, 0) as version
        from catalogue_entries e
        left join search_versions sv on sv.aggregate_type = 'catalogue_entry' and sv.aggregate_id = e.id::text
        where e.status = 'published'`;
    }
    if (aggregate === 'policyService') return await policyServiceSource.expected(db);
    return [];
  },

  /** The current versions of these aggregates (0 for one never touched). */
  async versions(db: Db, aggregate: SearchAggregate, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db<IdVersion[]>`
      select aggregate_id as id, version from search_versions
      where aggregate_type = ${SEARCH_AGGREGATES[aggregate].aggregateType}
        and aggregate_id = any(${textArrayLiteral(ids)}::text[])`;
    const out = new Map(ids.map((id) => [id, 0]));
    for (const r of rows) out.set(r.id, r.version);
    return out;
  },

  /** Bumps these aggregates' versions and queues them for the worker, as a change would (repairs). */
  async touch(db: Db, aggregate: SearchAggregate, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { topic, aggregateType } = SEARCH_AGGREGATES[aggregate];
    await db`select search_touch(${topic}, ${aggregateType}, id) from unnest(${textArrayLiteral(ids)}::text[]) as x(id)`;
  },

  /** Outbox rows of an aggregate type still to be delivered. */
  async pendingFor(db: Db, aggregate: SearchAggregate): Promise<number> {
    const [r] = await db<{ n: number }[]>`
      select count(*)::int as n from outbox where processed_at is null and topic = ${SEARCH_AGGREGATES[aggregate].topic}`;
    return r?.n ?? 0;
  },

  /**
   * Calls `onChange` with the topic each time a transaction that queued search rows commits (the trigger of migration
   * 0028), and `onListen` each time the LISTEN is (re-)established. postgres.js listens on a connection of its own and
   * listens again after it reconnects; notifications sent while it was away are lost, so callers still poll slowly.
   */
  async listenForChanges(sql: Sql, onChange: (topic: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<void> }> {
    const { unlisten } = await sql.listen(SEARCH_NOTIFY_CHANNEL, onChange, onListen);
    return { unlisten };
  },

  /** Sends `payload` on the channel of `listenForChanges` (a worker checks that notifications reach it). */
  async notify(db: Db, payload: string): Promise<void> {
    await db`select pg_notify(${SEARCH_NOTIFY_CHANNEL}, ${payload})`;
  },

  /** Milliseconds until the next search row of these topics is due (0: one is due now), or null when none is pending. */
  async nextDueInMs(db: Db, topics: readonly string[]): Promise<number | null> {
    const [r] = await db<{ ms: number | null }[]>`
      select greatest(0, extract(epoch from min(available_at) - clock_timestamp()) * 1000)::float8 as ms
      from outbox where processed_at is null and topic = any(${db.array([...topics])}::text[])`;
    return r?.ms ?? null;
  },

  /** Makes search rows that are waiting for a retry due now (Meilisearch is back); returns how many. */
  async retryNow(db: Db): Promise<number> {
    const res = await db`
      update outbox set available_at = clock_timestamp()
      where processed_at is null and topic like 'search.%' and last_error is not null and available_at > clock_timestamp()`;
    return res.count;
  },

  /** The search sync backlog: pending rows, the oldest one's age in seconds, and rows that failed at least once. */
  async lag(db: Db): Promise<{ pending: number; oldestPendingSeconds: number; failing: number }> {
    const [r] = await db<{ pending: number; oldest: number | null; failing: number }[]>`
      select count(*)::int as pending,
             extract(epoch from clock_timestamp() - min(created_at))::float8 as oldest,
             count(*) filter (where last_error is not null)::int as failing
      from outbox where processed_at is null and topic like 'search.%'`;
    return { pending: r?.pending ?? 0, oldestPendingSeconds: Math.max(0, r?.oldest ?? 0), failing: r?.failing ?? 0 };
  },
};
