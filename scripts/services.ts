/**
 * The processes of a topology run without containers (`pnpm test:prod`, `pnpm chaos`): started with their output in
 * a log file each, waited for, stopped in the reverse order; jobs run to their end; SQL through `psql`; Meilisearch
 * in production mode; a throwaway PostgreSQL cluster.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { meilisearchBinary } from '../packages/search/src/embedded.ts';
import { freePort } from './annex-instance.ts';

export { freePort, meilisearchBinary };

const execFileAsync = promisify(execFile);

export type Services = {
  /** The processes running now, in the order they were started. */
  children: { name: string; child: ChildProcess }[];
  /** Starts a process whose output goes to <logDir>/<name>.log. */
  start: (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => ChildProcess;
  /** Runs a Node job to its end (a migration, a seed), returning what it printed. */
  job: (name: string, args: string[], env: NodeJS.ProcessEnv) => string;
  /** Until `url` answers 2xx; fails at once when a process started here has exited meanwhile. */
  waitFor: (url: string, what: string, timeoutMs?: number) => Promise<void>;
  /** The last 40 lines a process printed. */
  tail: (name: string) => string;
  /** SIGTERM (an API finishes what is in flight), then forgets the process. */
  stop: (name: string) => Promise<void>;
  /** Every process, the last started first: SIGTERM, SIGKILL after 15 s. */
  stopAll: () => Promise<void>;
};

export function services(o: { cwd: string; logDir: string }): Services {
  const children: Services['children'] = [];

  const start: Services['start'] = (name, command, args, env) => {
    const out = createWriteStream(join(o.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(command, args, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    children.push({ name, child });
    return child;
  };

  const job: Services['job'] = (name, args, env) => {
    try {
      return execFileSync(process.execPath, args, { cwd: o.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`${name} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  };

  const tail: Services['tail'] = (name) => {
    const path = join(o.logDir, `${name}.log`);
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-40).join('\n') : '(no output)';
  };

  const waitFor: Services['waitFor'] = async (url, what, timeoutMs = 120_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      for (const { name, child } of children) {
        if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) while waiting for ${what}:\n${tail(name)}`);
      }
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${what} did not answer at ${url} in ${timeoutMs / 1000} s`);
  };

  const stop: Services['stop'] = async (name) => {
    const i = children.findIndex((c) => c.name === name);
    const { child } = children[i]!;
    children.splice(i, 1);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };

  const stopAll: Services['stopAll'] = async () => {
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };

  return { children, start, job, waitFor, tail, stop, stopAll };
}

/** Runs SQL on the server at `url` as its admin, stopping at the first error. */
export function psql(url: string, sql: string): void {
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Meilisearch in production mode (its own master key) as the process `name`, listening on `port`; resolves once healthy. */
export async function startMeilisearch(s: Services, o: { name?: string; dbPath: string; port: number; masterKey: string }): Promise<ChildProcess> {
  const child = s.start(o.name ?? 'meilisearch', meilisearchBinary(), [
    '--db-path', o.dbPath, '--http-addr', `127.0.0.1:${o.port}`, '--env', 'production',
    '--master-key', o.masterKey, '--no-analytics', '--log-level', 'WARN',
  ], { ...process.env });
  await s.waitFor(`http://127.0.0.1:${o.port}/health`, 'meilisearch');
  return child;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL cluster of this run's own, which it may restart or stop. */
export type Cluster = {
  /** the superuser's URL (postgres, trust on 127.0.0.1) */
  url: string;
  port: number;
  /** `pg_ctl <args>` on the cluster (waiting for it to finish), as its owner */
  ctl: (...args: string[]) => Promise<string>;
  /** its data directory and server.log are in here */
  dir: string;
  /** stops it at once and removes its directory (the end of the run); never throws */
  stop: () => void;
};

/**
 * initdb + pg_ctl start of a fresh cluster in a temporary directory of its own on a free port (as .ci/run starts CI's):
 * as the postgres OS user when run as root, which PostgreSQL refuses to run as; durability off, since the data is
 * thrown away.
 */
export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'annex-pg-'));
  const asOwner = userInfo().uid === 0;
  if (asOwner) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const argv = (bin: string, args: string[]): [string, string[]] =>
    asOwner ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]] : [join(PG_BIN, bin), args];
  const run = (bin: string, args: string[]) => execFileSync(...argv(bin, args), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const ctlArgs = (args: string[]) => ['-D', data, '-w', '-l', join(dir, 'server.log'), '-o', options, ...args];
  run('pg_ctl', ctlArgs(['start']));
  // not blocking: the run goes on measuring its requests while the server stops and starts
  const ctl = async (...args: string[]) => (await execFileAsync(...argv('pg_ctl', ctlArgs(args)), { encoding: 'utf8' })).stdout;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    ctl,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
