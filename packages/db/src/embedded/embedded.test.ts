import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../client.ts';
import { loadMigrations, migrate } from '../migrate.ts';
import { users } from '../repositories/users.repo.ts';
import { DataDirLockedError, type EmbeddedPostgres, isDataDirLocked, startEmbeddedPostgres } from './embedded.ts';

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
    expect(pg.url).toBe(`postgres://postgres@localhost/postgres?host=${encodeURIComponent(join(dataDir, 'run'))}`);
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

  it('releases the lock when it cannot serve the socket', async () => {
    await rm(join(dataDir, 'run'), { recursive: true, force: true });
    await writeFile(join(dataDir, 'run'), 'not a directory');
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/EEXIST|ENOTDIR/);
      expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      await rm(join(dataDir, 'run'));
    }
  });
});

// Inodes of the TCP sockets this process listens on (Linux): /proc/net/tcp{,6} rows in state 0A, matched with our fds.
function tcpListenersOfThisProcess(): Set<string> {
  const ours = new Set(
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1] ?? ''];
      } catch {
        return [];
      }
    }),
  );
  const listening = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').slice(1).map((row) => row.trim().split(/\s+/)).filter((cols) => cols[3] === '0A').map((cols) => cols[9] ?? ''),
  );
  return new Set(listening.filter((inode) => ours.has(inode)));
}

// A Node child that connects to the socket and prints "connected" or the error code.
const CONNECT = `require('node:net').connect(process.argv[1]).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;

describe('who may reach the embedded database', () => {
  // one server for these checks, on the data directory the tests above created (opening it is faster than a new one)
  let pg: EmbeddedPostgres;
  let tcpBefore: Set<string>;
  const socket = () => join(pg.socketDir, '.s.PGSQL.5432');
  beforeAll(async () => {
    tcpBefore = process.platform === 'linux' ? tcpListenersOfThisProcess() : new Set();
    pg = await startEmbeddedPostgres({ dataDir });
  });
  afterAll(async () => {
    await pg?.stop();
    expect(existsSync(join(dataDir, 'run', '.s.PGSQL.5432'))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('listens on no TCP port, only on a socket in a directory of its own user', async () => {
    expect([...tcpListenersOfThisProcess()].filter((inode) => !tcpBefore.has(inode))).toEqual([]);
    const dir = statSync(pg.socketDir);
    expect(dir.mode & 0o777).toBe(0o700);
    expect(dir.uid).toBe(process.getuid?.());
    expect(statSync(socket()).isSocket()).toBe(true);
    expect(statSync(socket()).mode & 0o777).toBe(0o600);
    // this user connects like any PostgreSQL client
    const sql = createSql(pg.url, { max: 1, prepare: false });
    expect((await sql`select current_user as who`)[0]?.who).toBe('postgres');
    await sql.end();
    expect(spawnSync(process.execPath, ['-e', CONNECT, socket()], { encoding: 'utf8' }).stdout.trim()).toBe('connected');
  });

  // root may act as another user: a process of user "nobody" is refused by the file system
  const canSwitchUser = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
  // a Node that "nobody" may run: the project's own sits in a checkout that may be closed to other users (mktemp -d)
  const nobodysNode = canSwitchUser
    ? [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find((p) => spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-x', p]).status === 0)
    : undefined;
  it.skipIf(!nobodysNode)('refuses a process of another OS user', async () => {
    // the data directory is opened to everyone for this check, so only the socket directory's mode keeps "nobody" out
    await chmod(dataDir, 0o755);
    try {
      const asNobody = spawnSync('runuser', ['-u', 'nobody', '--', nobodysNode as string, '-e', CONNECT, socket()], { encoding: 'utf8' });
      expect(asNobody.stderr).toBe('');
      expect(asNobody.stdout.trim()).toBe('EACCES');
      // the same child as this user gets in: the refusal is the permission, not a broken socket
      expect(spawnSync(process.execPath, ['-e', CONNECT, socket()], { encoding: 'utf8' }).stdout.trim()).toBe('connected');
    } finally {
      await chmod(dataDir, 0o700);
    }
  });
});
