import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { setLocale } from '#lib/paraglide/runtime.js';
import { searchHref, searchedKinds, totalHits } from './search-links.ts';

describe('searchHref', () => {
  it('leads a vendor hit to the firm\'s public profile and an order hit to the order', () => {
    expect(searchHref.vendor('v-1')).toBe('/vendors/v-1');
    expect(searchHref.order('o 1')).toBe('/orders/o%201');
    expect(searchHref.policy('s1')).toBe('/policy/s1');
  });
  it('leads a catalogue hit to its entry page, by its code', () => {
    expect(searchHref.catalogue('LC-JY-0001')).toBe('/catalogue/LC-JY-0001');
    expect(searchHref.all('a&b')).toBe('/search?q=a%26b');
  });
});

describe('totalHits', () => {
  it('adds the totals of every group', () => {
    const g = (total: number) => ({ total });
    expect(totalHits({ orders: g(2), vendors: g(3), catalogue: g(0), policyServices: g(1) } as never)).toBe(6);
  });
});

describe('what the site says it does', () => {
  // the catalogue (公共数据标注目录) and the policy services (政策代办) are both built: the box names them beside orders and vendors
  it.each([
    ['zh-CN', '订单、标注企业、公共数据目录、政策事项'],
    ['en', 'orders, vendors, catalogue entries, policy services'],
  ] as const)('the search box in %s names every kind it finds', (locale, kinds) => {
    setLocale(locale, { reload: false });
    expect(searchedKinds()).toBe(kinds);
    expect(m.search_placeholder({ kinds: searchedKinds() })).toContain(kinds);
  });
});
