import type {
  CatalogueEntry, CatalogueEntryInput, CatalogueListQuery, CatalogueListing, CatalogueOrderList, SetAnnotationStatusRequest, Timeline,
  UpdateCatalogueEntryRequest,
} from '@annex/contracts';
import {
  CONSTRAINTS, type CatalogueEntryPatch, type CatalogueEntryRow, type CatalogueWriteFailure, agencies, audit, catalogue, catalogueInterests,
  isUniqueViolation,
} from '@annex/db';
import {
  type CatalogueStep, type CatalogueViewer, type TaskType, applyCatalogueStep, catalogueCodeEditable, cataloguePublishProblems, moveAnnotationStatus,
  nextCatalogueCode, normalizeCatalogueCode,
} from '@annex/domain';
import { searchCatalogue } from '@annex/search';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { auditActors, changesOf } from './audit-view.ts';
import {
  type LoadedEntry, actorOf, catalogueViewerOf, loadEntry, paged, toCatalogueEntry, toCatalogueListHit, toCatalogueListItem,
} from './catalogue-view.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { decodeCursor, nextCursor, unavailableOnFailure } from './search-paging.ts';
import { toOrderListItem } from './market-presenters.ts';
import { canSeeOrder, statusesOf, viewerOf } from './viewer.ts';

// The catalogue's entries (DESIGN §2.6): anyone reads published ones; the secretariat curates — creates, edits,
// publishes, unpublishes, archives, and moves the annotation status. Every write is audited by the repository.

const codeTaken = (code: string) =>
  new AppError('catalogue_code_taken', `the resource code ${code} is already used by another entry`, {
    errors: [{ path: 'code', message: 'already used by another entry' }],
  });

function writeFailure(f: CatalogueWriteFailure, what: string): AppError {
  if (f.reason === 'not_found') return new AppError('not_found', 'no catalogue entry with this id');
  if (f.reason === 'version_conflict') return new AppError('version_conflict', `the entry changed meanwhile (now version ${f.version}); reload it and try again`);
  return new AppError('invalid_transition', `cannot ${what} an entry that is ${f.status}`);
}

/** 422 unless the agency exists. */
async function requireAgency(deps: Deps, agencyId: string | undefined): Promise<void> {
  if (agencyId === undefined || (await agencies.getById(db(deps), agencyId))) return;
  throw new AppError('rule_violation', 'no agency with this id', { errors: [{ path: 'agencyId', message: 'choose an agency of the list' }] });
}

/** The orders started from the entry that this viewer may see, newest first. */
async function visibleOrders(deps: Deps, auth: AuthContext | null, entryId: string) {
  const viewer = viewerOf(auth);
  return (await catalogue.orders(db(deps), entryId)).filter((o) => canSeeOrder(o, viewer));
}

