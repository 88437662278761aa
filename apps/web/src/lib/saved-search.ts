import type { SavedSearchCriteria } from '@annex/contracts';
import { SAVED_SEARCH_NAME_MAX } from '@annex/domain';
import { type OrderSearchState, chips, orderSearchHref, parseOrderSearch } from '#lib/order-search.ts';

// A saved search keeps the order search's filters that make sense for orders published later (the
// contract's SavedSearchCriteria): the text, data types, task types, security levels, counties and the
// budget range — in fen, where the page's URL has yuan. Status, deadline, sort and page are left out.

const EMPTY_LISTS: OrderSearchState['lists'] = { modality: [], status: [], taskTypes: [], securityLevel: [], county: [] };

/** The criteria to save for the state of the order search page. */
export function criteriaFromSearch(s: OrderSearchState): SavedSearchCriteria {
  const c: SavedSearchCriteria = {};
  if (s.q) c.q = s.q;
  if (s.lists.modality.length) c.modality = [...s.lists.modality];
  if (s.lists.taskTypes.length) c.taskTypes = [...s.lists.taskTypes];
  if (s.lists.securityLevel.length) c.securityLevel = [...s.lists.securityLevel];
  if (s.lists.county.length) c.county = [...s.lists.county];
  if (s.budgetMin !== null) c.budgetMin = Math.round(s.budgetMin * 100);
  if (s.budgetMax !== null) c.budgetMax = Math.round(s.budgetMax * 100);
  return c;
}

/** The state of the order search page that shows a saved search's results (first page, default sort). */
export function searchFromCriteria(c: SavedSearchCriteria): OrderSearchState {
  return {
    q: c.q ?? '',
    lists: {
      ...EMPTY_LISTS,
      modality: [...(c.modality ?? [])],
      taskTypes: [...(c.taskTypes ?? [])],
      securityLevel: [...(c.securityLevel ?? [])],
      county: [...(c.county ?? [])],
    },
    budgetMin: c.budgetMin === undefined ? null : c.budgetMin / 100,
    budgetMax: c.budgetMax === undefined ? null : c.budgetMax / 100,
    deadlineBefore: null,
    sort: null,
    cursor: null,
  };
}

/**
 * The address of the order search showing a saved search's results among the orders open for bids: what the
 * vendor can still act on (and what its alerts are about).
 */
export function criteriaHref(c: SavedSearchCriteria): string {
  const s = searchFromCriteria(c);
  return orderSearchHref({ ...s, lists: { ...s.lists, status: ['open'] } });
}

/** The criteria of an order search address (as the save form sends it back in a hidden field). */
export function criteriaFromQuery(query: string): SavedSearchCriteria {
  return criteriaFromSearch(parseOrderSearch(new URLSearchParams(query)));
}

/** Whether saving the state leaves filters out (status, deadline), so the dialog can say so; the sort does not count. */
export function dropsFilters(s: OrderSearchState): boolean {
  return s.lists.status.length > 0 || s.deadlineBefore !== null;
}

/** The criteria as chips (kind and value), in the order the search page shows them. */
export function criteriaChips(c: SavedSearchCriteria) {
  return chips(searchFromCriteria(c)).map(({ kind, value }) => ({ kind, value }));
}

/** A name to offer for a new saved search: its filters' labels joined, cut to the longest name allowed. */
export function suggestName(labels: readonly string[], fallback: string, sep = ' · '): string {
  const name = labels.length ? labels.slice(0, 4).join(sep) : fallback;
  const chars = [...name];
  return chars.length <= SAVED_SEARCH_NAME_MAX ? name : `${chars.slice(0, SAVED_SEARCH_NAME_MAX - 1).join('')}…`;
}
