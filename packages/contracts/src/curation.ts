import { CURATION_ACTIONS, CURATION_REASON_MAX, DESK_QUEUES, LISTING_KINDS, TARGET_HOURS_MAX, TARGET_HOURS_MIN } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page } from './common.ts';

// The secretariat's curation of public listings, its desk of queues, and the full audit log (issue 10 items 5, 6).

export const ListingKind = z.enum(LISTING_KINDS);
export type ListingKind = z.infer<typeof ListingKind>;
export const CurationAction = z.enum(CURATION_ACTIONS);
export type CurationAction = z.infer<typeof CurationAction>;

/** POST /admin/curation: feature, unfeature, hide or unhide a listing, always with a reason. */
export const CurateListingRequest = z.strictObject({
  kind: ListingKind,
  listingId: Id,
  action: CurationAction,
  reason: z.string().trim().min(1, 'a reason is required').max(CURATION_REASON_MAX),
});
export type CurateListingRequest = z.infer<typeof CurateListingRequest>;

/** A listing's curation as its owner and the secretariat see it on the listing (its page shows a banner). */
export const ListingCuration = z.object({
  featured: z.boolean(),
  hidden: z.boolean(),
  reason: z.string().nullable(),
  updatedAt: IsoDateTime.nullable(),
});
export type ListingCuration = z.infer<typeof ListingCuration>;

/** A listing with its curation and the changes open on it now. */
export const CuratedListing = ListingCuration.extend({
  kind: ListingKind,
  listingId: Id,
  /** null: the listing no longer exists */
  title: z.string().nullable(),
  /** whether the public could see it were it not hidden (only such a listing can be featured) */
  isPublic: z.boolean(),
  actions: z.array(CurationAction),
});
export type CuratedListing = z.infer<typeof CuratedListing>;

export const CuratedListingPage = Page(CuratedListing);
export type CuratedListingPage = z.infer<typeof CuratedListingPage>;

/** GET /admin/curation: the listings featured or hidden now, last changed first. */
export const CurationListQuery = z.object({
  kind: ListingKind.optional(),
  state: z.enum(['featured', 'hidden']).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type CurationListQuery = z.infer<typeof CurationListQuery>;

export const CurationParams = z.object({ kind: ListingKind, id: Id });

/** A featured listing on the home page. */
export const FeaturedItem = z.object({ id: Id, title: z.string(), featuredAt: IsoDateTime });
export type FeaturedItem = z.infer<typeof FeaturedItem>;

/** GET /featured: what the secretariat features, by kind, most recently featured first. */
export const FeaturedListings = z.object({
  orders: z.array(FeaturedItem),
  vendors: z.array(FeaturedItem),
  catalogue: z.array(FeaturedItem),
  policyServices: z.array(FeaturedItem),
});
export type FeaturedListings = z.infer<typeof FeaturedListings>;

/** GET /sitemap: every public listing that is not hidden, for the web's /sitemap.xml. */
export const SitemapListing = z.object({ kind: ListingKind, id: Id, lastModified: IsoDateTime });
export type SitemapListing = z.infer<typeof SitemapListing>;
export const Sitemap = z.object({ items: z.array(SitemapListing) });
export type Sitemap = z.infer<typeof Sitemap>;

// ---------------------------------------------------------------------------------------------------------
// The desk

const DeskQueueSchema = z.enum(DESK_QUEUES);
const AgeBandSchema = z.enum(['on_time', 'due_soon', 'late']);

/** One waiting item of a queue (the oldest few are listed). */
export const DeskItem = z.object({
  /** the item's id: the organisation, order, objection, case, dispute, catalogue entry … */
  id: z.string(),
  /** the order the item belongs to, where it does (objections, disputes): the desk opens it there */
  orderId: Id.nullable(),
  title: z.string(),
  since: IsoDateTime,
  ageSeconds: z.number().int(),
  band: AgeBandSchema,
});
export type DeskItem = z.infer<typeof DeskItem>;

/** One queue of the desk: how many wait, the oldest, and the target the secretariat set. */
export const DeskQueueSummary = z.object({
  queue: DeskQueueSchema,
  /** false: the queue's source is not there yet (e.g. late statistics before the reporting periods exist) */
  available: z.boolean(),
  count: z.number().int(),
  /** how many have waited longer than the target */
  lateCount: z.number().int(),
  oldestSince: IsoDateTime.nullable(),
  oldestAgeSeconds: z.number().int().nullable(),
  targetHours: z.number().int(),
  /** the oldest item's band (null: the queue is empty) */
  band: AgeBandSchema.nullable(),
  items: z.array(DeskItem),
});
export type DeskQueueSummary = z.infer<typeof DeskQueueSummary>;

export const Desk = z.object({ queues: z.array(DeskQueueSummary), at: IsoDateTime });
export type Desk = z.infer<typeof Desk>;

/** PUT /admin/desk/service-levels: targets (hours) per queue; queues left out keep theirs. */
export const SetServiceLevels = z.strictObject({
  targets: z.partialRecord(DeskQueueSchema, z.number().int().min(TARGET_HOURS_MIN).max(TARGET_HOURS_MAX)),
});
export type SetServiceLevels = z.infer<typeof SetServiceLevels>;

// ---------------------------------------------------------------------------------------------------------
// The full audit log

const Word = z.string().trim().regex(/^[a-z][a-z0-9_.]{0,79}\*?$/, 'letters, digits, _ and . (a trailing * matches the beginning)');

/** GET /admin/audit (and its CSV export): every filter optional; `action` ending in * matches a prefix (curation.*). */
export const AuditQuery = z.object({
  actorUserId: Id.optional(),
  actorOrgId: Id.optional(),
  entityType: z.string().trim().regex(/^[a-z_]{1,40}$/).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  action: Word.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One audit record as the secretariat reads it. */
export const AuditRecord = z.object({
  id: z.string(),
  at: IsoDateTime,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  actor: z.object({
    userId: Id.nullable(),
    userName: z.string().nullable(),
    orgId: Id.nullable(),
    orgName: z.string().nullable(),
    /** system: a step the platform took by itself (the scheduler) */
    kind: z.string(),
  }),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditPage = Page(AuditRecord);
export type AuditPage = z.infer<typeof AuditPage>;
