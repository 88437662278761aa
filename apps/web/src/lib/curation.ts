import type { CurationAction, ListingKind } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';

// Curation in the web: where a listing's page is, and the words for kinds and actions (no zod here: browser code).

/** The page of a listing. */
export function listingHref(kind: ListingKind, id: string): string {
  switch (kind) {
    case 'order':
      return `/orders/${id}`;
    case 'vendor':
      return `/vendors/${id}`;
    case 'catalogue_entry':
      return `/catalogue/${id}`;
    case 'policy_service':
      return `/policy/${id}`;
  }
}

/** A kind of listing in words. */
export const kindLabel = (kind: ListingKind): string =>
  ({
    order: m.cur_kind_order,
    vendor: m.cur_kind_vendor,
    catalogue_entry: m.cur_kind_catalogue_entry,
    policy_service: m.cur_kind_policy_service,
  })[kind]();

/** An action in words (its button). */
export const actionLabel = (action: CurationAction): string =>
  ({ feature: m.cur_action_feature, unfeature: m.cur_action_unfeature, hide: m.cur_action_hide, unhide: m.cur_action_unhide })[action]();
