import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { backup, createSql, isDataDirLocked, loadMigrations, migrate, type Sql, startEmbeddedPostgres } from '@annex/db';
import type { AppConfig } from '../config.ts';
import { CliError, hasEmbeddedData, liveInstance, openEmbedded, redactUrl } from './runtime.ts';
import { runReindex } from './search.ts';

type Log = (line: string) => void;

/** What `annex backup` writes first into its archive, and `annex restore` checks before touching anything. */
export type BackupManifest = {
  format: 'annex-backup';
  formatVersion: 1;
  /** postgres: a pg_dump custom-format dump (`database.dump`); embedded: PGlite's data directory (`pglite.tar.gz`) */
  mode: 'postgres' | 'embedded';
  createdAt: string;
  /** the commit of the code that made the backup, when it runs from a git checkout */
  annexVersion: string;
  /** the last migration applied to the database */
  migration: string | null;
  server: { version: string; major: number };
  pgDump: { version: string; major: number } | null;
  /** exact rows per table, from the same snapshot as the dump */
  counts: Record<string, number>;
  /** the uploaded files (`<ANNEX_DATA_DIR>/files`) */
  files: { count: number; bytes: number };
};

export type RestoreOptions = { force?: boolean };

const MANIFEST = 'manifest.json';
const DUMP = 'database.dump';
const PGLITE = 'pglite.tar.gz';
const FILES = 'files';
// the tables whose counts a backup and a restore print (all are compared)
const MAIN_TABLES = ['organisations', 'users', 'orders', 'bids', 'awards', 'contracts', 'order_attachments', 'audit_log'];

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL client tools

/** A PostgreSQL client program and its major version. */
export type PgTool = { path: string; version: string; major: number };

function toolVersion(path: string): PgTool | null {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return null;
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out.stdout);
  return m ? { path, version: `${m[1]}${m[2] ? `.${m[2]}` : ''}`, major: Number(m[1]) } : null;
}

/**
 * Finds pg_dump / pg_restore: in PG_BIN when set (only there); else the newest of Debian's
 * /usr/lib/postgresql/<major>/bin (not on PATH) and the one on PATH. A newer pg_dump dumps older servers, never newer.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore', pgBin: string | undefined, debianDir = '/usr/lib/postgresql'): PgTool {
  if (pgBin) {
    const tool = toolVersion(join(pgBin, name));
    if (!tool) throw new CliError(`PG_BIN is ${pgBin}, but ${join(pgBin, name)} does not run. Point PG_BIN at a PostgreSQL bin directory.`);
    return tool;
  }
  const debian = existsSync(debianDir)
    ? readdirSync(debianDir).filter((d) => /^\d+$/.test(d)).map((d) => join(debianDir, d, 'bin', name))
    : [];
  const found = [...debian, name].map(toolVersion).filter((t): t is PgTool => t !== null);
  if (found.length === 0) {
    throw new CliError(
      `${name} was not found (looked in ${debianDir}/*/bin and on PATH). Install the PostgreSQL client tools of your ` +
        `server's major version or newer (Debian: postgresql-client-17) and set PG_BIN to their bin directory if they are elsewhere.`,
    );
  }
  return found.sort((a, b) => b.major - a.major)[0]!;
}

/** Why pg_dump cannot dump this server, or null when it can. */
export function dumpVersionProblem(tool: PgTool, server: { version: string; major: number }): string | null {
  if (tool.major >= server.major) return null;
  return (
    `${tool.path} is version ${tool.version}, older than the PostgreSQL ${server.version} server: pg_dump refuses to dump a ` +
    `newer server. Install the client tools of PostgreSQL ${server.major} or newer (Debian: postgresql-client-${server.major}) ` +
    'and set PG_BIN to their bin directory.'
  );
}

