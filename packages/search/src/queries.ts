import type { Certification, Modality, OrderStatus, SecurityLevel, TaskType } from '@annex/domain';
import type { Hit, MultiSearchQuery, SearchParams } from 'meilisearch';
import type { SearchService } from './client.ts';
import type { CatalogueDocument, OrderDocument, PolicyServiceDocument, VendorDocument } from './documents.ts';
import { f } from './filters.ts';
import { type Highlighted, highlighted } from './highlight.ts';
import type { IndexName } from './settings.ts';
import { toSimplified } from './text.ts';

// Searches as the API asks them. Filters are built from typed values (filters.ts); facet counts are
// disjunctive: the counts of one facet ignore that facet's own selection, so a user can widen it.

/** Meilisearch answers at most this many hits per query (its pagination.maxTotalHits default). */
export const MAX_HITS = 1000;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
// private-use characters as highlight tags: the text is HTML-escaped afterwards and they become <mark>
const PRE = '\uE000';
const POST = '\uE001';
const HIGHLIGHT = { highlightPreTag: PRE, highlightPostTag: POST, cropMarker: '…' } as const;
// Chinese text, and when not every word is found, the most common words (标注, 数据) are the first to go.
const CHINESE: Pick<SearchParams, 'locales' | 'matchingStrategy'> = { locales: ['cmn'], matchingStrategy: 'frequency' };

/** What is searched for: the typed text in simplified Chinese, like the documents (點雲 finds 点云). */
const queryText = (q: string | undefined) => toSimplified(q?.trim() ?? '');

/** Who searches: only the secretariat sees the listings it hides (curation). */
export type Audience = { includeHidden?: boolean };

/** The listings the searcher may see: hidden ones only for the secretariat. */
const visibleTo = (p: Audience) => (p.includeHidden ? '' : f.ne('hidden', true));

/** A facet's value counts. */
export type FacetCounts = Record<string, Record<string, number>>;

/** A page of hits with the total and the facet counts. */
export type SearchPage<H> = {
  hits: H[];
  /** estimated total of matches (exact up to MAX_HITS) */
  total: number;
  offset: number;
  limit: number;
  facets: FacetCounts;
  facetStats: Record<string, { min: number; max: number }>;
  processingTimeMs: number;
};

