import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { type NotificationRow, notifications } from './notifications.repo.ts';
import { organisations } from './organisations.repo.ts';
import { users } from './users.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`notifications (${testBackend()})`, () => {
  it('fans notifications to an organisation out to its members; lists newest first with cursor pages; counts unread', async () => {
    const vendor = await createOrgWithOwner(t.sql, 'vendor');
    const member = await users.create(t.sql, { email: randomEmail(), passwordHash: 'h', displayName: '成员' });
    await organisations.addMember(t.sql, { userId: member.id, orgId: vendor.org.id, role: 'member' });
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const o = await createOpenOrder(t.sql, buyer.org.id);

    const n = await notifications.insertMany(t.sql, [
      { recipient: { orgId: vendor.org.id }, kind: 'order.deadline_soon', orderId: o.id, payload: { bid_deadline: o.bidDeadline } },
      { recipient: { userId: buyer.owner.id }, kind: 'bid.received', orderId: o.id, payload: { count: 3 } },
      { recipient: { userId: vendor.owner.id }, kind: 'award.published', payload: { orderTitle: o.title } },
    ]);
    expect(n).toBe(4);
    expect(await notifications.insertMany(t.sql, [])).toBe(0);

    expect(await notifications.unreadCount(t.sql, vendor.owner.id)).toBe(2);
    expect(await notifications.unreadCount(t.sql, member.id)).toBe(1);
    const inbox = await notifications.listForUser(t.sql, vendor.owner.id);
    expect(inbox.items.map((x) => x.kind)).toEqual(['award.published', 'order.deadline_soon']);
    expect(inbox.items[1]).toMatchObject({
      userId: vendor.owner.id, orgId: vendor.org.id, orderId: o.id, readAt: null,
      payload: { bid_deadline: (o.bidDeadline as Date).toISOString() },
    });
    expect((await notifications.listForUser(t.sql, member.id)).items[0]?.orgId).toBe(vendor.org.id);

    const ids: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 7; i++) await notifications.insertMany(t.sql, [{ recipient: { userId: buyer.owner.id }, kind: `k${i}` }]);
    do {
      const page: { items: NotificationRow[]; nextCursor: string | null } = await notifications.listForUser(t.sql, buyer.owner.id, { cursor, limit: 3 });
      ids.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(8);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    await expect(notifications.listForUser(t.sql, buyer.owner.id, { cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('marks some or all read, only the user’s own', async () => {
    const a = await createOrgWithOwner(t.sql, 'buyer');
    const b = await createOrgWithOwner(t.sql, 'buyer');
    await notifications.insertMany(t.sql, [1, 2, 3].map((i) => ({ recipient: { userId: a.owner.id }, kind: `a${i}` })));
    await notifications.insertMany(t.sql, [{ recipient: { userId: b.owner.id }, kind: 'b' }]);
    const [newest, , oldest] = (await notifications.listForUser(t.sql, a.owner.id)).items;
    const bId = (await notifications.listForUser(t.sql, b.owner.id)).items[0]?.id as number;
    expect(await notifications.markRead(t.sql, a.owner.id, [newest?.id as number, bId])).toBe(1);
    expect(await notifications.unreadCount(t.sql, a.owner.id)).toBe(2);
    expect(await notifications.unreadCount(t.sql, b.owner.id)).toBe(1);
    expect((await notifications.listForUser(t.sql, a.owner.id, { unreadOnly: true })).items.map((x) => x.id)).not.toContain(newest?.id);
    expect(await notifications.markRead(t.sql, a.owner.id, [])).toBe(0);
    expect(await notifications.markRead(t.sql, a.owner.id, 'all')).toBe(2);
    expect(await notifications.unreadCount(t.sql, a.owner.id)).toBe(0);
    expect((await notifications.listForUser(t.sql, a.owner.id)).items.at(-1)?.id).toBe(oldest?.id);
  });
});
