import { bids, createSql, orders, organisations, searchSource, type Sql, withTransaction } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase, truncateAll } from '@annex/db/testing.ts';
import { Meilisearch } from 'meilisearch';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkIndex } from './check.ts';
import { DOCUMENT_MAPPING } from './documents.ts';
import { reindex } from './reindex.ts';
import { applyIndexSettings, diffSettings, INDEX_SETTINGS } from './settings.ts';
import { createSearchSync, loadDocuments, pushAggregates, type SearchSync, writeDocuments } from './sync.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

let db: TestDatabase;
let meili: TestMeilisearch;
let workers: SearchSync[] = [];

beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
});
afterAll(async () => {
  await Promise.all([db?.close(), meili?.close()]);
});
beforeEach(async () => {
  await truncateAll(db.sql);
  const { results } = await meili.client.getRawIndexes({ limit: 1000 });
  for (const i of results) await meili.client.deleteIndex(i.uid).waitTask();
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
  await meili.resume();
});

/** A worker tuned for tests: short polls and retries. */
function worker(sql: Sql = db.sql): SearchSync {
  const w = createSearchSync({
    sql, search: meili, pollMs: 30, batchSize: 50, backoff: { baseSeconds: 0.05, maxSeconds: 0.3 }, indexCheckMs: 200,
  });
  workers.push(w);
  return w;
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const orderDoc = (id: string) => meili.client.index(meili.uid('orders')).getDocument(id).catch(() => null);
const vendorDoc = (id: string) => meili.client.index(meili.uid('vendors')).getDocument(id).catch(() => null);
const allDocs = async (name: 'orders' | 'vendors') =>
  (await meili.client.index(meili.uid(name)).getDocuments({ limit: 10_000 })).results;

/** Index and database agree (no missing, stale or extra document) in both synced indexes. */
async function converged(): Promise<boolean> {
  for (const name of ['orders', 'vendors'] as const) {
    const r = await checkIndex({ sql: db.sql, search: meili }, name);
    if (r.missing.length + r.stale.length + r.extra.length > 0) return false;
  }
  return true;
}

describe('search sync: changes reach the index', () => {
  it('creates, updates, hides and deletes orders; lists and delists vendors', async () => {
    const w = worker();
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer', { name: '星衡智驾科技有限公司' });
    const order = await createOpenOrder(db.sql, buyer.id, { title: '激光雷达点云标注' });
    const draft = await orders.create(db.sql, { title: '草稿订单不公开', modality: 'image', buyerOrgId: buyer.id });
    await w.drain();
    expect(await orderDoc(order.id)).toMatchObject({ title: '激光雷达点云标注', buyerName: '星衡智驾科技有限公司', status: 'open' });
    expect(await orderDoc(draft)).toBeNull();

    await db.sql`update orders set title = '激光雷达点云 3D 框标注（修订）', version = version + 1 where id = ${order.id}`;
    await organisations.update(db.sql, buyer.id, { name: '星衡智驾（北京）科技有限公司' });
    await w.drain();
    expect(await orderDoc(order.id)).toMatchObject({ title: '激光雷达点云 3D 框标注（修订）', buyerName: '星衡智驾（北京）科技有限公司' });

    // hidden from the public: cancelled
    await db.sql`update orders set status = 'cancelled', cancel_reason = '需求取消', cancelled_at = now() where id = ${order.id}`;
    await w.drain();
    expect(await orderDoc(order.id)).toBeNull();

    const other = await createOpenOrder(db.sql, buyer.id);
    await w.drain();
    expect(await orderDoc(other.id)).not.toBeNull();
    await db.sql`delete from orders where id = ${other.id}`;
    await w.drain();
    expect(await orderDoc(other.id)).toBeNull();

    const { org: vendor } = await createVerifiedVendor(db.sql, { name: '水城数标' });
    const pending = await createOrgWithOwner(db.sql, 'vendor', { name: '待审核服务商' });
    await w.drain();
    expect(await vendorDoc(vendor.id)).toMatchObject({ name: '水城数标', taskTypes: vendor.capabilities!.taskTypes });
    expect(await vendorDoc(pending.org.id)).toBeNull();
    await organisations.setVerification(db.sql, vendor.id, { status: 'suspended', verifiedUntil: null, reason: '抽查不合格' });
    await w.drain();
    expect(await vendorDoc(vendor.id)).toBeNull();
    expect(await searchSource.lag(db.sql)).toMatchObject({ pending: 0 });
  });

  it('never stores a bid amount, a contact detail or a confidential field (documents read back)', async () => {
    const w = worker();
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer', { name: '言川大模型科技有限公司' });
    await db.sql`update organisations set contact_name = '联系人甲乙', contact_phone = '13912345678' where id = ${buyer.id}`;
    const secret = await createOpenOrder(db.sql, buyer.id, {
      title: '涉密语音转写', description: '内部资料：客户名单与通话录音 SECRET-DESCRIPTION', securityLevel: 'confidential',
      samplingRule: { kind: 'statistical', expectedAccuracy: 97.31, marginPercent: 1.73, confidence: 99 },
    });
    const open = await createOpenOrder(db.sql, buyer.id, { title: '公开图像拉框' });
    await db.sql`update orders set review_reason = '审核意见-不应公开' where id = ${open.id}`;
    const { org: vendor } = await createVerifiedVendor(db.sql, { name: '运河智能' });
    await db.sql`update organisations set contact_name = '服务商联系人丙', contact_phone = '0635-8123456' where id = ${vendor.id}`;
    const placed = await withTransaction(db.sql, (tx) =>
      bids.insertIfOpen(tx, { ...sampleOffer(87_654_321), unitPriceFen: 7_654_321, orderId: open.id, vendorOrgId: vendor.id }),
    );
    expect(placed.ok).toBe(true);
    await w.drain();

    const stored = [...(await allDocs('orders')), ...(await allDocs('vendors'))];
    expect(stored).toHaveLength(3);
    const text = JSON.stringify(stored);
    const [buyerRow] = await db.sql<{ uscc: string }[]>`select uscc from organisations where id = ${buyer.id}`;
    const buyerUscc = buyerRow!.uscc;
    for (const forbidden of [
      '13912345678', '0635-8123456', '联系人甲乙', '服务商联系人丙', buyerUscc, vendor.uscc, '87654321', '7654321',
      'SECRET-DESCRIPTION', '客户名单', '审核意见', '97.31', '双人复核',
    ]) {
      expect(text, `index holds ${forbidden}`).not.toContain(String(forbidden));
    }
    for (const doc of stored) {
      expect(Object.keys(doc).join(' ')).not.toMatch(/contact|phone|uscc|reason|sampling|bid(?!Deadline|ding)|price(?!Ceiling)/i);
    }
    expect((await orderDoc(secret.id))?.description).toBe('');
    expect(await orderDoc(secret.id)).toMatchObject({ title: '涉密语音转写', securityLevel: 'confidential' });
  });

  it('marks a row done only for the version it indexed: a late stale write is detected and repaired', async () => {
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const order = await createOpenOrder(db.sql, buyer.id, { title: '第一版标题' });
    const ctx = { sql: db.sql, search: meili };
    const stale = await loadDocuments(ctx, 'order', [order.id]);
    await db.sql`update orders set title = '第二版标题' where id = ${order.id}`;
    expect(await pushAggregates(ctx, 'order', [order.id])).toEqual({ current: [order.id], superseded: [] });
    // another worker that read the first version writes it last
    await writeDocuments(meili.client, meili.uid('orders'), stale);
    expect((await checkIndex(ctx, 'orders')).stale).toEqual([order.id]);
    const repaired = await checkIndex(ctx, 'orders', { repair: true });
    expect(repaired).toMatchObject({ repaired: 1, unresolved: [] });
    expect((await orderDoc(order.id))?.title).toBe('第二版标题');
  });

  it('converges with several workers and writers at once', async () => {
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => createOpenOrder(db.sql, buyer.id, { title: `并发订单 ${i}` })));
    const clients = [0, 1, 2].map(() => createSql(db.url, { ...db.clientOptions, max: 2 }));
    try {
      for (const c of clients) worker(c).start();
      await Promise.all(
        [0, 1, 2, 3].map(async (writer) => {
          for (let k = 0; k < 15; k++) {
            const o = created[(writer * 7 + k) % created.length]!;
            await db.sql`update orders set title = ${`并发订单 写者${writer} 第${k}次`} where id = ${o.id}`;
          }
        }),
      );
      await waitFor('the index matches the database', converged);
      await waitFor('the outbox is empty', async () => (await searchSource.lag(db.sql)).pending === 0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe('search sync: wake-up', () => {
  it('indexes a write long before its next poll: the outbox notification wakes it', async () => {
    // polls once a minute as the safety net: only a notification brings a change in sooner (Meilisearch on a busy
    // machine may take seconds to apply a document, so "sooner" is measured against the minute)
    const w = createSearchSync({ sql: db.sql, search: meili, pollMs: 60_000, idlePollMs: 60_000, indexCheckMs: 600_000 });
    workers.push(w);
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const order = await createOpenOrder(db.sql, buyer.id, { title: '唤醒前的标题' });
    w.start();
    await waitFor('the worker knows whether notifications reach it', async () => w.wakeUp !== 'pending', 10_000);
    // on the PostgreSQL server and through the embedded database's socket server alike
    expect(w.wakeUp).toBe('on');
    await waitFor('the first order is indexed', async () => (await orderDoc(order.id))?.title === '唤醒前的标题', 40_000);
    // the worker has found nothing more to do and sleeps for its minute
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await db.sql`update orders set title = '唤醒后的标题' where id = ${order.id}`;
    // claimed at once, well before any poll
    await waitFor('the change is claimed', async () => (await db.sql`select 1 from outbox where attempts > 0`).length === 2, 5000);
    expect(performance.now() - t0).toBeLessThan(2000);
    await waitFor('the change is indexed', async () => (await orderDoc(order.id))?.title === '唤醒后的标题', 40_000);
    expect(performance.now() - t0).toBeLessThan(45_000);
  }, 120_000);

  it('polls at its short interval when told not to listen', async () => {
    const w = createSearchSync({ sql: db.sql, search: meili, pollMs: 50, listen: false, indexCheckMs: 600_000 });
    workers.push(w);
    expect(w.wakeUp).toBe('polling');
    w.start();
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const order = await createOpenOrder(db.sql, buyer.id, { title: '轮询模式' });
    await waitFor('the order is indexed', async () => (await orderDoc(order.id))?.title === '轮询模式', 40_000);
    expect(w.wakeUp).toBe('polling');
  });
});

describe('search sync: failures', () => {
  it('keeps writes working while Meilisearch is down and converges once it is back', async (ctx) => {
    ctx.skip(meili.backend !== 'embedded', 'stops the embedded Meilisearch');
    const w = worker();
    w.start();
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const { org: vendor } = await createVerifiedVendor(db.sql);
    const made: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i === 5) await meili.suspend();
      // the writes never wait for search
      const t0 = performance.now();
      made.push((await createOpenOrder(db.sql, buyer.id, { title: `停机期间的订单 ${i}` })).id);
      if (i === 12) await organisations.update(db.sql, vendor.id, { name: '停机期间改名的服务商' });
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    expect(await meili.ping()).toBe(false);
    expect((await searchSource.lag(db.sql)).pending).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    await meili.resume();
    await waitFor('the index matches the database', converged);
    expect((await allDocs('orders')).map((d) => d.id).sort()).toEqual([...made].sort());
    expect((await vendorDoc(vendor.id))?.name).toBe('停机期间改名的服务商');
    await waitFor('the outbox is empty', async () => (await searchSource.lag(db.sql)).pending === 0);
  });

  it('rebuilds an index that was deleted, with its settings', async () => {
    const w = worker();
    w.start();
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const made = await Promise.all([1, 2, 3].map((i) => createOpenOrder(db.sql, buyer.id, { title: `订单 ${i}` })));
    await waitFor('the orders are indexed', async () => (await allDocs('orders')).length === 3);
    await meili.client.deleteIndex(meili.uid('orders')).waitTask();
    // a write right after the deletion recreates the index without settings: the worker notices that too
    await db.sql`update orders set title = '删除索引后修改' where id = ${made[0]!.id}`;
    await waitFor('the index is rebuilt', async () => (await allDocs('orders')).length === 3 && (await converged()));
    const live = await meili.client.index(meili.uid('orders')).getSettings();
    expect(diffSettings(live, INDEX_SETTINGS.orders)).toEqual([]);
    expect((await orderDoc(made[0]!.id))?.title).toBe('删除索引后修改');
  });

  it('brings drifted settings back to the code’s at start', async () => {
    await meili.client.index(meili.uid('vendors')).updateSettings({ synonyms: {}, sortableAttributes: ['headcount'] }).waitTask();
    await worker().checkIndexes();
    const live = await meili.client.index(meili.uid('vendors')).getSettings();
    expect(diffSettings(live, INDEX_SETTINGS.vendors)).toEqual([]);
  });

  it('rewrites the documents of an older mapping at start (another glossary or mapper)', async () => {
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    const order = await createOpenOrder(db.sql, buyer.id, { title: '點雲標註' });
    await worker().drain();
    expect(await orderDoc(order.id)).toMatchObject({ title: '点云标注', mapping: DOCUMENT_MAPPING });
    // as the release before mappings wrote it: same version, no mapping field, the title as typed
    const { mapping: _, ...earlier } = (await orderDoc(order.id)) as Record<string, unknown>;
    await meili.client.index(meili.uid('orders')).addDocuments([{ ...earlier, title: '點雲標註' }]).waitTask();
    expect((await checkIndex({ sql: db.sql, search: meili }, 'orders')).stale).toEqual([order.id]);
    await worker().checkIndexes();
    expect(await orderDoc(order.id)).toMatchObject({ title: '点云标注', mapping: DOCUMENT_MAPPING });
    expect(await converged()).toBe(true);
  });

  it('retries a failed row with backoff and records the error', async () => {
    const w = createSearchSync({ sql: db.sql, search: { ...meili, client: brokenClient() }, backoff: { baseSeconds: 30, maxSeconds: 60 } });
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer');
    await createOpenOrder(db.sql, buyer.id);
    const round = await w.runOnce();
    expect(round).toMatchObject({ claimed: 1, done: 0, failed: 1 });
    const [row] = await db.sql<{ attempts: number; lastError: string; wait: number }[]>`
      select attempts, last_error, extract(epoch from available_at - now())::float8 as wait from outbox where processed_at is null`;
    expect(row).toMatchObject({ attempts: 1 });
    expect(row!.lastError).toMatch(/fetch failed|request|ECONNREFUSED|Meilisearch/i);
    expect(row!.wait).toBeGreaterThan(20);
    expect((await w.runOnce()).claimed).toBe(0);
  });
});

/** A client pointed at a closed port (9, discard): every request fails at once. */
const brokenClient = () => new Meilisearch({ host: 'http://127.0.0.1:9', apiKey: 'x', timeout: 500 });

describe('reindex', () => {
  it('rebuilds into a fresh index and swaps it in while searches keep answering', async () => {
    const { org: buyer } = await createOrgWithOwner(db.sql, 'buyer', { name: '重建测试需求方' });
    await Promise.all(Array.from({ length: 30 }, (_, i) => createOpenOrder(db.sql, buyer.id, { title: `点云标注订单 ${i}` })));
    const w = worker();
    await w.drain();
    // a document that should not be there is dropped by the rebuild
    await meili.client.index(meili.uid('orders')).addDocuments([{ id: '00000000-0000-4000-8000-000000000000', title: '孤儿文档' }]).waitTask();

    let searching = true;
    const seen: number[] = [];
    const errors: unknown[] = [];
    const searches = (async () => {
      while (searching) {
        try {
          const r = await meili.queryClient.index(meili.uid('orders')).search('点云', { limit: 100 });
          seen.push(r.hits.length);
        } catch (error) {
          errors.push(error);
        }
      }
    })();
    const progress: number[] = [];
    const result = await reindex({ sql: db.sql, search: meili }, 'orders', { batchSize: 7, onProgress: (p) => progress.push(p.done) });
    searching = false;
    await searches;

    expect(errors).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 30)).toBe(true);
    expect(result).toMatchObject({ index: meili.uid('orders'), documents: 30 });
    expect(progress.at(-1)).toBe(30);
    expect(await orderDoc('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await converged()).toBe(true);
    const { results } = await meili.client.getRawIndexes({ limit: 1000 });
    expect(results.map((i) => i.uid).filter((uid) => uid.includes('__rebuild_'))).toEqual([]);
  });
});
