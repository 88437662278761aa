import {
  COUNTY_CODES, MAX_FEN, MODALITIES, SAVED_SEARCH_NAME_MAX, SAVED_SEARCH_QUERY_MAX, SECURITY_LEVELS, TASK_TYPES,
} from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';
import { singleLine } from './text.ts';

// Saved searches (packages/domain saved-search.ts): a vendor's order search kept under a name, with an optional
// alert when a newly published order shows up in it (notification `saved_search_match`).

const fen = z.number().int('money is a whole number of fen (1/100 yuan), never a decimal').min(0).max(MAX_FEN);
const list = <const T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).max(values.length).optional();

/**
 * The filters of GET /search/orders that make sense for future orders (no status, deadline or sort), as a JSON
 * object with real arrays. Absent or empty means "any". Unknown keys are refused.
 */
export const SavedSearchCriteria = z.strictObject({
  q: z.string().trim().max(SAVED_SEARCH_QUERY_MAX).optional(),
  modality: list(MODALITIES),
  /** orders with any of these task types */
  taskTypes: list(TASK_TYPES),
  securityLevel: list(SECURITY_LEVELS),
  /** the buyer's county */
  county: list(COUNTY_CODES),
  /** total budget at least, fen */
  budgetMin: fen.optional(),
  /** total budget at most, fen */
  budgetMax: fen.optional(),
});
export type SavedSearchCriteria = z.infer<typeof SavedSearchCriteria>;

const Name = singleLine(1, SAVED_SEARCH_NAME_MAX);

/** A saved search of the calling user. */
export const SavedSearch = z.object({
  id: Id,
  name: z.string(),
  criteria: SavedSearchCriteria,
  /** alert me when a newly published order shows up in this search */
  notify: z.boolean(),
  createdAt: IsoDateTime,
  /** when a newly published order last showed up in it (null: never yet) */
  lastMatchedAt: IsoDateTime.nullable(),
});
export type SavedSearch = z.infer<typeof SavedSearch>;

/** GET /me/saved-searches: the caller's, newest first (at most 20, so no pages). */
export const SavedSearchList = z.object({ items: z.array(SavedSearch) });
export type SavedSearchList = z.infer<typeof SavedSearchList>;

/** POST /me/saved-searches (vendors). */
export const CreateSavedSearchRequest = z.strictObject({
  name: Name,
  criteria: SavedSearchCriteria,
  notify: z.boolean().default(true),
});
export type CreateSavedSearchRequest = z.infer<typeof CreateSavedSearchRequest>;

/** PATCH /me/saved-searches/{id}: rename and/or switch the alert. */
export const UpdateSavedSearchRequest = z
  .strictObject({ name: Name.optional(), notify: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.notify !== undefined, { message: 'give a name or notify to change' });
export type UpdateSavedSearchRequest = z.infer<typeof UpdateSavedSearchRequest>;

/** Payload of the `order_match` notification: the order is among the best matches for the vendor. */
export const OrderMatchPayload = z.object({ orderTitle: z.string(), score: z.number() });
/** Payload of the `saved_search_match` notification: a newly published order shows up in a saved search. */
export const SavedSearchMatchPayload = z.object({ orderTitle: z.string(), searchName: z.string(), savedSearchId: Id });
