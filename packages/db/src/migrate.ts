import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './client.ts';

/** The migrations shipped with this package. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

// Arbitrary but fixed: 'annex' in ASCII. Every migrator of this database takes the same lock.
const LOCK_KEY = 418_430_117_240;
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** One migration file. */
export type Migration = { version: string; name: string; id: string; sql: string; checksum: string };

/** Migrations refused: a changed or missing applied migration, or a malformed migrations directory. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** SHA-256 (hex) of a migration's text; line endings are normalised so a CRLF checkout does not count as a change. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** Reads `NNNN_name.sql` files in version order. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const m = FILE.exec(file);
    if (!m) throw new MigrationError(`migration file ${file} is not named NNNN_lower_snake_name.sql`);
    const [, version = '', name = ''] = m;
    if (out.some((x) => x.version === version)) throw new MigrationError(`two migration files have version ${version}`);
    const sql = await readFile(join(dir, file), 'utf8');
    out.push({ version, name, id: `${version}_${name}`, sql, checksum: migrationChecksum(sql) });
  }
  return out;
}

type Applied = { version: string; name: string; checksum: string };

/** Options of `migrate`. */
export type MigrateOptions = { dir?: string; log?: (message: string) => void };

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock.
 * Refuses (MigrationError) when an applied migration's file changed or disappeared.
 */
export async function migrate(sql: Sql, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrations = await loadMigrations(opts.dir);
  // A session-level advisory lock needs one connection for the whole run.
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${LOCK_KEY})`;
    try {
      await conn`
        create table if not exists schema_migrations (
          version    text primary key,
          name       text not null,
          checksum   text not null,
          applied_at timestamptz not null default now()
        )`;
      const applied = await conn<Applied[]>`select version, name, checksum from schema_migrations order by version`;
      verify(applied, migrations);
      const done = new Set(applied.map((a) => a.version));
      const result: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        // postgres.js' begin() would take another pool connection; the transaction must stay on this one.
        let ran = false;
        await conn`begin`;
        try {
          // PGlite shares one session between connections, so the advisory lock does not exclude a second
          // migrator there; re-checking inside the transaction does (transactions are serialised).
          const [again] = await conn`select 1 as x from schema_migrations where version = ${m.version}`;
          if (!again) {
            await conn.unsafe(m.sql).simple();
            await conn`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
            ran = true;
          }
          await conn`commit`;
        } catch (err) {
          await conn`rollback`.catch(() => {});
          const msg = err instanceof Error ? err.message : String(err);
          throw new MigrationError(`migration ${m.id} failed and was rolled back: ${msg}`);
        }
        if (ran) {
          result.push(m.id);
          opts.log?.(`applied migration ${m.id}`);
        }
      }
      return { applied: result };
    } finally {
      await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}

function verify(applied: readonly Applied[], migrations: readonly Migration[]): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const a of applied) {
    const m = byVersion.get(a.version);
    if (!m) {
      throw new MigrationError(
        `migration ${a.version}_${a.name} is recorded as applied but its file is missing; ` +
          'restore the file (migrations are forward-only and are never deleted)',
      );
    }
    if (m.checksum !== a.checksum) {
      throw new MigrationError(
        `migration ${m.id} was changed after it was applied (checksum recorded ${a.checksum.slice(0, 12)}…, ` +
          `file ${m.checksum.slice(0, 12)}…); restore the original file and put the change in a new migration`,
      );
    }
  }
}

/** Applied and pending migrations, for an operator's `migrate --status`. */
export async function migrationStatus(
  sql: Sql,
  opts: { dir?: string } = {},
): Promise<{ applied: { id: string; appliedAt: Date }[]; pending: string[] }> {
  const migrations = await loadMigrations(opts.dir);
  const [exists] = await sql`select to_regclass('schema_migrations') is not null as ok`;
  const rows = exists?.ok
    ? await sql<{ version: string; name: string; appliedAt: Date }[]>`
        select version, name, applied_at from schema_migrations order by version`
    : [];
  const done = new Set(rows.map((r) => r.version));
  return {
    applied: rows.map((r) => ({ id: `${r.version}_${r.name}`, appliedAt: r.appliedAt })),
    pending: migrations.filter((m) => !done.has(m.version)).map((m) => m.id),
  };
}
