import type { GlobalSearchResult } from '@annex/contracts';
import { vendorProfileHref } from './vendor-profile.ts';

/** Where a hit of the global search leads. */
export const searchHref = {
  order: (id: string) => `/orders/${encodeURIComponent(id)}`,
  /** a verified vendor's public profile, by its id */
  vendor: vendorProfileHref,
  catalogue: (q: string, id: string) => `/search?q=${encodeURIComponent(q)}#catalogue-${encodeURIComponent(id)}`,
  policy: (q: string, id: string) => `/search?q=${encodeURIComponent(q)}#policy-${encodeURIComponent(id)}`,
  all: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};

/** How many hits of every kind the answer holds in all. */
export function totalHits(r: Pick<GlobalSearchResult, 'orders' | 'vendors' | 'catalogue' | 'policyServices'>): number {
  return r.orders.total + r.vendors.total + r.catalogue.total + r.policyServices.total;
}
