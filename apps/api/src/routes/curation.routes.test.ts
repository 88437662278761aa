import { randomUUID } from 'node:crypto';
import { policyServices } from '@annex/db';
import { createCatalogueEntry, createOpenOrder, createVerifiedVendor, sampleServiceFields } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { createSearchSync, type SearchSync } from '@annex/search';
import { startTestMeilisearch, type TestMeilisearch } from '@annex/search/testing.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { call, registerAs, signInSecretariat, TEST_CONFIG } from '../test-helpers.ts';

// Curation through the API against a real Meilisearch: a hidden listing vanishes for the public from lists, search,
// the sitemap, its page and the OCDS feed, and stays there for its owner (with the reason) and the secretariat; a
// featured one comes first.

let db: TestDatabase;
let meili: TestMeilisearch;
let app: App;
let sync: SearchSync;
let secretariat = '';
let buyer = '';
let buyerOrgId = '';
let vendorCookie = '';
let vendorOrgId = '';
const ids: Record<string, string> = {};

const makeApp = (now?: () => Date) =>
  createApp({ sql: db.sql, config: TEST_CONFIG, search: meili, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage(), now });

const CURATE = '/api/v1/admin/curation';
const curate = async (kind: string, listingId: string, action: string, reason = '秘书处复核') => {
  const r = await call(app, 'POST', CURATE, { cookie: secretariat, body: { kind, listingId, action, reason } });
  await sync.drain();
  return r;
};
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
  app = makeApp();
  sync = createSearchSync({ sql: db.sql, search: meili, pollMs: 30, backoff: { baseSeconds: 0.05, maxSeconds: 0.3 }, indexCheckMs: 300 });
  await sync.checkIndexes();
  secretariat = (await signInSecretariat(app, db)).cookie;
  const b = await registerAs(app, 'buyer');
  buyer = b.cookie;
  buyerOrgId = b.me.organisation.id;
  const v = await registerAs(app, 'vendor', {});
  vendorCookie = v.cookie;
  vendorOrgId = v.me.organisation.id;
  await db.sql`update vendor_profiles set verification_status = 'verified', verified_until = now() + interval '1 year' where org_id = ${vendorOrgId}`;
  ids.older = (await createOpenOrder(db.sql, buyerOrgId, { title: '方言语音转写', modality: 'audio', taskTypes: ['transcription'], publishedAt: new Date(Date.now() - 60_000) })).id;
  ids.newer = (await createOpenOrder(db.sql, buyerOrgId, { title: '道路图像拉框', modality: 'image', taskTypes: ['bbox'] })).id;
  ids.spam = (await createOpenOrder(db.sql, buyerOrgId, { title: '违规转包订单', modality: 'image', taskTypes: ['bbox'] })).id;
  ids.otherVendor = (await createVerifiedVendor(db.sql, { name: '东昌府数标科技有限公司' })).org.id;
  ids.entry = (await createCatalogueEntry(db.sql, { fields: { title: '全市公交车载视频' } })).id;
  const service = await policyServices.create(db.sql, { code: 'curation-test-service', fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
  await policyServices.setStatus(db.sql, service.id, ['draft'], 'published');
  ids.service = service.id;
  await sync.drain();
});

afterAll(async () => {
  await sync?.stop();
  await Promise.all([db?.close(), meili?.close()]);
});

describe('POST /api/v1/admin/curation', () => {
  it('is the secretariat’s: 401 for the public, 403 for a firm', async () => {
    const body = { kind: 'order', listingId: ids.newer, action: 'hide', reason: 'x' };
    expect((await call(app, 'POST', CURATE, { body })).status).toBe(401);
    const r = await call(app, 'POST', CURATE, { cookie: buyer, body });
    expect(r.status).toBe(403);
    expect((await call(app, 'GET', CURATE, { cookie: vendorCookie })).status).toBe(403);
  });

  it('refuses bad input and missing listings with stable codes', async () => {
    const bad = await call(app, 'POST', CURATE, { cookie: secretariat, body: { kind: 'order', listingId: ids.newer, action: 'hide', reason: '  ' } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('validation_failed');
    expect((await call(app, 'POST', CURATE, { cookie: secretariat, body: { kind: 'bid', listingId: ids.newer, action: 'hide', reason: 'x' } })).status).toBe(400);
    const missing = await curate('order', randomUUID(), 'hide');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('not_found');
    // a vendor's id is no order
    expect((await curate('order', vendorOrgId, 'feature')).status).toBe(404);
  });

  it('features only what the public sees, never a hidden listing, and each change once', async () => {
    const draft = (await createOpenOrder(db.sql, buyerOrgId, { status: 'draft', publishedAt: null })).id;
    const notPublic = await curate('order', draft, 'feature');
    expect(notPublic.status).toBe(422);
    expect(notPublic.json.code).toBe('listing_not_public');
    expect((await curate('order', draft, 'unfeature')).json.code).toBe('invalid_transition');
    expect((await curate('order', draft, 'hide')).status).toBe(200);
    const hidden = await curate('order', draft, 'feature');
    expect(hidden.status).toBe(409);
    expect(hidden.json.code).toBe('listing_hidden');
    expect((await curate('order', draft, 'hide')).json.code).toBe('invalid_transition');
    const back = await curate('order', draft, 'unhide', '误操作');
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ hidden: false, featured: false, reason: '误操作', isPublic: false, actions: ['hide'] });
  });
});

