import {
  BIDDING_MODES, CERTIFICATIONS, COUNTY_CODES, MAX_FEN, MODALITIES, ORDER_STATUSES, REVENUE_BANDS, SECURITY_LEVELS,
  TASK_TYPES, VOLUME_UNITS, WORK_LOCATIONS,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit } from './common.ts';
import { ORDER_SEARCH_SORTS, VENDOR_SEARCH_SORTS } from './vocabulary.ts';

// Search (DESIGN §5): the global search box, the order search and the vendor directory.
// List parameters accept `a,b` as well as repeated parameters (`?taskTypes=a&taskTypes=b`).

/** A query parameter holding a list (`a,b` or repeated), at most `max` values, each checked by `item`. */
export const listParam = <T extends z.ZodType>(item: T, max: number) =>
  z
    .preprocess(
      (v) =>
        v === undefined
          ? undefined
          : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean),
      z.array(item).max(max),
    )
    .optional();

/** A query parameter holding a list of enum values. */
const list = <const T extends readonly [string, ...string[]]>(values: T) => listParam(z.enum(values), values.length);

const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();
const QueryText = z.string().trim().max(200);
const fen = z.coerce.number('money is a number of fen').int('money is a whole number of fen').min(0, 'a budget cannot be negative').max(MAX_FEN);

/** A budget range whose minimum is above its maximum matches nothing: say so instead of answering an empty page. */
export function budgetInOrder(q: { budgetMin?: number; budgetMax?: number }, ctx: z.RefinementCtx): void {
  if (q.budgetMin !== undefined && q.budgetMax !== undefined && q.budgetMin > q.budgetMax) {
    ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'budgetMax must not be below budgetMin' });
  }
}

/** Highlighted fields: HTML-escaped text with <mark> around the matches (safe to insert as HTML). */
const Highlight = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.string().optional()])) as Record<K, z.ZodOptional<z.ZodString>>);

/** An order as search shows it: public fields only. */
export const OrderSearchHit = z.object({
  id: Id,
  title: z.string(),
  buyerOrgId: Id,
  buyerName: z.string(),
  /** the buyer's county, when it is in Liaocheng */
  county: z.enum(COUNTY_CODES).nullable(),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  tags: z.array(z.string()),
  status: z.enum(ORDER_STATUSES),
  biddingMode: z.enum(BIDDING_MODES),
  securityLevel: z.enum(SECURITY_LEVELS),
  workLocation: z.enum(WORK_LOCATIONS),
  budgetTotalFen: z.number().int().nullable(),
  unitPriceCeilingFen: z.number().int().nullable(),
  volume: z.object({ quantity: z.number().int(), unit: z.enum(VOLUME_UNITS) }).nullable(),
  requiredCertifications: z.array(z.enum(CERTIFICATIONS)),
  minHeadcount: z.number().int(),
  requiresSecureRoom: z.boolean(),
  publishedAt: IsoDateTime,
  bidDeadline: IsoDateTime.nullable(),
  deliveryDeadline: IsoDateTime.nullable(),
  highlight: Highlight(['title', 'buyerName', 'description'] as const),
});
export type OrderSearchHit = z.infer<typeof OrderSearchHit>;

/** A verified vendor as search shows it (never its contact person or phone). */
export const VendorSearchHit = z.object({
  id: Id,
  name: z.string(),
  county: z.enum(COUNTY_CODES).nullable(),
  modalities: z.array(z.enum(MODALITIES)),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  headcount: z.number().int(),
  /** certifications valid today */
  certifications: z.array(z.enum(CERTIFICATIONS)),
  secureRoom: z.boolean(),
  aboveDesignatedSize: z.boolean(),
  yearsActive: z.number().int(),
  revenueBand: z.enum(REVENUE_BANDS),
  /** items a day over all task types */
  dailyCapacity: z.number().int(),
  verifiedUntil: IsoDateTime,
  highlight: Highlight(['name'] as const),
});
export type VendorSearchHit = z.infer<typeof VendorSearchHit>;

/** A published catalogue entry as the global search shows it (never its contact). */
export const CatalogueSearchHit = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  agencyId: z.string(),
  /** the holding agency's name */
  agency: z.string(),
  agencyShortName: z.string().nullable(),
  sector: z.string(),
  modality: z.string(),
  openType: z.string(),
  annotationStatus: z.string(),
  county: z.string().nullable(),
  tags: z.array(z.string()),
  highlight: Highlight(['title', 'agencyName', 'description'] as const),
});
export type CatalogueSearchHit = z.infer<typeof CatalogueSearchHit>;

