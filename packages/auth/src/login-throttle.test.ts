import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { randomEmail } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginLoginAttempt, takeRegistrationSlot } from './login-throttle.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const t0 = new Date();
const at = (s: number) => new Date(t0.getTime() + s * 1000);
/** One attempt with a wrong password (or the right one); returns the decision. */
async function attempt(email: string, ip: string, s: number, passwordOk = false) {
  const a = await beginLoginAttempt(db.sql, email, ip, at(s));
  if (a.allowed) await a.settle(passwordOk);
  return a.allowed ? { allowed: true } : a;
}

describe('login throttling in PostgreSQL', () => {
  it('backs a pair off after 5 failures; another source and the right password from it are untouched', async () => {
    const email = randomEmail();
    for (let i = 0; i < 5; i++) expect(await attempt(email, '10.1.0.1', i)).toEqual({ allowed: true });
    expect(await attempt(email, '10.1.0.1', 4)).toEqual({ allowed: false, reason: 'pair', retryAfterSeconds: 1 });
    expect(await attempt(email.toUpperCase(), '10.1.0.1', 5)).toEqual({ allowed: true }); // the 6th failure
    expect(await attempt(email, '10.1.0.1', 6)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await attempt(email, '10.1.0.2', 6, true)).toEqual({ allowed: true });
    // failures older than 15 minutes no longer count
    expect(await attempt(email, '10.1.0.1', 16 * 60)).toEqual({ allowed: true });
  });

  it('keeps the owner signing in from a fresh source past the account budget, one try per guessing source', async () => {
    const email = randomEmail();
    for (let i = 0; i < 10; i++) await attempt(email, `10.2.0.${i}`, i);
    // the account took 10 failures: sources that failed here wait, a fresh one has its password checked
    expect(await attempt(email, '10.2.0.3', 11)).toMatchObject({ allowed: false, reason: 'account' });
    expect(await attempt(email, '10.2.1.1', 12, true)).toEqual({ allowed: true });
    expect(await attempt(email, '10.2.1.2', 13)).toEqual({ allowed: true });
    expect(await attempt(email, '10.2.1.2', 14)).toMatchObject({ allowed: false, reason: 'account' });
  });

  it('stops a source after 30 failures across accounts, for the time the oldest needs to leave the window', async () => {
    for (let i = 0; i < 30; i++) await attempt(randomEmail(), '192.0.2.77', i);
    expect(await attempt(randomEmail(), '192.0.2.77', 31)).toEqual({ allowed: false, reason: 'source', retryAfterSeconds: 900 - 31 });
    expect(await attempt(randomEmail(), '192.0.2.77', 901)).toEqual({ allowed: true });
    expect(await attempt(randomEmail(), '192.0.2.78', 31)).toEqual({ allowed: true });
  });

  it('counts an IPv6 /64 as one source', async () => {
    for (let i = 0; i < 30; i++) await attempt(randomEmail(), `2001:db8:7:7::${i + 1}`, i);
    expect(await attempt(randomEmail(), '2001:db8:7:7:ffff::1', 31)).toMatchObject({ allowed: false, reason: 'source' });
  });

  it('lets concurrent attempts of one pair through no more than its free failures', async () => {
    const email = randomEmail();
    const results = await Promise.all(Array.from({ length: 12 }, () => attempt(email, '10.3.0.1', 0)));
    expect(results.filter((r) => r.allowed).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.allowed).length).toBeGreaterThanOrEqual(1);
  });
});

describe('registration throttling in PostgreSQL', () => {
  it('gives a source 20 registrations an hour', async () => {
    for (let i = 0; i < 20; i++) expect(await takeRegistrationSlot(db.sql, '198.51.100.200', at(i))).toEqual({ allowed: true });
    expect(await takeRegistrationSlot(db.sql, '198.51.100.200', at(30))).toEqual({ allowed: false, retryAfterSeconds: 3600 - 30 });
    expect(await takeRegistrationSlot(db.sql, '198.51.100.201', at(30))).toEqual({ allowed: true });
    expect(await takeRegistrationSlot(db.sql, '198.51.100.200', at(3600))).toEqual({ allowed: true });
  });
});
