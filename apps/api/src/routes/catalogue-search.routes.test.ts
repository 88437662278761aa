import { agencies, catalogue } from '@annex/db';
import { createCatalogueEntry } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { createSearchSync, type SearchSync } from '@annex/search';
import { startTestMeilisearch, type TestMeilisearch } from '@annex/search/testing.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { call, TEST_CONFIG } from '../test-helpers.ts';

// GET /catalogue and the global search box over a real Meilisearch: published entries by Chinese text, facets and
// sort; never a draft, never a contact; the database answers the list when search is away.

let db: TestDatabase;
let meili: TestMeilisearch;
let app: App;
let sync: SearchSync;
const ids: Record<string, string> = {};

const makeApp = (search: TestMeilisearch | null) =>
  createApp({ sql: db.sql, config: TEST_CONFIG, search, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() });

beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
  app = makeApp(meili);
  sync = createSearchSync({ sql: db.sql, search: meili, pollMs: 30 });
  await sync.checkIndexes();
  const wl = (await agencies.findByName(db.sql, '市文旅局'))!;
  const wj = (await agencies.findByName(db.sql, '市卫健委'))!;
  const entry = async (key: string, fields: Parameters<typeof createCatalogueEntry>[1]) => {
    ids[key] = (await createCatalogueEntry(db.sql, fields)).id;
  };
  await entry('scenic', { fields: { code: 'LC-WL-0001', title: '重点景区客流监控视频', sector: 'culture_tourism', agencyId: wl.id, modality: 'video', tags: ['客流'] } });
  await entry('books', { fields: { code: 'LC-WL-0002', title: '海源阁古籍数字化影像', sector: 'culture_tourism', agencyId: wl.id, modality: 'image', tags: ['古籍'] } });
  await entry('records', { fields: { code: 'LC-WJ-0001', title: '基层门诊电子病历', sector: 'health', agencyId: wj.id, modality: 'text', tags: ['病历'] } });
  await entry('draft', { status: 'draft', fields: { code: 'LC-WL-0003', title: '文旅草稿条目', sector: 'culture_tourism', agencyId: wl.id } });
  await sync.drain();
});

afterAll(async () => {
  await sync?.stop();
  await Promise.all([db?.close(), meili?.close()]);
});

describe('GET /api/v1/catalogue through search', () => {
  it('finds published entries by what people call the agency, with highlights, facets and no contact', async () => {
    const r = await call(app, 'GET', `/api/v1/catalogue?q=${encodeURIComponent('文旅局')}`);
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.scenic, ids.books].sort());
    expect(r.json.items[0]).toMatchObject({ status: 'published', agency: { name: '聊城市文化和旅游局', shortName: '市文旅局' } });
    expect(r.json.total).toBe(2);
    expect(r.json.facets.sector).toEqual({ culture_tourism: 2 });
    expect(JSON.stringify(r.json)).not.toMatch(/王老师|0635-8888888|安全屋/);
  });

  it('filters by facets (counting each facet without its own selection), sorts by code and pages with cursors', async () => {
    const page1 = await call(app, 'GET', '/api/v1/catalogue?sector=culture_tourism&sort=code&limit=1');
    expect(page1.json.items.map((i: { code: string }) => i.code)).toEqual(['LC-WL-0001']);
    expect(page1.json.facets.sector).toEqual({ culture_tourism: 2, health: 1 });
    const page2 = await call(app, 'GET', `/api/v1/catalogue?sector=culture_tourism&sort=code&limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items.map((i: { code: string }) => i.code)).toEqual(['LC-WL-0002']);
    expect(page2.json.nextCursor).toBeNull();
    const byAgency = await call(app, 'GET', `/api/v1/catalogue?agencyId=${(await catalogue.getById(db.sql, ids.records!))!.agencyId}`);
    expect(byAgency.json.items.map((i: { id: string }) => i.id)).toEqual([ids.records]);
  });

  it('leaves an unpublished entry out once the outbox has run, and lists from the database when search is away', async () => {
    await catalogue.transition(db.sql, ids.books!, 'unpublish', { userId: null, orgId: null });
    await sync.drain();
    const r = await call(app, 'GET', '/api/v1/catalogue?sector=culture_tourism');
    expect(r.json.items.map((i: { id: string }) => i.id)).toEqual([ids.scenic]);
    const withoutSearch = makeApp(null);
    const plain = await call(withoutSearch, 'GET', `/api/v1/catalogue?q=${encodeURIComponent('病历')}`);
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ items: [{ id: ids.records }], total: null, facets: null });
    await catalogue.transition(db.sql, ids.books!, 'publish', { userId: null, orgId: null });
    await sync.drain();
  });
});

describe('GET /api/v1/search', () => {
  it('shows catalogue entries beside orders and vendors, by sector short form', async () => {
    const r = await call(app, 'GET', `/api/v1/search?q=${encodeURIComponent('卫健')}`);
    expect(r.status).toBe(200);
    expect(r.json.catalogue.hits).toMatchObject([{ id: ids.records, code: 'LC-WJ-0001', agency: '聊城市卫生健康委员会', sector: 'health' }]);
    expect(r.json.catalogue.total).toBe(1);
    const drafts = await call(app, 'GET', `/api/v1/search?q=${encodeURIComponent('文旅草稿条目')}`);
    expect(drafts.json.catalogue.hits.map((h: { id: string }) => h.id)).not.toContain(ids.draft);
  });
});