/** A policy service (办事指南) as search shows it. */
export const PolicyServiceSearchHit = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  agency: z.string(),
  tags: z.array(z.string()),
  highlight: Highlight(['name', 'summary'] as const),
});
export type PolicyServiceSearchHit = z.infer<typeof PolicyServiceSearchHit>;

/** Value → count for each facet. */
export const FacetCounts = z.record(z.string(), z.record(z.string(), z.number().int()));
export type FacetCounts = z.infer<typeof FacetCounts>;

const Group = <T extends z.ZodType>(hit: T) => z.object({ hits: z.array(hit), total: z.number().int() });

/** GET /search?q= — the global search box. */
export const GlobalSearchQuery = z.object({
  q: QueryText.min(1, 'type something to search for'),
  /** hits per group */
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type GlobalSearchQuery = z.infer<typeof GlobalSearchQuery>;

/** The global search's answer: the best hits of every index, grouped. */
export const GlobalSearchResult = z.object({
  q: z.string(),
  orders: Group(OrderSearchHit),
  vendors: Group(VendorSearchHit),
  catalogue: Group(CatalogueSearchHit),
  policyServices: Group(PolicyServiceSearchHit),
  processingTimeMs: z.number().int(),
});
export type GlobalSearchResult = z.infer<typeof GlobalSearchResult>;

/** The filters of GET /search/orders (the refined query below; GET /orders extends these). */
export const SearchOrdersFilters = z.object({
  q: QueryText.optional(),
  modality: list(MODALITIES),
  /** orders with any of these task types */
  taskTypes: list(TASK_TYPES),
  status: list(ORDER_STATUSES),
  securityLevel: list(SECURITY_LEVELS),
  /** the buyer's county */
  county: list(COUNTY_CODES),
  /** total budget at least, in fen */
  budgetMin: fen.optional(),
  /** total budget at most, in fen */
  budgetMax: fen.optional(),
  /** bid deadline before this instant */
  deadlineBefore: IsoDateTime.optional(),
  /** relevance (default with q), newest (default without), deadline (soonest first), budget_desc, budget_asc */
  sort: z.enum(ORDER_SEARCH_SORTS).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
/** GET /search/orders — published orders by text, filters and facets. */
export const SearchOrdersQuery = SearchOrdersFilters.superRefine(budgetInOrder);
export type SearchOrdersQuery = z.infer<typeof SearchOrdersQuery>;

/** A page of order search hits with the total and the facet counts. */
export const OrderSearchPage = z.object({
  items: z.array(OrderSearchHit),
  nextCursor: z.string().nullable(),
  /** matches in all (estimated beyond 1000) */
  total: z.number().int(),
  /** counts of modality, taskTypes, status, securityLevel, county, biddingMode, workLocation; a facet's own selection is ignored in its counts */
  facets: FacetCounts,
  /** the budget range of the matches, fen */
  budget: z.object({ min: z.number(), max: z.number() }).nullable(),
});
export type OrderSearchPage = z.infer<typeof OrderSearchPage>;

/** GET /vendors — the directory of verified vendors. */
export const VendorDirectoryQuery = z.object({
  q: QueryText.optional(),
  /** vendors handling every one of these */
  modalities: list(MODALITIES),
  /** vendors offering every one of these */
  taskTypes: list(TASK_TYPES),
  /** vendors in any of these counties */
  county: list(COUNTY_CODES),
  /** vendors holding every one of these, valid today */
  certifications: list(CERTIFICATIONS),
  minHeadcount: z.coerce.number().int().min(0).max(1_000_000).optional(),
  secureRoom: flag,
  aboveDesignatedSize: flag,
  sort: z.enum(VENDOR_SEARCH_SORTS).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type VendorDirectoryQuery = z.infer<typeof VendorDirectoryQuery>;

/** A page of the vendor directory with the total and the facet counts. */
export const VendorDirectoryPage = z.object({
  items: z.array(VendorSearchHit),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  /** counts of county, modalities, taskTypes, certifications, secureRoom, aboveDesignatedSize, revenueBand */
  facets: FacetCounts,
});
export type VendorDirectoryPage = z.infer<typeof VendorDirectoryPage>;

/** The search sync backlog as /readyz reports it. */
export const SearchSyncLag = z.object({
  /** changes not yet in the index */
  pending: z.number().int(),
  /** age of the oldest of them, seconds */
  oldestPendingSeconds: z.number(),
  /** of them, how many failed at least once (retried with backoff) */
  failing: z.number().int(),
});
export type SearchSyncLag = z.infer<typeof SearchSyncLag>;
