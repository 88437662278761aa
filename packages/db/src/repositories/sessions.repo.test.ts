import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithOwner, randomEmail, randomSessionId } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { type NewSession, sessions } from './sessions.repo.ts';
import { users } from './users.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const inMs = (ms: number) => new Date(Date.now() + ms);
const session = (userId: string, over: Partial<NewSession> = {}): NewSession => ({
  id: randomSessionId(), userId, idleExpiresAt: inMs(3_600_000), absoluteExpiresAt: inMs(86_400_000),
  userAgent: 'vitest', ip: '127.0.0.1', ...over,
});

describe(`sessions (${testBackend()})`, () => {
  it('stores a session and finds it alone or with its user', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'buyer');
    const s = await sessions.create(t.sql, session(owner.id));
    expect(s).toMatchObject({ userId: owner.id, userAgent: 'vitest', ip: '127.0.0.1' });
    expect(await sessions.findById(t.sql, s.id)).toEqual(s);
    expect(await sessions.findWithUser(t.sql, s.id)).toEqual({ session: s, user: owner });
    expect(await sessions.findById(t.sql, randomSessionId())).toBeNull();
    expect(await sessions.findWithUser(t.sql, 'raw-token')).toBeNull();
  });

  it('finds session, user and membership in one statement for a request', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'vendor');
    const s = await sessions.create(t.sql, session(owner.id));
    expect(await sessions.findForRequest(t.sql, s.id)).toEqual({
      session: s, user: owner, membership: { orgId: org.id, role: 'owner', orgKind: 'vendor' },
    });
    // a user without an organisation (the data model allows it)
    const loner = await users.create(t.sql, { email: randomEmail(), passwordHash: 'h', displayName: '无组织' });
    const l = await sessions.create(t.sql, session(loner.id));
    expect(await sessions.findForRequest(t.sql, l.id)).toEqual({ session: l, user: loner, membership: null });
    expect(await sessions.findForRequest(t.sql, randomSessionId())).toBeNull();
    expect(await sessions.findForRequest(t.sql, 'raw-token')).toBeNull();
  });

  it('refuses an id that is not a hex SHA-256 (the raw token must never be stored)', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'buyer');
    await expect(sessions.create(t.sql, session(owner.id, { id: 'plain-token' }))).rejects.toThrow(/sessions_id_sha256_hex/);
  });

  it('touches, lists most recent first, deletes one and all but one', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'vendor');
    const a = await sessions.create(t.sql, session(owner.id));
    const b = await sessions.create(t.sql, session(owner.id));
    const c = await sessions.create(t.sql, session(owner.id));
    const later = inMs(60_000);
    expect(await sessions.touch(t.sql, a.id, later, inMs(7_200_000))).toBe(true);
    const list = await sessions.listForUser(t.sql, owner.id);
    expect(list[0]?.id).toBe(a.id);
    expect(list[0]?.lastSeenAt).toEqual(later);
    expect(list).toHaveLength(3);
    expect(await sessions.delete(t.sql, b.id)).toBe(true);
    expect(await sessions.delete(t.sql, b.id)).toBe(false);
    expect(await sessions.deleteAllForUser(t.sql, owner.id, c.id)).toBe(1);
    expect((await sessions.listForUser(t.sql, owner.id)).map((s) => s.id)).toEqual([c.id]);
    expect(await sessions.deleteAllForUser(t.sql, owner.id)).toBe(1);
    expect(await sessions.touch(t.sql, c.id, later, later)).toBe(false);
  });

  it('deletes sessions past either expiry', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'buyer');
    const idleGone = await sessions.create(t.sql, session(owner.id, { idleExpiresAt: inMs(-1000) }));
    const absoluteGone = await sessions.create(t.sql, session(owner.id, { absoluteExpiresAt: inMs(-1000) }));
    const alive = await sessions.create(t.sql, session(owner.id));
    expect(await sessions.deleteExpired(t.sql)).toBeGreaterThanOrEqual(2);
    expect(await sessions.findById(t.sql, idleGone.id)).toBeNull();
    expect(await sessions.findById(t.sql, absoluteGone.id)).toBeNull();
    expect(await sessions.findById(t.sql, alive.id)).not.toBeNull();
    // with an explicit clock far ahead, the live one goes too
    expect(await sessions.deleteExpired(t.sql, inMs(10 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await sessions.findById(t.sql, alive.id)).toBeNull();
  });

  it('goes away with its user', async () => {
    const { owner } = await createOrgWithOwner(t.sql, 'buyer');
    const s = await sessions.create(t.sql, session(owner.id));
    await t.sql`delete from users where id = ${owner.id}`;
    expect(await sessions.findById(t.sql, s.id)).toBeNull();
  });
});