/** The entry page for this viewer. */
async function entryView(deps: Deps, auth: AuthContext | null, viewer: CatalogueViewer, row: LoadedEntry): Promise<CatalogueEntry> {
  const d = db(deps);
  const [counts, orders, myInterest] = await Promise.all([
    catalogueInterests.counts(d, [row.id]),
    visibleOrders(deps, auth, row.id),
    viewer.kind === 'vendor' ? catalogueInterests.get(d, row.id, viewer.orgId) : Promise.resolve(null),
  ]);
  return toCatalogueEntry(row, viewer, { interestCount: counts.get(row.id) ?? 0, orderCount: orders.length, myInterest });
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** GET /catalogue/{id}: anyone for a published entry; the secretariat for any. */
export async function getEntry(deps: Deps, auth: AuthContext | null, id: string): Promise<CatalogueEntry> {
  const viewer = await catalogueViewerOf(deps, auth);
  return entryView(deps, auth, viewer, await loadEntry(deps, viewer, id));
}

/** GET /catalogue/by-code/{code}: the same, by resource code (as typed: any letter case, full-width characters). */
export async function getEntryByCode(deps: Deps, auth: AuthContext | null, code: string): Promise<CatalogueEntry> {
  const viewer = await catalogueViewerOf(deps, auth);
  const row = await catalogue.getByCode(db(deps), normalizeCatalogueCode(code));
  return entryView(deps, auth, viewer, await loadEntry(deps, viewer, row?.id ?? ''));
}

/**
 * GET /catalogue: published entries through the catalogue search (text, facets, sort); the secretariat's lists of
 * other statuses from the database. Without search (down, or not configured) the database answers too: the words
 * matched as substrings, no facet counts.
 */
export async function listEntries(deps: Deps, auth: AuthContext | null, q: CatalogueListQuery): Promise<CatalogueListing> {
  const viewer = await catalogueViewerOf(deps, auth);
  const status = q.status?.length ? q.status : ['published' as const];
  const publishedOnly = status.every((s) => s === 'published');
  if (viewer.kind !== 'secretariat' && !publishedOnly) throw new AppError('forbidden', 'only the secretariat lists draft and archived entries');
  if (publishedOnly && deps.search) {
    const search = deps.search;
    const offset = decodeCursor(q.cursor);
    try {
      const page = await unavailableOnFailure(() => searchCatalogue(search, { ...q, offset, limit: q.limit, includeHidden: viewer.kind === 'secretariat' }));
      return { items: page.hits.map(toCatalogueListHit), nextCursor: nextCursor(page), total: page.total, facets: page.facets };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'search_unavailable')) throw err;
    }
  }
  const page = await paged(() =>
    catalogue.list(db(deps), { ...q, status, withoutHidden: viewer.kind !== 'secretariat' }, { sort: q.sort === 'code' ? 'code' : 'updated', cursor: q.cursor, limit: q.limit }),
  );
  return { items: page.items.map(toCatalogueListItem), nextCursor: page.nextCursor, total: null, facets: null };
}

/** GET /catalogue/{id}/orders: the orders started from the entry that the caller may see, with their status now. */
export async function listEntryOrders(deps: Deps, auth: AuthContext | null, id: string): Promise<CatalogueOrderList> {
  const viewer = await catalogueViewerOf(deps, auth);
  const entry = await loadEntry(deps, viewer, id);
  const rows = await visibleOrders(deps, auth, entry.id);
  const statuses = await statusesOf(deps, rows);
  return { items: rows.map((r, i) => toOrderListItem(r, statuses[i]!)) };
}

/** GET /catalogue/{id}/timeline: every change of the entry and of the interest in it — who, when, what (the secretariat). */
export async function entryTimeline(deps: Deps, auth: AuthContext, id: string): Promise<Timeline> {
  requireOrgKind(auth, 'secretariat', 'see the history of catalogue entries');
  const entry = await loadEntry(deps, { kind: 'secretariat' }, id);
  const d = db(deps);
  const rows = await audit.listForEntity(d, 'catalogue_entry', entry.id);
  const { orgs, people } = await auditActors(d, rows);
  return {
    items: rows.map((e) => {
      const org = e.actorOrgId ? (orgs.get(e.actorOrgId) ?? null) : null;
      return {
        id: String(e.id), at: e.at.toISOString(), action: e.action,
        actor: { kind: org?.kind ?? 'system', orgName: org?.name ?? null, userName: e.actorUserId ? (people.get(e.actorUserId) ?? null) : null },
        ...changesOf(e),
      };
    }),
  };
}

/** GET /catalogue/next-code: the next free code of a sector (the editor proposes it). */
export async function nextCode(deps: Deps, auth: AuthContext, sector: Parameters<typeof nextCatalogueCode>[0]): Promise<{ code: string }> {
  requireOrgKind(auth, 'secretariat', 'assign resource codes');
  const prefix = nextCatalogueCode(sector, []).slice(0, -4);
  return { code: nextCatalogueCode(sector, await catalogue.codesStartingWith(db(deps), prefix)) };
}

// ---------------------------------------------------------------------------------------------------------
// Writing (the secretariat)

/** POST /catalogue: a new entry, as a draft. */
export async function createEntry(deps: Deps, auth: AuthContext, body: CatalogueEntryInput, meta: RequestMeta): Promise<CatalogueEntry> {
  requireOrgKind(auth, 'secretariat', 'curate the catalogue');
  await requireAgency(deps, body.agencyId);
  let row: CatalogueEntryRow;
  try {
    row = await catalogue.create(db(deps), body, actorOf(auth, meta));
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.catalogueEntriesCode)) throw codeTaken(body.code);
    throw err;
  }
  return entryView(deps, auth, { kind: 'secretariat' }, row);
}