/** Sort orders of the order search. */
export const ORDER_SORTS = ['relevance', 'newest', 'deadline', 'budget_desc', 'budget_asc'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

/** The order search's query, in typed values. */
export type OrderSearchParams = {
  q?: string;
  modality?: readonly Modality[];
  taskTypes?: readonly TaskType[];
  status?: readonly OrderStatus[];
  securityLevel?: readonly SecurityLevel[];
  county?: readonly string[];
  /** budget in fen */
  budgetMin?: number;
  budgetMax?: number;
  /** bid deadline strictly before */
  deadlineBefore?: Date;
  sort?: OrderSort;
  offset?: number;
  limit?: number;
} & Audience;

/** An order hit: the document with highlighted title, buyer and a cropped description. */
export type OrderHit = OrderDocument & { highlight: Highlighted<'title' | 'buyerName' | 'description'> };

const ORDER_FACETS = ['modality', 'taskTypes', 'status', 'securityLevel', 'county', 'biddingMode', 'workLocation'] as const;
// asked for its min/max only (facetStats); its value counts are dropped
const BUDGET = 'budgetTotalFen';

const ORDER_SORT: Record<OrderSort, string[] | undefined> = {
  relevance: undefined,
  newest: ['publishedAt:desc'],
  deadline: ['bidDeadline:asc'],
  budget_desc: ['budgetTotalFen:desc'],
  budget_asc: ['budgetTotalFen:asc'],
};

type Facet = { name: string; filter: string };

/** The order search's filter parts, one per facet (so each facet's counts can leave its own out). */
function orderFilters(p: OrderSearchParams): { facets: Facet[]; fixed: string } {
  const facets: Facet[] = [
    { name: 'modality', filter: f.anyOf('modality', p.modality ?? []) },
    // an order with any of the chosen task types: a vendor picks the kinds of work it does
    { name: 'taskTypes', filter: f.anyOf('taskTypes', p.taskTypes ?? []) },
    { name: 'status', filter: f.anyOf('status', p.status ?? []) },
    { name: 'securityLevel', filter: f.anyOf('securityLevel', p.securityLevel ?? []) },
    { name: 'county', filter: f.anyOf('county', p.county ?? []) },
  ];
  const fixed = f.and(
    visibleTo(p),
    p.budgetMin !== undefined && f.gte('budgetTotalFen', p.budgetMin),
    p.budgetMax !== undefined && f.lte('budgetTotalFen', p.budgetMax),
    p.deadlineBefore !== undefined && f.lt('bidDeadline', seconds(p.deadlineBefore)),
  );
  return { facets, fixed };
}

/** Runs a faceted search: the page with all filters, plus one count query per facet that has a selection. */
async function faceted<D extends Record<string, unknown>>(
  search: SearchService,
  indexUid: string,
  q: string,
  base: SearchParams,
  parts: { facets: Facet[]; fixed: string },
  facetNames: readonly string[],
): Promise<{ page: import('meilisearch').SearchResponse<D>; facets: FacetCounts }> {
  const all = f.and(parts.fixed, ...parts.facets.map((x) => x.filter));
  const selected = parts.facets.filter((x) => x.filter);
  const queries: MultiSearchQuery[] = [
    { indexUid, q, ...CHINESE, ...base, filter: all || undefined, facets: [...facetNames] },
    ...selected.map((x) => ({
      indexUid,
      q,
      ...CHINESE,
      limit: 0,
      filter: f.and(parts.fixed, ...parts.facets.filter((y) => y !== x).map((y) => y.filter)) || undefined,
      facets: [x.name],
    })),
  ];
  const { results } = await search.queryClient.multiSearch<{ queries: MultiSearchQuery[] }, D>({ queries });
  const [page, ...counts] = results;
  const facets: FacetCounts = { ...(page?.facetDistribution ?? {}) };
  counts.forEach((r, i) => {
    const name = selected[i]!.name;
    facets[name] = r.facetDistribution?.[name] ?? {};
  });
  return { page: page as unknown as import('meilisearch').SearchResponse<D>, facets };
}

const window = (p: { offset?: number; limit?: number }) => {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 20), 1), 100);
  const offset = Math.min(Math.max(Math.trunc(p.offset ?? 0), 0), MAX_HITS);
  return { offset, limit: Math.max(0, Math.min(limit, MAX_HITS - offset)) };
};

/** Searches published orders. */
export async function searchOrders(search: SearchService, p: OrderSearchParams): Promise<SearchPage<OrderHit>> {
  const { offset, limit } = window(p);
  const q = queryText(p.q);
  const base: SearchParams = {
    offset,
    limit,
    sort: ORDER_SORT[p.sort ?? 'relevance'] ?? (q ? undefined : ['publishedAt:desc']),
    attributesToHighlight: ['title', 'buyerName', 'description'],
    attributesToCrop: ['description'],
    cropLength: 40,
    ...HIGHLIGHT,
  };
  const { page, facets } = await faceted<OrderDocument>(search, search.uid('orders'), q, base, orderFilters(p), [...ORDER_FACETS, BUDGET]);
  delete facets[BUDGET];
  return {
    hits: page.hits.map((h) => ({ ...strip(h), highlight: highlighted(h, ['title', 'buyerName', 'description']) })) as OrderHit[],
    total: page.estimatedTotalHits ?? page.hits.length,
    offset,
    limit,
    facets,
    facetStats: (page.facetStats ?? {}) as SearchPage<OrderHit>['facetStats'],
    processingTimeMs: page.processingTimeMs,
  };
}

/** A saved search's query: the filters of the order search that make sense for future orders, and the text. */
export type SavedOrderQuery = Pick<OrderSearchParams, 'q' | 'modality' | 'taskTypes' | 'securityLevel' | 'county' | 'budgetMin' | 'budgetMax'>;

