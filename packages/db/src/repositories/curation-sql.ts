import type { ListingKind } from '@annex/domain';
import type { Db } from '../client.ts';
import type { Fragment } from './order-sql.ts';

// SQL fragments of curation (migration 0019) for the reads of other repositories.

/**
 * `and <listing> is not hidden`, for the public reads of any kind: `id` is the listing's id column (e.g. db`o.id`).
 * Uses listing_curation_hidden_idx.
 */
export const notHidden = (db: Db, kind: ListingKind, id: Fragment) =>
  db`and not exists (select 1 from listing_curation lc where lc.kind = ${kind} and lc.listing_id = ${id} and lc.hidden)`;

/** Columns `hidden` and `featured` of a listing, for the search worker's reads (`id`: the listing's id column). */
export const curationColumns = (db: Db, kind: ListingKind, id: Fragment) => db`
  coalesce((select lc.hidden from listing_curation lc where lc.kind = ${kind} and lc.listing_id = ${id}), false) as hidden,
  coalesce((select lc.featured from listing_curation lc where lc.kind = ${kind} and lc.listing_id = ${id}), false) as featured`;
