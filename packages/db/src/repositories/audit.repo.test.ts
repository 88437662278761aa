import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithOwner } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { audit } from './audit.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`audit (${testBackend()})`, () => {
  it('appends entries and lists an entity history oldest first', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const first = await audit.append(t.sql, {
      actorUserId: owner.id, actorOrgId: org.id, entityType: 'organisation', entityId: org.id, action: 'create',
      after: { name: org.name, verifiedUntil: new Date('2027-01-01T00:00:00Z') }, requestId: 'req-1',
    });
    expect(first).toMatchObject({
      actorUserId: owner.id, entityType: 'organisation', action: 'create', before: null,
      after: { name: org.name, verifiedUntil: '2027-01-01T00:00:00.000Z' }, requestId: 'req-1',
    });
    await audit.append(t.sql, {
      entityType: 'organisation', entityId: org.id, action: 'verification.approve',
      before: { status: 'pending' }, after: { status: 'verified' },
    });
    const history = await audit.listForEntity(t.sql, 'organisation', org.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'verification.approve']);
    expect(history[1]?.actorUserId).toBeNull();
  });

  it('names the actors of audit rows in one query, and leaves out ids that are gone', async () => {
    const a = await createOrgWithOwner(t.sql, 'vendor');
    const b = await createOrgWithOwner(t.sql, 'buyer');
    const gone = '00000000-0000-4000-8000-000000000000';
    const found = await audit.actorsOf(t.sql, [
      { actorOrgId: a.org.id, actorUserId: a.owner.id },
      { actorOrgId: b.org.id, actorUserId: null },
      { actorOrgId: a.org.id, actorUserId: gone },
    ]);
    expect([...found.orgs.entries()].sort()).toEqual([
      [a.org.id, { kind: 'vendor', name: a.org.name }], [b.org.id, { kind: 'buyer', name: b.org.name }],
    ].sort());
    expect([...found.people.entries()]).toEqual([[a.owner.id, a.owner.displayName]]);
    expect(await audit.actorsOf(t.sql, [{ actorOrgId: null, actorUserId: null }])).toEqual({ orgs: new Map(), people: new Map() });
  });

  it('refuses updates and deletes', async () => {
    await audit.append(t.sql, { entityType: 'x', entityId: '1', action: 'a' });
    await expect(t.sql`update audit_log set action = 'b'`).rejects.toThrow(/append-only/);
    await expect(t.sql`delete from audit_log`).rejects.toThrow(/append-only/);
  });
});
