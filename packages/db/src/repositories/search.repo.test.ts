import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOrderFields } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { orders } from './orders.repo.ts';
import { organisations } from './organisations.repo.ts';
import { outbox } from './outbox.repo.ts';
import { searchSource, textArrayLiteral } from './search.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.sql`truncate outbox`;
});

type Pending = { topic: string; aggregateId: string; attempts: number; payload: { version?: number } };
const pending = (id?: string) =>
  t.sql<Pending[]>`
    select topic, aggregate_id, attempts, payload from outbox
    where processed_at is null ${id ? t.sql`and aggregate_id = ${id}` : t.sql``} order by id`;

describe(`search outbox triggers (${testBackend()})`, () => {
  it('queue a published order, not a draft, with a growing version', async () => {
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    const draftId = await orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId: buyer.id });
    await t.sql`update orders set title = '仍是草稿' where id = ${draftId}`;
    expect(await pending(draftId)).toEqual([]);

    await t.sql`update orders set status = 'open', published_at = now() where id = ${draftId}`;
    const [first] = await pending(draftId);
    expect(first).toMatchObject({ topic: 'search.order', attempts: 0 });
    // a second change before any worker looked: still one row, with the newer version
    await t.sql`update orders set title = '新标题' where id = ${draftId}`;
    const rows = await pending(draftId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload.version).toBeGreaterThan(first!.payload.version!);
    const versions = await searchSource.versions(t.sql, 'order', [draftId]);
    expect(versions.get(draftId)).toBe(rows[0]!.payload.version);
  });

  it('keep a claimed row and add a new one for a change made while a worker holds it', async () => {
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    const order = await createOpenOrder(t.sql, buyer.id);
    const [claimed] = await outbox.claimBatch(t.sql, 10, { topics: ['search.order'] });
    expect(claimed?.aggregateId).toBe(order.id);
    await t.sql`update orders set title = '改过的标题' where id = ${order.id}`;
    expect((await pending(order.id)).map((r) => r.attempts)).toEqual([1, 0]);
  });

  it('queue removals: cancelling or deleting a published order', async () => {
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    const a = await createOpenOrder(t.sql, buyer.id);
    const b = await createOpenOrder(t.sql, buyer.id);
    await t.sql`truncate outbox`;
    await t.sql`update orders set status = 'cancelled', cancel_reason = 'x', cancelled_at = now() where id = ${a.id}`;
    await t.sql`delete from orders where id = ${b.id}`;
    expect((await pending()).map((r) => r.aggregateId).sort()).toEqual([a.id, b.id].sort());
    const [gone] = await searchSource.orders(t.sql, [b.id]);
    expect(gone).toMatchObject({ id: b.id, row: null });
    expect(gone!.version).toBeGreaterThan(0);
  });

  it("re-index a buyer's published orders when its name changes, not when its phone does", async () => {
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    const open = await createOpenOrder(t.sql, buyer.id);
    await orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId: buyer.id });
    await t.sql`truncate outbox`;
    await organisations.update(t.sql, buyer.id, { contactPhone: '13900000000' });
    expect(await pending()).toEqual([]);
    await organisations.update(t.sql, buyer.id, { name: '改名后的需求方有限公司' });
    expect((await pending()).map((r) => [r.topic, r.aggregateId])).toEqual([['search.order', open.id]]);
  });

  it('queue a vendor on every profile, verification, name or county change', async () => {
    const { org } = await createVerifiedVendor(t.sql);
    expect((await pending(org.id)).map((r) => r.topic)).toEqual(['search.vendor']);
    await t.sql`truncate outbox`;
    await organisations.setCapabilities(t.sql, org.id, { ...org.capabilities!, headcount: 999 });
    await t.sql`update outbox set processed_at = now()`;
    await organisations.setVerification(t.sql, org.id, { status: 'suspended', verifiedUntil: null, reason: '抽查不合格' });
    await t.sql`update outbox set processed_at = now()`;
    await organisations.update(t.sql, org.id, { county: '371581' });
    const all = await t.sql<{ topic: string }[]>`select topic from outbox where aggregate_id = ${org.id}`;
    expect(all.map((r) => r.topic)).toEqual(['search.vendor', 'search.vendor', 'search.vendor']);
  });

  it('coalesce a row the code writes with the trigger’s, in the same transaction', async () => {
    const { org } = await createVerifiedVendor(t.sql);
    await t.sql`truncate outbox`;
    await withTransaction(t.sql, async (tx) => {
      await organisations.setCapabilities(tx, org.id, { ...org.capabilities!, headcount: 7 });
      await outbox.enqueue(tx, { topic: 'search.vendor', aggregateType: 'organisation', aggregateId: org.id });
    });
    expect(await pending(org.id)).toHaveLength(1);
  });

  it('leave other topics alone', async () => {
    for (let i = 0; i < 2; i++) await outbox.enqueue(t.sql, { topic: 'mail', aggregateType: 'user', aggregateId: 'u1' });
    expect(await pending('u1')).toHaveLength(2);
  });
});

