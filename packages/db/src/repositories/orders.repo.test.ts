import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors.ts';
import { createOrgWithOwner } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { orders } from './orders.repo.ts';

let t: TestDatabase;
let buyerOrgId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  buyerOrgId = (await createOrgWithOwner(t.sql, 'buyer', { name: '智驾科技' })).org.id;
});
afterAll(async () => {
  await t?.close();
});

async function walk(limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof orders.listPublished>> = await orders.listPublished(t.sql, cursor, limit);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe(`orders.listPublished (${testBackend()})`, () => {
  it('is empty without published orders, and never lists drafts or cancelled ones', async () => {
    await orders.create(t.sql, { buyerOrgId, title: '草稿', modality: 'image' });
    await orders.create(t.sql, { buyerOrgId, title: '已取消', modality: 'text', status: 'cancelled' });
    expect(await orders.listPublished(t.sql, null, 10)).toEqual({ items: [], nextCursor: null });
  });

  it('lists published orders newest first with the buyer name, fen as numbers', async () => {
    const id = await orders.create(t.sql, {
      buyerOrgId, title: '点云 3D 框标注', modality: 'point_cloud', taskTypes: ['cuboid_3d', 'tracking'], status: 'open',
      budgetTotalFen: 12_345_600, publishedAt: new Date('2026-02-01T00:00:00Z'), bidDeadline: new Date('2026-03-01T00:00:00Z'),
    });
    const { items } = await orders.listPublished(t.sql, null, 10);
    expect(items[0]).toMatchObject({
      id, buyerName: '智驾科技', title: '点云 3D 框标注', taskTypes: ['cuboid_3d', 'tracking'], status: 'open',
      budgetTotalFen: 12_345_600, publishedAt: new Date('2026-02-01T00:00:00Z'),
    });
  });

  it('pages stably through equal and microsecond-apart timestamps, unaffected by newer inserts', async () => {
    const stamps = ['2025-06-01 08:00:00.000100+00', '2025-06-01 08:00:00.000200+00', '2025-06-01 08:00:00.000200+00'];
    for (let i = 0; i < 14; i++) {
      const id = await orders.create(t.sql, {
        buyerOrgId, title: `订单 ${i}`, modality: 'image', status: i % 2 ? 'open' : 'completed', publishedAt: new Date(),
      });
      await t.sql`update orders set published_at = ${stamps[i % 3] ?? ''}::timestamptz where id = ${id}`;
    }
    const expected = (await t.sql<{ id: string }[]>`
      select id from orders where status in ('open', 'evaluation', 'awarded', 'in_progress', 'completed')
      order by published_at desc, id desc`).map((r) => r.id);
    expect(await walk(4)).toEqual(expected);
    expect(await walk(100)).toEqual(expected);

    // a listing published while someone pages does not shift the pages behind the cursor
    const first = await orders.listPublished(t.sql, null, 5);
    await orders.create(t.sql, { buyerOrgId, title: '新订单', modality: 'text', status: 'open', publishedAt: new Date() });
    const second = await orders.listPublished(t.sql, first.nextCursor, 5);
    expect(second.items.map((o) => o.id)).toEqual(expected.slice(5, 10));
  });

  it('refuses a forged cursor', async () => {
    const forged = Buffer.from('123.not-a-uuid').toString('base64url');
    await expect(orders.listPublished(t.sql, forged, 10)).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