/** PATCH /catalogue/{id}: changes an entry's fields; the code only until the entry is first published. */
export async function updateEntry(
  deps: Deps,
  auth: AuthContext,
  id: string,
  body: UpdateCatalogueEntryRequest,
  meta: RequestMeta,
): Promise<CatalogueEntry> {
  requireOrgKind(auth, 'secretariat', 'curate the catalogue');
  const viewer: CatalogueViewer = { kind: 'secretariat' };
  const cur = await loadEntry(deps, viewer, id);
  const { version, ...fields } = body;
  const patch = fields as CatalogueEntryPatch;
  if (patch.code !== undefined && patch.code !== cur.code && !catalogueCodeEditable(cur)) {
    throw new AppError('rule_violation', 'the resource code of an entry that has been published cannot change', {
      errors: [{ path: 'code', message: 'fixed since the entry was first published' }],
    });
  }
  const from = patch.coverageFrom !== undefined ? patch.coverageFrom : cur.coverageFrom;
  const to = patch.coverageTo !== undefined ? patch.coverageTo : cur.coverageTo;
  if (from && to && from > to) {
    throw new AppError('rule_violation', 'the coverage ends before it starts', { errors: [{ path: 'coverageTo', message: 'before coverageFrom' }] });
  }
  if (cur.status === 'published') publishable({ ...cur, ...patch });
  await requireAgency(deps, patch.agencyId);
  let r: Awaited<ReturnType<typeof catalogue.update>>;
  try {
    r = await catalogue.update(db(deps), id, patch, actorOf(auth, meta), { expectedVersion: version });
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.catalogueEntriesCode)) throw codeTaken(patch.code ?? '');
    throw err;
  }
  if (!r.ok) throw writeFailure(r, 'edit');
  return entryView(deps, auth, viewer, r.row);
}

/** 422 when a published entry would lack what publication needs. */
function publishable(e: { summary: string; taskTypes: readonly TaskType[] }): void {
  const missing = cataloguePublishProblems(e);
  if (missing.length === 0) return;
  throw new AppError('rule_violation', `a published entry needs ${missing.join(' and ')}`, {
    errors: missing.map((path) => ({ path, message: 'required in a published entry' })),
  });
}

/** POST /catalogue/{id}/publish | unpublish | archive: a step of the lifecycle. */
export async function stepEntry(deps: Deps, auth: AuthContext, id: string, step: CatalogueStep, meta: RequestMeta): Promise<CatalogueEntry> {
  requireOrgKind(auth, 'secretariat', 'curate the catalogue');
  const viewer: CatalogueViewer = { kind: 'secretariat' };
  const cur = await loadEntry(deps, viewer, id);
  if (!applyCatalogueStep(cur.status, step).ok) throw new AppError('invalid_transition', `cannot ${step} an entry that is ${cur.status}`);
  if (step === 'publish') publishable(cur);
  const r = await catalogue.transition(db(deps), id, step, actorOf(auth, meta));
  if (!r.ok) throw writeFailure(r, step);
  return entryView(deps, auth, viewer, r.row);
}

/** POST /catalogue/{id}/annotation-status: the secretariat confirms 已完成, or corrects the status. */
export async function setAnnotationStatus(
  deps: Deps,
  auth: AuthContext,
  id: string,
  body: SetAnnotationStatusRequest,
  meta: RequestMeta,
): Promise<CatalogueEntry> {
  requireOrgKind(auth, 'secretariat', 'set the annotation status');
  const viewer: CatalogueViewer = { kind: 'secretariat' };
  const cur = await loadEntry(deps, viewer, id);
  if (!moveAnnotationStatus(cur.annotationStatus, body.status, 'secretariat').ok) {
    throw new AppError('invalid_transition', `the annotation status is ${cur.annotationStatus} already`);
  }
  const r = await catalogue.setAnnotationStatus(db(deps), id, body.status, 'secretariat', actorOf(auth, meta), { note: body.note ?? null });
  if (!r.ok) throw writeFailure(r, 'move the annotation status of');
  return entryView(deps, auth, viewer, r.row);
}
