import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type AddressInfo, createServer } from 'node:net';
import { createSql, onOneConnection, transaction, withTransaction } from './client.ts';
import { isDatabaseUnavailable, isUniqueViolation } from './errors.ts';
import { health } from './repositories/health.repo.ts';
import { type TestDatabase, createTestDatabase, testBackend, truncateAll } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`client (${testBackend()})`, () => {
  it('reports the backend it runs on', async () => {
    const [row] = await t.sql<{ v: string }[]>`select version() as v`;
    expect(row?.v.includes('PGlite')).toBe(t.backend === 'pglite');
  });

  it('answers health pings, and fails a ping nobody answers', async () => {
    expect(await health.ping(t.sql)).toBe(true);
    // a server that accepts connections and never speaks
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const sql = createSql(`postgres://x@127.0.0.1:${(silent.address() as AddressInfo).port}/x`, { max: 1 });
    try {
      await expect(health.ping(sql, 200)).rejects.toThrow(/did not answer within 200 ms/);
    } finally {
      await sql.end({ timeout: 0 });
      silent.close();
    }
  });

  // a server's connections are its own; PGlite's one session, shared by every connection, does not survive a cut mid-transaction
  it.runIf(testBackend() === 'postgres')('outlives the server going away: statements on lost connections reject as unavailable, and the pool reconnects by itself', async () => {
    // in a process of its own, as the API runs: a driver error thrown from a timer ends a plain Node process, where
    // the test runner would catch it
    const run = spawnSync(process.execPath, [join(import.meta.dirname, 'connection-loss.fixture.ts'), t.url, JSON.stringify(t.clientOptions)], {
      encoding: 'utf8', timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      reservedAfterCut: true, poolAfterRelease: 1, transactionCutMidway: true, poolAfterTransaction: 1, serverDown: true, serverBack: 1,
      backWithin3s: true, transactionAfter: 2,
    });
  });

  it('tells an unreachable database from a wrong statement', async () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isDatabaseUnavailable(await t.sql`select 1/0`.then(() => null, (e: unknown) => e))).toBe(false);
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
  });

  it('returns camelCase columns, Date timestamps, number int8, string dates and untouched jsonb keys', async () => {
    const [row] = await t.sql`
      select now() as created_at, 9007199254740991::bigint as big_value, count(*) as row_count,
             date '2026-03-01' as due_on, ${t.sql.json({ semantic_segmentation: 1, nested_key: { a_b: 2 } })}::jsonb as the_json
      from (values (1), (2)) v(x)`;
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(row?.bigValue).toBe(Number.MAX_SAFE_INTEGER);
    expect(row?.rowCount).toBe(2);
    expect(row?.dueOn).toBe('2026-03-01');
    expect(row?.theJson).toEqual({ semantic_segmentation: 1, nested_key: { a_b: 2 } });
  });

  it('passes Date parameters exactly', async () => {
    const d = new Date('2026-05-04T03:02:01.123Z');
    const [row] = await t.sql`select ${d}::timestamptz as at`;
    expect(row?.at).toEqual(d);
  });

  it('truncates every table but the migrations record', async () => {
    await t.sql`insert into users (email, password_hash, display_name) values ('t@example.cn', 'h', 't')`;
    await t.sql`insert into audit_log (entity_type, entity_id, action) values ('x', '1', 'a')`;
    await truncateAll(t.sql);
    const [row] = await t.sql`select (select count(*) from users) as users, (select count(*) from audit_log) as audit,
                                     (select count(*) from schema_migrations) > 0 as migrated`;
    expect(row).toEqual({ users: 0, audit: 0, migrated: true });
  });

  it('commits a transaction, rolls back on throw, and nests as a savepoint', async () => {
    await t.sql`create table tx_probe (v int)`;
    await withTransaction(t.sql, async (tx) => {
      await tx`insert into tx_probe values (1)`;
      await withTransaction(tx, async (sp) => {
        await sp`insert into tx_probe values (2)`;
      });
      await withTransaction(tx, async (sp) => {
        await sp`insert into tx_probe values (3)`;
        throw new Error('inner');
      }).catch(() => {});
    });
    await expect(
      withTransaction(t.sql, async (tx) => {
        await tx`insert into tx_probe values (4)`;
        throw new Error('outer');
      }),
    ).rejects.toThrow('outer');
    expect((await t.sql`select v from tx_probe order by v`).map((r) => r.v)).toEqual([1, 2]);
  });

  it('pipelines a transaction: commits with the statements given to atCommit, savepoints nest, failures roll back', async () => {
    await t.sql`create table tx_pipe (v int primary key)`;
    const values = async () => (await t.sql`select v from tx_pipe order by v`).map((r) => r.v);
    expect(await transaction(t.sql, async (tx, atCommit) => {
      await tx`insert into tx_pipe values (1)`;
      await withTransaction(tx, async (sp) => {
        await sp`insert into tx_pipe values (2)`;
      });
      await withTransaction(tx, async (sp) => {
        await sp`insert into tx_pipe values (3)`;
        throw new Error('inner');
      }).catch(() => {});
      // a statement failing inside a savepoint: rolled back to it, and the transaction goes on
      const inner = await withTransaction(tx, async (sp) => {
        await sp`insert into tx_pipe values (7)`;
        await sp`insert into tx_pipe values (1)`;
      }).catch((e: unknown) => e);
      expect(isUniqueViolation(inner)).toBe(true);
      atCommit(tx`insert into tx_pipe values (4)`.then(() => 'done'));
      return 'value';
    })).toBe('value');
    expect(await values()).toEqual([1, 2, 4]);
    // a throw rolls back
    await expect(transaction(t.sql, async (tx) => {
      await tx`insert into tx_pipe values (5)`;
      throw new Error('outer');
    })).rejects.toThrow('outer');
    // a failing statement at commit rolls everything back and is the error thrown
    const err = await transaction(t.sql, async (tx, atCommit) => {
      await tx`insert into tx_pipe values (6)`;
      atCommit(tx`insert into tx_pipe values (1)`.then(() => {}));
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await values()).toEqual([1, 2, 4]);
    // the connection went back to the pool clean: not inside a transaction
    const [row] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
    expect(row?.n).toBe(0);
  });

  it('runs statements issued together on one connection', async () => {
    const pids = await onOneConnection(t.sql, (c) =>
      Promise.all([1, 2, 3].map(() => c<{ pid: number }[]>`select pg_backend_pid() as pid`.then((r) => r[0]?.pid))));
    expect(new Set(pids).size).toBe(1);
  });
});
