import { type Result, fail, ok } from './result.ts';
import type { Viewer } from './visibility.ts';

// Curation (DESIGN §2.8): the secretariat features or hides a public listing, always with a reason, and takes
// either back. Featured listings are shown first (home page, their search); hidden ones are shown to nobody but
// their owner and the secretariat (lists, search, the sitemap, their page, the OCDS feed).

/** The kinds of listing the public sees and the secretariat curates. */
export const LISTING_KINDS = ['order', 'vendor', 'catalogue_entry', 'policy_service'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** The changes the secretariat makes. */
export const CURATION_ACTIONS = ['feature', 'unfeature', 'hide', 'unhide'] as const;
export type CurationAction = (typeof CURATION_ACTIONS)[number];

/** A listing's curation: never both featured and hidden; the reason of the last change. */
export type CurationState = { featured: boolean; hidden: boolean; reason: string | null };

/** A listing never curated. */
export const UNCURATED: CurationState = { featured: false, hidden: false, reason: null };

/** Longest reason kept. */
export const CURATION_REASON_MAX = 500;

export type CurationError =
  /** the listing is not featured / not hidden / already so */
  | 'invalid_transition'
  /** featuring a hidden listing: unhide it first */
  | 'hidden_listing'
  /** featuring a listing the public cannot see (a draft, an unverified vendor) */
  | 'not_public'
  | 'reason_required';

/**
 * The listing's curation after `action`, or the rule it breaks. `isPublic`: whether the public could see the
 * listing were it not hidden (only such a listing can be featured). Hiding a featured listing ends its featuring.
 */
export function applyCuration(
  current: CurationState,
  action: CurationAction,
  reason: string,
  isPublic: boolean,
): Result<CurationState, CurationError> {
  const why = reason.trim();
  if (why.length === 0) return fail('reason_required');
  switch (action) {
    case 'feature':
      if (current.hidden) return fail('hidden_listing');
      if (current.featured) return fail('invalid_transition');
      if (!isPublic) return fail('not_public');
      return ok({ featured: true, hidden: false, reason: why });
    case 'unfeature':
      if (!current.featured) return fail('invalid_transition');
      return ok({ featured: false, hidden: false, reason: why });
    case 'hide':
      if (current.hidden) return fail('invalid_transition');
      return ok({ featured: false, hidden: true, reason: why });
    case 'unhide':
      if (!current.hidden) return fail('invalid_transition');
      return ok({ featured: false, hidden: false, reason: why });
  }
}

/** The actions open on a listing now (the secretariat's buttons). */
export function curationActions(current: CurationState, isPublic: boolean): CurationAction[] {
  return CURATION_ACTIONS.filter((a) => applyCuration(current, a, 'x', isPublic).ok);
}

/**
 * Whether the viewer may see a hidden listing: the secretariat, and its owner (the buyer of an order, the vendor
 * itself; catalogue entries and policy services are the secretariat's). `parties` are the other organisations
 * with a stake in it (the bidders of an order), who keep their access.
 */
export function seesHiddenListing(viewer: Viewer, ownerOrgId: string | null, parties: readonly string[] = []): boolean {
  if (viewer.kind === 'secretariat') return true;
  if (viewer.kind === 'public') return false;
  return viewer.orgId === ownerOrgId || parties.includes(viewer.orgId);
}
