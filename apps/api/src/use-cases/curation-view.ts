import type { ListingCuration } from '@annex/contracts';
import { type CurationRow, type Db, curation } from '@annex/db';
import { type ListingKind, type Viewer, seesHiddenListing } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';

// Who sees what of curation (a query module, like viewer.ts): a hidden listing is shown to the secretariat and its
// owner only — in lists and search to the secretariat, on its page also to its owner (with a banner) — and a
// listing's curation (its reason) only to them.

const NOUN: Record<ListingKind, string> = {
  order: 'order', vendor: 'vendor', catalogue_entry: 'catalogue entry', policy_service: 'policy service',
};

/** Whether the caller's lists and searches include hidden listings: the secretariat's only. */
export const includesHidden = (auth: AuthContext | null): boolean => auth?.membership?.kind === 'secretariat';

/** A stored curation as the listing's page shows it. */
export const toListingCuration = (r: CurationRow): ListingCuration => ({
  featured: r.featured, hidden: r.hidden, reason: r.reason, updatedAt: r.updatedAt.toISOString(),
});

/**
 * The listing's curation for its page: 404 (as for a missing listing) when it is hidden from the viewer; its
 * curation for those who may see it hidden (owner, secretariat, `isParty` — e.g. a bidder of an order); undefined
 * for others and for a listing never curated.
 */
export async function curationForPage(
  d: Db,
  kind: ListingKind,
  id: string,
  viewer: Viewer,
  ownerOrgId: string | null,
  isParty?: () => Promise<boolean>,
): Promise<ListingCuration | undefined> {
  return await curationOfRow(await curation.get(d, kind, id), kind, viewer, ownerOrgId, isParty);
}

/** curationForPage over a curation row already read (null: never curated). */
export async function curationOfRow(
  row: CurationRow | null,
  kind: ListingKind,
  viewer: Viewer,
  ownerOrgId: string | null,
  isParty?: () => Promise<boolean>,
): Promise<ListingCuration | undefined> {
  if (!row) return undefined;
  const party = viewer.kind !== 'public' && viewer.kind !== 'secretariat' && row.hidden && isParty ? await isParty() : false;
  const sees = seesHiddenListing(viewer, ownerOrgId, party && 'orgId' in viewer ? [viewer.orgId] : []);
  if (row.hidden && !sees) throw new AppError('not_found', `no ${NOUN[kind]} with this id`);
  return sees && (row.featured || row.hidden) ? toListingCuration(row) : undefined;
}
