import type { GlobalSearchResult } from '@annex/contracts';
import { joinList } from './i18n.ts';
import { m } from './paraglide/messages.js';

/** Where the public profile of a verified vendor is. */
export const vendorProfileHref = (id: string): string => `/vendors/${encodeURIComponent(id)}`;

/** Where a catalogue entry's page is: by its resource code, which people read and quote. */
export const catalogueEntryHref = (code: string): string => `/catalogue/${encodeURIComponent(code)}`;

/** What the global search finds, as the search box and the search page name it. */
const SEARCHED_KINDS = [m.search_kind_orders, m.search_kind_vendors, m.search_kind_catalogue, m.search_kind_policy];

/** The searched kinds as one phrase ("订单、标注企业" / "orders, vendors"). */
export const searchedKinds = (): string => joinList(SEARCHED_KINDS.map((kind) => kind()));

// The header's search box loads this module on every page: it imports nothing heavier than the words.

/** Where a hit of the global search leads. */
export const searchHref = {
  order: (id: string) => `/orders/${encodeURIComponent(id)}`,
  /** a verified vendor's public profile, by its id */
  vendor: vendorProfileHref,
  /** a catalogue entry's page, by its resource code */
  catalogue: catalogueEntryHref,
  /** a policy service's guide (办事指南) */
  policy: (id: string) => `/policy/${encodeURIComponent(id)}`,
  all: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};

/** How many hits of every kind the answer holds in all. */
export function totalHits(r: Pick<GlobalSearchResult, 'orders' | 'vendors' | 'catalogue' | 'policyServices'>): number {
  return r.orders.total + r.vendors.total + r.catalogue.total + r.policyServices.total;
}
