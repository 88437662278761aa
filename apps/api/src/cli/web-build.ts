import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Sources that end up in apps/web/build. The generated Paraglide output is left out: `check`
// and `test` regenerate it, which must not make the build look stale.
const SOURCES = [
  'apps/web/src',
  'apps/web/static',
  'apps/web/messages',
  'apps/web/project.inlang/settings.json',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/contracts/src',
  'packages/api-client/src',
  'packages/domain/src',
  // a dependency update changes what gets bundled
  'pnpm-lock.yaml',
];
const IGNORED = new Set(['node_modules', 'paraglide', '.svelte-kit']);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // directory times are left out: regenerating the Paraglide folder touches its parent
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (IGNORED.has(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the web build must be (re)made, or null when apps/web/build is current. */
export function webBuildStaleness(root: string): string | null {
  const entry = join(root, 'apps/web/build/index.js');
  if (!existsSync(entry)) return 'apps/web/build is missing';
  const built = statSync(entry).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(join(root, source)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

/** Runs `pnpm --filter @annex/web build`; output is shown only when it fails. `cancel()` stops it. */
export function buildWeb(root: string): { done: Promise<void>; cancel(): Promise<void> } {
  const child = spawn('pnpm', ['--filter', '@annex/web', 'build'], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  let cancelled = false;
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`could not run pnpm to build the web app: ${error.message}`)));
    child.once('close', (code) => {
      if (code === 0 || cancelled) resolve();
      else reject(new Error(`building the web app failed (exit ${code}):\n${Buffer.concat(output).toString('utf8')}`));
    });
  });
  return {
    done,
    async cancel() {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      cancelled = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await done.catch(() => {});
    },
  };
}
