import { createServer, type Server } from 'node:net';
import { bids, withTransaction } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleCapabilities, sampleOffer } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { createSearch, createSearchSync, type SearchSync } from '@annex/search';
import { startTestMeilisearch, type TestMeilisearch } from '@annex/search/testing.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { call, registerAs, TEST_CONFIG } from '../test-helpers.ts';

let db: TestDatabase;
let meili: TestMeilisearch;
let app: App;
let sync: SearchSync;
const ids: Record<string, string> = {};

const makeApp = (search: Parameters<typeof createApp>[0]['search']) =>
  createApp({ sql: db.sql, config: TEST_CONFIG, search, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() });

beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
  app = makeApp(meili);
  sync = createSearchSync({ sql: db.sql, search: meili, pollMs: 30, backoff: { baseSeconds: 0.05, maxSeconds: 0.3 }, indexCheckMs: 300 });
  await sync.checkIndexes();

  const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer', { name: '星衡智驾科技有限公司' });
  await db.sql`update organisations set county = '371502' where id = ${buyer.id}`;
  ids.lidar = (await createOpenOrder(db.sql, buyer.id, {
    title: '城市道路激光雷达点云 3D 框标注', modality: 'point_cloud', taskTypes: ['cuboid_3d', 'tracking'], budgetTotalFen: 96_000_000,
  })).id;
  ids.lane = (await createOpenOrder(db.sql, buyer.id, {
    title: '前视图像车道线标注', modality: 'image', taskTypes: ['lane_marking'], budgetTotalFen: 32_000_000, securityLevel: 'public', tags: [],
  })).id;
  ids.secret = (await createOpenOrder(db.sql, buyer.id, {
    title: '涉密图像拉框', modality: 'image', taskTypes: ['bbox'], budgetTotalFen: 5_000_000, securityLevel: 'confidential',
    description: '机密说明 TOPSECRET', tags: [],
  })).id;
  const v1 = await createVerifiedVendor(db.sql, { name: '聊城水城数标信息技术有限公司' });
  ids.v1 = v1.org.id;
  const v2 = await createVerifiedVendor(db.sql, { name: '临清运河语音数据有限公司' });
  ids.v2 = v2.org.id;
  await db.sql`update organisations set county = '371581' where id = ${ids.v2!}`;
  await db.sql`
    update vendor_profiles set capabilities = ${db.sql.json({
      ...sampleCapabilities(), modalities: ['audio'], taskTypes: ['transcription'], headcount: 30, secureRoom: false, certifications: [],
    } as never)} where org_id = ${ids.v2!}`;
  await sync.drain();
});

afterAll(async () => {
  await sync?.stop();
  await Promise.all([db?.close(), meili?.close()]);
});

