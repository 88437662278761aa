import type { Db } from '../client.ts';

/** The server a backup was taken from or is restored into. */
export type ServerVersion = { version: string; major: number };

// What `annex backup` and `annex restore` ask the database: its version, what it holds and how many rows.
export const backup = {
  /** The server's version (PGlite says its PostgreSQL version too). */
  async serverVersion(db: Db): Promise<ServerVersion> {
    const [r] = await db<{ version: string; num: number }[]>`
      select current_setting('server_version') as version, current_setting('server_version_num')::int as num`;
    return { version: r!.version.split(' ')[0]!, major: Math.floor(r!.num / 10_000) };
  },

  /** The tables of the current schema, by name: a database with none holds no Annex. */
  async tables(db: Db): Promise<string[]> {
    const rows = await db<{ name: string }[]>`
      select tablename as name from pg_tables where schemaname = current_schema() order by tablename`;
    return rows.map((r) => r.name);
  },

  /** Exact row counts of every table of the current schema, in one statement (inside a snapshot: of that snapshot). */
  async tableCounts(db: Db): Promise<Record<string, number>> {
    const rows = await db<{ name: string; quoted: string }[]>`
      select tablename as name, quote_ident(tablename) as quoted from pg_tables
      where schemaname = current_schema() order by tablename`;
    if (rows.length === 0) return {};
    // names come from the catalogue, quoted by the server: a union of count(*) per table
    const union = rows.map((r, i) => `select ${i} as i, count(*)::bigint as n from ${r.quoted}`).join(' union all ');
    const counts = await db.unsafe<{ i: number; n: string }[]>(union);
    return Object.fromEntries(counts.map((c) => [rows[c.i]!.name, Number(c.n)]));
  },

  /** The last migration applied (`0025_webhooks`), or null when none is. */
  async migrationLevel(db: Db): Promise<string | null> {
    const [exists] = await db<{ ok: boolean }[]>`select to_regclass('schema_migrations') is not null as ok`;
    if (!exists?.ok) return null;
    const [r] = await db<{ id: string }[]>`select version || '_' || name as id from schema_migrations order by version desc limit 1`;
    return r?.id ?? null;
  },

  /**
   * Exports the snapshot of the calling REPEATABLE READ transaction for `pg_dump --snapshot`, so the dump sees
   * exactly what the transaction's counts saw.
   */
  async exportSnapshot(db: Db): Promise<string> {
    const [r] = await db<{ id: string }[]>`select pg_export_snapshot() as id`;
    return r!.id;
  },

  /** Drops everything in the current schema and creates it again empty (`restore --force`). */
  async emptyCurrentSchema(db: Db): Promise<void> {
    const [r] = await db<{ schema: string }[]>`select quote_ident(current_schema()) as schema`;
    await db.unsafe(`drop schema ${r!.schema} cascade`);
    await db.unsafe(`create schema ${r!.schema}`);
  },
};