/** The URL without its password (given in PGPASSWORD instead, so it is not on the command line for `ps` to show). */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a program to its end; fails with its last lines of stderr. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new CliError(`${basename(cmd)} could not be run: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(Buffer.concat(out).toString('utf8'));
      const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-8).join('\n');
      reject(new CliError(`${basename(cmd)} failed (exit ${code}):\n${tail}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// the archive: a plain tar (the dump is compressed already, so are most attachments) made by the system's tar

function annexVersion(root: string): string {
  const out = spawnSync('git', ['-C', root, 'describe', '--always', '--dirty'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : 'unknown';
}

/** Files and bytes under a directory, without `.part` files (uploads being written). */
function countFiles(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  if (!existsSync(dir)) return { count, bytes };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.part')) continue;
    count++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { count, bytes };
}

/** Writes the archive aside and renames it into place: a failed backup leaves no file that looks whole. */
async function writeArchive(file: string, staging: string, dbFile: string, filesDir: string): Promise<void> {
  const part = `${file}.part`;
  // an instance that never stored a file has no files/ directory: the archive gets an empty one
  if (!existsSync(filesDir)) await mkdir(join(staging, FILES));
  const filesParent = existsSync(filesDir) ? dirname(filesDir) : staging;
  // a file deleted while the archive is written (the API runs meanwhile in production) is left out, not an error
  await run('tar', ['-cf', part, '--exclude=*.part', '--ignore-failed-read', '-C', staging, MANIFEST, dbFile, '-C', filesParent, FILES]);
  await rename(part, file);
}

/** Reads the manifest of an archive without unpacking the rest. */
export async function readManifest(file: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new CliError(`${file} does not exist.`);
  let text: string;
  try {
    text = await run('tar', ['-xOf', file, MANIFEST]);
  } catch {
    throw new CliError(`${file} is not an Annex backup (no ${MANIFEST} in a tar archive).`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 'annex-backup' || manifest.formatVersion !== 1) {
    throw new CliError(`${file} is not an Annex backup of a format this version reads (format ${manifest.format} ${manifest.formatVersion}).`);
  }
  return manifest;
}

function summary(counts: Record<string, number>): string {
  return MAIN_TABLES.filter((t) => t in counts).map((t) => `${t} ${counts[t]}`).join(', ');
}

/** A scratch directory beside the data (same file system: the restored files are renamed into place). */
async function scratch(dataDir: string): Promise<string> {
  const dir = join(dataDir, `.backup-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
// backup

/** `annex backup FILE`: the database and the uploaded files into one archive. */
export async function runBackup(config: AppConfig, root: string, archive: string, log: Log): Promise<BackupManifest> {
  const file = resolve(archive);
  await mkdir(config.dataDir, { recursive: true });
  const work = await scratch(config.dataDir);
  try {
    const manifest = config.databaseUrl ? await backupServer(config, root, work, log) : await backupEmbedded(config, root, work, log);
    log(
      `backup written to ${file}: ${Object.keys(manifest.counts).length} tables (${summary(manifest.counts)}), ` +
        `${manifest.files.count} files (${(manifest.files.bytes / 1_048_576).toFixed(1)} MiB), migration ${manifest.migration}.`,
    );
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  async function backupServer(config: AppConfig, root: string, work: string, log: Log): Promise<BackupManifest> {
    const url = config.databaseUrl!;
    const pgDump = findPgTool('pg_dump', config.pgBin);
    const sql = createSql(url, { max: 1 });
    try {
      const server = await backup.serverVersion(sql);
      const problem = dumpVersionProblem(pgDump, server);
      if (problem) throw new CliError(problem);
      log(`dumping ${redactUrl(url)} (PostgreSQL ${server.version}) with ${pgDump.path} ${pgDump.version}…`);
      // the counts and pg_dump read one snapshot, held by this transaction until the dump is done: the API may keep writing
      return await sql.begin('isolation level repeatable read read only', async (tx) => {
        const snapshot = await backup.exportSnapshot(tx);
        const counts = await backup.tableCounts(tx);
        const migration = await backup.migrationLevel(tx);
        if (!migration) throw new CliError(`${redactUrl(url)} holds no Annex database (no migration applied).`);
        const target = libpqTarget(url);
        await run(pgDump.path, ['--format=custom', `--snapshot=${snapshot}`, `--file=${join(work, DUMP)}`, `--dbname=${target.dbname}`], { env: target.env });
        const filesDir = join(config.dataDir, FILES);
        const manifest: BackupManifest = {
          format: 'annex-backup', formatVersion: 1, mode: 'postgres', createdAt: new Date().toISOString(),
          annexVersion: annexVersion(root), migration, server, pgDump: { version: pgDump.version, major: pgDump.major },
          counts, files: countFiles(filesDir),
        };
        await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        await writeArchive(file, work, DUMP, filesDir);
        return manifest;
      });
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  async function backupEmbedded(config: AppConfig, root: string, work: string, log: Log): Promise<BackupManifest> {
    const running = liveInstance(config.dataDir);
    if (running) {
      throw new CliError(
        `Annex is running on ${config.dataDir} (pid ${running.pid}). The embedded database can be copied consistently only ` +
          `while nothing else has it open: stop Annex (Ctrl-C in its terminal, or kill ${running.pid}), run the backup, start it again.`,
      );
    }
    if (!hasEmbeddedData(config.dataDir)) throw new CliError(`${config.dataDir} holds no embedded database (no pglite/ directory).`);
    // holds the data directory's lock until the copy is written: no Annex can start on it meanwhile
    const pg = await openEmbedded(config.dataDir);
    try {
      const sql = createSql(pg.url, { max: 1, prepare: false });
      let counts: Record<string, number>;
      let migration: string | null;
      let server: { version: string; major: number };
      try {
        counts = await backup.tableCounts(sql);
        migration = await backup.migrationLevel(sql);
        server = await backup.serverVersion(sql);
      } finally {
        await sql.end({ timeout: 5 });
      }
      if (!migration) throw new CliError(`${config.dataDir} holds no Annex database (no migration applied).`);
      log(`copying the embedded database in ${config.dataDir}…`);
      await writeFile(join(work, PGLITE), Buffer.from(await (await pg.dumpDataDir()).arrayBuffer()));
      const filesDir = join(config.dataDir, FILES);
      const manifest: BackupManifest = {
        format: 'annex-backup', formatVersion: 1, mode: 'embedded', createdAt: new Date().toISOString(),
        annexVersion: annexVersion(root), migration, server, pgDump: null, counts, files: countFiles(filesDir),
      };
      await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      await writeArchive(file, work, PGLITE, filesDir);
      return manifest;
    } finally {
      await pg.stop();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// restore

/** Tables whose count differs from the manifest's, as lines. */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((t) => expected[t] !== actual[t]).map((t) => `${t}: ${expected[t] ?? 'absent'} in the backup, ${actual[t] ?? 'absent'} restored`);
}

/** Moves something aside (never deletes it): `<path>.before-restore-<time>`. */
async function moveAside(path: string, log: Log): Promise<void> {
  const aside = `${path}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  log(`WARNING: moved the existing ${basename(path)}/ to ${aside} (delete it once the restore is checked).`);
}

const nonEmptyDir = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

/** `annex restore FILE [--force]`: into an empty database only (or, with --force, one whose contents are replaced). */
export async function runRestore(config: AppConfig, archive: string, opts: RestoreOptions, log: Log): Promise<void> {
  const file = resolve(archive);
  const manifest = await readManifest(file);
  const target = config.databaseUrl ? 'postgres' : 'embedded';
  if (manifest.mode !== target) {
    throw new CliError(
      manifest.mode === 'postgres'
        ? `${file} is a backup of a PostgreSQL server (pg_dump): restore it with DATABASE_URL set to an empty database.`
        : `${file} is a backup of the embedded mode (PGlite): restore it without DATABASE_URL, into an ANNEX_DATA_DIR.`,
    );
  }
  const known = (await loadMigrations()).map((m) => m.id);
  if (manifest.migration && !known.includes(manifest.migration)) {
    throw new CliError(`${file} comes from a newer Annex (migration ${manifest.migration}, this one knows up to ${known.at(-1)}): restore it with that version or newer.`);
  }
  log(`restoring ${file}: taken ${manifest.createdAt} by Annex ${manifest.annexVersion}, migration ${manifest.migration}, ${summary(manifest.counts)}.`);
  await mkdir(config.dataDir, { recursive: true });
  const filesDir = join(config.dataDir, FILES);
  if (target === 'postgres') await restoreServer();
  else await restoreEmbedded();
  log(`restore complete: ${Object.keys(manifest.counts).length} tables with the backup's row counts, ${manifest.files.count} files.`);

  /** Everything that is checked before anything is changed: the files directory. */
  function checkFilesDir(): void {
    if (nonEmptyDir(filesDir) && !opts.force) {
      throw new CliError(`${filesDir} is not empty: restore into a data directory without uploaded files, or add --force to move them aside.`);
    }
  }

  async function unpack(): Promise<string> {
    const work = await scratch(config.dataDir);
    await run('tar', ['-xf', file, '-C', work]);
    const found = countFiles(join(work, FILES)).count;
    if (found !== manifest.files.count) {
      // nothing writes to a stopped embedded instance; a server's API may upload or delete files while the backup runs
      if (manifest.mode === 'embedded') throw new CliError(`${file} holds ${found} files, its manifest says ${manifest.files.count}: the archive is damaged.`);
      log(`WARNING: ${file} holds ${found} files, ${manifest.files.count} were counted as the backup began (uploads or deletions during the backup).`);
    }
    return work;
  }

  async function placeFiles(work: string): Promise<void> {
    if (existsSync(filesDir)) {
      if (nonEmptyDir(filesDir)) await moveAside(filesDir, log);
      else await rm(filesDir, { recursive: true });
    }
    await rename(join(work, FILES), filesDir);
  }

  async function verify(sql: Sql): Promise<void> {
    const differences = countDifferences(manifest.counts, await backup.tableCounts(sql));
    if (differences.length) throw new CliError(`the restored database differs from the backup:\n  ${differences.join('\n  ')}`);
    log('row counts of every table match the backup.');
    const { applied } = await migrate(sql);
    if (applied.length) log(`applied the migrations newer than the backup: ${applied.join(', ')}`);
  }

  async function restoreServer(): Promise<void> {
    const url = config.databaseUrl!;
    const pgRestore = findPgTool('pg_restore', config.pgBin);
    if (manifest.pgDump && pgRestore.major < manifest.pgDump.major) {
      throw new CliError(
        `${file} was dumped by pg_dump ${manifest.pgDump.version}; ${pgRestore.path} (${pgRestore.version}) cannot read it. ` +
          `Install the client tools of PostgreSQL ${manifest.pgDump.major} or newer and set PG_BIN to their bin directory.`,
      );
    }
    const sql = createSql(url, { max: 1 });
    try {
      const server = await backup.serverVersion(sql);
      if (server.major < manifest.server.major) {
        log(`WARNING: the backup comes from PostgreSQL ${manifest.server.version}, this server is ${server.version}; the restore may fail on newer syntax.`);
      }
      const tables = await backup.tables(sql);
      if (tables.length && !opts.force) {
        throw new CliError(
          `${redactUrl(url)} is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}). Restore into an empty ` +
            'database (createdb annex_restored), or add --force to DELETE everything in it first.',
        );
      }
      checkFilesDir();
      const work = await unpack();
      try {
        if (tables.length) {
          log(`WARNING: --force: dropping all ${tables.length} tables and everything else in the schema of ${redactUrl(url)}.`);
          await backup.emptyCurrentSchema(sql);
        }
        log(`pg_restore with ${pgRestore.path} ${pgRestore.version} into ${redactUrl(url)} (PostgreSQL ${server.version})…`);
        const libpq = libpqTarget(url);
        // one transaction: a failed restore leaves the database as empty as it was; owners and grants are the target's
        await run(pgRestore.path, ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${libpq.dbname}`, join(work, DUMP)], { env: libpq.env });
        await placeFiles(work);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      await verify(sql);
    } finally {
      await sql.end({ timeout: 5 });
    }
    if (config.meiliUrl) {
      log('rebuilding the search indexes from the restored database…');
      await runReindex(config, [], log);
    } else {
      log('MEILI_URL is not set: rebuild the search indexes with `pnpm annex reindex` where Meilisearch is configured.');
    }
  }

  async function restoreEmbedded(): Promise<void> {
    const dir = config.dataDir;
    const running = liveInstance(dir);
    if (running) throw new CliError(`Annex is running on ${dir} (pid ${running.pid}): stop it before restoring into that data directory.`);
    const lock = isDataDirLocked(dir);
    if (lock.locked) throw new CliError(`${dir} is open in process ${lock.pid}: let it finish or stop it before restoring.`);
    if (hasEmbeddedData(dir) && !opts.force) {
      throw new CliError(`${dir} holds a database already (pglite/): restore into a new ANNEX_DATA_DIR, or add --force to move it aside.`);
    }
    checkFilesDir();
    const work = await unpack();
    try {
      if (hasEmbeddedData(dir)) await moveAside(join(dir, 'pglite'), log);
      const blob = new Blob([await readFile(join(work, PGLITE))], { type: 'application/x-gzip' });
      log(`loading the embedded database into ${dir}…`);
      const pg = await startEmbeddedPostgres({ dataDir: dir, loadDataDir: blob });
      try {
        const sql = createSql(pg.url, { max: 1, prepare: false });
        try {
          await verify(sql);
        } finally {
          await sql.end({ timeout: 5 });
        }
      } finally {
        await pg.stop();
      }
      await placeFiles(work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    // `pnpm start` seeds the demo into a data directory without this marker: a restored one has its own data
    await writeFile(join(dir, 'demo-seeded'), `restored from ${basename(file)} ${new Date().toISOString()}\n`);
    // the embedded Meilisearch's indexes belong to the database that was there before
    log('rebuilding the search indexes from the restored database…');
    await runReindex(config, [], log);
  }
}
