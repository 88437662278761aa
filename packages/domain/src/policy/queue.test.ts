import { describe, expect, it } from 'vitest';
import { type QueueKey, compareQueueKeys, queuePage } from './queue.ts';

const k = (id: string, overdue: boolean, dueOn: string | null, createdAt = '2026-01-01T00:00:00.000Z'): QueueKey => ({ id, overdue, dueOn, createdAt });

describe('compareQueueKeys', () => {
  // negative: a comes first
  it.each([
    ['overdue before on time, whatever the due day', k('a', true, '2026-03-01'), k('b', false, '2026-01-01'), -1],
    ['the nearer due day first', k('a', false, '2026-01-05'), k('b', false, '2026-01-06'), -1],
    ['a due day before none (not accepted yet)', k('a', false, '2026-12-31'), k('b', false, null), -1],
    ['same due day: the older case first', k('a', false, null, '2026-01-02T00:00:00.000Z'), k('b', false, null, '2026-01-01T00:00:00.000Z'), 1],
    ['all else equal: by id, so the order is total', k('a', false, null), k('b', false, null), -1],
    ['a key equals itself', k('a', true, '2026-01-01'), k('a', true, '2026-01-01'), 0],
  ])('%s', (_, a, b, sign) => {
    expect(Math.sign(compareQueueKeys(a, b))).toBe(sign);
  });
});

describe('queuePage', () => {
  const items = [k('e', false, null), k('b', true, '2026-02-01'), k('d', false, '2026-02-03'), k('a', true, '2026-01-20'), k('c', false, '2026-02-02')];
  const walk = (limit: number, list = items) => {
    const pages: string[][] = [];
    let after: QueueKey | null = null;
    do {
      const p: { items: QueueKey[]; next: QueueKey | null } = queuePage(list, (x: QueueKey) => x, after, limit);
      pages.push(p.items.map((x) => x.id));
      after = p.next;
    } while (after);
    return pages;
  };

  it.each([
    [1, [['a'], ['b'], ['c'], ['d'], ['e']]],
    [2, [['a', 'b'], ['c', 'd'], ['e']]],
    [5, [['a', 'b', 'c', 'd', 'e']]],
    [9, [['a', 'b', 'c', 'd', 'e']]],
  ])('pages of %i walk the whole queue in order, once each', (limit, pages) => {
    expect(walk(limit)).toEqual(pages);
  });

  it('says nothing more follows on the last page, and an empty queue is one empty page', () => {
    expect(queuePage(items, (x) => x, k('d', false, '2026-02-03'), 2)).toEqual({ items: [k('e', false, null)], next: null });
    expect(queuePage([], (x: QueueKey) => x, null, 20)).toEqual({ items: [], next: null });
  });

  it('continues after the last key even when that case has left the queue meanwhile', () => {
    const first = queuePage(items, (x) => x, null, 2);
    const without = items.filter((x) => x.id !== 'b');
    expect(queuePage(without, (x) => x, first.next, 2).items.map((x) => x.id)).toEqual(['c', 'd']);
  });
});
