import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { notifications } from './notifications.repo.ts';
import { organisations } from './organisations.repo.ts';
import { savedSearches } from './saved-searches.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const vendor = async () => {
  const v = await createVerifiedVendor(t.sql);
  return { userId: v.owner.id, orgId: v.org.id };
};

describe(`saved searches (${testBackend()})`, () => {
  it('saves, lists newest first, reads, renames, switches the alert and deletes — only the owner’s', async () => {
    const a = await vendor();
    const b = await vendor();
    const first = await savedSearches.create(t.sql, { ...a, name: '点云', criteria: { modality: ['point_cloud'] }, notify: true });
    const second = await savedSearches.create(t.sql, { ...a, name: '语音转写', criteria: { q: '方言' }, notify: false });
    if (!first.ok || !second.ok) throw new Error('create failed');
    expect(first.row).toMatchObject({ userId: a.userId, orgId: a.orgId, name: '点云', criteria: { modality: ['point_cloud'] }, notify: true, lastMatchedAt: null });
    expect((await savedSearches.listForUser(t.sql, a.userId)).map((r) => r.name)).toEqual(['语音转写', '点云']);
    expect(await savedSearches.listForUser(t.sql, b.userId)).toEqual([]);
    expect(await savedSearches.countForUser(t.sql, a.userId)).toBe(2);

    expect(await savedSearches.getForUser(t.sql, a.userId, first.row.id)).toMatchObject({ name: '点云' });
    expect(await savedSearches.getForUser(t.sql, b.userId, first.row.id)).toBeNull();
    expect(await savedSearches.getForUser(t.sql, a.userId, 'not-a-uuid')).toBeNull();

    const renamed = await savedSearches.update(t.sql, a.userId, first.row.id, { name: '激光雷达点云' });
    expect(renamed).toMatchObject({ ok: true, row: { name: '激光雷达点云', notify: true } });
    const muted = await savedSearches.update(t.sql, a.userId, first.row.id, { notify: false });
    expect(muted).toMatchObject({ ok: true, row: { name: '激光雷达点云', notify: false } });
    expect(await savedSearches.update(t.sql, b.userId, first.row.id, { notify: true })).toEqual({ ok: false, reason: 'not_found' });

    expect(await savedSearches.delete(t.sql, b.userId, first.row.id)).toBe(false);
    expect(await savedSearches.delete(t.sql, a.userId, first.row.id)).toBe(true);
    expect(await savedSearches.delete(t.sql, a.userId, first.row.id)).toBe(false);
    expect((await savedSearches.listForUser(t.sql, a.userId)).map((r) => r.name)).toEqual(['语音转写']);
  });

  it('refuses a second search of the same name per user (letter case ignored), on create and on rename', async () => {
    const a = await vendor();
    const b = await vendor();
    expect((await savedSearches.create(t.sql, { ...a, name: 'LiDAR', criteria: {}, notify: true })).ok).toBe(true);
    expect(await savedSearches.create(t.sql, { ...a, name: 'lidar', criteria: {}, notify: true })).toEqual({ ok: false, reason: 'name_taken' });
    expect((await savedSearches.create(t.sql, { ...b, name: 'LiDAR', criteria: {}, notify: true })).ok).toBe(true);
    const other = await savedSearches.create(t.sql, { ...a, name: '图像', criteria: {}, notify: true });
    if (!other.ok) throw new Error('create failed');
    // inside a transaction the refusal leaves the transaction usable
    await withTransaction(t.sql, async (tx) => {
      expect(await savedSearches.update(tx, a.userId, other.row.id, { name: 'LIDAR' })).toEqual({ ok: false, reason: 'name_taken' });
      expect(await savedSearches.countForUser(tx, a.userId)).toBe(2);
    });
    expect(await savedSearches.lockOwner(t.sql, a.userId)).toBe(true);
    expect(await savedSearches.lockOwner(t.sql, crypto.randomUUID())).toBe(false);
  });

  it('lists the alerting searches of vendor members in pages, records each (search, order) hit once and stamps lastMatchedAt', async () => {
    const a = await vendor();
    const b = await vendor();
    const s1 = await savedSearches.create(t.sql, { ...a, name: '提醒一', criteria: { q: '点云' }, notify: true });
    const s2 = await savedSearches.create(t.sql, { ...b, name: '提醒二', criteria: {}, notify: true });
    const quiet = await savedSearches.create(t.sql, { ...b, name: '不提醒', criteria: {}, notify: false });
    if (!s1.ok || !s2.ok || !quiet.ok) throw new Error('create failed');
    const ids = (await savedSearches.alerting(t.sql)).map((r) => r.id);
    expect(ids).toContain(s1.row.id);
    expect(ids).toContain(s2.row.id);
    expect(ids).not.toContain(quiet.row.id);
    const page1 = await savedSearches.alerting(t.sql, { limit: 1 });
    const page2 = await savedSearches.alerting(t.sql, { limit: 1, after: page1[0]?.id });
    expect(page1).toHaveLength(1);
    expect(page2[0]?.id).not.toBe(page1[0]?.id);

    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const o = await createOpenOrder(t.sql, buyer.org.id);
    const added = await savedSearches.recordHits(t.sql, o.id, [
      { savedSearchId: s1.row.id, notified: true }, { savedSearchId: s2.row.id, notified: false },
    ]);
    expect(added.map((h) => h.savedSearchId).sort()).toEqual([s1.row.id, s2.row.id].sort());
    // a second run records nothing new
    expect(await savedSearches.recordHits(t.sql, o.id, [{ savedSearchId: s1.row.id, notified: true }])).toEqual([]);
    expect((await savedSearches.hitsForOrder(t.sql, o.id)).find((h) => h.savedSearchId === s2.row.id)).toEqual({ savedSearchId: s2.row.id, notified: false });
    expect((await savedSearches.getForUser(t.sql, a.userId, s1.row.id))?.lastMatchedAt).toBeInstanceOf(Date);
    expect((await savedSearches.getForUser(t.sql, b.userId, quiet.row.id))?.lastMatchedAt).toBeNull();
  });

  it('finds the users already told about an order by order_match or saved_search_match', async () => {
    const a = await vendor();
    const b = await vendor();
    const c = await vendor();
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const o = await createOpenOrder(t.sql, buyer.org.id);
    await notifications.insertMany(t.sql, [
      { recipient: { orgId: a.orgId }, kind: 'order_match', orderId: o.id, payload: { orderTitle: 'x', score: 80 } },
      { recipient: { userId: b.userId }, kind: 'order_approved', orderId: o.id },
      { recipient: { userId: c.userId }, kind: 'saved_search_match', orderId: o.id },
    ]);
    const told = await savedSearches.usersToldAbout(t.sql, o.id, [a.userId, b.userId, c.userId]);
    expect([...told].sort()).toEqual([a.userId, c.userId].sort());
    expect(await savedSearches.usersToldAbout(t.sql, o.id, [])).toEqual(new Set());
  });

  it('lists no alerting search of a user who no longer belongs to a vendor organisation', async () => {
    const a = await vendor();
    const s = await savedSearches.create(t.sql, { ...a, name: '离开', criteria: {}, notify: true });
    if (!s.ok) throw new Error('create failed');
    await t.sql`delete from memberships where user_id = ${a.userId}`;
    expect((await savedSearches.alerting(t.sql)).map((r) => r.id)).not.toContain(s.row.id);
    expect(await organisations.findById(t.sql, a.orgId)).not.toBeNull();
  });
});
