import { describe, expect, it } from 'vitest';
import { budgetBounds, chips, isFiltered, needsSearch, orderSearchHref, parseOrderSearch, searchQuery } from './order-search.ts';

const parse = (qs: string) => parseOrderSearch(new URLSearchParams(qs));

describe('order search state', () => {
  it('reads lists in both forms and drops unknown values', () => {
    const s = parse('q=%20点云%20&taskTypes=bbox,cuboid_3d&taskTypes=nope&county=371502&sort=budget_desc&budgetMin=1,000&deadlineBefore=2026-13-99');
    expect(s.q).toBe('点云');
    expect(s.lists.taskTypes).toEqual(['bbox', 'cuboid_3d']);
    expect(s.lists.county).toEqual(['371502']);
    expect(s.budgetMin).toBe(1000);
    expect(s.deadlineBefore).toBeNull();
    expect(s.sort).toBe('budget_desc');
  });

  it('keeps a budget bound that cannot apply out of the search and says why, with what was typed', () => {
    const bounds = (qs: string) => budgetBounds(new URLSearchParams(qs));
    expect(bounds('budgetMin=-5&budgetMax=abc')).toEqual({
      budgetMin: { typed: '-5', problem: 'negative' },
      budgetMax: { typed: 'abc', problem: 'not_an_amount' },
    });
    expect(bounds('budgetMin=5000&budgetMax=100').budgetMax).toEqual({ typed: '100', problem: 'below_min' });
    expect(bounds('budgetMin=1,000&budgetMax=1000')).toEqual({ budgetMin: { typed: '1,000', problem: null }, budgetMax: { typed: '1000', problem: null } });
    const s = parse('budgetMin=-5&budgetMax=100');
    expect([s.budgetMin, s.budgetMax]).toEqual([null, 100]);
    expect(parse('budgetMin=5000&budgetMax=100').budgetMax).toBeNull();
  });

  it('uses the plain list for one data type and one status, search for anything more', () => {
    expect(needsSearch(parse('modality=image&status=open'))).toBe(false);
    expect(isFiltered(parse('modality=image'))).toBe(true);
    expect(needsSearch(parse('modality=image,video'))).toBe(true);
    expect(needsSearch(parse('q=x'))).toBe(true);
    expect(needsSearch(parse('sort=newest'))).toBe(true);
    expect(isFiltered(parse('sort=newest'))).toBe(false);
  });

  it('turns yuan into fen and a Beijing date into the instant that day starts', () => {
    const q = searchQuery(parse('budgetMin=12.5&budgetMax=300000&deadlineBefore=2026-12-01'), 20);
    expect(q.budgetMin).toBe(1250);
    expect(q.budgetMax).toBe(30_000_000);
    expect(q.deadlineBefore).toBe('2026-11-30T16:00:00.000Z');
  });

  it('round-trips through the URL and makes a chip per filter that removes only it (and the page)', () => {
    const s = parse('q=车道线&modality=image&taskTypes=bbox&taskTypes=polygon&budgetMax=5000&cursor=abc');
    expect(parseOrderSearch(new URL(orderSearchHref(s), 'http://x').searchParams)).toEqual(s);
    const c = chips(s);
    expect(c.map((x) => `${x.kind}:${x.value}`)).toEqual(['q:车道线', 'modality:image', 'taskTypes:bbox', 'taskTypes:polygon', 'budgetMax:5000']);
    const without = parse(new URL(c[2]!.href, 'http://x').search);
    expect(without.lists.taskTypes).toEqual(['polygon']);
    expect(without.q).toBe('车道线');
    expect(without.cursor).toBeNull();
  });
});
