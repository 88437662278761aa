import type { CatalogueInterest, CatalogueInterestRequest, CatalogueLeadList, MyCatalogueInterestList } from '@annex/contracts';
import { catalogueInterests } from '@annex/db';
import { catalogueActions } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { actorOf, catalogueViewerOf, loadEntry, toCatalogueInterest } from './catalogue-view.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';

// Vendors' interest in catalogue entries: a verified vendor says it would annotate an entry's data (with a note and
// the people it could put on it); the secretariat sees these leads per entry; the vendors hear of orders made from it.

/** The calling vendor's entry, if it may register interest now (published, the vendor verified). */
async function interestEntry(deps: Deps, auth: AuthContext, id: string) {
  requireOrgKind(auth, 'vendor', 'register interest in catalogue entries');
  const viewer = await catalogueViewerOf(deps, auth);
  const entry = await loadEntry(deps, viewer, id);
  if (viewer.kind !== 'vendor') throw new AppError('forbidden', 'only vendors register interest');
  return { entry, viewer };
}

/** PUT /catalogue/{id}/interest: a verified vendor registers (or changes) its interest. */
export async function putInterest(
  deps: Deps,
  auth: AuthContext,
  id: string,
  body: CatalogueInterestRequest,
  meta: RequestMeta,
): Promise<{ interest: CatalogueInterest; created: boolean }> {
  const { entry, viewer } = await interestEntry(deps, auth, id);
  if (!catalogueActions(entry, viewer).registerInterest) {
    throw new AppError('rule_violation', 'only verified vendors register interest; complete your verification first');
  }
  const r = await catalogueInterests.put(db(deps), entry.id, viewer.orgId, body, actorOf(auth, meta));
  return { interest: toCatalogueInterest(r.row), created: r.created };
}

/** DELETE /catalogue/{id}/interest: the vendor withdraws its interest (also once its verification lapsed). */
export async function deleteInterest(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<void> {
  const { entry, viewer } = await interestEntry(deps, auth, id);
  if (!(await catalogueInterests.remove(db(deps), entry.id, viewer.orgId, actorOf(auth, meta)))) {
    throw new AppError('not_found', 'your organisation has registered no interest in this entry');
  }
}

/** GET /catalogue/{id}/interests: the secretariat's leads for an entry, most recent first. */
export async function listLeads(deps: Deps, auth: AuthContext, id: string): Promise<CatalogueLeadList> {
  requireOrgKind(auth, 'secretariat', 'see the leads of catalogue entries');
  const entry = await loadEntry(deps, { kind: 'secretariat' }, id);
  const rows = await catalogueInterests.listForEntry(db(deps), entry.id);
  return {
    items: rows.map((r) => ({
      ...toCatalogueInterest(r),
      vendorName: r.vendorName,
      vendorCounty: r.vendorCounty as CatalogueLeadList['items'][number]['vendorCounty'],
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      verificationStatus: r.verificationStatus,
    })),
  };
}

/** GET /catalogue/interests/mine: the calling vendor's interests (also in entries no longer published), most recent first. */
export async function listMyInterests(deps: Deps, auth: AuthContext): Promise<MyCatalogueInterestList> {
  const m = requireOrgKind(auth, 'vendor', 'register interest in catalogue entries');
  const rows = await catalogueInterests.listForVendor(db(deps), m.orgId);
  return {
    items: rows.map((r) => ({
      ...toCatalogueInterest(r), entryCode: r.entryCode, entryTitle: r.entryTitle, entryStatus: r.entryStatus as MyCatalogueInterestList['items'][number]['entryStatus'],
    })),
  };
}
