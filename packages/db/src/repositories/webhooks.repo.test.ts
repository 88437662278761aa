import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithOwner, randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { notifications } from './notifications.repo.ts';
import { organisations } from './organisations.repo.ts';
import { users } from './users.repo.ts';
import { webhooks } from './webhooks.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`webhook deliveries (${testBackend()})`, () => {
  it('one delivery per event and matching subscription, whatever the number of members; not records of the past', async () => {
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const member = await users.create(t.sql, { email: randomEmail(), passwordHash: 'h', displayName: '成员' });
    await organisations.addMember(t.sql, { userId: member.id, orgId: buyer.org.id, role: 'member' });
    const other = await createOrgWithOwner(t.sql, 'buyer');
    const base = { description: '', secret: 'whsec_x', createdBy: buyer.owner.id };
    const bids = await webhooks.create(t.sql, { ...base, orgId: buyer.org.id, url: 'https://a.example/h', eventTypes: ['bid.received'], notificationKinds: ['bid_received'] });
    const all = await webhooks.create(t.sql, { ...base, orgId: buyer.org.id, url: 'https://b.example/h', eventTypes: ['bid.received', 'order.approved'], notificationKinds: ['bid_received', 'order_approved'] });
    const off = await webhooks.create(t.sql, { ...base, orgId: buyer.org.id, url: 'https://c.example/h', eventTypes: ['bid.received'], notificationKinds: ['bid_received'] });
    await webhooks.update(t.sql, off.id, { active: false });
    await webhooks.create(t.sql, { ...base, orgId: other.org.id, url: 'https://d.example/h', eventTypes: ['bid.received'], notificationKinds: ['bid_received'], createdBy: other.owner.id });

    await notifications.insertMany(t.sql, [
      { recipient: { orgId: buyer.org.id }, kind: 'bid_received', payload: { orderTitle: 'A', bidCount: 1 } },
      { recipient: { orgId: buyer.org.id }, kind: 'order_approved', payload: { orderTitle: 'A' } },
      { recipient: { orgId: buyer.org.id }, kind: 'deadline_soon', payload: { orderTitle: 'A' } },
      // a person's notice (not the organisation's): no webhook
      { recipient: { userId: member.id }, kind: 'bid_received', payload: { orderTitle: 'B' } },
    ]);
    await notifications.insertMany(t.sql, [{ recipient: { orgId: buyer.org.id }, kind: 'bid_received' }], { at: new Date(Date.now() - 7 * 86_400_000) });
    await t.sql.begin(async (tx) => {
      await notifications.insertMany(tx, [{ recipient: { orgId: buyer.org.id }, kind: 'bid_received' }]);
      throw new Error('rollback');
    }).catch(() => {});

    const rows = await t.sql<{ subscriptionId: string; kind: string; eventId: string }[]>`
      select subscription_id, kind, event_id from webhook_deliveries where org_id = ${buyer.org.id} order by id`;
    expect(rows.map((r) => [r.subscriptionId, r.kind]).sort()).toEqual([[bids.id, 'bid_received'], [all.id, 'bid_received'], [all.id, 'order_approved']].sort());
    // one event, one id, for each subscription that receives it
    const bidEvents = new Set(rows.filter((r) => r.kind === 'bid_received').map((r) => r.eventId));
    expect(bidEvents.size).toBe(1);
  });

  it('a due delivery is claimed by one sender; its attempt is recorded once, and the failure streak kept', async () => {
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const sub = await webhooks.create(t.sql, { orgId: buyer.org.id, url: 'https://a.example/h', description: '', eventTypes: ['order.approved'], notificationKinds: ['order_approved'], secret: 's', createdBy: buyer.owner.id });
    await notifications.insertMany(t.sql, [{ recipient: { orgId: buyer.org.id }, kind: 'order_approved', payload: { orderTitle: 'Z' } }]);
    const [a, b] = await Promise.all([webhooks.claimDue(t.sql, 100), webhooks.claimDue(t.sql, 100)]);
    const mine = [...a!, ...b!].filter((d) => d.subscriptionId === sub.id);
    expect(mine).toHaveLength(1);
    const d = mine[0]!;
    expect(d).toMatchObject({ attempts: 1, url: 'https://a.example/h', secret: 's', payload: { orderTitle: 'Z' } });
    // leased: not claimed again
    expect((await webhooks.claimDue(t.sql, 100)).filter((x) => x.id === d.id)).toEqual([]);

    const fail = { deliveryId: d.id, attempt: 1, responseStatus: 500, durationMs: 12, error: 'HTTP 500' } as const;
    const streak = await webhooks.recordAttempt(t.sql, { ...fail, result: { kind: 'retry', at: new Date(Date.now() - 1000) } });
    expect(streak).toMatchObject({ subscriptionId: sub.id, consecutiveFailures: 1 });
    // a second record of the same claim changes nothing
    expect(await webhooks.recordAttempt(t.sql, { ...fail, result: { kind: 'failed' } })).toBeNull();

    const [again] = (await webhooks.claimDue(t.sql, 100)).filter((x) => x.id === d.id);
    expect(again?.attempts).toBe(2);
    expect(await webhooks.recordAttempt(t.sql, { deliveryId: d.id, attempt: 2, responseStatus: 204, durationMs: 5, error: null, result: { kind: 'succeeded' } }))
      .toMatchObject({ consecutiveFailures: 0, failingSince: null });
    const page = await webhooks.listDeliveries(t.sql, sub.id);
    expect(page.items[0]).toMatchObject({ status: 'succeeded', attempts: 2, lastStatus: 204 });
    expect((await webhooks.attemptsOf(t.sql, [d.id])).map((x) => x.responseStatus)).toEqual([500, 204]);

    const copy = await webhooks.redeliver(t.sql, page.items[0]!);
    expect(copy).toMatchObject({ status: 'pending', attempts: 0, eventId: d.eventId, redeliveryOf: d.id });
  });

  it('rotating keeps the previous secret until the overlap ends', async () => {
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const sub = await webhooks.create(t.sql, { orgId: buyer.org.id, url: 'https://a.example/h', description: '', eventTypes: ['order.approved'], notificationKinds: ['order_approved'], secret: 'old', createdBy: buyer.owner.id });
    const until = new Date(Date.now() + 3_600_000);
    const r = await webhooks.rotateSecret(t.sql, sub.id, 'new', until);
    expect(r).toMatchObject({ secret: 'new', previousSecret: 'old', previousSecretUntil: until });
  });
});
