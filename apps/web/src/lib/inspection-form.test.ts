import { describe, expect, it } from 'vitest';
import { SAMPLE_PAGE, mergePageErrors, readPageErrors, samplePage } from '#lib/inspection-form.ts';

describe('working through the sample a page at a time', () => {
  const sample = Array.from({ length: 125 }, (_, i) => i * 7 + 3);

  it('pages a large sample and keeps the page number in range', () => {
    expect(SAMPLE_PAGE).toBe(50);
    expect(samplePage(sample, 1)).toMatchObject({ page: 1, pages: 3, from: 1 });
    expect(samplePage(sample, 3).items).toHaveLength(25);
    expect(samplePage(sample, 9)).toMatchObject({ page: 3, from: 101 });
    expect(samplePage(sample, 0).page).toBe(1);
    expect(samplePage([], 1)).toMatchObject({ page: 1, pages: 1, items: [] });
  });

  it("replaces only this page's errors, keeps the others and ignores marks for items not on the page", () => {
    const onPage = samplePage(sample, 2).items; // items 353 … 696
    const f = new FormData();
    f.append('error', String(onPage[0]));
    f.append(`note-${onPage[0]}`, '  框不贴合  ');
    f.append('error', '3'); // item of page 1, not on this page
    const marked = readPageErrors(f, onPage);
    expect(marked).toEqual([{ itemNumber: onPage[0], note: '框不贴合' }]);
    const before = [{ itemNumber: 3, note: 'a' }, { itemNumber: onPage[1]!, note: 'fixed since' }, { itemNumber: 878, note: 'c' }];
    expect(mergePageErrors(before, onPage, marked)).toEqual([{ itemNumber: 3, note: 'a' }, { itemNumber: onPage[0], note: '框不贴合' }, { itemNumber: 878, note: 'c' }]);
  });
});
