import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { f, literal } from './filters.ts';
import { markHtml } from './highlight.ts';
import { queriesShowingOrder, type SavedOrderQuery, searchEverything, searchOrders, searchVendors } from './queries.ts';
import { fixtureOrders, fixtureVendors, ORDER_ID, VENDOR_ID } from './relevance.fixtures.ts';
import { applyIndexSettings } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

let meili: TestMeilisearch;
const now = new Date('2026-06-01T00:00:00Z');
const orders = fixtureOrders();

beforeAll(async () => {
  meili = await startTestMeilisearch();
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
  await meili.client.index(meili.uid('orders')).addDocuments(orders).waitTask();
  await meili.client.index(meili.uid('vendors')).addDocuments(fixtureVendors(now)).waitTask();
});
afterAll(async () => {
  await meili?.close();
});

describe('filter builder', () => {
  it('quotes and escapes strings, refuses non-finite numbers and odd field names', () => {
    expect(literal('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(literal(3)).toBe('3');
    expect(literal(true)).toBe('true');
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    expect(() => f.eq('status = "x" OR a', 'y')).toThrow(TypeError);
    expect(f.and('', 'a = 1', undefined, false)).toBe('a = 1');
    expect(f.and('a = 1', f.or('b = 2', 'c = 3'))).toBe('(a = 1) AND ((b = 2) OR (c = 3))');
    expect(f.anyOf('status', [])).toBe('');
  });

  it('keeps an injection attempt a plain value, against the real engine', async () => {
    const uid = meili.uid('orders');
    const confidential = await meili.client.index(uid).search('', { filter: 'securityLevel = "confidential"' });
    expect(confidential.hits).toHaveLength(1);
    for (const attack of ['" OR securityLevel = "confidential', 'public" OR securityLevel = "confidential', "' OR 1=1 --", '\\" OR status EXISTS']) {
      const r = await meili.client.index(uid).search('', { filter: f.eq('securityLevel', attack) });
      expect(r.hits, attack).toEqual([]);
      const tags = await meili.client.index(uid).search('', { filter: f.anyOf('tags', [attack, '医疗']) });
      expect(tags.hits.map((h) => h.id), attack).toEqual([ORDER_ID.o22]);
    }
  });
});

describe('searchOrders', () => {
  it('filters by typed values and counts facets disjunctively', async () => {
    const page = await searchOrders(meili, { modality: ['image'], taskTypes: ['bbox', 'ocr'], limit: 50 });
    const expected = orders.filter((o) => o.modality === 'image' && o.taskTypes.some((t) => t === 'bbox' || t === 'ocr'));
    expect(page.hits.map((h) => h.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(page.total).toBe(expected.length);
    // modality counts ignore the modality selection, so other modalities can be added
    const bboxOrOcr = orders.filter((o) => o.taskTypes.some((t) => t === 'bbox' || t === 'ocr'));
    expect(page.facets.modality).toEqual(count(bboxOrOcr.map((o) => o.modality)));
    expect(page.facets.taskTypes?.bbox).toBe(orders.filter((o) => o.modality === 'image' && o.taskTypes.includes('bbox')).length);
    expect(Object.keys(page.facets)).toEqual(expect.arrayContaining(['status', 'securityLevel', 'county', 'biddingMode']));
  });

  it('filters by budget, deadline, security level, county and status', async () => {
    const before = new Date(Date.parse('2026-06-01T00:00:00Z') + 20 * 86_400_000);
    const page = await searchOrders(meili, {
      budgetMin: 5_000_000, budgetMax: 15_000_000, deadlineBefore: before, securityLevel: ['internal'], limit: 50,
    });
    const want = orders.filter(
      (o) => o.budgetTotalFen! >= 5_000_000 && o.budgetTotalFen! <= 15_000_000 && o.bidDeadline! < before.getTime() / 1000 && o.securityLevel === 'internal',
    );
    expect(page.hits.map((h) => h.id).sort()).toEqual(want.map((o) => o.id).sort());
    const county = await searchOrders(meili, { county: ['371502'], status: ['open'], limit: 50 });
    expect(county.hits.length).toBe(orders.filter((o) => o.county === '371502' && o.status === 'open').length);
  });

  it('sorts by newest, deadline and budget; without a query the newest come first', async () => {
    const ids = async (sort?: 'newest' | 'deadline' | 'budget_desc' | 'budget_asc') =>
      (await searchOrders(meili, { sort, limit: 5 })).hits.map((h) => h.id);
    const newest = [...orders].sort((a, b) => b.publishedAt - a.publishedAt).slice(0, 5).map((o) => o.id);
    expect(await ids()).toEqual(newest);
    expect(await ids('newest')).toEqual(newest);
    expect(await ids('deadline')).toEqual([...orders].sort((a, b) => a.bidDeadline! - b.bidDeadline!).slice(0, 5).map((o) => o.id));
    expect(await ids('budget_desc')).toEqual([...orders].sort((a, b) => b.budgetTotalFen! - a.budgetTotalFen!).slice(0, 5).map((o) => o.id));
    expect((await ids('budget_asc'))[0]).toBe(ORDER_ID.o01);
  });

  it('ranks open orders before closed ones of equal relevance', async () => {
    // o25 is completed: among the keypoint orders, the open o11 comes first although o25 is newer
    const page = await searchOrders(meili, { q: '关键点' });
    expect(page.hits.slice(0, 2).map((h) => h.id)).toEqual([ORDER_ID.o11, ORDER_ID.o25]);
  });

  it('pages with offset and limit, up to the engine’s cap', async () => {
    const first = await searchOrders(meili, { limit: 10 });
    const second = await searchOrders(meili, { limit: 10, offset: 10 });
    expect(first.hits).toHaveLength(10);
    expect(second.hits.map((h) => h.id).filter((id) => first.hits.some((h) => h.id === id))).toEqual([]);
    expect((await searchOrders(meili, { offset: 5000 })).hits).toEqual([]);
  });

  it('highlights matches as escaped HTML', async () => {
    const page = await searchOrders(meili, { q: '激光雷达' });
    expect(page.hits[0]?.highlight.title).toMatch(/<mark>激光雷达<\/mark>/);
    expect(markHtml('<b>\uE000x\uE001</b>\uE000')).toBe('&lt;b&gt;<mark>x</mark>&lt;/b&gt;');
    // adjacent matched tokens read as one mark
    expect(markHtml('\uE000激光\uE001\uE000雷达\uE001点云')).toBe('<mark>激光雷达</mark>点云');
  });

  it('crops snippets from the plain text of a Markdown description, highlighted', async () => {
    const page = await searchOrders(meili, { q: '作业规范' });
    const everything = await searchEverything(meili, { q: '作业规范', now });
    for (const hit of [page.hits[0], everything.orders.hits[0]]) {
      expect(hit?.id).toBe(ORDER_ID.o13);
      const snippet = hit?.highlight.description ?? '';
      expect(snippet).toContain('<mark>作业规范</mark>');
      expect(snippet).toContain('路口监控视频，行人逐帧拉框');
      for (const source of ['**', '##', '&lt;em', '](', 'https', '- 夜间']) expect(snippet).not.toContain(source);
    }
  });
});

describe('searchVendors', () => {
  it('filters by capabilities; certificates count only while valid', async () => {
    const ids = async (p: Parameters<typeof searchVendors>[1]) =>
      (await searchVendors(meili, { now, limit: 50, ...p })).hits.map((h) => h.id).sort();
    expect(await ids({ certifications: ['iso27001'] })).toEqual([VENDOR_ID.v1, VENDOR_ID.v3, VENDOR_ID.v6].sort());
    expect(await ids({ certifications: ['iso27001', 'mlps3'] })).toEqual([VENDOR_ID.v3, VENDOR_ID.v6].sort());
    expect(await ids({ modalities: ['point_cloud'], taskTypes: ['cuboid_3d'] })).toEqual([VENDOR_ID.v1, VENDOR_ID.v6].sort());
    expect(await ids({ minHeadcount: 200 })).toEqual([VENDOR_ID.v1, VENDOR_ID.v3, VENDOR_ID.v6].sort());
    expect(await ids({ secureRoom: false })).toEqual([VENDOR_ID.v2, VENDOR_ID.v4, VENDOR_ID.v5].sort());
    expect(await ids({ county: ['371581', '371526'] })).toEqual([VENDOR_ID.v2, VENDOR_ID.v5].sort());
    const page = await searchVendors(meili, { now, county: ['371581'] });
    expect(page.facets.county).toMatchObject({ '371581': 1, '371502': 1, '371503': 1 });
    // other facets count within the selection
    expect(page.facets.certifications).toEqual({ iso9001: 1 });
    expect((await searchVendors(meili, { now })).facets.certifications).toMatchObject({ iso27001: 3, mlps3: 2 });
  });

  it('drops a vendor whose verification has lapsed at query time', async () => {
    const later = new Date('2100-01-01T00:00:00Z');
    expect((await searchVendors(meili, { now: later })).hits).toEqual([]);
  });

  it('sorts by headcount', async () => {
    const page = await searchVendors(meili, { now, sort: 'headcount', limit: 2 });
    expect(page.hits.map((h) => h.id)).toEqual([VENDOR_ID.v6, VENDOR_ID.v1]);
  });
});

describe('searchEverything', () => {
  it('searches all four indexes at once, grouped, with highlights', async () => {
    const r = await searchEverything(meili, { q: '点云', now });
    expect(r.orders.hits.map((h) => h.id)).toContain(ORDER_ID.o01);
    expect(r.vendors.hits.map((h) => h.id)).toEqual(expect.arrayContaining([VENDOR_ID.v1, VENDOR_ID.v6]));
    expect(r.catalogue).toEqual({ hits: [], total: 0 });
    expect(r.policyServices).toEqual({ hits: [], total: 0 });
    expect(r.orders.hits[0]?.highlight.title).toContain('<mark>');
  });
});

function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('queriesShowingOrder (saved-search alerts)', () => {
  it('tells which saved queries show one order, exactly as the order search would', async () => {
    const lidar = ORDER_ID.o01!;
    const queries: SavedOrderQuery[] = [
      {},
      { q: '激光雷达' },
      { q: '点云', modality: ['point_cloud'], taskTypes: ['tracking', 'bbox'] },
      { q: '语音转写' },
      { modality: ['image'] },
      { taskTypes: ['bbox'] },
      { securityLevel: ['confidential'] },
      { county: ['371502'] },
      { budgetMin: 1 },
      { budgetMax: 1 },
      { q: 'lidra' },
      // traditional characters, and a near miss that shares 点 with it
      { q: '點雲' },
      { q: '关键点' },
    ];
    const shown = await queriesShowingOrder(meili, lidar, queries, { batch: 4 });
    const expected: boolean[] = [];
    for (const p of queries) {
      const page = await searchOrders(meili, { ...p, limit: 100 });
      expected.push(page.hits.some((h) => h.id === lidar));
    }
    expect(shown).toEqual(expected);
    expect(shown?.slice(0, 4)).toEqual([true, true, true, false]);
    expect(shown?.slice(-2)).toEqual([true, false]);
  });

  it('answers null for an order that is not in the index (yet), and never matches another order', async () => {
    expect(await queriesShowingOrder(meili, '00000000-0000-4000-8000-999999999999', [{}])).toBeNull();
    expect(await queriesShowingOrder(meili, ORDER_ID.o05!, [{ q: '激光雷达' }, { q: '方言' }])).toEqual([false, true]);
    // a hostile id stays a plain value
    expect(await queriesShowingOrder(meili, '" OR id EXISTS OR id = "', [{}])).toBeNull();
  });
});
