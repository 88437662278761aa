import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { outbox } from './outbox.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.sql`truncate outbox`;
});

const msg = (i: number, topic = 'search.vendor') => ({
  topic, aggregateType: 'organisation', aggregateId: `org-${i}`, payload: { version: i, task_type: 'bbox' },
});

describe(`outbox (${testBackend()})`, () => {
  it('commits messages with the transaction that wrote them, and only then', async () => {
    await withTransaction(t.sql, async (tx) => {
      await outbox.enqueue(tx, msg(1));
    });
    await withTransaction(t.sql, async (tx) => {
      await outbox.enqueue(tx, msg(2));
      throw new Error('use case failed');
    }).catch(() => {});
    expect(await outbox.pendingCount(t.sql)).toBe(1);
  });

  it('claims due messages oldest first, leases them, and marks them done', async () => {
    for (let i = 1; i <= 5; i++) await outbox.enqueue(t.sql, msg(i, i === 5 ? 'mail' : 'search.vendor'));
    const batch = await outbox.claimBatch(t.sql, 3, { topics: ['search.vendor'] });
    expect(batch.map((m) => m.aggregateId)).toEqual(['org-1', 'org-2', 'org-3']);
    expect(batch[0]).toMatchObject({ attempts: 1, processedAt: null, payload: { version: 1, task_type: 'bbox' } });
    // leased rows are not handed out again
    expect((await outbox.claimBatch(t.sql, 10, { topics: ['search.vendor'] })).map((m) => m.aggregateId)).toEqual(['org-4']);
    expect(await outbox.markDone(t.sql, batch.map((m) => m.id))).toBe(3);
    expect(await outbox.pendingCount(t.sql)).toBe(2);
    expect(await outbox.markDone(t.sql, [])).toBe(0);
  });

  it('returns a crashed worker’s messages after the lease', async () => {
    await outbox.enqueue(t.sql, msg(1));
    const [first] = await outbox.claimBatch(t.sql, 1, { leaseSeconds: 0 });
    const [again] = await outbox.claimBatch(t.sql, 1);
    expect(again?.id).toBe(first?.id);
    expect(again?.attempts).toBe(2);
  });

  it('backs off exponentially on failure, capped', async () => {
    const id = await outbox.enqueue(t.sql, msg(1));
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.sql`update outbox set available_at = now() where id = ${id}`;
      const [m] = await outbox.claimBatch(t.sql, 1);
      expect(m?.attempts).toBe(attempt);
      const due = await outbox.markFailed(t.sql, id, `boom ${attempt}`, { baseSeconds: 10, maxSeconds: 100 });
      delays.push(Math.round(((due as Date).getTime() - Date.now()) / 1000));
    }
    expect(delays).toEqual([10, 20, 40, 80, 100]);
    const [row] = await t.sql`select last_error from outbox where id = ${id}`;
    expect(row?.lastError).toBe('boom 5');
    expect(await outbox.claimBatch(t.sql, 1)).toEqual([]);
  });

  it('hands each message to exactly one of two concurrent workers (FOR UPDATE SKIP LOCKED)', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there');
    for (let i = 0; i < 40; i++) await outbox.enqueue(t.sql, msg(i));
    const a = createSql(t.url, { max: 1 });
    const b = createSql(t.url, { max: 1 });
    try {
      // Worker A holds its claimed rows locked in an open transaction; B must skip them, not wait.
      let releaseA!: () => void;
      const aHolding = new Promise<void>((r) => {
        releaseA = r;
      });
      let aClaimed: number[] = [];
      const aDone = withTransaction(a, async (tx) => {
        aClaimed = (await outbox.claimBatch(tx, 10)).map((m) => m.id);
        await aHolding;
      });
      while (aClaimed.length === 0) await new Promise((r) => setTimeout(r, 5));
      const bClaimed = await withTransaction(b, async (tx) => {
        await tx`set local lock_timeout = '2s'`;
        return (await outbox.claimBatch(tx, 10)).map((m) => m.id);
      });
      releaseA();
      await aDone;
      expect(bClaimed).toHaveLength(10);
      expect(bClaimed.filter((id) => aClaimed.includes(id))).toEqual([]);

      // then both drain the rest at full speed: every message exactly once
      const seen = [...aClaimed, ...bClaimed];
      const drain = async (sql: typeof a) => {
        for (;;) {
          const batch = await outbox.claimBatch(sql, 3);
          if (batch.length === 0) return;
          seen.push(...batch.map((m) => m.id));
          await outbox.markDone(sql, batch.map((m) => m.id));
        }
      };
      await Promise.all([drain(a), drain(b)]);
      expect(seen).toHaveLength(40);
      expect(new Set(seen).size).toBe(40);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
