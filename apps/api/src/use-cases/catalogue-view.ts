import type { CatalogueEntry, CatalogueInterest, CatalogueListItem, ListingCuration } from '@annex/contracts';
import { type CatalogueActor, type CatalogueEntryRow, type CatalogueInterestRow, InvalidCursorError, catalogue, organisations } from '@annex/db';
import {
  type AgencyKind, type AnnotationStatus, type CatalogueSector, type CatalogueViewer, type DataLevel, type Modality, type OpenType,
  type RawVolumeUnit, type TaskType, type UpdateFrequency, catalogueActions, catalogueContactVisible, catalogueEntryVisible, isVendorActive,
} from '@annex/domain';
import type { CatalogueHit } from '@annex/search';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { curationForPage } from './curation-view.ts';

// What the catalogue's use cases share: who is looking (in the domain's terms), loading an entry the viewer may
// see, the audit actor, and the entry's public forms.

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** Who is looking at the catalogue; a vendor's standing is read now (verification may have lapsed). */
export async function catalogueViewerOf(deps: Deps, auth: AuthContext | null): Promise<CatalogueViewer> {
  const m = auth?.membership;
  if (!m) return { kind: 'public' };
  if (m.kind === 'secretariat') return { kind: 'secretariat' };
  if (m.kind === 'buyer') return { kind: 'buyer', orgId: m.orgId };
  const org = await organisations.findById(db(deps), m.orgId);
  const active = org?.verification ? isVendorActive(org.verification, deps.now()) : false;
  return { kind: 'vendor', orgId: m.orgId, active };
}

/** A catalogue entry with its curation (for the secretariat, when featured or hidden). */
export type LoadedEntry = CatalogueEntryRow & { curation?: ListingCuration };

/**
 * The entry, if this viewer may know it exists (drafts and archived entries are the secretariat's, and so are the
 * entries it hides); 404 otherwise.
 */
export async function loadEntry(deps: Deps, viewer: CatalogueViewer, id: string): Promise<LoadedEntry> {
  const row = await catalogue.getById(db(deps), id);
  if (!row || !catalogueEntryVisible(row.status, viewer)) throw new AppError('not_found', 'no catalogue entry with this id');
  const curation = await curationForPage(db(deps), 'catalogue_entry', row.id, viewer, null);
  return curation ? { ...row, curation } : row;
}

/** The audit actor of a request. */
export const actorOf = (auth: AuthContext, meta: RequestMeta | null): CatalogueActor => ({
  userId: auth.user.id, orgId: auth.membership?.orgId ?? null, requestId: meta?.requestId ?? null,
});

/** Runs a listing, turning a cursor this API did not issue into 400. */
export async function paged<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** An interest as the API shows it. */
export function toCatalogueInterest(r: CatalogueInterestRow): CatalogueInterest {
  return {
    entryId: r.entryId, vendorOrgId: r.vendorOrgId, note: r.note, headcount: r.headcount, dailyItems: r.dailyItems,
    createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  };
}

const agencyOf = (r: CatalogueEntryRow) => ({
  id: r.agency.id, name: r.agency.name, shortName: r.agency.shortName, nameEn: r.agency.nameEn, kind: r.agency.kind,
});

/** An entry in a list. */
export function toCatalogueListItem(r: CatalogueEntryRow): CatalogueListItem {
  return {
    id: r.id, code: r.code, title: r.title, agency: agencyOf(r), sector: r.sector, modality: r.modality, taskTypes: r.taskTypes,
    volume: r.volume, updateFrequency: r.updateFrequency, openType: r.openType, dataLevel: r.dataLevel,
    annotationStatus: r.annotationStatus, county: r.county as CatalogueListItem['county'], tags: r.tags, status: r.status,
    publishedAt: isoOrNull(r.publishedAt), updatedAt: iso(r.updatedAt),
  };
}

const fromSeconds = (s: number) => new Date(s * 1000).toISOString();

/** A catalogue search hit in the list's form (the index holds published entries only). */
export function toCatalogueListHit(h: CatalogueHit): CatalogueListItem {
  const highlight = Object.fromEntries(Object.entries(h.highlight).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    id: h.id, code: h.code, title: h.title,
    agency: { id: h.agencyId, name: h.agencyName, shortName: h.agencyShortName, nameEn: h.agencyNameEn, kind: h.agencyKind as AgencyKind },
    sector: h.sector as CatalogueSector, modality: h.modality as Modality, taskTypes: h.taskTypes as TaskType[],
    volume: h.volumeQuantity !== null && h.volumeUnit !== null ? { quantity: h.volumeQuantity, unit: h.volumeUnit as RawVolumeUnit } : null,
    updateFrequency: h.updateFrequency as UpdateFrequency, openType: h.openType as OpenType, dataLevel: h.dataLevel as DataLevel,
    annotationStatus: h.annotationStatus as AnnotationStatus, county: h.county as CatalogueListItem['county'], tags: h.tags,
    status: 'published', publishedAt: h.publishedAt === null ? null : fromSeconds(h.publishedAt), updatedAt: fromSeconds(h.updatedAt),
    highlight,
  };
}

/** An entry for this viewer: its contact only where the domain shows it, what the viewer may do, its counts. */
export function toCatalogueEntry(
  r: LoadedEntry,
  viewer: CatalogueViewer,
  x: { interestCount: number; orderCount: number; myInterest: CatalogueInterestRow | null },
): CatalogueEntry {
  return {
    ...toCatalogueListItem(r),
    summary: r.summary,
    summaryHtml: renderMarkdown(r.summary),
    coverageFrom: r.coverageFrom,
    coverageTo: r.coverageTo,
    sharingType: r.sharingType,
    containsPersonalInfo: r.containsPersonalInfo,
    accessConditions: r.accessConditions,
    contact: catalogueContactVisible(viewer) ? r.contact : null,
    archivedAt: isoOrNull(r.archivedAt),
    createdAt: iso(r.createdAt),
    version: r.version,
    interestCount: x.interestCount,
    orderCount: x.orderCount,
    myInterest: x.myInterest ? toCatalogueInterest(x.myInterest) : null,
    permissions: catalogueActions(r, viewer),
    ...(r.curation ? { curation: r.curation } : {}),
  };
}
