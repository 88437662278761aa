import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createSql, embeddedClientOptions, type Sql } from './client.ts';
import { servePGlite } from './embedded/serve.ts';
import { loadMigrations, migrate } from './migrate.ts';

/** A migrated, empty database of its own for one test file (or test). */
export type TestDatabase = {
  sql: Sql;
  url: string;
  backend: 'postgres' | 'pglite';
  /** options to pass to createSql when opening more clients on `url` */
  clientOptions: { max?: number; prepare?: boolean };
  close(): Promise<void>;
};

/**
 * Which backend createTestDatabase uses: the server of DATABASE_URL when set, else PGlite.
 * ANNEX_TEST_DB=pglite forces PGlite; ANNEX_TEST_DB=postgres insists on DATABASE_URL.
 */
export function testBackend(): 'postgres' | 'pglite' {
  const forced = process.env.ANNEX_TEST_DB;
  if (forced === 'pglite') return 'pglite';
  if (forced === 'postgres' && !process.env.DATABASE_URL) {
    throw new Error('ANNEX_TEST_DB=postgres needs DATABASE_URL (a PostgreSQL server where test databases may be created)');
  }
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** Empties every table but schema_migrations (for suites that share one database across tests). */
export async function truncateAll(sql: Sql): Promise<void> {
  const tables = await sql<{ name: string }[]>`
    select quote_ident(tablename) as name from pg_tables
    where schemaname = current_schema() and tablename <> 'schema_migrations'`;
  if (tables.length === 0) return;
  await sql.unsafe(`truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`);
}

/**
 * Creates a fresh migrated database: with DATABASE_URL a uniquely named database on that server (dropped on
 * close), otherwise an in-memory PGlite served on a free loopback port.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  return testBackend() === 'postgres' ? createServerDatabase(process.env.DATABASE_URL ?? '') : createPGliteDatabase();
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `annex_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end();
    throw err;
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = createSql(url, { max: 5 });
  const close = async () => {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await migrate(sql);
  } catch (err) {
    await close();
    throw err;
  }
  return { sql, url, backend: 'postgres', clientOptions: { max: 5 }, close };
}

async function createPGliteDatabase(): Promise<TestDatabase> {
  const template = await pgliteTemplate();
  let db: PGlite;
  try {
    db = await PGlite.create(template ? { loadDataDir: template } : {});
  } catch (err) {
    if (!template) throw err;
    // a damaged cache file: forget it and start from scratch
    templatePromise = undefined;
    if (templateFile) await unlink(templateFile).catch(() => {});
    db = await PGlite.create();
  }
  const server = await servePGlite(db);
  const sql = createSql(server.url, embeddedClientOptions);
  const close = async () => {
    await sql.end({ timeout: 5 });
    await server.stop();
    await db.close();
  };
  try {
    // a no-op on the template, but it still verifies the checksums
    await migrate(sql);
  } catch (err) {
    await close();
    throw err;
  }
  return { sql, url: server.url, backend: 'pglite', clientOptions: { ...embeddedClientOptions }, close };
}

// A fresh PGlite takes 2–6 s to initialise; loading a dump of an already migrated one takes about 0.5 s.
// The dump is cached in memory and, across test files and runs, in the temp directory, keyed by the
// PGlite version and the migrations' checksums.
let templatePromise: Promise<Blob | null> | undefined;
let templateFile: string | undefined;

function pgliteTemplate(): Promise<Blob | null> {
  templatePromise ??= buildTemplate().catch((err: unknown) => {
    console.warn(`PGlite test template unavailable, creating databases from scratch: ${String(err)}`);
    return null;
  });
  return templatePromise;
}

async function buildTemplate(): Promise<Blob> {
  const migrations = await loadMigrations();
  // the package does not export its package.json: read it beside the resolved entry point
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const version = (JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256')
    .update([version, ...migrations.map((m) => m.checksum)].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), `annex-test-cache-${process.getuid?.() ?? 'user'}`);
  const file = join(dir, `pglite-template-${key}.tar.gz`);
  templateFile = file;
  try {
    return new Blob([await readFile(file)], { type: 'application/x-gzip' });
  } catch {
    // not cached yet
  }
  const db = await PGlite.create();
  const server = await servePGlite(db);
  const sql = createSql(server.url, embeddedClientOptions);
  try {
    await migrate(sql);
  } finally {
    await sql.end({ timeout: 5 });
    await server.stop();
  }
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  const bytes = Buffer.from(await dump.arrayBuffer());
  await mkdir(dir, { recursive: true });
  // written aside and renamed, so a parallel test process never reads half a file
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file).catch(() => unlink(tmp));
  return new Blob([bytes], { type: 'application/x-gzip' });
}

/** A TCP proxy in front of a test database, to play the server going away (see `databaseProxy`). */
export type DatabaseProxy = {
  /** `url` with the proxy's address */
  url: string;
  /** drops every open connection at once, as a server restart does */
  cut(): void;
  /** drops every connection and refuses new ones, as a stopped server does */
  down(): Promise<void>;
  /** accepts connections again on the same port */
  up(): Promise<void>;
  close(): Promise<void>;
};

/** A proxy to the database at `url` (TCP) that a test can cut, take down and bring up again. */
export async function databaseProxy(url: string): Promise<DatabaseProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  const down = async () => {
    const s = server;
    server = null;
    cut();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await up();
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return { url: proxied.toString(), cut, down, up, close: down };
}