describe('a hidden order', () => {
  beforeAll(async () => {
    const r = await curate('order', ids.spam!, 'hide', '涉嫌违规转包，核查中');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ kind: 'order', listingId: ids.spam, hidden: true, featured: false, title: '违规转包订单', actions: ['unhide'] });
  });

  it('is absent from the public’s lists, search and sitemap, and present for the secretariat', async () => {
    const list = await call(app, 'GET', '/api/v1/orders');
    expect(list.status).toBe(200);
    expect(idsOf(list.json.items)).not.toContain(ids.spam);
    expect(idsOf(list.json.items)).toContain(ids.newer);
    expect(idsOf((await call(app, 'GET', '/api/v1/search/orders?q=%E8%BD%AC%E5%8C%85')).json.items)).toEqual([]);
    expect((await call(app, 'GET', '/api/v1/search?q=%E8%BF%9D%E8%A7%84%E8%BD%AC%E5%8C%85')).json.orders.total).toBe(0);
    // a firm is the public here too, the buyer included: lists show what everyone sees
    expect(idsOf((await call(app, 'GET', '/api/v1/search/orders', { cookie: vendorCookie })).json.items)).not.toContain(ids.spam);
    const sitemap = await call(app, 'GET', '/api/v1/sitemap');
    expect(sitemap.status).toBe(200);
    expect(idsOf(sitemap.json.items)).not.toContain(ids.spam);
    expect(idsOf(sitemap.json.items)).toEqual(expect.arrayContaining([ids.newer, ids.older, vendorOrgId, ids.entry, ids.service]));

    expect(idsOf((await call(app, 'GET', '/api/v1/orders', { cookie: secretariat })).json.items)).toContain(ids.spam);
    expect(idsOf((await call(app, 'GET', '/api/v1/search/orders?q=%E8%BD%AC%E5%8C%85', { cookie: secretariat })).json.items)).toEqual([ids.spam]);
    expect((await call(app, 'GET', '/api/v1/search?q=%E8%BF%9D%E8%A7%84%E8%BD%AC%E5%8C%85', { cookie: secretariat })).json.orders.total).toBe(1);
  });

  it('answers 404 on its page to the public and other firms; its buyer and the secretariat see it with the reason', async () => {
    const path = `/api/v1/orders/${ids.spam}`;
    expect((await call(app, 'GET', path)).status).toBe(404);
    expect((await call(app, 'GET', path, { cookie: vendorCookie })).status).toBe(404);
    expect((await call(app, 'GET', `${path}/questions`)).status).toBe(404);
    for (const cookie of [buyer, secretariat]) {
      const r = await call(app, 'GET', path, { cookie });
      expect(r.status).toBe(200);
      expect(r.json.curation).toMatchObject({ hidden: true, featured: false, reason: '涉嫌违规转包，核查中' });
    }
    // an order never curated carries no curation at all
    expect((await call(app, 'GET', `/api/v1/orders/${ids.older}`, { cookie: buyer })).json.curation).toBeUndefined();
  });

  it('is left out of the OCDS feed and its releases', async () => {
    const later = makeApp(() => new Date(Date.now() + 10 * 60_000));
    const feed = await call(later, 'GET', '/api/v1/ocds/releases?limit=100');
    expect(feed.status).toBe(200);
    const orderIds = new Set(feed.json.releases.map((r: { tender: { id: string } }) => r.tender.id));
    expect(orderIds.has(ids.newer)).toBe(true);
    expect(orderIds.has(ids.spam)).toBe(false);
    expect((await call(later, 'GET', `/api/v1/ocds/orders/${ids.spam}/releases`)).status).toBe(404);
  });

  it('was audited with before and after, and its buyer was told why', async () => {
    const rows = await db.sql<{ action: string; before: unknown; after: unknown }[]>`
      select action, before, after from audit_log where entity_type = 'order' and entity_id = ${ids.spam!} order by id`;
    expect(rows).toEqual([{ action: 'curation.hide', before: { featured: false, hidden: false }, after: { featured: false, hidden: true, reason: '涉嫌违规转包，核查中' } }]);
    const inbox = await call(app, 'GET', '/api/v1/notifications', { cookie: buyer });
    expect(inbox.json.items.find((n: { kind: string }) => n.kind === 'listing_curated')?.payload).toMatchObject({ action: 'hide', listingId: ids.spam, reason: '涉嫌违规转包，核查中' });
  });

  it('comes back for everyone when unhidden', async () => {
    expect((await curate('order', ids.spam!, 'unhide', '核查无误')).status).toBe(200);
    expect((await call(app, 'GET', `/api/v1/orders/${ids.spam}`)).status).toBe(200);
    expect(idsOf((await call(app, 'GET', '/api/v1/search/orders?q=%E8%BD%AC%E5%8C%85')).json.items)).toEqual([ids.spam]);
  });
});