describe('GET /api/v1/search/orders', () => {
  it('finds published orders by Chinese text and synonyms, with highlights and public fields only', async () => {
    const r = await call(app, 'GET', `/api/v1/search/orders?q=${encodeURIComponent('LiDAR')}`);
    expect(r.status).toBe(200);
    expect(r.json.items.map((h: { id: string }) => h.id)).toEqual([ids.lidar]);
    const hit = r.json.items[0];
    expect(hit).toMatchObject({ buyerName: '星衡智驾科技有限公司', county: '371502', modality: 'point_cloud', status: 'open' });
    expect(hit.publishedAt).toMatch(/Z$/);
    const text = JSON.stringify(r.json);
    expect(text).not.toMatch(/contact|phone|TOPSECRET|uscc/i);
  });

  it('filters by typed values and returns facet counts and the budget range', async () => {
    const r = await call(app, 'GET', '/api/v1/search/orders?modality=image&taskTypes=bbox,lane_marking&budgetMin=1000000&sort=budget_desc');
    expect(r.status).toBe(200);
    expect(r.json.items.map((h: { id: string }) => h.id)).toEqual([ids.lane, ids.secret]);
    expect(r.json.total).toBe(2);
    // a facet's counts leave out its own selection (so it can be widened), not the others'
    expect(r.json.facets.modality).toEqual({ image: 2 });
    expect(r.json.facets.taskTypes).toMatchObject({ bbox: 1, lane_marking: 1 });
    expect(r.json.facets.securityLevel).toMatchObject({ public: 1, confidential: 1 });
    expect(r.json.budget).toEqual({ min: 5_000_000, max: 32_000_000 });
    // the confidential order is listed, its description is not
    expect(JSON.stringify(r.json)).not.toContain('TOPSECRET');
    const repeated = await call(app, 'GET', '/api/v1/search/orders?taskTypes=bbox&taskTypes=lane_marking&securityLevel=public');
    expect(repeated.json.items.map((h: { id: string }) => h.id)).toEqual([ids.lane]);
  });

  it('refuses filter injection: values are typed, free text is only ever a query', async () => {
    for (const attack of ['" OR securityLevel = "confidential', 'public" OR securityLevel = "confidential', 'public OR 1=1']) {
      const bad = await call(app, 'GET', `/api/v1/search/orders?securityLevel=${encodeURIComponent(attack)}`);
      expect(bad.status, attack).toBe(400);
      expect(bad.json.code).toBe('validation_failed');
      const county = await call(app, 'GET', `/api/v1/search/orders?county=${encodeURIComponent(attack)}`);
      expect(county.status).toBe(400);
      const text = await call(app, 'GET', `/api/v1/search/orders?securityLevel=public&q=${encodeURIComponent(attack)}`);
      expect(text.status).toBe(200);
      expect(text.json.items.every((h: { securityLevel: string }) => h.securityLevel === 'public')).toBe(true);
    }
    for (const bad of ['budgetMin=1.5', 'budgetMin=-1', 'deadlineBefore=tomorrow', 'sort=price', 'limit=1000', 'cursor=bm9wZQ']) {
      const r = await call(app, 'GET', `/api/v1/search/orders?${bad}`);
      expect(r.status, bad).toBe(400);
    }
    // a budget filter that can match nothing is refused on both order searches, naming the field
    for (const path of ['/api/v1/search/orders', '/api/v1/orders']) {
      for (const [bad, field] of [['budgetMin=-500', 'budgetMin'], ['budgetMax=-1', 'budgetMax'], ['budgetMin=500&budgetMax=100', 'budgetMax']] as const) {
        const r = await call(app, 'GET', `${path}?${bad}`);
        expect(r.status, `${path}?${bad}`).toBe(400);
        expect(r.json).toMatchObject({ code: 'validation_failed', errors: [{ path: `query.${field}` }] });
      }
    }
  });

  it('pages with a cursor', async () => {
    const first = await call(app, 'GET', '/api/v1/search/orders?limit=2&sort=budget_desc');
    expect(first.json.items.map((h: { id: string }) => h.id)).toEqual([ids.lidar, ids.lane]);
    const second = await call(app, 'GET', `/api/v1/search/orders?limit=2&sort=budget_desc&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((h: { id: string }) => h.id)).toEqual([ids.secret]);
    expect(second.json.nextCursor).toBeNull();
  });
});

describe('GET /api/v1/orders (published orders)', () => {
  const idsOf = (r: { json: { items: { id: string }[] } }) => r.json.items.map((h) => h.id);

  it('is the order search: text, typed filters, sort, facet counts and pages, as GET /search/orders', async () => {
    const query = 'modality=image&taskTypes=bbox,lane_marking&budgetMin=1000000&sort=budget_desc';
    const [list, search] = await Promise.all([call(app, 'GET', `/api/v1/orders?${query}`), call(app, 'GET', `/api/v1/search/orders?${query}`)]);
    expect(list.status).toBe(200);
    expect(idsOf(list)).toEqual([ids.lane, ids.secret]);
    expect(idsOf(list)).toEqual(idsOf(search));
    expect(list.json).toMatchObject({ total: 2, facets: search.json.facets });
    const text = await call(app, 'GET', `/api/v1/orders?q=${encodeURIComponent('激光雷达')}`);
    expect(idsOf(text)).toEqual([ids.lidar]);
    expect(text.json.items[0].highlight.title).toContain('<mark>');
    // the plain list's single task type is one more task type of the search
    expect(idsOf(await call(app, 'GET', '/api/v1/orders?taskType=lane_marking'))).toEqual([ids.lane]);
    for (const attack of ['" OR securityLevel = "confidential', 'public OR 1=1']) {
      expect((await call(app, 'GET', `/api/v1/orders?securityLevel=${encodeURIComponent(attack)}`)).status, attack).toBe(400);
      expect((await call(app, 'GET', `/api/v1/orders?county=${encodeURIComponent(attack)}`)).status, attack).toBe(400);
    }
    const first = await call(app, 'GET', '/api/v1/orders?limit=2&sort=budget_desc');
    expect(idsOf(first)).toEqual([ids.lidar, ids.lane]);
    const second = await call(app, 'GET', `/api/v1/orders?limit=2&sort=budget_desc&cursor=${first.json.nextCursor}`);
    expect(idsOf(second)).toEqual([ids.secret]);
    expect(JSON.stringify([list.json, text.json, first.json])).not.toMatch(/TOPSECRET|contact|phone/i);
  });

  it('still lists plainly from the database when search is down; searching then is 503', async () => {
    const down = makeApp(createSearch({ url: 'http://127.0.0.1:9', masterKey: 'x' }));
    const plain = await call(down, 'GET', '/api/v1/orders?modality=image&limit=100');
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ total: null, facets: null });
    expect(idsOf(plain)).toEqual(expect.arrayContaining([ids.lane, ids.secret]));
    expect(idsOf(plain)).not.toContain(ids.lidar);
    const searching = await call(down, 'GET', `/api/v1/orders?q=${encodeURIComponent('点云')}`);
    expect(searching.status).toBe(503);
    expect(searching.json.code).toBe('search_unavailable');
  });
});

describe('sealed amounts', () => {
  it('appear in no search answer', async () => {
    const placed = await withTransaction(db.sql, (tx) =>
      bids.insertIfOpen(tx, { ...sampleOffer(76_543_219), unitPriceFen: 6_543_219, orderId: ids.lidar!, vendorOrgId: ids.v1! }),
    );
    expect(placed.ok).toBe(true);
    await sync.drain();
    for (const path of [
      '/api/v1/search?q=点云', '/api/v1/search?q=水城', '/api/v1/search/orders', '/api/v1/search/orders?q=激光雷达', '/api/v1/vendors',
    ]) {
      const r = await call(app, 'GET', encodeURI(path));
      expect(r.status).toBe(200);
      for (const form of ['76543219', '765432.19', '6543219', '65432.19']) expect(r.text, path).not.toContain(form);
    }
  });
});

describe('GET /api/v1/vendors', () => {
  it('lists verified vendors with capability filters and facets, never their contacts', async () => {
    const all = await call(app, 'GET', '/api/v1/vendors');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(2);
    expect(JSON.stringify(all.json)).not.toMatch(/13800000000|张三|contact/);
    const audio = await call(app, 'GET', '/api/v1/vendors?modalities=audio&county=371581');
    expect(audio.json.items.map((v: { id: string }) => v.id)).toEqual([ids.v2]);
    const secure = await call(app, 'GET', '/api/v1/vendors?certifications=iso27001&secureRoom=true&minHeadcount=100');
    expect(secure.json.items.map((v: { id: string }) => v.id)).toEqual([ids.v1]);
    expect(secure.json.facets.county).toBeDefined();
    const byText = await call(app, 'GET', `/api/v1/vendors?q=${encodeURIComponent('语音识别')}`);
    expect(byText.json.items.map((v: { id: string }) => v.id)).toEqual([ids.v2]);
    expect((await call(app, 'GET', '/api/v1/vendors?secureRoom=maybe')).status).toBe(400);
    expect((await call(app, 'GET', '/api/v1/vendors?certifications=iso27001"%20OR%20x')).status).toBe(400);
  });
});

describe('GET /api/v1/search', () => {
  it('searches every index at once, grouped and highlighted', async () => {
    const r = await call(app, 'GET', `/api/v1/search?q=${encodeURIComponent('水城')}`);
    expect(r.status).toBe(200);
    expect(r.json.vendors.hits.map((v: { id: string }) => v.id)).toEqual([ids.v1]);
    expect(r.json.vendors.hits[0].highlight.name).toContain('<mark>水城</mark>');
    expect(r.json).toMatchObject({ q: '水城', catalogue: { hits: [], total: 0 }, policyServices: { hits: [], total: 0 } });
    expect((await call(app, 'GET', '/api/v1/search?q=')).status).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await call(app, 'GET', '/api/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/search', '/api/v1/search/orders', '/api/v1/vendors']));
  });
});

describe('search unavailable', () => {
  it('answers 503 search_unavailable within 1 s when Meilisearch hangs or is not there, while writes work', async () => {
    // accepts connections and never answers: the worst case, a hung Meilisearch
    const sockets: import('node:net').Socket[] = [];
    const hung: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.address() as { port: number }).port;
    try {
      for (const url of [`http://127.0.0.1:${port}`, 'http://127.0.0.1:9']) {
        const down = makeApp(createSearch({ url, masterKey: 'x' }));
        for (const path of ['/api/v1/search?q=点云', '/api/v1/search/orders?q=点云', '/api/v1/vendors']) {
          const t0 = performance.now();
          const r = await call(down, 'GET', path);
          expect(performance.now() - t0, `${url} ${path}`).toBeLessThan(1000);
          expect(r.status).toBe(503);
          expect(r.json.code).toBe('search_unavailable');
        }
        // a write does not touch search
        const { cookie } = await registerAs(down, 'vendor');
        const w = await call(down, 'PUT', '/api/v1/organisations/mine/capabilities', { body: sampleCapabilities(), cookie });
        expect(w.status).toBe(200);
      }
    } finally {
      for (const s of sockets) s.destroy();
      hung.close();
    }
    // an app without search (other suites' tests) has the routes all the same, and says search is unavailable
    const none = makeApp(null);
    for (const path of ['/api/v1/search?q=点云', '/api/v1/search/orders', '/api/v1/vendors']) {
      expect((await call(none, 'GET', path)).json, path).toMatchObject({ status: 503, code: 'search_unavailable' });
    }
  });
});

describe('/readyz', () => {
  it('reports the search sync lag', async () => {
    await db.sql`update organisations set name = '改名触发同步' where id = ${ids.v1!}`;
    const r = await call(app, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.json.searchSync.pending).toBeGreaterThanOrEqual(1);
    expect(r.json.searchSync.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    await sync.drain();
    expect((await call(app, 'GET', '/readyz')).json.searchSync).toMatchObject({ pending: 0, oldestPendingSeconds: 0 });
  });
});
