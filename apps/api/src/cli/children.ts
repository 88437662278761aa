import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PARENT_WATCH = fileURLToPath(new URL('./parent-watch.ts', import.meta.url));

/** A process the CLI started and supervises. */
export type Child = {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM to its whole process group, SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
};

function prefixLines(name: string, out: NodeJS.WriteStream) {
  let pending = '';
  const label = `[${name}] `;
  return {
    write(chunk: Buffer) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`${label}${line}\n`);
    },
    flush() {
      if (pending) out.write(`${label}${pending}\n`);
      pending = '';
    },
  };
}

/**
 * Starts a Node program on this Node (Node 24), its output prefixed with `[name]`. It runs in its
 * own process group so Ctrl-C reaches only the CLI, which then stops the children in order.
 */
export function startNode(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Child {
  const child = spawn(process.execPath, ['--import', PARENT_WATCH, ...args], {
    cwd: options.cwd,
    env: { ...options.env, ANNEX_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out = prefixLines(name, process.stdout);
  const err = prefixLines(name, process.stderr);
  child.stdout?.on('data', (chunk: Buffer) => out.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.write(chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`[${name}] could not start: ${error.message}\n`);
      resolve('error');
    });
    child.once('close', (code, signal) => {
      out.flush();
      err.flush();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  return {
    name,
    process: child,
    exited,
    async stop(graceMs = 10_000) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // `node --watch` and vite may leave grandchildren in the group
      signalGroup('SIGKILL');
    },
  };
}

/** Polls `url` until it answers (any status below 500) or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      await response.body?.cancel();
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
