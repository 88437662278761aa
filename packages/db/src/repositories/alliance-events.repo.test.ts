import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { createOrgWithOwner, joinAlliance } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../testing.ts';
import { type EventFields, allianceEvents } from './alliance-events.repo.ts';
import { announcements } from './announcements.repo.ts';
import { audiences } from './audiences.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const HOUR = 3_600_000;
const fromNow = (h: number) => new Date(Date.now() + h * HOUR);

describe('announcements', () => {
  it('lists the live ones for the audiences asked, pinned first, then the newest, page by page', async () => {
    const make = async (title: string, pinned: boolean, audience: 'everyone' | 'members', publishAt: Date | null, unpublish = false) => {
      const a = await announcements.create(t.sql, { title, body: '', pinned, audience }, null);
      if (publishAt) await announcements.publish(t.sql, a.id, publishAt, null);
      if (unpublish) await announcements.unpublish(t.sql, a.id, new Date(), null);
      return a.id;
    };
    const old = await make('旧', false, 'everyone', fromNow(-3));
    const pinned = await make('置顶', true, 'everyone', fromNow(-5));
    const fresh = await make('新', false, 'everyone', fromNow(-1));
    const members = await make('会员', false, 'members', fromNow(-2));
    await make('草稿', false, 'everyone', null);
    await make('定时', false, 'everyone', fromNow(2));
    await make('撤下', false, 'everyone', fromNow(-4), true);
    const now = new Date();
    const first = await announcements.listLive(t.sql, { audiences: ['everyone'], now, limit: 2 });
    expect(first.items.map((a) => a.id)).toEqual([pinned, fresh]);
    const second = await announcements.listLive(t.sql, { audiences: ['everyone'], now, cursor: first.nextCursor, limit: 2 });
    expect(second.items.map((a) => a.id)).toEqual([old]);
    expect(second.nextCursor).toBeNull();
    const forMembers = await announcements.listLive(t.sql, { audiences: ['everyone', 'members'], now });
    expect(forMembers.items.map((a) => a.id)).toEqual([pinned, fresh, members, old]);
    expect((await announcements.listLive(t.sql, { audiences: ['everyone'], now, pinnedOnly: true })).items.map((a) => a.id)).toEqual([pinned]);
    // what the scheduler would tell: the published ones, once
    const due = (await announcements.noticeDue(t.sql, now)).map((a) => a.id);
    expect(due).toEqual(expect.arrayContaining([pinned, fresh, members, old]));
    expect(await announcements.markNotified(t.sql, pinned)).toBe(true);
    expect(await announcements.markNotified(t.sql, pinned)).toBe(false);
  });
});

describe('audiences', () => {
  it('tells every user of a non-secretariat organisation, or of the members, or of the members of one kind', async () => {
    const memberVendor = await createOrgWithOwner(t.sql, 'vendor');
    const memberBuyer = await createOrgWithOwner(t.sql, 'buyer');
    const outsider = await createOrgWithOwner(t.sql, 'vendor');
    const secretariat = await createOrgWithOwner(t.sql, 'secretariat');
    await joinAlliance(t.sql, memberVendor.org.id);
    await joinAlliance(t.sql, memberBuyer.org.id);
    const everyone = await audiences.userIds(t.sql, { membersOnly: false, orgKind: null });
    expect(everyone).toEqual(expect.arrayContaining([memberVendor.owner.id, memberBuyer.owner.id, outsider.owner.id]));
    expect(everyone).not.toContain(secretariat.owner.id);
    const members = await audiences.userIds(t.sql, { membersOnly: true, orgKind: null });
    expect(members).toEqual(expect.arrayContaining([memberVendor.owner.id, memberBuyer.owner.id]));
    expect(members).not.toContain(outsider.owner.id);
    const vendors = await audiences.userIds(t.sql, { membersOnly: true, orgKind: 'vendor' });
    expect(vendors).toContain(memberVendor.owner.id);
    expect(vendors).not.toContain(memberBuyer.owner.id);
  });
});

describe('events and registrations', () => {
  const fields = (over: Partial<EventFields> = {}): EventFields => ({
    title: '数据标注质量研讨会', description: '', startsAt: fromNow(48), endsAt: fromNow(51), placeKind: 'onsite', place: '聊城市东昌府区',
    capacity: 1, registrationDeadline: fromNow(24), audience: 'everyone', ...over,
  });

  it('refuses an end before the start and a deadline after it', async () => {
    await expect(allianceEvents.create(t.sql, fields({ endsAt: fromNow(47) }), null)).rejects.toThrow(/alliance_events_times_check/);
    await expect(allianceEvents.create(t.sql, fields({ registrationDeadline: fromNow(49) }), null)).rejects.toThrow(/alliance_events_times_check/);
  });

  it('keeps one row per user: registering again after cancelling takes a new arrival at the back', async () => {
    const e = await allianceEvents.publish(t.sql, (await allianceEvents.create(t.sql, fields(), null)).id);
    const a = await createOrgWithOwner(t.sql, 'vendor');
    const b = await createOrgWithOwner(t.sql, 'buyer');
    const ra = await withTransaction(t.sql, (tx) => allianceEvents.register(tx, { eventId: e.id, userId: a.owner.id, orgId: a.org.id, status: 'registered' }));
    const rb = await withTransaction(t.sql, (tx) => allianceEvents.register(tx, { eventId: e.id, userId: b.owner.id, orgId: b.org.id, status: 'waitlisted' }));
    expect(rb.arrival).toBeGreaterThan(ra.arrival);
    expect(await allianceEvents.get(t.sql, e.id)).toMatchObject({ registered: 1, waitlisted: 1 });
    await withTransaction(t.sql, async (tx) => {
      await allianceEvents.cancelRegistration(tx, ra.id);
      await allianceEvents.promote(tx, (await allianceEvents.waitlist(tx, e.id)).map((r) => r.id));
    });
    expect((await allianceEvents.registrationOf(t.sql, e.id, b.owner.id))?.status).toBe('registered');
    const again = await withTransaction(t.sql, (tx) => allianceEvents.register(tx, { eventId: e.id, userId: a.owner.id, orgId: a.org.id, status: 'waitlisted' }));
    expect(again.id).toBe(ra.id);
    expect(again.arrival).toBeGreaterThan(rb.arrival);
    expect((await allianceEvents.attendees(t.sql, e.id)).map((x) => [x.userId, x.status])).toEqual([
      [b.owner.id, 'registered'], [a.owner.id, 'waitlisted'],
    ]);
    expect(await allianceEvents.activeUserIds(t.sql, e.id)).toEqual([b.owner.id, a.owner.id]);
  });

  it('lists upcoming events soonest first and past ones latest first, page by page', async () => {
    const ids = [];
    for (const h of [300, 200, 250]) ids.push((await allianceEvents.publish(t.sql, (await allianceEvents.create(t.sql, fields({ startsAt: fromNow(h), endsAt: fromNow(h + 1), registrationDeadline: fromNow(h - 1), audience: 'members' }), null)).id)).id);
    const now = new Date();
    const p1 = await allianceEvents.list(t.sql, { audiences: ['members'], when: 'upcoming', now, limit: 2 });
    const p2 = await allianceEvents.list(t.sql, { audiences: ['members'], when: 'upcoming', now, limit: 2, cursor: p1.nextCursor });
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual([ids[1], ids[2], ids[0]]);
    const past = await allianceEvents.list(t.sql, { audiences: ['members'], when: 'past', now: fromNow(1000) });
    expect(past.items.map((e) => e.id)).toEqual([ids[0], ids[2], ids[1]]);
  });
});
