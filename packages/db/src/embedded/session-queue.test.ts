import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sql, createSql, embeddedClientOptions, withTransaction } from '../client.ts';
import { type PGliteServer, servePGlite } from './serve.ts';

// These run on PGlite whatever DATABASE_URL says: they test the embedded server itself.
let db: PGlite;
let server: PGliteServer;
beforeAll(async () => {
  db = await PGlite.create();
  server = await servePGlite(db);
  await db.exec('create table probe (v int)');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function withClients<T>(n: number, opts: { prepare?: boolean }, fn: (clients: Sql[]) => Promise<T>): Promise<T> {
  const clients = Array.from({ length: n }, () => createSql(server.url, { max: 1, ...opts }));
  try {
    return await fn(clients);
  } finally {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
  }
}

describe('embedded server: many connections on one PGlite session', () => {
  for (const prepare of [false, true]) {
    it(`keeps concurrent extended-protocol queries apart (prepare: ${prepare})`, async () => {
      await withClients(6, { prepare }, async (clients) => {
        let wrong = 0;
        await Promise.all(
          clients.map(async (sql, c) => {
            for (let i = 0; i < 60; i++) {
              const x = c * 1000 + i;
              const rows =
                i % 2
                  ? await sql`select ${x}::int as x, ${`c${c}`}::text as tag`
                  : await sql`select ${`c${c}`}::text as tag, ${x}::int as x, ${[x, x]}::int[] as xs`;
              if (rows[0]?.x !== x || rows[0]?.tag !== `c${c}`) wrong++;
            }
          }),
        );
        expect(wrong).toBe(0);
      });
    });
  }

  it('confines an error to the connection that caused it', async () => {
    await withClients(3, { prepare: false }, async ([bad, good1, good2]) => {
      const failures: string[] = [];
      let wrong = 0;
      await Promise.all([
        (async () => {
          for (let i = 0; i < 40; i++) {
            await bad!`select 1 / ${i - i}::int as boom`.catch((e: Error) => failures.push(e.message));
          }
        })(),
        ...[good1!, good2!].map(async (sql, c) => {
          for (let i = 0; i < 40; i++) {
            const [row] = await sql`select ${i + c * 100}::int as x`;
            if (row?.x !== i + c * 100) wrong++;
          }
        }),
      ]);
      expect(wrong).toBe(0);
      expect(failures).toHaveLength(40);
      expect(new Set(failures)).toEqual(new Set(['division by zero']));
    });
  });

  it('keeps another connection’s statements out of an open transaction', async () => {
    await db.exec('truncate probe');
    await withClients(2, embeddedClientOptions, async ([a, b]) => {
      let inside!: () => void;
      const entered = new Promise<void>((r) => {
        inside = r;
      });
      let rollBack!: () => void;
      const decided = new Promise<void>((r) => {
        rollBack = r;
      });
      const tx = withTransaction(a!, async (t) => {
        await t`insert into probe values (1)`;
        inside();
        await decided;
        throw new Error('roll back');
      }).catch(() => {});
      await entered;
      // b writes while a's transaction is open: it must wait, not land inside a's transaction
      const bWrite = b!`insert into probe values (2)`;
      await new Promise((r) => setTimeout(r, 50));
      rollBack();
      await Promise.all([tx, bWrite]);
      expect((await b!`select v from probe order by v`).map((r) => r.v)).toEqual([2]);
    });
  });

  it('rolls back the transaction of a connection that disappears', async () => {
    await db.exec('truncate probe');
    const a = createSql(server.url, { max: 1, prepare: false });
    const b = createSql(server.url, { max: 1, prepare: false });
    try {
      const r = await a.reserve();
      await r`begin`;
      await r`insert into probe values (1)`;
      // the client vanishes mid-transaction (connection destroyed without COMMIT)
      await a.end({ timeout: 0 });
      expect((await b`select count(*)::int as n from probe`)[0]?.n).toBe(0);
      await b`insert into probe values (3)`;
      expect((await b`select v from probe`).map((x) => x.v)).toEqual([3]);
    } finally {
      await b.end();
    }
  });

  it('deallocates the statements a connection prepared once it goes away', async () => {
    const prepared = async () => (await db.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements')).rows[0]?.n;
    const before = await prepared();
    await withClients(3, { prepare: true }, async (clients) => {
      for (const [k, sql] of clients.entries()) {
        for (let i = 0; i < 5; i++) await sql`select ${i}::int + ${k}::int as x, ${'statement ' + i}::text as kind`;
        await sql`select count(*) from probe where v = ${k}`;
      }
      // on each of the three connections: postgres.js' lookup of array types at connect, and the two above
      expect(await prepared()).toBe(before! + 9);
    });
    const until = Date.now() + 5000;
    while ((await prepared()) !== before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await prepared()).toBe(before);
  });

  it('delivers a notification to the connections that LISTEN on its channel, once each, after the commit', async () => {
    await withClients(2, {}, async ([writer, other]) => {
      const listener = createSql(server.url, { max: 1 });
      try {
        const heard: string[] = [];
        const { unlisten } = await listener.listen('probe_channel', (payload) => heard.push(payload));
        await writer!`select pg_notify('probe_channel', 'plain')`;
        await withTransaction(writer!, async (tx) => {
          await tx`select pg_notify('probe_channel', 'in a transaction')`;
          await new Promise((r) => setTimeout(r, 100));
          // nothing before the commit
          expect(heard).toEqual(['plain']);
        });
        await other!`select pg_notify('another_channel', 'not listened to')`;
        await listener`select pg_notify('probe_channel', 'its own')`;
        const until = Date.now() + 5000;
        while (heard.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
        expect(heard).toEqual(['plain', 'in a transaction', 'its own']);
        await unlisten();
        await writer!`select pg_notify('probe_channel', 'after unlisten')`;
        await new Promise((r) => setTimeout(r, 200));
        expect(heard).toHaveLength(3);
      } finally {
        await listener.end({ timeout: 1 });
      }
    });
  });
});
