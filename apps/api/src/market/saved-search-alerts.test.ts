import { SAVED_SEARCH_ALERT_JOB, jobs, organisations } from '@annex/db';
import { createVerifiedVendor, sampleCapabilities } from '@annex/db/fixtures.ts';
import { createSearchSync, type SearchSync } from '@annex/search';
import { startTestMeilisearch, type TestMeilisearch } from '@annex/search/testing.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scheduler, startScheduler } from '../scheduler.ts';
import { registerAs } from '../test-helpers.ts';
import { type Market, type Party, as, orderBody, setupMarket } from '../test-market.ts';

// Publication notifications: the best-matching vendors on approval (order_match), and saved-search alerts
// evaluated through a real Meilisearch by the scheduler's job (saved_search_match).

let m: Market;
let meili: TestMeilisearch;
let sync: SearchSync;
let s: Scheduler;
beforeAll(async () => {
  [m, meili] = await Promise.all([setupMarket(), startTestMeilisearch()]);
  sync = createSearchSync({ sql: m.db.sql, search: meili, pollMs: 30, backoff: { baseSeconds: 0.05, maxSeconds: 0.3 }, indexCheckMs: 300 });
  await sync.checkIndexes();
  s = startScheduler({ sql: m.db.sql, search: meili, logger: pino({ level: 'silent' }), loop: false });
  // six more verified vendors able to do the sample order (image bbox), with less capacity than vendors A and B
  // (2 500…3 000 a day against ~2 700 needed): eight in all, five are told, A and B among them
  for (let i = 0; i < 6; i++) {
    const v = await createVerifiedVendor(m.db.sql, { name: `聊城标注服务商 ${i}` });
    const caps = sampleCapabilities();
    await organisations.setCapabilities(m.db.sql, v.org.id, { ...caps, dailyCapacity: { ...caps.dailyCapacity, bbox: 2500 + i * 100 } });
  }
  await sync.drain();
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await sync?.stop();
  await Promise.all([m?.close(), meili?.close()]);
});

/** A buyer's order through the API: created, submitted and approved by the secretariat. */
async function publish(title: string, over: Parameters<typeof orderBody>[0] = {}): Promise<string> {
  const created = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody({ title, ...over }));
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${id}/submit`)).status).toBe(200);
  const approved = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${id}/review`, { decision: 'approve' });
  expect(approved.status).toBe(200);
  return id;
}

/** A fresh vendor signed in through the API (pending verification, empty profile: never among the best matches). */
const freshVendor = async (): Promise<Party> => {
  const r = await registerAs(m.app, 'vendor');
  return { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name: r.me.organisation.name };
};

const save = async (p: Party, name: string, criteria: Record<string, unknown>, notify = true) => {
  const r = await as(m.app, p).post('/api/v1/me/saved-searches', { name, criteria, notify });
  expect(r.status).toBe(201);
  return r.json as { id: string };
};

const noticesOf = async (orderId: string, kind: string) =>
  m.db.sql<{ userId: string; orgId: string | null; payload: Record<string, unknown> }[]>`
    select user_id, org_id, payload from notifications where order_id = ${orderId} and kind = ${kind} order by id`;

const alertJob = async (orderId: string) =>
  (await m.db.sql<{ id: number; attempts: number; lastError: string | null; doneAt: Date | null; runAt: Date }[]>`
    select id, attempts, last_error, done_at, run_at from jobs where kind = ${SAVED_SEARCH_ALERT_JOB} and dedupe_key = ${orderId}
    order by id desc limit 1`)[0];

/** Makes the order's pending alert job due now (instead of waiting out its backoff). */
const due = (orderId: string) =>
  m.db.sql`update jobs set run_at = now() where kind = ${SAVED_SEARCH_ALERT_JOB} and dedupe_key = ${orderId} and done_at is null`;

const lastMatchedAt = async (p: Party, id: string) =>
  (await as(m.app, p).get('/api/v1/me/saved-searches')).json.items.find((x: { id: string }) => x.id === id)?.lastMatchedAt ?? null;

