import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { backup, createSql, migrate, startEmbeddedPostgres } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { createSearch, reindex } from '@annex/search';
import { startTestMeilisearch, type TestMeilisearch } from '@annex/search/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLocalFileStorage, newStorageKey } from '../lib/storage.ts';
import { countDifferences, dumpVersionProblem, findPgTool, readManifest, runBackup, runRestore } from './backup.ts';
import { CliError, runtimeFile } from './runtime.ts';
import { seedDemoMarket } from './seed.ts';

const ON_SERVER = Boolean(process.env.DATABASE_URL) && process.env.ANNEX_TEST_DB !== 'pglite';
const quiet = () => {};
const root = join(import.meta.dirname, '../../../..');

/** Every file under a directory with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'base64');
  }
  return out;
}

let scratch: string;
let meili: TestMeilisearch;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'annex-backup-'));
  meili = await startTestMeilisearch();
});
afterAll(async () => {
  await meili?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The settings of one side of the drill: the test's Meilisearch under its own prefix. */
const configFor = (dataDir: string, databaseUrl?: string, prefix = meili.prefix) =>
  loadConfig({
    ANNEX_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEARCH_INDEX_PREFIX: prefix,
  });

describe('the PostgreSQL client tools', () => {
  it('finds pg_dump in PG_BIN only when set, and says plainly when it is missing there', () => {
    expect(() => findPgTool('pg_dump', join(tmpdir(), 'no-such-postgres-bin'))).toThrow(/PG_BIN .* does not run/);
  });

  it('takes the newest of the PostgreSQL bin directories of Debian and PATH', () => {
    const debian = join(scratch, 'lib-postgresql');
    for (const major of ['98', '99']) {
      mkdirSync(join(debian, major, 'bin'), { recursive: true });
      writeFileSync(join(debian, major, 'bin', 'pg_dump'), `#!/bin/sh\necho "pg_dump (PostgreSQL) ${major}.1"\n`, { mode: 0o755 });
    }
    expect(findPgTool('pg_dump', undefined, debian)).toEqual({ path: join(debian, '99', 'bin', 'pg_dump'), version: '99.1', major: 99 });
    // PG_BIN decides alone
    expect(findPgTool('pg_dump', join(debian, '98', 'bin')).major).toBe(98);
  });

  it('refuses a pg_dump older than the server and names the client tools to install', () => {
    const problem = dumpVersionProblem({ path: '/usr/lib/postgresql/15/bin/pg_dump', version: '15.20', major: 15 }, { version: '17.6', major: 17 });
    expect(problem).toMatch(/15\.20, older than the PostgreSQL 17\.6 server/);
    expect(problem).toMatch(/postgresql-client-17/);
    expect(dumpVersionProblem({ path: 'pg_dump', version: '17.6', major: 17 }, { version: '15.20', major: 15 })).toBeNull();
  });

  it('lists the tables whose counts differ', () => {
    expect(countDifferences({ a: 1, b: 2 }, { a: 1, b: 3, c: 0 })).toEqual(['b: 2 in the backup, 3 restored', 'c: absent in the backup, 0 restored']);
  });
});

