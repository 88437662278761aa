import { ListingCuration } from './curation.ts';
import {
  AGENCY_KINDS, ANNOTATION_STATUSES, CATALOGUE_CODE_PATTERN, CATALOGUE_SECTORS, CATALOGUE_STATUSES, CATALOGUE_VIEWER_ACTIONS,
  COUNTY_CODES, type CatalogueViewerAction, DATA_LEVELS, MAX_CATALOGUE_CODE_LENGTH, MODALITIES, OPEN_TYPES, RAW_VOLUME_UNITS,
  SHARING_TYPES, TASK_TYPES, UPDATE_FREQUENCIES, VERIFICATION_STATUSES, normalizeCatalogueCode,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Phone } from './common.ts';
import { OrderListItem } from './orders.ts';
import { FacetCounts, listParam } from './search.ts';
import { longText, multiLine, singleLine } from './text.ts';
import { CATALOGUE_SORTS, MAX_CATALOGUE_SUMMARY_CHARS } from './vocabulary.ts';

// The public-data annotation catalogue (公共数据标注目录, DESIGN §2.6). CatalogueEntryInput is one entry as the
// secretariat writes it — the body of POST /catalogue and, per row, what an import validates.

/** A resource code as typed (spaces, lower case, full-width characters are normalised): LC-JY-0001. */
export const CatalogueCode = z
  .string()
  .overwrite(normalizeCatalogueCode)
  .min(1, 'a resource code is required')
  .max(MAX_CATALOGUE_CODE_LENGTH, `at most ${MAX_CATALOGUE_CODE_LENGTH} characters`)
  .regex(CATALOGUE_CODE_PATTERN, 'letters and digits in two to four groups joined by hyphens, e.g. LC-JY-0001');

/** An entry's raw volume: a whole number of a unit. */
export const CatalogueVolume = z.strictObject({
  quantity: z.number().int('a whole number').min(1).max(1_000_000_000_000_000),
  unit: z.enum(RAW_VOLUME_UNITS),
});
export type CatalogueVolume = z.infer<typeof CatalogueVolume>;

/** Whom to ask at the holding agency (shown to verified members only). */
export const CatalogueContact = z.strictObject({
  name: singleLine(1, 50),
  phone: Phone.nullable().default(null),
  email: z.email('an e-mail address').max(200).nullable().default(null),
});
export type CatalogueContact = z.infer<typeof CatalogueContact>;

const Tag = singleLine(1, 30);
const unique = <T>(xs: readonly T[]) => new Set(xs).size === xs.length;

// every field, without defaults: the create schema adds them, the patch must not (zod 4 fills defaults of absent keys)
const FIELDS = {
  code: CatalogueCode,
  title: singleLine(2, 200),
  summary: longText(MAX_CATALOGUE_SUMMARY_CHARS),
  agencyId: Id,
  sector: z.enum(CATALOGUE_SECTORS),
  modality: z.enum(MODALITIES),
  /** suggested annotation tasks */
  taskTypes: z.array(z.enum(TASK_TYPES)).max(TASK_TYPES.length).refine(unique, 'task types repeat'),
  volume: CatalogueVolume.nullable(),
  /** first day the data covers */
  coverageFrom: IsoDate.nullable(),
  /** last day the data covers */
  coverageTo: IsoDate.nullable(),
  updateFrequency: z.enum(UPDATE_FREQUENCIES),
  sharingType: z.enum(SHARING_TYPES),
  openType: z.enum(OPEN_TYPES),
  dataLevel: z.enum(DATA_LEVELS),
  containsPersonalInfo: z.boolean(),
  accessConditions: multiLine(0, 2000),
  annotationStatus: z.enum(ANNOTATION_STATUSES),
  county: z.enum(COUNTY_CODES).nullable(),
  tags: z.array(Tag).max(20).refine(unique, 'tags repeat'),
  contact: CatalogueContact.nullable(),
};

/** Coverage that ends before it starts is refused on the `coverageTo` field. */
export function coverageInOrder(e: { coverageFrom?: string | null; coverageTo?: string | null }, ctx: z.RefinementCtx): void {
  if (e.coverageFrom && e.coverageTo && e.coverageFrom > e.coverageTo) {
    ctx.addIssue({ code: 'custom', path: ['coverageTo'], message: 'the coverage ends before it starts' });
  }
}

/**
 * One catalogue entry as the secretariat writes it: the body of POST /catalogue, and what an import checks for
 * each row (map the file's labels to codes with packages/domain `codeOfLabel`, the agency's name to its id first).
 * Optional fields default: summary and access conditions empty, no volume or coverage, no personal information,
 * annotation status pending, no county, no tags, no contact.
 */
