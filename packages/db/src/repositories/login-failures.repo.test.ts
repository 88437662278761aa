import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { loginFailures } from './login-failures.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms);

describe(`loginFailures (${testBackend()})`, () => {
  it('counts recent failures per e-mail (any case) and per IP', async () => {
    const email = randomEmail();
    await loginFailures.record(t.sql, email.toUpperCase(), '10.0.0.1', ago(3_600_000));
    await loginFailures.record(t.sql, email, '10.0.0.1');
    await loginFailures.record(t.sql, email, '10.0.0.2');
    await loginFailures.record(t.sql, randomEmail(), '10.0.0.1');
    expect(await loginFailures.countRecentForEmail(t.sql, email, ago(60_000))).toBe(2);
    expect(await loginFailures.countRecentForEmail(t.sql, email, ago(7_200_000))).toBe(3);
    expect(await loginFailures.countRecentForIp(t.sql, '10.0.0.1', ago(60_000))).toBe(2);
    const last = await loginFailures.lastForEmail(t.sql, email.toUpperCase());
    expect(last).toBeInstanceOf(Date);
    expect(Math.abs((last as Date).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('clears the failures of an e-mail and prunes old ones', async () => {
    const email = randomEmail();
    await loginFailures.record(t.sql, email, '10.0.0.3');
    await loginFailures.record(t.sql, email, '10.0.0.3');
    expect(await loginFailures.clearForEmail(t.sql, email)).toBe(2);
    expect(await loginFailures.lastForEmail(t.sql, email)).toBeNull();
    await loginFailures.record(t.sql, email, '10.0.0.4', ago(40 * 86_400_000));
    expect(await loginFailures.deleteOlderThan(t.sql, ago(30 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await loginFailures.countRecentForIp(t.sql, '10.0.0.4', ago(50 * 86_400_000))).toBe(0);
  });
});
