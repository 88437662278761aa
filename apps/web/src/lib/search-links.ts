import type { GlobalSearchResult } from '@annex/contracts';

/** Where a hit of the global search leads. */
export const searchHref = {
  order: (id: string) => `/orders/${encodeURIComponent(id)}`,
  // vendors have no page of their own in the web yet: the directory, narrowed to the firm's name
  vendor: (name: string) => `/vendors?q=${encodeURIComponent(name)}`,
  catalogue: (q: string, id: string) => `/search?q=${encodeURIComponent(q)}#catalogue-${encodeURIComponent(id)}`,
  policy: (q: string, id: string) => `/search?q=${encodeURIComponent(q)}#policy-${encodeURIComponent(id)}`,
  all: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};

/** How many hits of every kind the answer holds in all. */
export function totalHits(r: Pick<GlobalSearchResult, 'orders' | 'vendors' | 'catalogue' | 'policyServices'>): number {
  return r.orders.total + r.vendors.total + r.catalogue.total + r.policyServices.total;
}