export const CatalogueEntryInput = z
  .strictObject({
    ...FIELDS,
    summary: FIELDS.summary.default(''),
    taskTypes: FIELDS.taskTypes.default([]),
    volume: FIELDS.volume.default(null),
    coverageFrom: FIELDS.coverageFrom.default(null),
    coverageTo: FIELDS.coverageTo.default(null),
    containsPersonalInfo: FIELDS.containsPersonalInfo.default(false),
    accessConditions: FIELDS.accessConditions.default(''),
    annotationStatus: FIELDS.annotationStatus.default('pending'),
    county: FIELDS.county.default(null),
    tags: FIELDS.tags.default([]),
    contact: FIELDS.contact.default(null),
  })
  .superRefine(coverageInOrder);
export type CatalogueEntryInput = z.infer<typeof CatalogueEntryInput>;

/**
 * PATCH /catalogue/{id}: changes to an entry's fields (null clears). The code may change only until the entry is
 * first published; the annotation status has its own request. `version`: refuse the change if the entry has moved on.
 */
export const UpdateCatalogueEntryRequest = z
  .strictObject({ ...Object.fromEntries(Object.entries(FIELDS).filter(([k]) => k !== 'annotationStatus')) as Omit<typeof FIELDS, 'annotationStatus'> })
  .partial()
  .extend({ version: z.number().int().min(1).optional() })
  .refine((o) => Object.keys(o).some((k) => k !== 'version'), { message: 'nothing to change' })
  .superRefine(coverageInOrder);
export type UpdateCatalogueEntryRequest = z.infer<typeof UpdateCatalogueEntryRequest>;

/** POST /catalogue/{id}/annotation-status: the secretariat confirms 已完成 or corrects the status, with a note. */
export const SetAnnotationStatusRequest = z.strictObject({
  status: z.enum(ANNOTATION_STATUSES),
  note: multiLine(2, 500).optional(),
});
export type SetAnnotationStatusRequest = z.infer<typeof SetAnnotationStatusRequest>;

// ---------------------------------------------------------------------------------------------------------
// Agencies

/** An agency that holds public data. */
export const Agency = z.object({
  id: Id,
  name: z.string(),
  /** what people call it: 市大数据局 */
  shortName: z.string().nullable(),
  nameEn: z.string().nullable(),
  kind: z.enum(AGENCY_KINDS),
  county: z.enum(COUNTY_CODES).nullable(),
});
export type Agency = z.infer<typeof Agency>;
export const AgencyList = z.object({ items: z.array(Agency) });
export type AgencyList = z.infer<typeof AgencyList>;

const AGENCY_FIELDS = {
  name: singleLine(2, 100),
  shortName: singleLine(1, 30).nullable(),
  nameEn: singleLine(2, 200).nullable(),
  kind: z.enum(AGENCY_KINDS),
  county: z.enum(COUNTY_CODES).nullable(),
};
/** POST /catalogue/agencies: a new agency (names unique). */
export const CreateAgencyRequest = z.strictObject({
  ...AGENCY_FIELDS,
  shortName: AGENCY_FIELDS.shortName.default(null),
  nameEn: AGENCY_FIELDS.nameEn.default(null),
  county: AGENCY_FIELDS.county.default(null),
});
export type CreateAgencyRequest = z.infer<typeof CreateAgencyRequest>;
/** PATCH /catalogue/agencies/{id}. */
export const UpdateAgencyRequest = z
  .strictObject(AGENCY_FIELDS)
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change' });
export type UpdateAgencyRequest = z.infer<typeof UpdateAgencyRequest>;

// ---------------------------------------------------------------------------------------------------------
// Interest

/** PUT /catalogue/{id}/interest: a verified vendor's interest, with what it could put on the data. */
export const CatalogueInterestRequest = z.strictObject({
  note: multiLine(0, 1000).default(''),
  /** annotators the firm would put on the data */
  headcount: z.number().int().min(1).max(100_000),
  /** items a day it could deliver */
  dailyItems: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
});
export type CatalogueInterestRequest = z.infer<typeof CatalogueInterestRequest>;

