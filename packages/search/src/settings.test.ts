import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyIndexSettings, diffSettings, INDEX_NAMES, INDEX_SETTINGS } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

describe('index settings as code', () => {
  let meili: TestMeilisearch;
  beforeAll(async () => {
    meili = await startTestMeilisearch();
  });
  afterAll(async () => {
    await meili?.close();
  });

  it('creates the four indexes and applies every managed key the first time', async () => {
    const changes = await applyIndexSettings(meili.client, { prefix: meili.prefix });
    expect(changes.map((c) => c.index)).toEqual(INDEX_NAMES.map((n) => `${meili.prefix}${n}`));
    for (const name of INDEX_NAMES) {
      const live = await meili.client.index(`${meili.prefix}${name}`).getSettings();
      expect(diffSettings(live, INDEX_SETTINGS[name])).toEqual([]);
      expect(live.localizedAttributes?.[0]?.locales).toEqual(['cmn']);
    }
  });

  it('is idempotent: a second run changes nothing and enqueues no task', async () => {
    const before = await meili.client.tasks.getTasks({ limit: 1 });
    expect(await applyIndexSettings(meili.client, { prefix: meili.prefix })).toEqual([]);
    const after = await meili.client.tasks.getTasks({ limit: 1 });
    expect(after.results[0]?.uid).toBe(before.results[0]?.uid);
  });

  it('updates only the keys that drifted', async () => {
    const uid = `${meili.prefix}vendors`;
    await meili.client.index(uid).updateSettings({ sortableAttributes: ['headcount'] }).waitTask();
    expect(await applyIndexSettings(meili.client, { prefix: meili.prefix })).toEqual([
      { index: uid, keys: ['sortableAttributes'] },
    ]);
  });

  it('finds Chinese text and honours the trade synonyms', async () => {
    const orders = meili.client.index(`${meili.prefix}orders`);
    await orders
      .addDocuments([
        { id: 'a', title: '自动驾驶激光雷达3D框标注', description: '城市道路场景', status: 'open', modality: 'point_cloud', taskTypes: ['cuboid_3d'], tags: [], publishedAt: 2, bidDeadline: 10, budgetTotalFen: 5_000_000 },
        { id: 'b', title: '医疗影像语义分割', description: '肺部CT', status: 'open', modality: 'image', taskTypes: ['semantic_segmentation'], tags: [], publishedAt: 1, bidDeadline: 20, budgetTotalFen: 1_000_000 },
      ])
      .waitTask();
    const byWord = await orders.search('语义分割');
    expect(byWord.hits.map((h) => h.id)).toEqual(['b']);
    const bySynonym = await orders.search('LiDAR');
    expect(bySynonym.hits.map((h) => h.id)).toEqual(['a']);
    const filtered = await orders.search('', { filter: 'modality = image', sort: ['publishedAt:desc'] });
    expect(filtered.hits.map((h) => h.id)).toEqual(['b']);
  });

  it('ping tells a live server from a dead address', async () => {
    expect(await meili.ping()).toBe(true);
    const { ping } = await import('./client.ts');
    expect(await ping('http://127.0.0.1:9', 300)).toBe(false);
  });
});

describe('diffSettings', () => {
  it('ignores the order of filterable and sortable attributes but not of searchable ones', () => {
    expect(diffSettings({ filterableAttributes: ['b', 'a'], sortableAttributes: ['y', 'x'] }, { filterableAttributes: ['a', 'b'], sortableAttributes: ['x', 'y'] })).toEqual([]);
    expect(diffSettings({ searchableAttributes: ['b', 'a'] }, { searchableAttributes: ['a', 'b'] })).toEqual(['searchableAttributes']);
  });
});
