import { describe, expect, it } from 'vitest';
import { parseVendorSearch, vendorChips, vendorQuery, vendorSearchHref } from './vendor-search.ts';

describe('vendor directory state', () => {
  it('reads the URL, round-trips it and removes one filter per chip', () => {
    const s = parseVendorSearch(new URLSearchParams('q=运河&modalities=image,bogus&certifications=iso27001&minHeadcount=50&secureRoom=true&sort=capacity'));
    expect(s.lists.modalities).toEqual(['image']);
    expect(vendorQuery(s, 20)).toMatchObject({ q: '运河', modalities: ['image'], minHeadcount: 50, secureRoom: true, sort: 'capacity' });
    expect(parseVendorSearch(new URL(vendorSearchHref(s), 'http://x').searchParams)).toEqual(s);
    const chips = vendorChips(s);
    expect(chips.map((c) => c.kind)).toEqual(['q', 'modalities', 'certifications', 'minHeadcount', 'secureRoom']);
    expect(parseVendorSearch(new URL(chips[4]!.href, 'http://x').searchParams).flags.secureRoom).toBe(false);
  });

  it('ignores a headcount that is not a positive whole number', () => {
    expect(parseVendorSearch(new URLSearchParams('minHeadcount=-3')).minHeadcount).toBeNull();
    expect(parseVendorSearch(new URLSearchParams('minHeadcount=2.5')).minHeadcount).toBeNull();
  });
});
