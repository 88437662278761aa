import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEmail } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { loginFailures, registrationAttempts } from './login-failures.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const t0 = new Date('2026-06-01T08:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe(`loginFailures (${testBackend()})`, () => {
  it('counts failures per pair, source and account (any e-mail case) inside the window, leaving out the attempt decided', async () => {
    const email = randomEmail();
    const source = `198.51.100.${Math.floor(Math.random() * 250)}`;
    await loginFailures.record(t.sql, email.toUpperCase(), source, at(-3600)); // outside the window
    await loginFailures.record(t.sql, email, source, at(1));
    await loginFailures.record(t.sql, email, source, at(2));
    await loginFailures.record(t.sql, email, '2001:db8:1:2::/64', at(3));
    await loginFailures.record(t.sql, randomEmail(), source, at(4));
    const current = await loginFailures.record(t.sql, email, source, at(5));
    const facts = await loginFailures.facts(t.sql, { email: email.toUpperCase(), source, since: at(-900), excludeId: current, sourceNth: 2, accountNth: 3 });
    expect(facts).toEqual({
      pairFailures: 2, lastPairFailureAt: at(2),
      sourceFailures: 3, sourceNthAt: at(2), // the source's failures at 4, 2, 1: the 2nd most recent
      accountFailures: 3, accountNthAt: at(1), // the account's at 3, 2, 1: the 3rd
    });
    expect((await loginFailures.facts(t.sql, { email, source, since: at(-900), excludeId: current, sourceNth: 4, accountNth: 4 })))
      .toMatchObject({ sourceNthAt: null, accountNthAt: null });
    await loginFailures.remove(t.sql, current);
    expect(await loginFailures.clearPair(t.sql, email, source)).toBe(3);
    expect((await loginFailures.facts(t.sql, { email, source, since: at(-900), excludeId: 0, sourceNth: 1, accountNth: 1 })))
      .toMatchObject({ pairFailures: 0, sourceFailures: 1, accountFailures: 1 });
    expect(await loginFailures.deleteOlderThan(t.sql, at(-1800))).toBeGreaterThanOrEqual(0);
  });
});

describe(`registrationAttempts (${testBackend()})`, () => {
  it('hands out a budget per source and window, also to concurrent requests, and says when the oldest counted one was', async () => {
    const source = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const take = (s: number) => registrationAttempts.take(t.sql, { source, at: at(s), since: at(s - 3600), budget: 3 });
    const results = await Promise.all([take(1), take(1), take(1), take(1), take(1)]);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await take(2)).toEqual({ ok: false, oldestAt: at(1) });
    expect(await registrationAttempts.take(t.sql, { source: `${source}0`, at: at(2), since: at(-3600), budget: 3 })).toEqual({ ok: true });
    expect(await take(3602)).toEqual({ ok: true });
  });
});
