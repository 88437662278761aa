import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { jobs } from './jobs.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.sql`truncate jobs`;
});

const past = (s: number) => new Date(Date.now() - s * 1000);
const future = (s: number) => new Date(Date.now() + s * 1000);

describe(`jobs (${testBackend()})`, () => {
  it('claims due jobs earliest first, leases them, and completes them', async () => {
    await jobs.schedule(t.sql, { kind: 'order.close_bidding', runAt: past(10), payload: { orderId: 'a' } });
    await jobs.schedule(t.sql, { kind: 'order.close_bidding', runAt: past(20), payload: { orderId: 'b' } });
    await jobs.schedule(t.sql, { kind: 'notify.deadline_soon', runAt: past(5) });
    await jobs.schedule(t.sql, { kind: 'order.close_bidding', runAt: future(60) });
    const claimed = await jobs.claimDue(t.sql, 10, { kinds: ['order.close_bidding'] });
    expect(claimed.map((j) => j.payload)).toEqual([{ orderId: 'b' }, { orderId: 'a' }]);
    expect(claimed[0]).toMatchObject({ attempts: 1, doneAt: null });
    expect(await jobs.claimDue(t.sql, 10, { kinds: ['order.close_bidding'] })).toEqual([]);
    expect(await jobs.complete(t.sql, claimed[0]?.id as number)).toBe(true);
    expect(await jobs.complete(t.sql, claimed[0]?.id as number)).toBe(false);
    expect(await jobs.pendingCount(t.sql)).toBe(3);
    expect(await jobs.pendingCount(t.sql, 'notify.deadline_soon')).toBe(1);
  });

  it('moves the pending job of the same (kind, dedupeKey) instead of adding one; cancel deletes it', async () => {
    const a = await jobs.schedule(t.sql, { kind: 'order.close_bidding', dedupeKey: 'order:1', runAt: future(60), payload: { v: 1 } });
    const b = await jobs.schedule(t.sql, { kind: 'order.close_bidding', dedupeKey: 'order:1', runAt: past(1), payload: { v: 2 } });
    expect(b.id).toBe(a.id);
    expect(b.payload).toEqual({ v: 2 });
    const [c] = await jobs.claimDue(t.sql, 5);
    await jobs.complete(t.sql, c?.id as number);
    // once done, the key may be scheduled again
    const d = await jobs.schedule(t.sql, { kind: 'order.close_bidding', dedupeKey: 'order:1', runAt: future(60) });
    expect(d.id).not.toBe(a.id);
    expect(await jobs.cancel(t.sql, 'order.close_bidding', 'order:1')).toBe(1);
    expect(await jobs.pendingCount(t.sql)).toBe(0);
  });

  it('returns a crashed worker’s job after its lease; backs off on failure and gives up after maxAttempts', async () => {
    const j = await jobs.schedule(t.sql, { kind: 'k', runAt: past(1) });
    await jobs.claimDue(t.sql, 1, { leaseSeconds: 0 });
    const [again] = await jobs.claimDue(t.sql, 1);
    expect(again).toMatchObject({ id: j.id, attempts: 2 });
    const retry = await jobs.fail(t.sql, j.id, 'boom', { baseSeconds: 10, maxSeconds: 100, maxAttempts: 3 });
    expect(Math.round(((retry as Date).getTime() - Date.now()) / 1000)).toBe(20);
    await t.sql`update jobs set run_at = now() where id = ${j.id}`;
    await jobs.claimDue(t.sql, 1);
    expect(await jobs.fail(t.sql, j.id, 'boom again', { maxAttempts: 3 })).toBeNull();
    const [row] = await t.sql`select failed_at is not null as failed, last_error from jobs where id = ${j.id}`;
    expect(row).toEqual({ failed: true, lastError: 'boom again' });
    expect(await jobs.claimDue(t.sql, 1)).toEqual([]);
  });

  it('hands each job to exactly one of several concurrent workers (FOR UPDATE SKIP LOCKED)', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there');
    for (let i = 0; i < 60; i++) await jobs.schedule(t.sql, { kind: 'k', runAt: past(1), payload: { i } });
    const workers = Array.from({ length: 4 }, () => createSql(t.url, { max: 1 }));
    try {
      const seen: number[] = [];
      await Promise.all(workers.map(async (w) => {
        for (;;) {
          const batch = await withTransaction(w, async (tx) => {
            const b = await jobs.claimDue(tx, 4);
            await tx`select pg_sleep(0.005)`;
            return b;
          });
          if (batch.length === 0) return;
          for (const j of batch) {
            seen.push(j.id);
            await jobs.complete(w, j.id);
          }
        }
      }));
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
    } finally {
      await Promise.all(workers.map((w) => w.end()));
    }
  });
});