/**
 * Which of `queries` show the order `orderId`, exactly as the order search would (same text handling, same
 * filters) with `id = <orderId>` added: one multi-search request per `batch` queries, each request with a probe
 * (no text, only the id) telling whether the order is in the index at all. Null when it is not (yet): the
 * caller retries later. Uses the job query client's longer timeout (a background job, not a request).
 */
export async function queriesShowingOrder(
  search: SearchService,
  orderId: string,
  queries: readonly SavedOrderQuery[],
  opts: { batch?: number } = {},
): Promise<boolean[] | null> {
  const batch = Math.max(1, Math.trunc(opts.batch ?? 100));
  const indexUid = search.uid('orders');
  const only = f.eq('id', orderId);
  const shown: boolean[] = [];
  const probe: MultiSearchQuery = { indexUid, q: '', limit: 1, attributesToRetrieve: ['id'], filter: only };
  for (let start = 0; start === 0 || start < queries.length; start += batch) {
    const slice = queries.slice(start, start + batch);
    const { results } = await search.jobQueryClient.multiSearch({
      queries: [
        probe,
        ...slice.map((p): MultiSearchQuery => {
          const parts = orderFilters(p);
          return {
            indexUid, q: queryText(p.q), ...CHINESE, limit: 1, attributesToRetrieve: ['id'],
            filter: f.and(only, parts.fixed, ...parts.facets.map((x) => x.filter)),
          };
        }),
      ],
    });
    const [first, ...answers] = results;
    if (!first || first.hits.length === 0) return null;
    for (const r of answers) shown.push(r.hits.some((h) => h.id === orderId));
  }
  return shown;
}

/** Sort orders of the vendor directory. */
export const VENDOR_SORTS = ['relevance', 'headcount', 'capacity', 'experience', 'newest'] as const;
export type VendorSort = (typeof VENDOR_SORTS)[number];

/** The vendor directory's query, in typed values. */
export type VendorSearchParams = {
  q?: string;
  /** vendors that handle every one of these */
  modalities?: readonly Modality[];
  /** vendors that offer every one of these */
  taskTypes?: readonly TaskType[];
  /** vendors in any of these counties */
  county?: readonly string[];
  /** vendors holding every one of these, valid now */
  certifications?: readonly Certification[];
  minHeadcount?: number;
  secureRoom?: boolean;
  aboveDesignatedSize?: boolean;
  sort?: VendorSort;
  offset?: number;
  limit?: number;
  /** the clock (verification and certificate expiry are checked at query time) */
  now?: Date;
} & Audience;

/** A vendor hit with a highlighted name. */
export type VendorHit = VendorDocument & { highlight: Highlighted<'name'> };

const VENDOR_FACETS = ['county', 'modalities', 'taskTypes', 'certifications', 'secureRoom', 'aboveDesignatedSize', 'revenueBand'] as const;

const VENDOR_SORT: Record<VendorSort, string[] | undefined> = {
  relevance: undefined,
  headcount: ['headcount:desc'],
  capacity: ['dailyCapacity:desc'],
  experience: ['yearsActive:desc'],
  newest: ['createdAt:desc'],
};

/** Only vendors verified now: an expired verification leaves the directory at once, before any re-index. */
const verifiedNow = (now: Date) => f.gt('verifiedUntil', seconds(now));

/** Searches the verified vendors. */
export async function searchVendors(search: SearchService, p: VendorSearchParams): Promise<SearchPage<VendorHit>> {
  const { offset, limit } = window(p);
  const now = p.now ?? new Date();
  const q = queryText(p.q);
  const parts = {
    facets: [
      { name: 'modalities', filter: f.allOf('modalities', p.modalities ?? []) },
      { name: 'taskTypes', filter: f.allOf('taskTypes', p.taskTypes ?? []) },
      { name: 'county', filter: f.anyOf('county', p.county ?? []) },
      {
        name: 'certifications',
        filter: f.and(...(p.certifications ?? []).map((c) => f.gte(`certificationsUntil.${c}`, seconds(now)))),
      },
    ],
    fixed: f.and(
      visibleTo(p),
      verifiedNow(now),
      p.minHeadcount !== undefined && f.gte('headcount', p.minHeadcount),
      p.secureRoom !== undefined && f.eq('secureRoom', p.secureRoom),
      p.aboveDesignatedSize !== undefined && f.eq('aboveDesignatedSize', p.aboveDesignatedSize),
    ),
  };
  const base: SearchParams = {
    offset,
    limit,
    sort: VENDOR_SORT[p.sort ?? 'relevance'],
    attributesToHighlight: ['name'],
    ...HIGHLIGHT,
  };
  const { page, facets } = await faceted<VendorDocument>(search, search.uid('vendors'), q, base, parts, VENDOR_FACETS);
  return {
    hits: page.hits.map((h) => ({ ...strip(h), highlight: highlighted(h, ['name']) })) as VendorHit[],
    total: page.estimatedTotalHits ?? page.hits.length,
    offset,
    limit,
    facets,
    facetStats: (page.facetStats ?? {}) as SearchPage<VendorHit>['facetStats'],
    processingTimeMs: page.processingTimeMs,
  };
}

