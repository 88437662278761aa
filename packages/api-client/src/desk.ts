import {
  type AuditQuery, AuditPage, type CurateListingRequest, CuratedListing, CuratedListingPage, type CurationListQuery, Desk, FeaturedListings,
  type ListingKind, type SetServiceLevels, Sitemap,
} from '@annex/contracts';
import type { CallFn, Download } from './index.ts';

const id = (s: string) => encodeURIComponent(s);

/** A file download of the client (exports). */
export type DownloadFn = (path: string, query?: Record<string, string | undefined>) => Promise<Download>;

/** The audit log's filters as callers pass them (every one optional). */
export type AuditFilters = { [K in Exclude<keyof AuditQuery, 'limit'>]?: AuditQuery[K] | null } & { limit?: number };

const auditQuery = (q: AuditFilters): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));

/** The calls of curation, the secretariat's desk and the full audit log. */
export function deskCalls(call: CallFn, download: DownloadFn) {
  return {
    /** GET /featured — the listings the secretariat features (the home page's strip). */
    featured: () => call({ method: 'GET', path: '/featured', schema: FeaturedListings }),
    /** GET /sitemap — every public listing not hidden (the web's /sitemap.xml). */
    sitemap: () => call({ method: 'GET', path: '/sitemap', schema: Sitemap, timeoutMs: 60_000 }),
    /** GET /admin/curation — the listings featured or hidden now. */
    curatedListings: (q: Partial<Omit<CurationListQuery, 'cursor'>> & { cursor?: string | null } = {}) =>
      call({ method: 'GET', path: '/admin/curation', query: q, schema: CuratedListingPage }),
    /** GET /admin/curation/{kind}/{id} — a listing's curation and the changes open on it. */
    curation: (kind: ListingKind, listingId: string) =>
      call({ method: 'GET', path: `/admin/curation/${kind}/${id(listingId)}`, schema: CuratedListing }),
    /** POST /admin/curation — feature, unfeature, hide or unhide, with a reason. */
    curate: (body: CurateListingRequest) => call({ method: 'POST', path: '/admin/curation', body, schema: CuratedListing }),
    /** GET /admin/desk — every queue's count, oldest item and colour against its target. */
    desk: () => call({ method: 'GET', path: '/admin/desk', schema: Desk }),
    /** PUT /admin/desk/service-levels — the secretariat's targets (hours) per queue. */
    setServiceLevels: (body: SetServiceLevels) => call({ method: 'PUT', path: '/admin/desk/service-levels', body, schema: Desk }),
    /** GET /admin/audit — the full audit log, newest first, filtered. */
    audit: (q: AuditFilters = {}) => call({ method: 'GET', path: '/admin/audit', query: auditQuery(q), schema: AuditPage }),
    /** GET /admin/audit/export — the filtered audit log as CSV (streamed). */
    exportAudit: (q: AuditFilters = {}) => download('/admin/audit/export', auditQuery(q)),
  };
}
