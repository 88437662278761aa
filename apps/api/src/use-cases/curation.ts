import type {
  CurateListingRequest, CuratedListing, CuratedListingPage, CurationListQuery, FeaturedItem, FeaturedListings, Sitemap,
} from '@annex/contracts';
import { type CurationRow, type ListingFacts, audit, curation, withTransaction } from '@annex/db';
import {
  type CurationError, type CurationState, type ListingKind, UNCURATED, applyCuration, curationActions,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { paged } from './catalogue-view.ts';
import { requireOrgKind } from './guards.ts';
import { notify } from './notify.ts';

// Curation (issue 10 item 5): the secretariat features or hides a public listing with a reason, and takes it back.
// The rules are packages/domain curation.ts; what hiding does to each read is curation-view.ts and the repositories'
// notHidden; the search documents follow through the outbox trigger of migration 0019.

const NOUN: Record<ListingKind, string> = {
  order: 'order', vendor: 'vendor', catalogue_entry: 'catalogue entry', policy_service: 'policy service',
};

/** The audit log's entity type of each kind of listing (as the listings' own records name them). */
export const AUDIT_ENTITY: Record<ListingKind, string> = {
  order: 'order', vendor: 'organisation', catalogue_entry: 'catalogue_entry', policy_service: 'policy_service',
};

const CURATION_ERRORS: Record<CurationError, (kind: ListingKind) => AppError> = {
  invalid_transition: (kind) => new AppError('invalid_transition', `the ${NOUN[kind]} is not in a state that allows this (reload it)`),
  hidden_listing: (kind) => new AppError('listing_hidden', `the ${NOUN[kind]} is hidden: unhide it before featuring it`),
  not_public: (kind) =>
    new AppError('listing_not_public', `only a ${NOUN[kind]} the public can see may be featured (published, or verified for a vendor)`),
  reason_required: () => new AppError('rule_violation', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] }),
};

const stateOf = (r: CurationRow | null): CurationState => (r ? { featured: r.featured, hidden: r.hidden, reason: r.reason } : UNCURATED);

function present(kind: ListingKind, id: string, facts: ListingFacts | null, r: CurationRow | null): CuratedListing {
  const state = stateOf(r);
  const isPublic = facts?.isPublic ?? false;
  return {
    kind, listingId: id, title: facts?.title ?? null, isPublic, featured: state.featured, hidden: state.hidden, reason: state.reason,
    updatedAt: r ? r.updatedAt.toISOString() : null, actions: facts ? curationActions(state, isPublic) : [],
  };
}

/** GET /admin/curation/{kind}/{id}: a listing's curation and the changes open on it (the secretariat). */
export async function getCuration(deps: Deps, auth: AuthContext, kind: ListingKind, id: string): Promise<CuratedListing> {
  requireOrgKind(auth, 'secretariat', 'curate listings');
  const d = db(deps);
  const [facts, row] = await Promise.all([curation.listing(d, kind, id), curation.get(d, kind, id)]);
  if (!facts) throw new AppError('not_found', `no ${NOUN[kind]} with this id`);
  return present(kind, id, facts, row);
}

/**
 * POST /admin/curation: features, unfeatures, hides or unhides a listing with a reason. The change, its audit record
 * (before/after) and the owner's notice commit together; a concurrent change of the same listing makes this one 409.
 */
export async function curateListing(deps: Deps, auth: AuthContext, body: CurateListingRequest, meta: RequestMeta): Promise<CuratedListing> {
  const m = requireOrgKind(auth, 'secretariat', 'curate listings');
  const { kind, listingId: id, action } = body;
  return await withTransaction(db(deps), async (tx) => {
    const facts = await curation.listing(tx, kind, id);
    if (!facts) throw new AppError('not_found', `no ${NOUN[kind]} with this id`);
    const current = await curation.get(tx, kind, id);
    const before = stateOf(current);
    const next = applyCuration(before, action, body.reason, facts.isPublic);
    if (!next.ok) throw CURATION_ERRORS[next.error](kind);
    const reason = next.value.reason ?? body.reason.trim();
    const saved = await curation.save(tx, kind, id, current ? before : null, { ...next.value, reason }, auth.user.id);
    if (!saved) throw CURATION_ERRORS.invalid_transition(kind);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: AUDIT_ENTITY[kind], entityId: id, action: `curation.${action}`,
      before: { featured: before.featured, hidden: before.hidden }, after: { featured: saved.featured, hidden: saved.hidden, reason },
      requestId: meta.requestId,
    });
    // the owner learns that its listing is hidden or featured, and why (catalogue entries and services are the secretariat's)
    if (facts.ownerOrgId) {
      await notify(tx, [{
        to: { orgId: facts.ownerOrgId }, kind: 'listing_curated', orderId: kind === 'order' ? id : null,
        payload: { listingKind: kind, listingId: id, title: facts.title, action, reason },
      }]);
    }
    return present(kind, id, facts, saved);
  });
}

/** GET /admin/curation: the listings featured or hidden now, last changed first (the secretariat). */
export async function listCurated(deps: Deps, auth: AuthContext, q: CurationListQuery): Promise<CuratedListingPage> {
  requireOrgKind(auth, 'secretariat', 'list curated listings');
  const page = await paged(() => curation.list(db(deps), { kind: q.kind, state: q.state }, q.cursor, q.limit));
  return {
    items: page.items.map((r) => ({
      ...present(r.kind, r.listingId, r.title === null ? null : { kind: r.kind, id: r.listingId, title: r.title, ownerOrgId: null, isPublic: r.isPublic }, r),
    })),
    nextCursor: page.nextCursor,
  };
}

/** How many featured listings of each kind the home page shows. */
export const FEATURED_PER_KIND = 6;

/** GET /featured: the listings the secretariat features that the public sees, most recently featured first. */
export async function featuredListings(deps: Deps): Promise<FeaturedListings> {
  const d = db(deps);
  const item = (f: { id: string; title: string; featuredAt: Date }): FeaturedItem => ({ id: f.id, title: f.title, featuredAt: f.featuredAt.toISOString() });
  const [orders, vendors, catalogue, policyServices] = await Promise.all(
    (['order', 'vendor', 'catalogue_entry', 'policy_service'] as const).map((k) => curation.featured(d, k, FEATURED_PER_KIND)),
  );
  return {
    orders: (orders ?? []).map(item), vendors: (vendors ?? []).map(item),
    catalogue: (catalogue ?? []).map(item), policyServices: (policyServices ?? []).map(item),
  };
}

/** The most listings one sitemap file holds (sitemaps.org). */
export const SITEMAP_MAX = 50_000;

/** GET /sitemap: every listing the public sees and the secretariat does not hide, for the web's /sitemap.xml. */
export async function sitemap(deps: Deps): Promise<Sitemap> {
  const rows = await curation.sitemap(db(deps), SITEMAP_MAX);
  return { items: rows.map((r) => ({ kind: r.kind, id: r.id, lastModified: r.lastModified.toISOString() })) };
}
