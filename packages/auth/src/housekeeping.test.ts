import { createOrgWithOwner } from '@annex/db/fixtures.ts';
import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FAILURE_RETENTION_SECONDS, purgeExpiredAuthRecords } from './housekeeping.ts';
import { loginFailures, registrationAttempts } from '@annex/db';
import { beginLoginAttempt } from './login-throttle.ts';
import { createSessionManager } from './sessions.ts';

const HOUR = 3_600_000;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('purgeExpiredAuthRecords', () => {
  it('removes expired sessions and old login failures, and keeps what is still in use', async () => {
    const manager = createSessionManager(db.sql, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
    const { owner } = await createOrgWithOwner(db.sql, 'secretariat');
    const t0 = new Date();
    const short = await manager.create(owner.id, { orgKind: 'secretariat', userAgent: null, ip: null, now: t0 });
    const long = await manager.create(owner.id, { orgKind: 'buyer', userAgent: null, ip: null, now: t0 });
    const old = new Date(t0.getTime() - (LOGIN_FAILURE_RETENTION_SECONDS + 60) * 1000);
    await loginFailures.record(db.sql, 'old@example.cn', '192.0.2.1', old);
    await loginFailures.record(db.sql, 'recent@example.cn', '192.0.2.1', t0);
    const take = (at: Date) => registrationAttempts.take(db.sql, { source: '192.0.2.1', at, since: new Date(0), budget: 20 });
    await take(new Date(t0.getTime() - 26 * HOUR));
    await take(t0);

    // 13 hours later the secretariat session (12 h absolute) is gone, the other one stays
    const later = new Date(t0.getTime() + 13 * HOUR);
    expect(await purgeExpiredAuthRecords(db.sql, later)).toEqual({ sessions: 1, loginFailures: 1, registrationAttempts: 1, tokenUsage: 0, tokenRateWindows: 0 });
    expect((await manager.list(owner.id, later)).map((s) => s.id)).toEqual([long.sessionId]);
    expect(await manager.validate(short.token, t0)).toEqual({ status: 'invalid' });
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from login_failures where email = 'recent@example.cn'`;
    expect(row?.n).toBe(1);

    // a second pass finds nothing, and throttling still sees the recent failure
    expect(await purgeExpiredAuthRecords(db.sql, later)).toEqual({ sessions: 0, loginFailures: 0, registrationAttempts: 0, tokenUsage: 0, tokenRateWindows: 0 });
    expect(await beginLoginAttempt(db.sql, 'recent@example.cn', '192.0.2.1', t0)).toMatchObject({ allowed: true });
  });

  it('uses the database clock for sessions when no time is given', async () => {
    const manager = createSessionManager(db.sql, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
    const { owner } = await createOrgWithOwner(db.sql, 'buyer');
    const past = new Date(Date.now() - 40 * 24 * HOUR);
    const dead = await manager.create(owner.id, { orgKind: 'buyer', userAgent: null, ip: null, now: past });
    const alive = await manager.create(owner.id, { orgKind: 'buyer', userAgent: null, ip: null });
    const report = await purgeExpiredAuthRecords(db.sql);
    expect(report.sessions).toBeGreaterThanOrEqual(1);
    const ids = (await db.sql<{ id: string }[]>`select id from sessions where user_id = ${owner.id}`).map((r) => r.id);
    expect(ids).toEqual([alive.sessionId]);
    expect(ids).not.toContain(dead.sessionId);
  });
});
