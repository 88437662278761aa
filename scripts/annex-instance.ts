/**
 * Starts and stops a whole Annex (`annex start`: embedded database and search in a data directory of its own,
 * free ports) for the browser journeys and the page benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 300_000; // the first start may build the web app

/** Flags for Debian's Chromium in a container (see STACK.md). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A running Annex: its web address, the demo accounts' password and what it printed. */
export type AnnexInstance = { child: ChildProcess | null; webUrl: string; demoPassword: string; output: () => string };

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** `annex start` in `dataDir` (fresh: the demo market is seeded and its password read from the output), with `env` added. */
export async function startAnnex(dataDir: string, env: Record<string, string> = {}): Promise<AnnexInstance> {
  const apiPort = await freePort();
  let webPort = await freePort();
  while (webPort === apiPort) webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ANNEX_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: webUrl,
    ...env,
  };
  // always the embedded database and search in the data directory: callers need a fresh demo market
  for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'API_ORIGIN']) delete childEnv[name];
  const child = spawn(process.execPath, ['apps/api/src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the whole tree can be stopped at the end
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  const started = Date.now();
  while (!out.includes('Annex is running')) {
    if (child.exitCode !== null) throw new Error(`annex start exited (${child.exitCode}):\n${out}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`annex start did not get ready in ${START_TIMEOUT_MS / 1000} s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const password = /password for every demo account: (\S+)/.exec(out)?.[1];
  if (!password) throw new Error(`the demo accounts were not printed (a fresh data directory should seed them):\n${out}`);
  return { child, webUrl, demoPassword: password, output: () => out };
}

/** Ctrl-C to an instance this process started (nothing for one started elsewhere); SIGKILL to its group after 20 s. */
export async function stopAnnex(instance: AnnexInstance | null): Promise<void> {
  const child = instance?.child;
  if (!child || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 20_000))]);
  if (timedOut) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
