import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { idempotency } from './idempotency.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql`create table executions (id serial primary key, key text not null)`;
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const req = (over: Partial<{ key: string; requestHash: string; path: string; method: string }> = {}) => ({
  scope: 'user:5b1e', key: `key-${++n}`, method: 'POST', path: '/api/v1/orders/o1/bids', requestHash: 'h1', ...over,
});

describe(`idempotency keys (${testBackend()})`, () => {
  it('executes the first request, replays the stored response for the same request, refuses a different one', async () => {
    const r = req();
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'new' });
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'in_progress' });
    expect(await idempotency.complete(t.sql, { scope: r.scope, key: r.key, status: 201, body: { id: 'b1', at: new Date(0) } })).toBe(true);
    expect(await idempotency.complete(t.sql, { scope: r.scope, key: r.key, status: 500, body: null })).toBe(false);
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'replay', status: 201, body: { id: 'b1', at: '1970-01-01T00:00:00.000Z' } });
    expect(await idempotency.begin(t.sql, { ...r, requestHash: 'h2' })).toEqual({ state: 'mismatch' });
    expect(await idempotency.begin(t.sql, { ...r, path: '/api/v1/orders/o2/bids' })).toEqual({ state: 'mismatch' });
    // another caller's key of the same name is another key
    expect(await idempotency.begin(t.sql, { ...r, scope: 'user:other' })).toEqual({ state: 'new' });
    expect(await idempotency.get(t.sql, r.scope, r.key)).toMatchObject({ responseStatus: 201, lockedUntil: null });
  });

  it('lets a later request take over an abandoned execution once its lease expires, and forgets released keys', async () => {
    const r = req();
    expect(await idempotency.begin(t.sql, { ...r, leaseSeconds: 0 })).toEqual({ state: 'new' });
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'new' }); // taken over
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'in_progress' });
    expect(await idempotency.release(t.sql, r.scope, r.key)).toBe(true);
    expect(await idempotency.get(t.sql, r.scope, r.key)).toBeNull();
    expect(await idempotency.begin(t.sql, r)).toEqual({ state: 'new' });
  });

  it('in one transaction with the work: a rolled-back execution leaves no key behind', async () => {
    const r = req();
    await withTransaction(t.sql, async (tx) => {
      expect(await idempotency.begin(tx, r)).toEqual({ state: 'new' });
      throw new Error('use case failed');
    }).catch(() => {});
    expect(await idempotency.get(t.sql, r.scope, r.key)).toBeNull();
    const out = await withTransaction(t.sql, async (tx) => {
      const b = await idempotency.begin(tx, r);
      await idempotency.complete(tx, { scope: r.scope, key: r.key, status: 201, body: { ok: 1 } });
      return b;
    });
    expect(out).toEqual({ state: 'new' });
  });

  it('keeps keys at least 24 hours', async () => {
    const old = req();
    const fresh = req();
    await idempotency.begin(t.sql, old);
    await idempotency.begin(t.sql, fresh);
    await t.sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${old.key}`;
    await t.sql`update idempotency_keys set created_at = now() - interval '23 hours' where key = ${fresh.key}`;
    // asking for less than a day is raised to a day
    expect(await idempotency.purge(t.sql, { olderThanSeconds: 60 })).toBe(1);
    expect(await idempotency.get(t.sql, old.scope, old.key)).toBeNull();
    expect(await idempotency.get(t.sql, fresh.scope, fresh.key)).not.toBeNull();
  });

  it('50 concurrent requests with one key: one execution, 50 identical responses', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there');
    const pool = createSql(t.url, { max: 50 });
    try {
      await Promise.all(Array.from({ length: 50 }, () => pool`select pg_sleep(0.01)`));
      const r = req();
      const responses = await Promise.all(Array.from({ length: 50 }, () =>
        withTransaction(pool, async (tx) => {
          const b = await idempotency.begin(tx, r);
          if (b.state === 'replay') return { status: b.status, body: b.body };
          if (b.state !== 'new') return { status: 409, body: b.state };
          const [row] = await tx<{ id: number }[]>`insert into executions (key) values (${r.key}) returning id`;
          await tx`select pg_sleep(0.05)`; // the work takes a while; the others wait on the key
          const body = { bidId: `bid-${row?.id}`, totalPriceFen: 12_345 };
          await idempotency.complete(tx, { scope: r.scope, key: r.key, status: 201, body });
          return { status: 201, body };
        })));
      const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from executions where key = ${r.key}`;
      expect(count?.n).toBe(1);
      expect(new Set(responses.map((x) => JSON.stringify(x))).size).toBe(1);
      expect(responses[0]?.status).toBe(201);
    } finally {
      await pool.end();
    }
  });
});