/** Sort orders of the catalogue search. */
export const CATALOGUE_SEARCH_SORTS = ['relevance', 'updated', 'code'] as const;
export type CatalogueSearchSort = (typeof CATALOGUE_SEARCH_SORTS)[number];

/** The catalogue search's query, in typed values (every list: any of its values). */
export type CatalogueSearchParams = {
  q?: string;
  sector?: readonly string[];
  modality?: readonly string[];
  openType?: readonly string[];
  dataLevel?: readonly string[];
  annotationStatus?: readonly string[];
  agencyId?: readonly string[];
  county?: readonly string[];
  sort?: CatalogueSearchSort;
  offset?: number;
  limit?: number;
} & Audience;

/** A catalogue hit with a highlighted title, agency and a cropped description. */
export type CatalogueHit = CatalogueDocument & { highlight: Highlighted<'title' | 'agencyName' | 'description'> };

/** The facets of the catalogue page. */
export const CATALOGUE_FACETS = ['sector', 'modality', 'openType', 'annotationStatus', 'agencyId', 'county'] as const;

const CATALOGUE_SORT: Record<CatalogueSearchSort, string[] | undefined> = {
  relevance: undefined,
  updated: ['updatedAt:desc'],
  code: ['code:asc'],
};

/** Searches the published catalogue entries, with disjunctive facet counts. */
export async function searchCatalogue(search: SearchService, p: CatalogueSearchParams): Promise<SearchPage<CatalogueHit>> {
  const { offset, limit } = window(p);
  const q = queryText(p.q);
  const parts = {
    facets: [
      { name: 'sector', filter: f.anyOf('sector', p.sector ?? []) },
      { name: 'modality', filter: f.anyOf('modality', p.modality ?? []) },
      { name: 'openType', filter: f.anyOf('openType', p.openType ?? []) },
      { name: 'annotationStatus', filter: f.anyOf('annotationStatus', p.annotationStatus ?? []) },
      { name: 'agencyId', filter: f.anyOf('agencyId', p.agencyId ?? []) },
      { name: 'county', filter: f.anyOf('county', p.county ?? []) },
    ],
    fixed: f.and(visibleTo(p), f.anyOf('dataLevel', p.dataLevel ?? [])),
  };
  const fields = ['title', 'agencyName', 'description'] as const;
  const base: SearchParams = {
    offset,
    limit,
    sort: CATALOGUE_SORT[p.sort ?? 'relevance'] ?? (q ? undefined : ['updatedAt:desc']),
    attributesToHighlight: [...fields],
    attributesToCrop: ['description'],
    cropLength: 40,
    ...HIGHLIGHT,
  };
  const { page, facets } = await faceted<CatalogueDocument>(search, search.uid('catalogue'), q, base, parts, CATALOGUE_FACETS);
  return {
    hits: page.hits.map((h) => ({ ...strip(h), highlight: highlighted(h, fields) })) as CatalogueHit[],
    total: page.estimatedTotalHits ?? page.hits.length,
    offset,
    limit,
    facets,
    facetStats: {},
    processingTimeMs: page.processingTimeMs,
  };
}

/** One group of the global search. */
export type SearchGroup<H> = { hits: H[]; total: number };