// CI sets DATABASE_URL; without a PostgreSQL server there is no pg_dump to drill
describe.skipIf(!ON_SERVER)('restore drill on a PostgreSQL server (skipped without DATABASE_URL)', () => {
  let source: TestDatabase;
  const admin = ON_SERVER ? createSql(process.env.DATABASE_URL!, { max: 1 }) : null;
  const targetName = `annex_t_restore_${randomBytes(5).toString('hex')}`;
  let targetUrl: string;
  beforeAll(async () => {
    source = await createTestDatabase();
    await admin!.unsafe(`create database ${targetName}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${targetName}`;
    targetUrl = u.toString();
  });
  afterAll(async () => {
    await source?.close();
    await admin?.unsafe(`drop database if exists ${targetName} with (force)`);
    await admin?.end();
  });

  it('backs up the demo market with its files, restores it into a fresh database with the same counts, and its search finds the same orders', { timeout: 300_000 }, async () => {
    const srcDir = join(scratch, 'server-src');
    const dstDir = join(scratch, 'server-dst');
    const srcConfig = configFor(srcDir, source.url);
    await seedDemoMarket(source.sql, srcConfig, new Date(), createLocalFileStorage(join(srcDir, 'files')));
    const archive = join(scratch, 'server.tar');

    const manifest = await runBackup(srcConfig, root, archive, quiet);
    expect(manifest.mode).toBe('postgres');
    expect(await readManifest(archive)).toEqual(manifest);
    const sourceCounts = await backup.tableCounts(source.sql);
    expect(manifest.counts).toEqual(sourceCounts);
    expect(manifest.counts.orders).toBeGreaterThan(5);
    expect(manifest.files.count).toBeGreaterThan(0);

    const lines: string[] = [];
    await runRestore(configFor(dstDir, targetUrl), archive, {}, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/row counts of every table match the backup/);
    const target = createSql(targetUrl, { max: 1 });
    try {
      expect(await backup.tableCounts(target)).toEqual(sourceCounts);
      expect(await backup.migrationLevel(target)).toBe(manifest.migration);
    } finally {
      await target.end();
    }
    expect(tree(join(dstDir, 'files'))).toEqual(tree(join(srcDir, 'files')));

    // the restore rebuilt the indexes from the restored database; the source, rebuilt under another prefix, has as many orders
    const fromSource = createSearch({ url: meili.url, masterKey: meili.masterKey, prefix: `${meili.prefix}src_` });
    const sourceOrders = (await reindex({ sql: source.sql, search: fromSource }, 'orders')).documents;
    expect(sourceOrders).toBeGreaterThan(0);
    const restored = await meili.client.index(meili.uid('orders')).search('', { limit: 0 });
    expect(restored.estimatedTotalHits).toBe(sourceOrders);

    // the target holds Annex now: refused without --force, replaced with it
    const again = await runRestore(configFor(join(scratch, 'server-dst-2'), targetUrl), archive, {}, quiet).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CliError);
    expect((again as Error).message).toMatch(/is not empty \(\d+ tables.*--force/s);
    const forced: string[] = [];
    const noSearch = loadConfig({ ANNEX_DATA_DIR: dstDir, DATABASE_URL: targetUrl });
    await runRestore(noSearch, archive, { force: true }, (l) => forced.push(l));
    expect(forced.join('\n')).toMatch(/WARNING: --force: dropping all \d+ tables/);
    expect(forced.join('\n')).toMatch(/WARNING: moved the existing files\/ to/);
    expect(tree(join(dstDir, 'files'))).toEqual(tree(join(srcDir, 'files')));

    // an embedded backup is not restored into a server, nor the other way round
    await expect(runRestore(loadConfig({ ANNEX_DATA_DIR: join(scratch, 'nowhere') }), archive, {}, quiet)).rejects.toThrow(/backup of a PostgreSQL server/);
  });
});

describe('backup and restore of the embedded mode (PGlite)', () => {
  it('refuses while Annex runs on the data directory, copies it when stopped, restores into a new one with the same counts, and refuses a data directory that holds a database', { timeout: 300_000 }, async () => {
    const srcDir = join(scratch, 'embedded-src');
    const dstDir = join(scratch, 'embedded-dst');
    const pg = await startEmbeddedPostgres({ dataDir: srcDir });
    let sourceCounts: Record<string, number>;
    try {
      const sql = createSql(pg.url, { ...pg.clientOptions, max: 1 });
      try {
        await migrate(sql);
        // fixtures, not the demo market: the demo's seed is the slowest part of a drill on PGlite, and the server drill has it
        const buyer = await createOrgWithOwner(sql, 'buyer');
        await createVerifiedVendor(sql);
        for (let i = 0; i < 3; i++) await createOpenOrder(sql, buyer.org.id);
        const storage = createLocalFileStorage(join(srcDir, 'files'));
        for (let i = 0; i < 3; i++) await storage.put(newStorageKey(), new TextEncoder().encode(`附件 ${i}`));
        sourceCounts = await backup.tableCounts(sql);
      } finally {
        await sql.end();
      }
    } finally {
      await pg.stop();
    }
    const archive = join(scratch, 'embedded.tar');

    // a running `pnpm start` publishes itself in runtime.json: our parent process stands in for it
    writeFileSync(runtimeFile(srcDir), JSON.stringify({ pid: process.ppid, mode: 'start', startedAt: new Date().toISOString(), dataDir: srcDir, databaseUrl: 'postgres://x' }));
    const refused = await runBackup(configFor(srcDir), root, archive, quiet).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as Error).message).toMatch(new RegExp(`Annex is running on .* \\(pid ${process.ppid}\\).*stop Annex`, 's'));
    expect(existsSync(archive)).toBe(false);
    rmSync(runtimeFile(srcDir));

    const manifest = await runBackup(configFor(srcDir), root, archive, quiet);
    expect(manifest.mode).toBe('embedded');
    expect(manifest.counts).toEqual(sourceCounts);
    expect(manifest.files.count).toBe(3);
    expect(manifest.counts.orders).toBe(3);

    const dstConfig = configFor(dstDir, undefined, `${meili.prefix}emb_`);
    await runRestore(dstConfig, archive, {}, quiet);
    // the restored data directory opens on its own, with the same rows
    const restored = await startEmbeddedPostgres({ dataDir: dstDir });
    try {
      const sql = createSql(restored.url, { ...restored.clientOptions, max: 1 });
      try {
        expect(await backup.tableCounts(sql)).toEqual(sourceCounts);
      } finally {
        await sql.end();
      }
    } finally {
      await restored.stop();
    }
    expect(tree(join(dstDir, 'files'))).toEqual(tree(join(srcDir, 'files')));
    // `pnpm start` must not seed the demo into restored data
    expect(existsSync(join(dstDir, 'demo-seeded'))).toBe(true);
    const orders = await meili.client.index(`${meili.prefix}emb_orders`).search('', { limit: 0 });
    expect(orders.estimatedTotalHits).toBe(3);

    await expect(runRestore(dstConfig, archive, {}, quiet)).rejects.toThrow(/holds a database already \(pglite\/\).*--force/s);
    await expect(runRestore(configFor(join(scratch, 'x'), 'postgres://postgres@127.0.0.1:1/none'), archive, {}, quiet)).rejects.toThrow(/backup of the embedded mode/);
  });
});
