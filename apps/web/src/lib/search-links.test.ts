import { describe, expect, it } from 'vitest';
import { searchHref, totalHits } from './search-links.ts';

describe('searchHref', () => {
  it('leads a vendor hit to the firm\'s public profile and an order hit to the order', () => {
    expect(searchHref.vendor('v-1')).toBe('/vendors/v-1');
    expect(searchHref.order('o 1')).toBe('/orders/o%201');
  });
  it('keeps the query for catalogue and policy hits, which live on the search page', () => {
    expect(searchHref.catalogue('点云', 'c1')).toBe(`/search?q=${encodeURIComponent('点云')}#catalogue-c1`);
    expect(searchHref.all('a&b')).toBe('/search?q=a%26b');
  });
});

describe('totalHits', () => {
  it('adds the totals of every group', () => {
    const g = (total: number) => ({ total });
    expect(totalHits({ orders: g(2), vendors: g(3), catalogue: g(0), policyServices: g(1) } as never)).toBe(6);
  });
});