/** The global search box's answer: the best few of every index. */
export type GlobalSearch = {
  orders: SearchGroup<OrderHit>;
  vendors: SearchGroup<VendorHit>;
  catalogue: SearchGroup<CatalogueHit>;
  policyServices: SearchGroup<PolicyServiceDocument & { highlight: Highlighted<'name' | 'summary'> }>;
  processingTimeMs: number;
};

/** Searches all four indexes at once (one multi-search request), grouped by index. */
export async function searchEverything(
  search: SearchService,
  p: { q: string; limit?: number; now?: Date } & Audience,
): Promise<GlobalSearch> {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 5), 1), 20);
  const q = queryText(p.q);
  const now = p.now ?? new Date();
  const query = (name: IndexName, highlight: string[], crop: string[], extra: SearchParams = {}): MultiSearchQuery => ({
    indexUid: search.uid(name),
    q,
    limit,
    ...CHINESE,
    attributesToHighlight: highlight,
    attributesToCrop: crop,
    cropLength: 30,
    ...HIGHLIGHT,
    ...extra,
    filter: f.and(visibleTo(p), extra.filter as string | undefined) || undefined,
  });
  const started = performance.now();
  const { results } = await search.queryClient.multiSearch({
    queries: [
      query('orders', ['title', 'buyerName', 'description'], ['description']),
      query('vendors', ['name'], [], { filter: verifiedNow(now) }),
      query('catalogue', ['title', 'agencyName', 'description'], ['description']),
      query('policy_services', ['name', 'summary'], ['summary']),
    ],
  });
  const group = <H>(i: number, fields: string[]) => {
    const r = results[i];
    return {
      hits: (r?.hits ?? []).map((h) => ({ ...strip(h), highlight: highlighted(h, fields) })) as H[],
      total: r?.estimatedTotalHits ?? 0,
    };
  };
  return {
    orders: group(0, ['title', 'buyerName', 'description']),
    vendors: group(1, ['name']),
    catalogue: group(2, ['title', 'agencyName', 'description']),
    policyServices: group(3, ['name', 'summary']),
    processingTimeMs: Math.round(performance.now() - started),
  };
}

/** The document without Meilisearch's extra keys. */
function strip<T extends Record<string, unknown>>(hit: Hit<T>): T {
  const { _formatted, _matchesPosition, _rankingScore, _rankingScoreDetails, _federation, _geoDistance, _vectors, ...doc } =
    hit as Hit<T> & Record<string, unknown>;
  return doc as unknown as T;
}

/** A policy service hit with its highlighted name and summary. */
export type PolicyServiceHit = PolicyServiceDocument & { highlight: Highlighted<'name' | 'summary'> };

/** The policy service search's query (the /policy page): text, category and agencies. */
export type PolicyServiceSearchParams = {
  q?: string; category?: readonly string[]; agencies?: readonly string[]; offset?: number; limit?: number;
} & Audience;

const POLICY_FACETS = ['category', 'agencies'] as const;

/** Searches published policy services, with disjunctive facet counts of category and agency. */
export async function searchPolicyServices(search: SearchService, p: PolicyServiceSearchParams): Promise<SearchPage<PolicyServiceHit>> {
  const { offset, limit } = window(p);
  const parts = {
    facets: [
      { name: 'category', filter: f.anyOf('category', p.category ?? []) },
      { name: 'agencies', filter: f.anyOf('agencies', p.agencies ?? []) },
    ],
    fixed: visibleTo(p),
  };
  const base: SearchParams = {
    offset, limit, attributesToHighlight: ['name', 'summary'], attributesToCrop: ['summary'], cropLength: 40, ...HIGHLIGHT,
  };
  const { page, facets } = await faceted<PolicyServiceDocument>(search, search.uid('policy_services'), queryText(p.q), base, parts, POLICY_FACETS);
  return {
    hits: page.hits.map((h) => ({ ...strip(h), highlight: highlighted(h, ['name', 'summary']) })) as PolicyServiceHit[],
    total: page.estimatedTotalHits ?? page.hits.length,
    offset,
    limit,
    facets,
    facetStats: {},
    processingTimeMs: page.processingTimeMs,
  };
}
