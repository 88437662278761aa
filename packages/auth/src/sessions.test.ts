import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { createOrgWithOwner } from '@annex/db/fixtures.ts';
import { sessions } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENEWAL_INTERVAL_MS, type SessionManager, createSessionManager, sessionIdFromToken } from './sessions.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let db: TestDatabase;
let manager: SessionManager;
let userId: string;
let buyerOrgId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  manager = createSessionManager(db.sql, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: true });
  const buyer = await createOrgWithOwner(db.sql, 'buyer');
  userId = buyer.owner.id;
  buyerOrgId = buyer.org.id;
});
afterAll(() => db?.close());

const start = (now: Date, orgKind = 'buyer') => manager.create(userId, { orgKind, userAgent: 'test', ip: '127.0.0.1', now });

describe('session manager', () => {
  it('stores only the SHA-256 of the token', async () => {
    const { token, sessionId } = await start(new Date());
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(sessionId).toBe(sessionIdFromToken(token));
    expect(sessionId).toMatch(/^[0-9a-f]{64}$/);
    const rows = await db.sql`select * from sessions where user_id = ${userId}`;
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await sessions.findById(db.sql, sessionId)).not.toBeNull();
  });

  it('accepts a fresh token and refuses an unknown one', async () => {
    const now = new Date();
    const { token } = await start(now);
    expect(await manager.validate(token, now)).toMatchObject({
      status: 'valid', renewed: false, user: { id: userId }, membership: { orgId: buyerOrgId, role: 'owner', orgKind: 'buyer' },
    });
    expect(await manager.validate('a'.repeat(32), now)).toEqual({ status: 'invalid' });
  });

  it('records use at most once an hour, moving the idle expiry', async () => {
    const t0 = new Date();
    const { token, sessionId } = await start(t0);
    const halfHour = new Date(t0.getTime() + HOUR / 2);
    expect(await manager.validate(token, halfHour)).toMatchObject({ status: 'valid', renewed: false });
    expect((await sessions.findById(db.sql, sessionId))?.lastSeenAt.getTime()).toBe(t0.getTime());
    const later = new Date(t0.getTime() + RENEWAL_INTERVAL_MS + 1000);
    expect(await manager.validate(token, later)).toMatchObject({ status: 'valid', renewed: true });
    const row = await sessions.findById(db.sql, sessionId);
    expect(row?.lastSeenAt.getTime()).toBe(later.getTime());
    expect(row?.idleExpiresAt.getTime()).toBe(later.getTime() + 7 * DAY);
  });

  it('expires after 7 idle days and deletes the session', async () => {
    const t0 = new Date();
    const { token, sessionId } = await start(t0);
    expect(await manager.validate(token, new Date(t0.getTime() + 7 * DAY))).toEqual({ status: 'expired' });
    expect(await sessions.findById(db.sql, sessionId)).toBeNull();
  });

  it('ends at the absolute lifetime however active the user is', async () => {
    const t0 = new Date();
    const { token } = await start(t0);
    for (let day = 6; day < 30; day += 6) {
      expect(await manager.validate(token, new Date(t0.getTime() + day * DAY))).toMatchObject({ status: 'valid' });
    }
    expect(await manager.validate(token, new Date(t0.getTime() + 30 * DAY))).toEqual({ status: 'expired' });
  });

  it('gives secretariat users 12 hours', async () => {
    const t0 = new Date();
    const { token, expiresAt } = await start(t0, 'secretariat');
    expect(expiresAt.getTime()).toBe(t0.getTime() + 12 * HOUR);
    expect(await manager.validate(token, new Date(t0.getTime() + 11 * HOUR))).toMatchObject({ status: 'valid' });
    expect(await manager.validate(token, new Date(t0.getTime() + 12 * HOUR))).toEqual({ status: 'expired' });
  });

  it('lists, revokes and ends the other sessions', async () => {
    const other = (await createOrgWithOwner(db.sql, 'vendor')).owner.id;
    const now = new Date();
    const a = await manager.create(other, { orgKind: 'vendor', userAgent: null, ip: null, now });
    const b = await manager.create(other, { orgKind: 'vendor', userAgent: null, ip: null, now });
    const c = await manager.create(other, { orgKind: 'vendor', userAgent: null, ip: null, now });
    expect((await manager.list(other, now)).map((s) => s.id).sort()).toEqual([a, b, c].map((s) => s.sessionId).sort());
    await manager.invalidate(c.sessionId);
    expect(await manager.validate(c.token, now)).toEqual({ status: 'invalid' });
    await manager.invalidateOthers(other, a.sessionId);
    expect((await manager.list(other, now)).map((s) => s.id)).toEqual([a.sessionId]);
  });

  it('writes __Host- cookies when secure and plain ones otherwise', () => {
    const cookie = manager.cookie('tok').serialize();
    expect(cookie).toMatch(/^__Host-annex_session=tok;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain');
    const plain = createSessionManager(db.sql, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
    const p = plain.cookie('tok').serialize();
    expect(p).toMatch(/^annex_session=tok;/);
    expect(p).not.toContain('Secure');
    expect(plain.readCookie('x=1; annex_session=tok')).toBe('tok');
  });

  it('lets the cookie die with the session when given its expiry', async () => {
    const t0 = new Date();
    const secretariat = await start(t0, 'secretariat');
    expect(manager.cookie(secretariat.token, secretariat.expiresAt, t0).attributes.maxAge).toBe(12 * 3600);
    const buyer = await start(t0);
    expect(manager.cookie(buyer.token, buyer.expiresAt, t0).serialize()).toContain(`Max-Age=${7 * 86400};`);
    // never longer than the idle lifetime, never negative
    expect(manager.cookie('tok', new Date(t0.getTime() + 60 * DAY), t0).attributes.maxAge).toBe(7 * 86400);
    expect(manager.cookie('tok', new Date(t0.getTime() - HOUR), t0).attributes.maxAge).toBe(0);
    // without an expiry: lucia's idle lifetime, as before
    expect(manager.cookie('tok').attributes.maxAge).toBe(7 * 86400);
  });
});
