import postgres from 'postgres';

/** A postgres.js connection pool. */
export type Sql = postgres.Sql;
/** A postgres.js transaction handle (from `withTransaction` / `sql.begin`). */
export type Tx = postgres.TransactionSql;
/** Anything a repository function can run on: the pool or a transaction. */
export type Db = Sql | Tx;

/** Options of `createSql`. */
export type SqlOptions = {
  /** pool size (default 10; use `embeddedClientOptions.max` for the embedded PGlite) */
  max?: number;
  /** named prepared statements (default true) */
  prepare?: boolean;
  /** seconds before an idle connection is closed (default: never) */
  idleTimeout?: number;
  /** seconds to wait for a connection (default 30) */
  connectTimeout?: number;
  /** application_name shown in pg_stat_activity (default 'annex') */
  applicationName?: string;
  /** called for server notices; default ignores them */
  onNotice?: (notice: postgres.Notice) => void;
  /** called with each statement's text as it is sent (benchmarks count statements per request with it) */
  onQuery?: (query: string) => void;
};

/**
 * Client options for the embedded PGlite server: a small pool is enough because PGlite runs one statement at a
 * time anyway. Named prepared statements matter more there than on a server: planning costs most of a query's
 * time in PGlite (the order page's statement: 3.7 ms unprepared, 0.8 ms prepared). The connections share PGlite's
 * one session, where the server's queue deallocates a connection's statements when it goes away.
 */
export const embeddedClientOptions = { max: 4, prepare: true } as const satisfies SqlOptions;

// All our int8 values are ids, counts and fen amounts, far below 2^53: numbers are safe and saner than strings.
const int8 = {
  to: 20,
  from: [20],
  serialize: (x: number | bigint | string) => String(x),
  parse: (x: string) => Number(x),
};
// Our numerics are small percentages (numeric(5,2)); a number is what every caller wants, not a string.
const numeric = {
  to: 1700,
  from: [1700],
  serialize: (x: number | string) => String(x),
  parse: (x: string) => Number(x),
};
// A calendar date has no time zone; postgres.js would turn it into a Date at local midnight.
const dateOnly = {
  to: 1082,
  from: [1082],
  serialize: (x: string) => x,
  parse: (x: string) => x,
};

/**
 * A URL naming a Unix socket directory the way libpq does (`postgres://user@localhost/db?host=/dir`, as the embedded
 * database publishes itself): postgres.js takes the directory only as its `host` option, and would send `host` to the
 * server as a connection parameter.
 */
function socketOf(url: string): { url: string; host?: string } {
  if (!url.includes('host=')) return { url };
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (!host?.startsWith('/')) return { url };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), host };
}

/**
 * Creates a postgres.js pool whose result columns come back camelCased, timestamptz as Date, int8 and numeric as number.
 * `url` may name a Unix socket directory with `?host=/dir` (the socket `/dir/.s.PGSQL.<port>`).
 */
export function createSql(url: string, opts: SqlOptions = {}): Sql {
  const socket = socketOf(url);
  const sql = postgres(socket.url, {
    ...(socket.host ? { host: socket.host } : {}),
    max: opts.max ?? 10,
    prepare: opts.prepare ?? true,
    idle_timeout: opts.idleTimeout,
    connect_timeout: opts.connectTimeout ?? 30,
    // Delay before reconnecting after failed connection attempts, in seconds. postgres.js' default grows to 10–20 s
    // after a few failures across the pool, so a server back after a restart went unused, and requests waited that
    // long for a connection: at most 2 s instead (with jitter, so the pool's connections do not retry in step).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2) * (0.5 + Math.random() / 2),
    onnotice: opts.onNotice ?? (() => {}),
    ...(opts.onQuery ? { debug: (_connection: number, query: string) => opts.onQuery?.(query) } : {}),
    connection: { application_name: opts.applicationName ?? 'annex' },
    // Only column names: postgres.camel would also rewrite the keys inside jsonb values.
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    types: { int8, numeric, dateOnly },
  });
  return sql as unknown as Sql;
}

/** True when `db` is a transaction handle (statements on it run inside that transaction). */
export const isTransaction = (db: Db): db is Tx => 'savepoint' in db;

/**
 * Runs `fn` with all its statements on one connection: statements it issues without awaiting each other
 * (Promise.all) leave in one write and come back in one round trip, where the pool would spread them over
 * several connections. Inside a transaction, `fn` simply runs on it.
 */
export async function onOneConnection<T>(db: Db, fn: (c: Db) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return await fn(db);
  const c = await db.reserve();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}

/**
 * A transaction whose BEGIN leaves together with its first statement, and whose COMMIT together with the
 * statements handed to `atCommit` — two round trips fewer than `withTransaction` (postgres.js awaits BEGIN
 * alone and sends COMMIT alone). It runs on one reserved connection; `tx` supports `savepoint` (nested
 * `withTransaction`) like postgres.js' transaction handle, without a round trip of its own. Statements given to `atCommit` must already be
 * issued (not awaited); if one of them, or anything before, failed, the transaction rolls back and the
 * first error is thrown — success is reported only when COMMIT answered COMMIT.
 */
export async function transaction<T>(sql: Sql, fn: (tx: Tx, atCommit: (statement: PromiseLike<unknown>) => void) => Promise<T>): Promise<T> {
  const c = await sql.reserve();
  let savepoints = 0;
  const tx = Object.assign(c, {
    // SAVEPOINT leaves with the inner work's first statement, and COMMIT releases it: no round trip of its own
    async savepoint(...args: unknown[]) {
      const inner = args.at(-1) as (t: Tx) => Promise<unknown>;
      const name = `s${savepoints++}`;
      const set = c.unsafe(`savepoint ${name}`).then(() => undefined);
      // when SAVEPOINT fails, the inner work fails too and throws first
      set.catch(() => {});
      try {
        const value = await inner(tx);
        await set;
        return value;
      } catch (err) {
        await c.unsafe(`rollback to savepoint ${name}`);
        throw err;
      }
    },
  }) as unknown as Tx;
  const finals: PromiseLike<unknown>[] = [];
  let open = true;
  try {
    // issued now, so it leaves in the same write as the first statement of `fn`
    const begun = c`begin`.then(() => undefined);
    // when BEGIN fails (the connection lost), `fn` fails too and throws first: BEGIN's own rejection is not news
    begun.catch(() => {});
    const value = await fn(tx, (statement) => finals.push(statement));
    await begun;
    const commit = c`commit`;
    const settled = await Promise.allSettled([...finals, commit]);
    open = false;
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // COMMIT of a failed transaction answers ROLLBACK
    const ended = (settled.at(-1) as PromiseFulfilledResult<{ command: string }>).value.command;
    if (ended !== 'COMMIT') throw new Error(`the transaction ended with ${ended}: one of its statements failed`);
    return value;
  } catch (err) {
    if (open) await c`rollback`.catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** Runs `fn` in a transaction (a savepoint when `db` is already a transaction); commits, or rolls back on throw. */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return (await db.savepoint((tx) => fn(tx))) as T;
  return (await db.begin((tx) => fn(tx))) as T;
}
