import { EMAIL_IMMEDIATE_BY_DEFAULT } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithOwner, randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { email } from './email.repo.ts';
import { notifications } from './notifications.repo.ts';
import { organisations } from './organisations.repo.ts';
import { users } from './users.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const queued = (userId: string) =>
  t.sql<{ kind: string; status: string; language: string; recipient: string }[]>`
    select kind, status, language, recipient from email_outbox where user_id = ${userId} order by id`;

describe(`e-mail outbox (${testBackend()})`, () => {
  it('holds the same defaults as the domain', async () => {
    const defaults = await email.defaultModes(t.sql);
    expect(Object.keys(defaults).sort()).toEqual([...EMAIL_IMMEDIATE_BY_DEFAULT].sort());
    expect(new Set(Object.values(defaults))).toEqual(new Set(['immediate']));
  });

  it('queues a notification by each member’s choice, in the writer’s transaction; not records of the past', async () => {
    const vendor = await createOrgWithOwner(t.sql, 'vendor');
    const member = await users.create(t.sql, { email: randomEmail(), passwordHash: 'h', displayName: '成员' });
    await organisations.addMember(t.sql, { userId: member.id, orgId: vendor.org.id, role: 'member' });
    await email.setLanguage(t.sql, member.id, 'en');
    await email.setModes(t.sql, member.id, { deadline_soon: 'off', question_answered: 'digest' });

    await notifications.insertMany(t.sql, [
      { recipient: { orgId: vendor.org.id }, kind: 'deadline_soon', payload: { orderTitle: 'A' } },
      { recipient: { orgId: vendor.org.id }, kind: 'question_answered', payload: { orderTitle: 'A' } },
    ]);
    // a record of last week's step: in the inbox, not mailed
    await notifications.insertMany(t.sql, [{ recipient: { orgId: vendor.org.id }, kind: 'award_final' }], {
      at: new Date(Date.now() - 7 * 86_400_000),
    });
    // rolled back with its transaction: no e-mail either
    await t.sql.begin(async (tx) => {
      await notifications.insertMany(tx, [{ recipient: { orgId: vendor.org.id }, kind: 'award_final' }]);
      throw new Error('rollback');
    }).catch(() => {});

    expect(await queued(vendor.owner.id)).toEqual([
      { kind: 'deadline_soon', status: 'pending', language: 'zh-CN', recipient: vendor.owner.email },
    ]);
    expect(await queued(member.id)).toEqual([
      { kind: 'question_answered', status: 'digest', language: 'en', recipient: member.email },
    ]);
  });

  it('settings are made once with a key of 64 hex digits', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'buyer');
    const a = await email.settings(t.sql, owner.id);
    const b = await email.settings(t.sql, owner.id);
    expect(a?.unsubscribeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toEqual(a);
    expect(await email.settings(t.sql, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('claims each due e-mail once across concurrent claimers, with its notification and a lease', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'buyer');
    await notifications.insertMany(
      t.sql,
      Array.from({ length: 12 }, (_, i) => ({ recipient: { orgId: org.id }, kind: 'payment_overdue', payload: { orderTitle: `T${i}` } })),
    );
    const claims = await Promise.all([1, 2, 3].map(() => email.claimDue(t.sql, 50)));
    const mine = claims.flat().filter((c) => c.userId === owner.id);
    expect(mine).toHaveLength(12);
    expect(new Set(mine.map((c) => c.id)).size).toBe(12);
    expect(mine[0]).toMatchObject({ attempts: 1, displayName: owner.displayName, kind: 'payment_overdue' });
    expect(mine.map((c) => c.payload?.orderTitle).sort()).toContain('T0');
    // leased: not claimed again until released
    expect((await email.claimDue(t.sql, 50)).filter((c) => c.userId === owner.id)).toEqual([]);
    const [first] = mine;
    if (!first) throw new Error('none claimed');
    await email.retryAt(t.sql, first.id, new Date(Date.now() - 1000), '451 busy');
    const again = (await email.claimDue(t.sql, 50)).filter((c) => c.userId === owner.id);
    expect(again.map((c) => [c.id, c.attempts])).toEqual([[first.id, 2]]);
    await email.markSent(t.sql, first.id, '<m@x>');
    expect(await email.byId(t.sql, first.id)).toMatchObject({ status: 'sent', messageId: '<m@x>', lastError: null });
  });

  it('a digest takes the waiting items before the cutoff, once', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    await email.setModes(t.sql, owner.id, { order_match: 'digest' });
    await notifications.insertMany(t.sql, [
      { recipient: { orgId: org.id }, kind: 'order_match', payload: { orderTitle: 'X', score: 80 } },
      { recipient: { orgId: org.id }, kind: 'order_match', payload: { orderTitle: 'Y', score: 70 } },
    ]);
    const cutoff = new Date(Date.now() + 60_000);
    expect(await email.usersWithDigestDue(t.sql, cutoff, 10_000)).toContain(owner.id);
    expect(await email.usersWithDigestDue(t.sql, new Date(Date.now() - 3_600_000), 10_000)).not.toContain(owner.id);
    const items = await email.takeDigestItems(t.sql, owner.id, cutoff);
    expect(items.map((i) => i.payload.orderTitle).sort()).toEqual(['X', 'Y']);
    const id = await email.queueDigest(t.sql, owner.id, cutoff, { language: 'zh-CN', subject: 's', textBody: 't', htmlBody: 'h' });
    expect(await email.byId(t.sql, id ?? 0)).toMatchObject({ kind: 'digest', status: 'pending', recipient: owner.email });
    expect(await email.takeDigestItems(t.sql, owner.id, cutoff)).toEqual([]);
    expect(await email.usersWithDigestDue(t.sql, cutoff, 10_000)).not.toContain(owner.id);
  });
});
