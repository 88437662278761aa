import { SavedSearchCriteria } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { parseOrderSearch } from './order-search.ts';
import { criteriaChips, criteriaFromQuery, criteriaFromSearch, criteriaHref, dropsFilters, searchFromCriteria, suggestName } from './saved-search.ts';

const parse = (qs: string) => parseOrderSearch(new URLSearchParams(qs));

describe('saved search criteria from the order search', () => {
  it('keeps the text, the lists and the budget (yuan → fen) and leaves status, deadline, sort and page out', () => {
    const c = criteriaFromSearch(
      parse('q=点云&modality=point_cloud&status=open&taskTypes=cuboid_3d,tracking&securityLevel=internal&county=371502&budgetMin=1,000.5&budgetMax=200000&deadlineBefore=2026-12-01&sort=deadline&cursor=abc'),
    );
    expect(c).toEqual({
      q: '点云', modality: ['point_cloud'], taskTypes: ['cuboid_3d', 'tracking'], securityLevel: ['internal'], county: ['371502'],
      budgetMin: 100_050, budgetMax: 20_000_000,
    });
    // what the API accepts, unknown keys refused
    expect(SavedSearchCriteria.safeParse(c).success).toBe(true);
  });

  it('saves an unfiltered search as empty criteria ("every new order")', () => {
    expect(criteriaFromSearch(parse('sort=newest&status=open'))).toEqual({});
    expect(criteriaFromQuery('')).toEqual({});
  });

  it('reads the criteria back from the query string the save form carries, dropping unknown values', () => {
    expect(criteriaFromQuery('modality=image&taskTypes=bbox&taskTypes=nope&budgetMax=99.99')).toEqual({ modality: ['image'], taskTypes: ['bbox'], budgetMax: 9999 });
  });

  it('turns criteria back into the search page address, round trip included', () => {
    const c = { q: '车道线', modality: ['image' as const], taskTypes: ['lane_marking' as const, 'bbox' as const], budgetMin: 1_250 };
    const href = criteriaHref(c);
    expect(href).toBe('/orders?q=%E8%BD%A6%E9%81%93%E7%BA%BF&modality=image&status=open&taskTypes=lane_marking&taskTypes=bbox&budgetMin=12.5');
    expect(criteriaFromQuery(href.slice('/orders?'.length))).toEqual(c);
    expect(criteriaHref({})).toBe('/orders?status=open');
    const s = searchFromCriteria(c);
    expect(s.lists.status).toEqual([]);
    expect([s.deadlineBefore, s.sort, s.cursor]).toEqual([null, null, null]);
  });

  it('says when saving leaves filters out (status or deadline), not for the sort', () => {
    expect(dropsFilters(parse('status=open'))).toBe(true);
    expect(dropsFilters(parse('deadlineBefore=2026-12-01'))).toBe(true);
    expect(dropsFilters(parse('modality=image&sort=deadline'))).toBe(false);
  });

  it('lists the criteria as chips in the page order', () => {
    expect(criteriaChips({ county: ['371502'], q: 'x', budgetMax: 100 })).toEqual([
      { kind: 'q', value: 'x' },
      { kind: 'county', value: '371502' },
      { kind: 'budgetMax', value: '1' },
    ]);
  });
});

describe('suggestName', () => {
  it('joins up to four labels, or falls back when there are none', () => {
    expect(suggestName(['图像', '目标检测框'], '全部订单')).toBe('图像 · 目标检测框');
    expect(suggestName(['a', 'b', 'c', 'd', 'e'], 'x')).toBe('a · b · c · d');
    expect(suggestName([], '全部订单')).toBe('全部订单');
  });
  it('stays within 60 characters, counting characters not UTF-16 units', () => {
    const long = suggestName(['标'.repeat(40), '注'.repeat(40)], 'x');
    expect([...long].length).toBe(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
