import type {
  CatalogueSearchHit, GlobalSearchQuery, GlobalSearchResult, OrderSearchHit, OrderSearchPage, PolicyServiceSearchHit,
  SearchOrdersQuery, VendorDirectoryPage, VendorDirectoryQuery, VendorSearchHit,
} from '@annex/contracts';
import {
  type CatalogueHit, type GlobalSearch, type OrderHit, searchEverything,
  searchOrders, searchVendors, type VendorHit,
} from '@annex/search';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';
import { decodeCursor, nextCursor, searchService, unavailableOnFailure } from './search-paging.ts';

// Search use cases: typed query → packages/search → public response. Meilisearch being down, slow (the
// query client gives up after 0.6 s) or mid-rebuild is a 503 search_unavailable, never a hang or a 500.

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const isoOrNull = (seconds: number | null) => (seconds === null ? null : iso(seconds));

/** The public form of an order hit. */
export function toOrderSearchHit(h: OrderHit): OrderSearchHit {
  return {
    id: h.id,
    title: h.title,
    buyerOrgId: h.buyerOrgId,
    buyerName: h.buyerName,
    county: h.county as OrderSearchHit['county'],
    modality: h.modality as OrderSearchHit['modality'],
    taskTypes: h.taskTypes as OrderSearchHit['taskTypes'],
    tags: h.tags,
    status: h.status as OrderSearchHit['status'],
    biddingMode: h.biddingMode as OrderSearchHit['biddingMode'],
    securityLevel: h.securityLevel as OrderSearchHit['securityLevel'],
    workLocation: h.workLocation as OrderSearchHit['workLocation'],
    budgetTotalFen: h.budgetTotalFen,
    unitPriceCeilingFen: h.unitPriceCeilingFen,
    volume: h.volumeQuantity !== null && h.volumeUnit ? { quantity: h.volumeQuantity, unit: h.volumeUnit as 'items' } : null,
    requiredCertifications: h.requiredCertifications as OrderSearchHit['requiredCertifications'],
    minHeadcount: h.minHeadcount,
    requiresSecureRoom: h.requiresSecureRoom,
    publishedAt: iso(h.publishedAt),
    bidDeadline: isoOrNull(h.bidDeadline),
    deliveryDeadline: isoOrNull(h.deliveryDeadline),
    highlight: h.highlight,
  };
}

/** The public form of a vendor hit. */
export function toVendorSearchHit(h: VendorHit): VendorSearchHit {
  return {
    id: h.id,
    name: h.name,
    county: h.county as VendorSearchHit['county'],
    modalities: h.modalities as VendorSearchHit['modalities'],
    taskTypes: h.taskTypes as VendorSearchHit['taskTypes'],
    headcount: h.headcount,
    certifications: h.certifications as VendorSearchHit['certifications'],
    secureRoom: h.secureRoom,
    aboveDesignatedSize: h.aboveDesignatedSize,
    yearsActive: h.yearsActive,
    revenueBand: h.revenueBand as VendorSearchHit['revenueBand'],
    dailyCapacity: h.dailyCapacity,
    verifiedUntil: iso(h.verifiedUntil),
    highlight: h.highlight,
  };
}

/** The global search's form of a catalogue hit. */
export function toCatalogueSearchHit(h: CatalogueHit): CatalogueSearchHit {
  return {
    id: h.id, code: h.code, title: h.title, agencyId: h.agencyId, agency: h.agencyName, agencyShortName: h.agencyShortName,
    sector: h.sector, modality: h.modality, openType: h.openType, annotationStatus: h.annotationStatus, county: h.county, tags: h.tags,
    highlight: h.highlight,
  };
}

/** GET /search: every index at once, grouped. */
export async function globalSearch(deps: Deps, query: GlobalSearchQuery): Promise<GlobalSearchResult> {
  const search = searchService(deps);
  const r: GlobalSearch = await unavailableOnFailure(() => searchEverything(search, { q: query.q, limit: query.limit, now: deps.now() }));
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
export async function searchPublishedOrders(deps: Deps, query: SearchOrdersQuery): Promise<OrderSearchPage> {
  const search = searchService(deps);
  if (query.budgetMin !== undefined && query.budgetMax !== undefined && query.budgetMin > query.budgetMax) {
    throw new AppError('validation_failed', 'budgetMin is above budgetMax', { errors: [{ path: 'query.budgetMin', message: 'above budgetMax' }] });
  }
  const offset = decodeCursor(query.cursor);
  const page = await unavailableOnFailure(() =>
    searchOrders(search, {
      q: query.q,
      modality: query.modality,
      taskTypes: query.taskTypes,
      status: query.status,
      securityLevel: query.securityLevel,
      county: query.county,
      budgetMin: query.budgetMin,
      budgetMax: query.budgetMax,
      deadlineBefore: query.deadlineBefore ? new Date(query.deadlineBefore) : undefined,
      sort: query.sort,
      offset,
      limit: query.limit,
    }),
  );
  const budget = page.facetStats.budgetTotalFen;
  return {
    items: page.hits.map(toOrderSearchHit),
    nextCursor: nextCursor(page),
    total: page.total,
    facets: page.facets,
    budget: budget ? { min: budget.min, max: budget.max } : null,
  };
}

/** GET /vendors: the directory of verified vendors. */
export async function vendorDirectory(deps: Deps, query: VendorDirectoryQuery): Promise<VendorDirectoryPage> {
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
    }),
  );
  return { items: page.hits.map(toVendorSearchHit), nextCursor: nextCursor(page), total: page.total, facets: page.facets };
}
