import { audit, catalogueInterests } from '@annex/db';
import { createCatalogueEntry, createOpenOrder, createVerifiedVendor, openStatisticsPeriod } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp, signInSecretariat } from '../test-helpers.ts';

// The secretariat's desk and the full audit log through the API. `age` moves what waits back in time (the clock of
// the app cannot move: the secretariat's session would expire), so it has aged against the targets.

const HOUR = 3_600_000;
let t: Awaited<ReturnType<typeof setupApp>>;
let admin: Awaited<ReturnType<typeof signInSecretariat>>;
let buyer: Awaited<ReturnType<typeof registerAs>>;
let pendingVendor: Awaited<ReturnType<typeof registerAs>>;
const ids: Record<string, string> = {};

type Queue = { queue: string; count: number; lateCount: number; band: string | null; targetHours: number; available: boolean; items: { id: string; band: string; title: string }[] };
/** Everything waiting was submitted `hours` earlier. */
const age = async (hours: number) => {
  await t.db.sql`update orders set submitted_at = now() - make_interval(hours => ${hours}) where status = 'pending_review'`;
  await t.db.sql`update vendor_profiles set submitted_at = now() - make_interval(hours => ${hours}) where verification_status = 'pending'`;
};
const queueOf = (desk: { queues: Queue[] }, name: string) => desk.queues.find((q) => q.queue === name)!;

beforeAll(async () => {
  t = await setupApp();
  admin = await signInSecretariat(t.app, t.db);
  buyer = await registerAs(t.app, 'buyer');
  pendingVendor = await registerAs(t.app, 'vendor');
  ids.review = (await createOpenOrder(t.db.sql, buyer.me.organisation.id, { title: '待审核的订单', status: 'pending_review', publishedAt: null })).id;
  await t.db.sql`update orders set submitted_at = now() where id = ${ids.review!}`;
  const entry = await createCatalogueEntry(t.db.sql, { fields: { title: '公交车载视频' } });
  ids.entry = entry.id;
  const v = await createVerifiedVendor(t.db.sql);
  await catalogueInterests.put(t.db.sql, entry.id, v.org.id, { note: '', headcount: 20, dailyItems: null }, { userId: null, orgId: v.org.id });
  await t.db.sql`insert into alliance_memberships (org_id, status, tier) values (${buyer.me.organisation.id}, 'applied', 'member')`;
  // a member firm that has not filed the statistics of a period due three days ago
  ids.lateFiler = v.org.id;
  ids.latePeriod = (await openStatisticsPeriod(t.db.sql, [v.org.id], -3)).id;
});
afterAll(() => t?.close());

