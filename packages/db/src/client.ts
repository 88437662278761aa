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
  /** named prepared statements (default true; false for the embedded PGlite, see `embeddedClientOptions`) */
  prepare?: boolean;
  /** seconds before an idle connection is closed (default: never) */
  idleTimeout?: number;
  /** seconds to wait for a connection (default 30) */
  connectTimeout?: number;
  /** application_name shown in pg_stat_activity (default 'annex') */
  applicationName?: string;
  /** called for server notices; default ignores them */
  onNotice?: (notice: postgres.Notice) => void;
};

/**
 * Client options for the embedded PGlite server: it has one backend session that all connections share,
 * so named prepared statements would pile up there across reconnects; a small pool is enough because
 * PGlite runs one statement at a time anyway.
 */
export const embeddedClientOptions = { max: 4, prepare: false } as const satisfies SqlOptions;

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

/** Creates a postgres.js pool whose result columns come back camelCased, timestamptz as Date, int8 and numeric as number. */
export function createSql(url: string, opts: SqlOptions = {}): Sql {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    prepare: opts.prepare ?? true,
    idle_timeout: opts.idleTimeout,
    connect_timeout: opts.connectTimeout ?? 30,
    onnotice: opts.onNotice ?? (() => {}),
    connection: { application_name: opts.applicationName ?? 'annex' },
    // Only column names: postgres.camel would also rewrite the keys inside jsonb values.
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    types: { int8, numeric, dateOnly },
  });
  return sql as unknown as Sql;
}

/** Runs `fn` in a transaction (a savepoint when `db` is already a transaction); commits, or rolls back on throw. */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ('savepoint' in db) return (await db.savepoint((tx) => fn(tx))) as T;
  return (await db.begin((tx) => fn(tx))) as T;
}