describe(`searchSource (${testBackend()})`, () => {
  it('passes lists as array literals that survive commas, quotes, backslashes and braces, on a fresh client', async () => {
    const values = ['a,b', 'c"d', 'e\\f', '{x}', 'NULL', ' ', '点云'];
    const fresh = createSql(t.url, t.clientOptions);
    try {
      // the first query of the client: no array types fetched yet
      expect(await searchSource.expected(fresh, 'order')).toEqual(expect.any(Array));
      const [row] = await fresh<{ a: string[] }[]>`select ${textArrayLiteral(values)}::text[] as a`;
      expect(row?.a).toEqual(values);
    } finally {
      await fresh.end();
    }
  });

  it('reads orders and vendors without contact details, with versions, and reports the lag', async () => {
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer', { name: '需求方甲' });
    const order = await createOpenOrder(t.sql, buyer.id);
    const { org: vendor } = await createVerifiedVendor(t.sql, { name: '服务商乙' });
    const [o] = await searchSource.orders(t.sql, [order.id]);
    expect(o?.row).toMatchObject({ id: order.id, buyerName: '需求方甲', title: order.title, status: 'open' });
    expect(o?.version).toBeGreaterThan(0);
    const [v] = await searchSource.vendors(t.sql, [vendor.id]);
    expect(v?.row).toMatchObject({ id: vendor.id, name: '服务商乙', verificationStatus: 'verified' });
    for (const row of [o?.row, v?.row]) {
      const keys = Object.keys(row ?? {}).join(',');
      expect(keys).not.toMatch(/contact|phone|uscc|reason|sampling/i);
    }
    expect(await searchSource.orders(t.sql, ['not-a-uuid'])).toEqual([]);

    const page = await searchSource.orderPage(t.sql, null, 1000);
    expect(page.map((p) => p.id)).toContain(order.id);
    expect((await searchSource.vendorPage(t.sql, null, 1000)).map((p) => p.id)).toContain(vendor.id);
    expect((await searchSource.expected(t.sql, 'vendor')).find((e) => e.id === vendor.id)?.version).toBe(v?.version);
    expect(await searchSource.count(t.sql, 'order')).toBe(page.length);

    const lag = await searchSource.lag(t.sql);
    expect(lag.pending).toBeGreaterThanOrEqual(2);
    expect(lag.oldestPendingSeconds).toBeGreaterThanOrEqual(0);

    await searchSource.touch(t.sql, 'vendor', [vendor.id]);
    expect((await searchSource.versions(t.sql, 'vendor', [vendor.id])).get(vendor.id)).toBeGreaterThan(v!.version);
  });

  it('gives each committed change of one aggregate a higher version, also under concurrency', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend');
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    const order = await createOpenOrder(t.sql, buyer.id);
    const clients = [0, 1, 2, 3].map(() => createSql(t.url, { max: 1 }));
    try {
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < 10; k++) await c`update orders set title = ${`并发 ${i}-${k}`} where id = ${order.id}`;
        }),
      );
      const versions = await t.sql<{ v: number }[]>`
        select (payload->>'version')::bigint as v from outbox where aggregate_id = ${order.id} order by id`;
      const final = (await searchSource.versions(t.sql, 'order', [order.id])).get(order.id)!;
      expect(Math.max(...versions.map((r) => r.v))).toBe(final);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
