import type { CurationState, ListingKind } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';
import { PUBLISHED_ORDER_STATUSES } from './orders.repo.ts';
import { notHidden } from './curation-sql.ts';
import { textArrayLiteral } from './search.repo.ts';

// The secretariat's curation of public listings (migration 0019): one row per listing ever curated. The public
// reads elsewhere leave hidden listings out with `notHidden` below.

/** A listing's stored curation. */
export type CurationRow = CurationState & {
  kind: ListingKind;
  listingId: string;
  reason: string;
  featuredAt: Date | null;
  updatedBy: string | null;
  updatedAt: Date;
};

/** What curation needs to know of a listing: its name, its owner, and whether the public could see it. */
export type ListingFacts = { kind: ListingKind; id: string; title: string; ownerOrgId: string | null; isPublic: boolean };

/** A curated listing as the secretariat's list shows it. */
export type CuratedListingRow = CurationRow & { title: string | null; isPublic: boolean };

const published = () => textArrayLiteral(PUBLISHED_ORDER_STATUSES);

/** The curation of listings, and what curation reads of the listings themselves. */
export const curation = {
  /** The listing's curation (null: never curated). */
  async get(db: Db, kind: ListingKind, id: string): Promise<CurationRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<CurationRow[]>`
      select kind, listing_id, featured, hidden, reason, featured_at, updated_by, updated_at
      from listing_curation where kind = ${kind} and listing_id = ${id}`;
    return row ?? null;
  },

  /** The hidden ones among these listings of one kind. */
  async hiddenAmong(db: Db, kind: ListingKind, ids: readonly string[]): Promise<Set<string>> {
    const list = ids.filter(isUuid);
    if (list.length === 0) return new Set();
    const rows = await db<{ id: string }[]>`
      select listing_id::text as id from listing_curation
      where kind = ${kind} and hidden and listing_id = any(${textArrayLiteral(list)}::uuid[])`;
    return new Set(rows.map((r) => r.id));
  },

  /**
   * Writes the listing's new curation if it still is `expected` (null: no row yet); null when another change came
   * first (the caller answers a conflict).
   */
  async save(
    db: Db,
    kind: ListingKind,
    id: string,
    expected: CurationState | null,
    next: CurationState & { reason: string },
    userId: string | null,
  ): Promise<CurationRow | null> {
    if (expected === null) {
      const [row] = await db<CurationRow[]>`
        insert into listing_curation (kind, listing_id, featured, hidden, reason, featured_at, updated_by)
        values (${kind}, ${id}, ${next.featured}, ${next.hidden}, ${next.reason},
                ${next.featured ? db`clock_timestamp()` : null}, ${userId})
        on conflict (kind, listing_id) do nothing
        returning kind, listing_id, featured, hidden, reason, featured_at, updated_by, updated_at`;
      return row ?? null;
    }
    const [row] = await db<CurationRow[]>`
      update listing_curation set featured = ${next.featured}, hidden = ${next.hidden}, reason = ${next.reason},
        featured_at = ${next.featured ? db`clock_timestamp()` : db`featured_at`}, updated_by = ${userId}, updated_at = clock_timestamp()
      where kind = ${kind} and listing_id = ${id} and featured = ${expected.featured} and hidden = ${expected.hidden}
      returning kind, listing_id, featured, hidden, reason, featured_at, updated_by, updated_at`;
    return row ?? null;
  },

  /** The listing's name, owner and public-ness (null: no such listing). */
  async listing(db: Db, kind: ListingKind, id: string): Promise<ListingFacts | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<Omit<ListingFacts, 'kind'>[]>`${factsOf(db, kind)} where x.id = ${id}::uuid`;
    return row ? { kind, ...row } : null;
  },

  /** The featured listings of a kind the public sees, most recently featured first. */
  async featured(db: Db, kind: ListingKind, limit: number): Promise<(ListingFacts & { featuredAt: Date; reason: string })[]> {
    const rows = await db<(Omit<ListingFacts, 'kind'> & { featuredAt: Date; reason: string })[]>`
      select f.*, lc.featured_at, lc.reason from listing_curation lc
      join (${factsOf(db, kind)}) f on f.id = lc.listing_id
      where lc.kind = ${kind} and lc.featured and f.is_public
      order by lc.featured_at desc, lc.listing_id
      limit ${Math.max(1, Math.trunc(limit))}`;
    return rows.map((r) => ({ kind, ...r }));
  },

  /** Every listing the public sees and the secretariat does not hide (at most `limit`), kind by kind, newest change first. */
  async sitemap(db: Db, limit: number): Promise<SitemapRow[]> {
    return await db<SitemapRow[]>`
      select kind, id, last_modified from (
        select 'order' as kind, o.id, o.updated_at as last_modified, 1 as k from orders o
        where o.status = any(${published()}::text[]) ${notHidden(db, 'order', db`o.id`)}
        union all
        select 'vendor', o.id, greatest(o.updated_at, vp.verification_updated_at), 2 from organisations o
        join vendor_profiles vp on vp.org_id = o.id
        where vp.verification_status = 'verified' and vp.verified_until > clock_timestamp() ${notHidden(db, 'vendor', db`o.id`)}
        union all
        select 'catalogue_entry', e.id, e.updated_at, 3 from catalogue_entries e
        where e.status = 'published' ${notHidden(db, 'catalogue_entry', db`e.id`)}
        union all
        select 'policy_service', s.id, s.updated_at, 4 from policy_services s
        where s.status = 'published' ${notHidden(db, 'policy_service', db`s.id`)}
      ) x
      order by k, last_modified desc, id
      limit ${Math.max(1, Math.trunc(limit))}`;
  },

  /** One page of curated listings (featured or hidden now), last changed first. */
  async list(
    db: Db,
    filters: { kind?: ListingKind | undefined; state?: 'featured' | 'hidden' | undefined },
    cursor?: string | null,
    limit?: number,
  ): Promise<{ items: CuratedListingRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const before = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(CuratedListingRow & { cursorUs: string })[]>`
      select lc.kind, lc.listing_id, lc.featured, lc.hidden, lc.reason, lc.featured_at, lc.updated_by, lc.updated_at,
             coalesce(o.title, org.name, e.title, v.name) as title,
             coalesce(case lc.kind
               when 'order' then o.status = any(${published()}::text[])
               when 'vendor' then vp.verification_status = 'verified' and vp.verified_until > clock_timestamp()
               when 'catalogue_entry' then e.status = 'published'
               else s.status = 'published' end, false) as is_public,
             (extract(epoch from lc.updated_at) * 1000000)::bigint::text as cursor_us
      from listing_curation lc
      left join orders o on lc.kind = 'order' and o.id = lc.listing_id
      left join organisations org on lc.kind = 'vendor' and org.id = lc.listing_id
      left join vendor_profiles vp on lc.kind = 'vendor' and vp.org_id = lc.listing_id
      left join catalogue_entries e on lc.kind = 'catalogue_entry' and e.id = lc.listing_id
      left join policy_services s on lc.kind = 'policy_service' and s.id = lc.listing_id
      left join policy_service_versions v on v.service_id = s.id and v.version = s.current_version
      where (lc.featured or lc.hidden)
        ${filters.kind ? db`and lc.kind = ${filters.kind}` : db``}
        ${filters.state === 'featured' ? db`and lc.featured` : filters.state === 'hidden' ? db`and lc.hidden` : db``}
        ${before
          ? db`and (lc.updated_at, lc.listing_id) <
                 ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by lc.updated_at desc, lc.listing_id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => r),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.listingId }) : null,
    };
  },
};

/** A listing of the sitemap: what it is and when it last changed. */
export type SitemapRow = { kind: ListingKind; id: string; lastModified: Date };

/** A select of (id, title, owner_org_id, is_public) over one kind's table, aliased x. */
function factsOf(db: Db, kind: ListingKind) {
  switch (kind) {
    case 'order':
      return db`select * from (select o.id, o.title, o.buyer_org_id::text as owner_org_id,
                  o.status = any(${published()}::text[]) as is_public from orders o) x`;
    case 'vendor':
      return db`select * from (select o.id, o.name as title, o.id::text as owner_org_id,
                  (vp.verification_status = 'verified' and vp.verified_until > clock_timestamp()) as is_public
                from organisations o join vendor_profiles vp on vp.org_id = o.id) x`;
    case 'catalogue_entry':
      return db`select * from (select e.id, e.title, null::text as owner_org_id, e.status = 'published' as is_public
                from catalogue_entries e) x`;
    case 'policy_service':
      return db`select * from (select s.id, v.name as title, null::text as owner_org_id, s.status = 'published' as is_public
                from policy_services s join policy_service_versions v on v.service_id = s.id and v.version = s.current_version) x`;
  }
}
