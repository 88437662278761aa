import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLoginThrottle, clearLoginFailures, recordLoginFailure } from './login-throttle.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const at = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

describe('login throttling in PostgreSQL', () => {
  it('backs off an account after 5 failures and forgets them after a success', async () => {
    const t0 = new Date();
    const email = 'throttle-a@example.cn';
    for (let i = 0; i < 5; i++) {
      expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, i))).toEqual({ allowed: true });
      await recordLoginFailure(db.sql, email, '10.0.0.1', at(t0, i));
    }
    // 5 failures, the last at t0+4 s: wait 1 s
    expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, 4))).toEqual({
      allowed: false, reason: 'account', retryAfterSeconds: 1,
    });
    expect(await checkLoginThrottle(db.sql, 'THROTTLE-A@example.cn', '10.0.0.9', at(t0, 4))).toMatchObject({ allowed: false });
    await recordLoginFailure(db.sql, email, '10.0.0.1', at(t0, 5));
    expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, 5))).toMatchObject({ retryAfterSeconds: 2 });
    expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, 7))).toEqual({ allowed: true });
    // failures older than 15 minutes no longer count
    expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, 16 * 60))).toEqual({ allowed: true });
    await clearLoginFailures(db.sql, email);
    expect(await checkLoginThrottle(db.sql, email, '10.0.0.1', at(t0, 6))).toEqual({ allowed: true });
  });

  it('blocks an IP after more than 30 failures in 15 minutes, across accounts', async () => {
    const t0 = new Date();
    const ip = '192.0.2.7';
    for (let i = 0; i < 31; i++) await recordLoginFailure(db.sql, `spray-${i}@example.cn`, ip, at(t0, i));
    const decision = await checkLoginThrottle(db.sql, 'someone-new@example.cn', ip, at(t0, 31));
    // the oldest failure (t0) leaves the window at t0+900 s
    expect(decision).toEqual({ allowed: false, reason: 'ip', retryAfterSeconds: 900 - 31 });
    expect(await checkLoginThrottle(db.sql, 'someone-new@example.cn', ip, at(t0, 901))).toEqual({ allowed: true });
    expect(await checkLoginThrottle(db.sql, 'someone-new@example.cn', '192.0.2.8', at(t0, 31))).toEqual({ allowed: true });
  });
});
