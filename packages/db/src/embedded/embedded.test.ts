import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../client.ts';
import { loadMigrations, migrate } from '../migrate.ts';
import { users } from '../repositories/users.repo.ts';
import { DataDirLockedError, isDataDirLocked, startEmbeddedPostgres } from './embedded.ts';

// On-disk PGlite, whatever DATABASE_URL says: this is the embedded runtime itself.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'annex-embedded-'));
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('serves PGlite from the data directory, keeps the data across restarts, and guards the directory', async () => {
    const pg = await startEmbeddedPostgres({ dataDir });
    expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    expect((await readFile(join(dataDir, 'pglite.lock'), 'utf8')).trim()).toBe(String(process.pid));
    expect(isDataDirLocked(dataDir)).toEqual({ locked: true, pid: process.pid });
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);

    // the API pool and a CLI connect at the same time
    const api = createSql(pg.url, pg.clientOptions);
    const cli = createSql(pg.url, { max: 1, prepare: false });
    expect((await migrate(api)).applied).toEqual((await loadMigrations()).map((m) => m.id));
    await users.create(cli, { email: 'keep@example.cn', passwordHash: 'h', displayName: '留存' });
    expect((await users.findByEmail(api, 'keep@example.cn'))?.displayName).toBe('留存');
    await Promise.all([api.end(), cli.end()]);
    await pg.stop();
    await pg.stop(); // idempotent
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    expect(isDataDirLocked(dataDir)).toEqual({ locked: false });

    const again = await startEmbeddedPostgres({ dataDir });
    const sql = createSql(again.url, again.clientOptions);
    try {
      expect((await migrate(sql)).applied).toEqual([]);
      expect((await users.findByEmail(sql, 'keep@example.cn'))?.displayName).toBe('留存');
    } finally {
      await sql.end();
      await again.stop();
    }
  });

  it('takes over the lock of a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(dataDir, 'pglite.lock'), `${dead}\n`);
    expect(isDataDirLocked(dataDir)).toEqual({ locked: false });
    const pg = await startEmbeddedPostgres({ dataDir });
    expect((await readFile(join(dataDir, 'pglite.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await pg.stop();
  });

  it('refuses a directory locked by another live process', async () => {
    // our parent (the vitest runner or the shell) is alive and is not us
    await writeFile(join(dataDir, 'pglite.lock'), `${process.ppid}\n`);
    const err = await startEmbeddedPostgres({ dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(process.ppid);
    expect((err as Error).message).toMatch(/in use by process/);
    await rm(join(dataDir, 'pglite.lock'));
  });

  it('releases the lock when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(/EADDRINUSE/);
      expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
