import { closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Another live process has this data directory open. */
export class DataDirLockedError extends Error {
  readonly pid: number;
  readonly lockFile: string;
  constructor(dataDir: string, pid: number, lockFile: string) {
    super(
      `the data directory ${dataDir} is in use by process ${pid} (lock file ${lockFile}); ` +
        'stop that process or connect to its database instead of opening the directory a second time ' +
        `(if no Annex runs as process ${pid}, the lock is stale: delete the lock file)`,
    );
    this.name = 'DataDirLockedError';
    this.pid = pid;
    this.lockFile = lockFile;
  }
}

/** Path of the lock file of a data directory. */
export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'pglite.lock');
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a live process holds the data directory's lock (a stale lock of a dead process does not count). */
export function isDataDirLocked(dataDir: string): { locked: boolean; pid?: number } {
  const pid = readPid(lockFilePath(dataDir));
  if (pid === null || !isAlive(pid)) return { locked: false };
  return { locked: true, pid };
}

/** Takes the data directory's lock for this process (taking over a stale one); returns its release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written aside and hard-linked into place, so the lock file never exists without its pid.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${process.pid}\n`, { mode: 0o644 });
    try {
      linkSync(tmp, file);
      return () => {
        if (readPid(file) === process.pid) {
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    const pid = readPid(file);
    if (pid !== null && isAlive(pid)) throw new DataDirLockedError(dataDir, pid, file);
    removeStaleLock(file);
  }
  throw new Error(`could not take the lock ${file}`);
}

// Two processes may find the same stale lock: only the one holding the takeover file may remove it, and only
// after re-reading it, so a lock freshly taken by the other one is never deleted.
function removeStaleLock(file: string): void {
  const takeover = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(takeover, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      // a takeover file left by a process that died within the few microseconds it exists
      if (Date.now() - statSync(takeover).mtimeMs > 10_000) unlinkSync(takeover);
    } catch {
      // gone meanwhile
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    return;
  }
  try {
    const pid = readPid(file);
    if (pid === null || !isAlive(pid)) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  } finally {
    closeSync(fd);
    unlinkSync(takeover);
  }
}