describe('order_match on approval', () => {
  it('tells the five best eligible vendors, with the order title and their score, as the matches list ranks them', async () => {
    const id = await publish('港口集装箱图像拉框标注');
    const told = await noticesOf(id, 'order_match');
    const orgs = [...new Set(told.map((n) => n.orgId))];
    expect(orgs).toHaveLength(5);
    const best = (await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${id}/matches?limit=5`)).json.items as { vendorId: string; score: number }[];
    expect(orgs.sort()).toEqual(best.map((v) => v.vendorId).sort());
    for (const n of told) {
      expect(n.payload).toEqual({ orderTitle: '港口集装箱图像拉框标注', score: best.find((v) => v.vendorId === n.orgId)!.score });
    }
    // the two with ample capacity are among them; never the buyer or a vendor waiting for verification
    expect(orgs).toEqual(expect.arrayContaining([m.parties.vendorA.orgId, m.parties.vendorB.orgId]));
    expect(orgs).not.toContain(m.parties.buyerA.orgId);
    expect(orgs).not.toContain(m.parties.unverified.orgId);
    // a rejected order tells nobody
    const draft = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody({ title: '被退回的订单' }));
    await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${draft.json.id}/submit`);
    await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${draft.json.id}/review`, { decision: 'reject', reason: '信息不全' });
    expect(await noticesOf(draft.json.id, 'order_match')).toEqual([]);
    expect(await alertJob(draft.json.id)).toBeUndefined();
  });
});

describe('saved-search alerts through Meilisearch', () => {
  it('waits for the order to be indexed, then tells each user whose search shows it once, skipping those told by order_match', async () => {
    // the alert jobs of earlier orders run first, before these searches exist
    await sync.drain();
    await m.db.sql`update jobs set run_at = now() where kind = ${SAVED_SEARCH_ALERT_JOB} and done_at is null`;
    await s.tick();
    const x = await freshVendor();
    const y = await freshVendor();
    const z = await freshVendor();
    const w = await freshVendor();
    const xRoad = await save(x, '道路图像', { q: '道路', modality: ['image'] });
    const xAll = await save(x, '全部订单', {});
    const yText = await save(y, '文本', { modality: ['text'] });
    const zQuiet = await save(z, '道路不提醒', { q: '道路' }, false);
    const wMedical = await save(w, '医疗影像', { q: '医疗影像' });
    const wBudget = await save(w, '大预算', { budgetMin: 50_000_000 });
    const aBbox = await save(m.parties.vendorA, '拉框', { taskTypes: ['bbox', 'polygon'] });

    const id = await publish('城市道路图像 2D 框标注（路口）');
    // vendor A's organisation is among the five best (it was told by order_match)
    expect((await noticesOf(id, 'order_match')).map((n) => n.orgId)).toContain(m.parties.vendorA.orgId);

    // before the sync worker has indexed it: no alert, the job waits with backoff
    const early = await s.tick();
    expect(early.savedSearchAlerts).toBe(0);
    const waiting = await alertJob(id);
    expect(waiting).toMatchObject({ attempts: 1, doneAt: null });
    expect(waiting?.lastError).toMatch(/not in the search index/);
    expect(await noticesOf(id, 'saved_search_match')).toEqual([]);

    await sync.drain();
    await due(id);
    const r = await s.tick();
    expect(r.savedSearchAlerts).toBe(1);
    expect((await alertJob(id))?.doneAt).toBeInstanceOf(Date);
    const alerts = await noticesOf(id, 'saved_search_match');
    expect(alerts).toEqual([
      { userId: x.userId, orgId: null, payload: { orderTitle: '城市道路图像 2D 框标注（路口）', searchName: '道路图像', savedSearchId: xRoad.id } },
    ]);
    // what Meilisearch showed is recorded on each search, told or not
    expect(await lastMatchedAt(x, xRoad.id)).toMatch(/Z$/);
    expect(await lastMatchedAt(x, xAll.id)).toMatch(/Z$/);
    expect(await lastMatchedAt(m.parties.vendorA, aBbox.id)).toMatch(/Z$/);
    for (const [p, sId] of [[y, yText.id], [z, zQuiet.id], [w, wMedical.id], [w, wBudget.id]] as const) {
      expect(await lastMatchedAt(p, sId)).toBeNull();
    }
    // the inbox shows it
    const inbox = await as(m.app, x).get('/api/v1/notifications');
    expect(inbox.json.items[0]).toMatchObject({ kind: 'saved_search_match', orderId: id, payload: { searchName: '道路图像' } });

    // the job again (e.g. a second worker after a lease ran out): nobody is told twice
    await jobs.schedule(m.db.sql, { kind: SAVED_SEARCH_ALERT_JOB, dedupeKey: id, runAt: new Date(), payload: { orderId: id } });
    expect((await s.tick()).savedSearchAlerts).toBe(0);
    expect(await noticesOf(id, 'saved_search_match')).toHaveLength(1);
  });

  it('retries while Meilisearch is down and alerts once it is back', async () => {
    if (meili.backend !== 'embedded') return; // suspending needs the embedded binary
    const v = await freshVendor();
    const sId = await save(v, '语音转写', { q: '方言', modality: ['audio'] });
    const id = await publish('聊城方言客服录音转写', { modality: 'audio', taskTypes: ['transcription'] });
    await sync.drain();
    await meili.suspend();
    try {
      await due(id);
      expect((await s.tick()).savedSearchAlerts).toBe(0);
      const failed = await alertJob(id);
      expect(failed).toMatchObject({ doneAt: null });
      expect(failed?.lastError).toMatch(/unavailable/);
      expect(failed!.runAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await meili.resume();
    }
    await due(id);
    const sent = (await s.tick()).savedSearchAlerts;
    const alerts = await noticesOf(id, 'saved_search_match');
    // v's search (and any earlier test's match-everything search)
    expect(alerts.find((n) => n.userId === v.userId)?.payload).toMatchObject({ savedSearchId: sId.id, searchName: '语音转写' });
    expect(sent).toBe(alerts.length);
  });

  it('tells nobody of an order cancelled before its alerts ran', async () => {
    const v = await freshVendor();
    await save(v, '任何订单', {});
    const id = await publish('很快取消的图像订单');
    expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${id}/cancel`, { reason: '需求取消' })).status).toBe(200);
    await sync.drain();
    await due(id);
    await s.tick();
    expect((await alertJob(id))?.doneAt).toBeInstanceOf(Date);
    expect(await noticesOf(id, 'saved_search_match')).toEqual([]);
  });
});
