import type { OrderSearchHit, OrderSearchPage, SearchOrdersQuery, VendorSearchHit } from '@annex/contracts';
import { type OrderHit, type VendorHit, searchOrders } from '@annex/search';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';
import { decodeCursor, nextCursor, searchService, unavailableOnFailure } from './search-paging.ts';

// The order search and the public form of search hits, shared by the search use cases and the order list (a query
// module, like viewer.ts for the database; no use case).

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

/**
 * Published orders by text, typed filters and facets (GET /search/orders, and GET /orders while search is up; hidden
 * orders only with `includeHidden`, the secretariat's): 400 for
 * an inverted budget range or a foreign cursor, 503 search_unavailable when search is absent, down or slow.
 */
export async function findPublishedOrders(deps: Deps, query: SearchOrdersQuery, includeHidden = false): Promise<OrderSearchPage> {
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
      includeHidden,
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