describe('a featured order', () => {
  it('ranks first in its search and is on the home page’s list', async () => {
    const before = idsOf((await call(app, 'GET', '/api/v1/search/orders')).json.items);
    expect(before.indexOf(ids.newer!)).toBeLessThan(before.indexOf(ids.older!));
    expect((await curate('order', ids.older!, 'feature', '本月重点推荐')).status).toBe(200);
    const after = idsOf((await call(app, 'GET', '/api/v1/search/orders')).json.items);
    expect(after[0]).toBe(ids.older);
    // also under an explicit sort, and in the list the order page shows
    expect(idsOf((await call(app, 'GET', '/api/v1/search/orders?sort=budget_asc')).json.items)[0]).toBe(ids.older);
    expect(idsOf((await call(app, 'GET', '/api/v1/orders')).json.items)[0]).toBe(ids.older);
    const featured = await call(app, 'GET', '/api/v1/featured');
    expect(featured.status).toBe(200);
    expect(featured.json.orders).toEqual([expect.objectContaining({ id: ids.older, title: '方言语音转写' })]);
    // hiding ends the featuring
    await curate('order', ids.older!, 'hide', '撤下');
    expect((await call(app, 'GET', '/api/v1/featured')).json.orders).toEqual([]);
    const list = await call(app, 'GET', `${CURATE}?state=hidden&kind=order`, { cookie: secretariat });
    expect(list.json.items.map((i: { listingId: string }) => i.listingId)).toContain(ids.older);
    await curate('order', ids.older!, 'unhide', '恢复');
  });
});

describe('hidden vendors, catalogue entries and policy services', () => {
  it('a vendor: gone from the directory and its profile for others; the vendor itself sees why', async () => {
    expect((await curate('vendor', vendorOrgId, 'hide', '资质存疑')).status).toBe(200);
    expect(idsOf((await call(app, 'GET', '/api/v1/vendors')).json.items)).not.toContain(vendorOrgId);
    expect(idsOf((await call(app, 'GET', '/api/v1/vendors')).json.items)).toContain(ids.otherVendor);
    expect(idsOf((await call(app, 'GET', '/api/v1/vendors', { cookie: secretariat })).json.items)).toContain(vendorOrgId);
    expect((await call(app, 'GET', `/api/v1/vendors/${vendorOrgId}`)).status).toBe(404);
    expect((await call(app, 'GET', `/api/v1/vendors/${vendorOrgId}`, { cookie: buyer })).status).toBe(404);
    const own = await call(app, 'GET', `/api/v1/vendors/${vendorOrgId}`, { cookie: vendorCookie });
    expect(own.status).toBe(200);
    expect(own.json.curation).toMatchObject({ hidden: true, reason: '资质存疑' });
    expect(idsOf((await call(app, 'GET', '/api/v1/sitemap')).json.items)).not.toContain(vendorOrgId);
  });

  it('a catalogue entry and a policy service: gone for the public, there for the secretariat', async () => {
    expect((await curate('catalogue_entry', ids.entry!, 'hide', '数据来源待核实')).status).toBe(200);
    expect((await curate('policy_service', ids.service!, 'hide', '政策已调整')).status).toBe(200);
    expect(idsOf((await call(app, 'GET', '/api/v1/catalogue')).json.items)).not.toContain(ids.entry);
    expect(idsOf((await call(app, 'GET', '/api/v1/catalogue', { cookie: secretariat })).json.items)).toContain(ids.entry);
    expect((await call(app, 'GET', `/api/v1/catalogue/${ids.entry}`)).status).toBe(404);
    expect((await call(app, 'GET', `/api/v1/catalogue/${ids.entry}`, { cookie: secretariat })).json.curation).toMatchObject({ hidden: true });
    expect(idsOf((await call(app, 'GET', '/api/v1/policy/services')).json.items)).not.toContain(ids.service);
    expect(idsOf((await call(app, 'GET', '/api/v1/policy/search')).json.items)).not.toContain(ids.service);
    expect(idsOf((await call(app, 'GET', '/api/v1/policy/search', { cookie: secretariat })).json.items)).toContain(ids.service);
    expect((await call(app, 'GET', `/api/v1/policy/services/${ids.service}`)).status).toBe(404);
    expect((await call(app, 'GET', `/api/v1/policy/services/${ids.service}`, { cookie: secretariat })).status).toBe(200);
    const sitemap = idsOf((await call(app, 'GET', '/api/v1/sitemap')).json.items);
    expect(sitemap).not.toContain(ids.entry);
    expect(sitemap).not.toContain(ids.service);
    const one = await call(app, 'GET', `${CURATE}/catalogue_entry/${ids.entry}`, { cookie: secretariat });
    expect(one.json).toMatchObject({ hidden: true, isPublic: true, actions: ['unhide'], title: '全市公交车载视频' });
  });
});
