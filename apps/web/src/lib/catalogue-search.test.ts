import { describe, expect, it } from 'vitest';
import { catalogueChips, catalogueEntryHref, catalogueExportHref, catalogueQuery, catalogueSearchHref, parseCatalogueSearch } from './catalogue-search.ts';

const AGENCY = '0b6f8a52-3c1d-4e7a-9f00-1234567890ab';

describe('catalogue page state', () => {
  it('reads the URL, round-trips it and removes one filter per chip', () => {
    const s = parseCatalogueSearch(new URLSearchParams(`q=文旅&sector=culture_tourism,bogus&openType=conditional&agencyId=${AGENCY},x&sort=code`));
    expect(s.lists.sector).toEqual(['culture_tourism']);
    expect(s.lists.agencyId).toEqual([AGENCY]);
    expect(catalogueQuery(s, 20)).toMatchObject({ q: '文旅', sector: ['culture_tourism'], openType: ['conditional'], sort: 'code', limit: 20 });
    expect(parseCatalogueSearch(new URL(catalogueSearchHref(s), 'http://x').searchParams)).toEqual(s);
    const chips = catalogueChips(s);
    expect(chips.map((c) => c.kind)).toEqual(['q', 'sector', 'openType', 'agencyId']);
    expect(parseCatalogueSearch(new URL(chips[3]!.href, 'http://x').searchParams).lists.agencyId).toEqual([]);
  });

  it('drops an unknown sort and keeps the plain path for the default page', () => {
    const s = parseCatalogueSearch(new URLSearchParams('sort=price'));
    expect(s.sort).toBeNull();
    expect(catalogueSearchHref(s)).toBe('/catalogue');
  });

  it('exports the selection with the same filters, lists joined by commas, without page or sort', () => {
    const s = parseCatalogueSearch(new URLSearchParams('q=文旅&sector=culture_tourism&sector=education&sort=code&cursor=abc'));
    const url = new URL(catalogueExportHref(s, 'csv'), 'http://x');
    expect(url.pathname).toBe('/api/v1/catalogue/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'csv', q: '文旅', sector: 'culture_tourism,education' });
  });

  it('links an entry by its code', () => {
    expect(catalogueEntryHref('LC-JY-0001')).toBe('/catalogue/LC-JY-0001');
  });
});
