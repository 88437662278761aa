import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { operations } from './operations.repo.ts';
import { outbox } from './outbox.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`operations (${testBackend()})`, () => {
  it('counts what waits in each queue, the oldest one\'s age and what was given up on', async () => {
    const before = Object.fromEntries((await operations.backlog(t.sql)).map((b) => [b.queue, b]));
    await outbox.enqueue(t.sql, { topic: 'search.vendor', aggregateType: 'organisation', aggregateId: 'org-1', payload: {} });
    await t.sql`update outbox set created_at = now() - interval '90 seconds' where aggregate_id = 'org-1'`;
    await t.sql`insert into jobs (kind, run_at) values ('test.due', now() - interval '1 minute'), ('test.later', now() + interval '1 hour')`;
    await t.sql`insert into jobs (kind, failed_at) values ('test.failed', now())`;
    const after = Object.fromEntries((await operations.backlog(t.sql)).map((b) => [b.queue, b]));
    expect(after.search_outbox!.waiting).toBe(before.search_outbox!.waiting + 1);
    expect(after.search_outbox!.oldestSeconds).toBeGreaterThanOrEqual(89);
    expect(after.jobs!.waiting).toBe(before.jobs!.waiting + 1);
    expect(after.jobs!.failed).toBe(before.jobs!.failed! + 1);
    expect(after.email).toMatchObject({ waiting: 0, oldestSeconds: null, failed: 0 });
    expect(after.webhooks).toMatchObject({ waiting: 0, oldestSeconds: null, failed: 0 });
  });

  it('lists connections by state for an application name', async () => {
    const rows = await operations.connections(t.sql, 'annex-no-such-application');
    expect(rows).toEqual([]);
  });
});