describe('GET /api/v1/admin/desk', () => {
  it('is the secretariat’s: 401 for the public, 403 for firms', async () => {
    expect((await call(t.app, 'GET', '/api/v1/admin/desk')).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/admin/desk', { cookie: buyer.cookie })).status).toBe(403);
    expect((await call(t.app, 'PUT', '/api/v1/admin/desk/service-levels', { cookie: buyer.cookie, body: { targets: {} } })).status).toBe(403);
  });

  it('counts every queue with its oldest items, coloured against the targets', async () => {
    const now = await call(t.app, 'GET', '/api/v1/admin/desk', { cookie: admin.cookie });
    expect(now.status).toBe(200);
    expect(now.json.queues.map((q: Queue) => q.queue)).toEqual([
      'vendor_verification', 'order_review', 'objections', 'policy_cases', 'disputes', 'catalogue_leads', 'membership_applications',
      'late_statistics',
    ]);
    const review = queueOf(now.json, 'order_review');
    expect(review).toMatchObject({ count: 1, lateCount: 0, band: 'on_time', targetHours: 24, available: true });
    expect(review.items).toEqual([expect.objectContaining({ id: ids.review, title: '待审核的订单', band: 'on_time' })]);
    expect(queueOf(now.json, 'vendor_verification').items.map((i) => i.id)).toContain(pendingVendor.me.organisation.id);
    expect(queueOf(now.json, 'catalogue_leads')).toMatchObject({ count: 1, items: [expect.objectContaining({ id: ids.entry })] });
    expect(queueOf(now.json, 'membership_applications')).toMatchObject({ count: 1, items: [expect.objectContaining({ id: buyer.me.organisation.id })] });
    expect(queueOf(now.json, 'objections')).toMatchObject({ count: 0, band: null, items: [] });
    // a late filer is listed by its period and organisation (the desk opens the period)
    expect(queueOf(now.json, 'late_statistics')).toMatchObject({
      available: true, count: 1, band: 'on_time', items: [expect.objectContaining({ id: `${ids.latePeriod}:${ids.lateFiler}` })],
    });

    // 40 hours on: past order review's 24 h (late); vendor verification's 72 h are due soon only from 54 h
    await age(40);
    const then = await call(t.app, 'GET', '/api/v1/admin/desk', { cookie: admin.cookie });
    expect(queueOf(then.json, 'order_review')).toMatchObject({ lateCount: 1, band: 'late' });
    expect(queueOf(then.json, 'vendor_verification').band).toBe('on_time');
  });

  it('takes the secretariat’s targets, audits them, and colours by them', async () => {
    const r = await call(t.app, 'PUT', '/api/v1/admin/desk/service-levels', { cookie: admin.cookie, body: { targets: { order_review: 48, vendor_verification: 50 } } });
    expect(r.status).toBe(200);
    // 40 h of 48 h: due soon (from 36 h); 40 h of 50 h: due soon (from 37.5 h)
    expect(queueOf(r.json, 'order_review')).toMatchObject({ targetHours: 48, lateCount: 0, band: 'due_soon' });
    expect(queueOf(r.json, 'vendor_verification')).toMatchObject({ targetHours: 50, band: 'due_soon' });
    const [entry] = await audit.listForEntity(t.db.sql, 'desk', 'service_levels');
    expect(entry).toMatchObject({
      action: 'desk.service_levels', actorUserId: admin.me.user.id,
      before: { order_review: 24, vendor_verification: 72 }, after: { order_review: 48, vendor_verification: 50 },
    });
    // the same targets again change nothing and write nothing
    await call(t.app, 'PUT', '/api/v1/admin/desk/service-levels', { cookie: admin.cookie, body: { targets: { order_review: 48 } } });
    expect(await audit.listForEntity(t.db.sql, 'desk', 'service_levels')).toHaveLength(1);
  });

  it('refuses targets out of range and unknown queues with 400', async () => {
    for (const targets of [{ order_review: 0 }, { order_review: 1.5 }, { order_review: 9000 }, { lunch: 2 }]) {
      const r = await call(t.app, 'PUT', '/api/v1/admin/desk/service-levels', { cookie: admin.cookie, body: { targets } });
      expect(r.status, JSON.stringify(targets)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });
});

describe('GET /api/v1/admin/audit', () => {
  const get = (q: string, app = t.app) => call(app, 'GET', `/api/v1/admin/audit${q}`, { cookie: admin.cookie });
  let started = '';

  beforeAll(async () => {
    started = new Date(Date.now() - 1000).toISOString();
    for (const [action, reason] of [['hide', '核查'], ['unhide', '无误'], ['feature', '推荐']] as const) {
      const r = await call(t.app, 'POST', '/api/v1/admin/curation', { cookie: admin.cookie, body: { kind: 'catalogue_entry', listingId: ids.entry, action, reason } });
      expect(r.status).toBe(200);
    }
    expect((await call(t.app, 'POST', `/api/v1/admin/vendors/${pendingVendor.me.organisation.id}/verification`, { cookie: admin.cookie, body: { decision: 'approve' } })).status).toBe(200);
  });

  it('is the secretariat’s', async () => {
    expect((await call(t.app, 'GET', '/api/v1/admin/audit')).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/admin/audit', { cookie: buyer.cookie })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/admin/audit/export', { cookie: buyer.cookie })).status).toBe(403);
  });

  it('filters by entity, action (exact or a prefix), actor and time, newest first, naming the actors', async () => {
    const entity = await get(`?entityType=catalogue_entry&entityId=${ids.entry}&action=curation.*`);
    expect(entity.status).toBe(200);
    expect(entity.json.items.map((r: { action: string }) => r.action)).toEqual(['curation.feature', 'curation.unhide', 'curation.hide']);
    expect(entity.json.items[0]).toMatchObject({
      reason: '推荐', changes: [{ field: 'featured', before: false, after: true }],
      actor: { userId: admin.me.user.id, userName: '秘书处', orgId: admin.me.organisation.id, orgName: '聊城市数据标注产业联盟秘书处', kind: 'secretariat' },
    });
    expect((await get('?action=curation.hide')).json.items.map((r: { entityId: string }) => r.entityId)).toEqual([ids.entry]);
    const prefixed = (await get('?action=curation.*')).json.items.map((r: { action: string }) => r.action);
    expect(prefixed).toHaveLength(3);
    expect((await get(`?actorUserId=${admin.me.user.id}&action=verification.approve`)).json.items).toHaveLength(1);
    expect((await get(`?actorOrgId=${buyer.me.organisation.id}&action=curation.*`)).json.items).toEqual([]);
    expect((await get(`?from=${encodeURIComponent(new Date(Date.now() + HOUR).toISOString())}`)).json.items).toEqual([]);
    expect((await get(`?from=${encodeURIComponent(started)}&action=curation.*`)).json.items).toHaveLength(3);
  });

  it('pages with a cursor, each record once', async () => {
    const first = await get('?action=curation.*&limit=2');
    expect(first.json.items).toHaveLength(2);
    const second = await get(`?action=curation.*&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.nextCursor).toBeNull();
    const all = [...first.json.items, ...second.json.items].map((r: { id: string }) => r.id);
    expect(new Set(all).size).toBe(3);
  });

  it('refuses bad filters with 400: an inverted range, a foreign cursor, a malformed id or action', async () => {
    const a = new Date().toISOString();
    const b = new Date(Date.now() - HOUR).toISOString();
    for (const q of [`?from=${a}&to=${b}`, '?cursor=abc', '?actorUserId=x', '?action=DROP%20TABLE', '?entityType=a-b', '?limit=0']) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });

  it('exports the filtered set as CSV (UTF-8 with BOM), streamed', async () => {
    const r = await call(t.app, 'GET', `/api/v1/admin/audit/export?entityType=catalogue_entry&entityId=${ids.entry}&action=curation.*`, { cookie: admin.cookie });
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = new Uint8Array(await (await t.app.request(r.res.url || `/api/v1/admin/audit/export?entityType=catalogue_entry&entityId=${ids.entry}&action=curation.*`, { headers: { cookie: admin.cookie } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,action,entity_type,entity_id,actor_kind,actor_org,actor_org_id,actor_user,actor_user_id,reason,before,after,request_id');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('curation.feature');
    expect(lines[1]).toContain('推荐');
  });
});
