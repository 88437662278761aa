import type {
  CatalogueSearchHit, GlobalSearchQuery, GlobalSearchResult, OrderSearchPage, PolicyServiceSearchHit, SearchOrdersQuery,
  VendorDirectoryPage, VendorDirectoryQuery,
} from '@annex/contracts';
import { type CatalogueHit, type GlobalSearch, searchEverything, searchVendors } from '@annex/search';
import type { AuthContext } from '../env.ts';
import type { Deps } from './context.ts';
import { includesHidden } from './curation-view.ts';
import { decodeCursor, nextCursor, searchService, unavailableOnFailure } from './search-paging.ts';
import { findPublishedOrders, toOrderSearchHit, toVendorSearchHit } from './search-queries.ts';

// Search use cases: typed query → packages/search → public response. Meilisearch being down, slow (the
// query client gives up after 0.6 s) or mid-rebuild is a 503 search_unavailable, never a hang or a 500.

/** The global search's form of a catalogue hit. */
export function toCatalogueSearchHit(h: CatalogueHit): CatalogueSearchHit {
  return {
    id: h.id, code: h.code, title: h.title, agencyId: h.agencyId, agency: h.agencyName, agencyShortName: h.agencyShortName,
    sector: h.sector, modality: h.modality, openType: h.openType, annotationStatus: h.annotationStatus, county: h.county, tags: h.tags,
    highlight: h.highlight,
  };
}

/** GET /search: every index at once, grouped. */
export async function globalSearch(deps: Deps, auth: AuthContext | null, query: GlobalSearchQuery): Promise<GlobalSearchResult> {
  const search = searchService(deps);
  const r: GlobalSearch = await unavailableOnFailure(() =>
    searchEverything(search, { q: query.q, limit: query.limit, now: deps.now(), includeHidden: includesHidden(auth) }),
  );
  return {
    q: query.q,
    orders: { hits: r.orders.hits.map(toOrderSearchHit), total: r.orders.total },
    vendors: { hits: r.vendors.hits.map(toVendorSearchHit), total: r.vendors.total },
    catalogue: { hits: r.catalogue.hits.map(toCatalogueSearchHit), total: r.catalogue.total },
    policyServices: {
      hits: r.policyServices.hits.map(
        (h): PolicyServiceSearchHit => ({ id: h.id, name: h.name, category: h.category, agency: h.agency, tags: h.tags, highlight: h.highlight }),
      ),
      total: r.policyServices.total,
    },
    processingTimeMs: r.processingTimeMs,
  };
}

/** GET /search/orders: published orders by text, typed filters and facets. */
export async function searchPublishedOrders(deps: Deps, auth: AuthContext | null, query: SearchOrdersQuery): Promise<OrderSearchPage> {
  return findPublishedOrders(deps, query, includesHidden(auth));
}

/** GET /vendors: the directory of verified vendors. */
export async function vendorDirectory(deps: Deps, auth: AuthContext | null, query: VendorDirectoryQuery): Promise<VendorDirectoryPage> {
  const search = searchService(deps);
  const offset = decodeCursor(query.cursor);
  const page = await unavailableOnFailure(() =>
    searchVendors(search, {
      q: query.q,
      modalities: query.modalities,
      taskTypes: query.taskTypes,
      county: query.county,
      certifications: query.certifications,
      minHeadcount: query.minHeadcount,
      secureRoom: query.secureRoom,
      aboveDesignatedSize: query.aboveDesignatedSize,
      sort: query.sort,
      offset,
      limit: query.limit,
      now: deps.now(),
      includeHidden: includesHidden(auth),
    }),
  );
  return { items: page.hits.map(toVendorSearchHit), nextCursor: nextCursor(page), total: page.total, facets: page.facets };
}