/** A vendor's interest in an entry. */
export const CatalogueInterest = z.object({
  entryId: Id,
  vendorOrgId: Id,
  note: z.string(),
  headcount: z.number().int(),
  dailyItems: z.number().int().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type CatalogueInterest = z.infer<typeof CatalogueInterest>;

/** A lead as the secretariat sees it: the interest with the vendor, its contact and its standing. */
export const CatalogueLead = CatalogueInterest.extend({
  vendorName: z.string(),
  vendorCounty: z.enum(COUNTY_CODES).nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  verificationStatus: z.enum(VERIFICATION_STATUSES).nullable(),
});
export type CatalogueLead = z.infer<typeof CatalogueLead>;
export const CatalogueLeadList = z.object({ items: z.array(CatalogueLead) });
export type CatalogueLeadList = z.infer<typeof CatalogueLeadList>;

/** GET /catalogue/interests/mine: the calling vendor's interests with their entries, most recent first. */
export const MyCatalogueInterestList = z.object({
  items: z.array(CatalogueInterest.extend({ entryCode: z.string(), entryTitle: z.string(), entryStatus: z.enum(CATALOGUE_STATUSES) })),
});
export type MyCatalogueInterestList = z.infer<typeof MyCatalogueInterestList>;

// ---------------------------------------------------------------------------------------------------------
// Entries as the API shows them

/** What the caller may do with the entry now: packages/domain `catalogueActions`. */
export const CataloguePermissions = z.object(
  Object.fromEntries(CATALOGUE_VIEWER_ACTIONS.map((a) => [a, z.boolean()])) as Record<CatalogueViewerAction, z.ZodBoolean>,
);
export type CataloguePermissions = z.infer<typeof CataloguePermissions>;

const AgencyRef = Agency.omit({ county: true });

/** A catalogue entry as the API shows it. */
export const CatalogueEntry = z.object({
  id: Id,
  code: z.string(),
  title: z.string(),
  /** the Markdown as written */
  summary: z.string(),
  /** the Markdown rendered and sanitised */
  summaryHtml: z.string(),
  agency: AgencyRef,
  sector: z.enum(CATALOGUE_SECTORS),
  modality: z.enum(MODALITIES),
  taskTypes: z.array(z.enum(TASK_TYPES)),
  volume: CatalogueVolume.nullable(),
  coverageFrom: IsoDate.nullable(),
  coverageTo: IsoDate.nullable(),
  updateFrequency: z.enum(UPDATE_FREQUENCIES),
  sharingType: z.enum(SHARING_TYPES),
  openType: z.enum(OPEN_TYPES),
  dataLevel: z.enum(DATA_LEVELS),
  containsPersonalInfo: z.boolean(),
  accessConditions: z.string(),
  annotationStatus: z.enum(ANNOTATION_STATUSES),
  county: z.enum(COUNTY_CODES).nullable(),
  tags: z.array(z.string()),
  /** null when none is given, or when the caller may not see it (`permissions.seeContact`) */
  contact: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  status: z.enum(CATALOGUE_STATUSES),
  /** first publication */
  publishedAt: IsoDateTime.nullable(),
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: z.number().int(),
  /** vendors that registered interest */
  interestCount: z.number().int(),
  /** orders started from the entry that the caller may see */
  orderCount: z.number().int(),
  /** the calling vendor's own interest */
  myInterest: CatalogueInterest.nullable(),
  permissions: CataloguePermissions,
  /** the secretariat's curation, for its owner and the secretariat (absent for others and when never curated) */
  curation: ListingCuration.optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

/** An entry in a list. */
export const CatalogueListItem = CatalogueEntry.pick({
  id: true, code: true, title: true, agency: true, sector: true, modality: true, taskTypes: true, volume: true, updateFrequency: true,
  openType: true, dataLevel: true, annotationStatus: true, county: true, tags: true, status: true, publishedAt: true, updatedAt: true,
}).extend({
  /** search hits: HTML-escaped text with <mark> around the matches */
  highlight: z.record(z.string(), z.string()).optional(),
});
export type CatalogueListItem = z.infer<typeof CatalogueListItem>;


/**
 * GET /catalogue: published entries by text, facets (sector, modality, openType, annotationStatus, agencyId, county)
 * and sort. The secretariat also lists drafts and archived entries (`status`).
 */
export const CatalogueListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  sector: listParam(z.enum(CATALOGUE_SECTORS), CATALOGUE_SECTORS.length),
  modality: listParam(z.enum(MODALITIES), MODALITIES.length),
  openType: listParam(z.enum(OPEN_TYPES), OPEN_TYPES.length),
  dataLevel: listParam(z.enum(DATA_LEVELS), DATA_LEVELS.length),
  annotationStatus: listParam(z.enum(ANNOTATION_STATUSES), ANNOTATION_STATUSES.length),
  agencyId: listParam(Id, 50),
  county: listParam(z.enum(COUNTY_CODES), COUNTY_CODES.length),
  /** the secretariat only: entries in these statuses (default published) */
  status: listParam(z.enum(CATALOGUE_STATUSES), CATALOGUE_STATUSES.length),
  sort: z.enum(CATALOGUE_SORTS).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type CatalogueListQuery = z.infer<typeof CatalogueListQuery>;

/** A page of entries; with search, the total and the facet counts (null when listed from the database). */
export const CatalogueListing = z.object({
  items: z.array(CatalogueListItem),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
  facets: FacetCounts.nullable(),
});
export type CatalogueListing = z.infer<typeof CatalogueListing>;

/** GET /catalogue/{id}/orders: the orders started from the entry that the caller may see, newest first. */
export const CatalogueOrderList = z.object({ items: z.array(OrderListItem) });
export type CatalogueOrderList = z.infer<typeof CatalogueOrderList>;

/** GET /catalogue/next-code?sector=: the next free resource code of a sector. */
export const NextCatalogueCodeQuery = z.object({ sector: z.enum(CATALOGUE_SECTORS) });
export const NextCatalogueCode = z.object({ code: z.string() });
