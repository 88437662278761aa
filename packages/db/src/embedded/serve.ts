import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue.ts';

/** A PGlite instance served to postgres.js clients. */
export type PGliteServer = { url: string; stop(): Promise<void> };

/** Where to serve: a Unix socket made by privateSocketPath, or TCP on 127.0.0.1 (tests; `port` 0 = a free port). */
export type ServeOptions = ({ socketPath: string } | { port?: number }) & { maxConnections?: number };

// The file name PostgreSQL clients look for in a socket directory (postgres.js: `host: dir` → dir/.s.PGSQL.<port>).
const SOCKET_FILE = '.s.PGSQL.5432';
// sockaddr_un holds 108 bytes on Linux, the last for the terminating NUL
const MAX_SOCKET_PATH_BYTES = 107;

/** The postgres:// URL of a socket directory, as libpq writes it (`?host=/dir`); createSql understands it. */
const socketUrl = (socketDir: string) => `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;

/**
 * Creates `socketDir` open to this OS user only (0700): pglite-socket asks no password, so the file system decides
 * who connects. Returns the path to serve on, after removing a socket left there by a process that died.
 */
export function privateSocketPath(socketDir: string): string {
  const path = join(socketDir, SOCKET_FILE);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`the database socket path ${path} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes Unix sockets allow: choose a shorter data directory (ANNEX_DATA_DIR)`);
  }
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  const owner = statSync(socketDir).uid;
  if (process.getuid && owner !== process.getuid()) throw new Error(`${socketDir} belongs to another user (uid ${owner}); refusing to serve the database there`);
  // an existing directory keeps its mode: make it private too
  chmodSync(socketDir, 0o700);
  // only the holder of the data directory's lock serves here: an existing socket is a dead process's
  rmSync(path, { force: true });
  return path;
}

/** Serves `db` through pglite-socket with our session-aware queue: on a private Unix socket, or on 127.0.0.1. */
export async function servePGlite(db: PGlite, opts: ServeOptions = {}): Promise<PGliteServer> {
  const path = 'socketPath' in opts ? opts.socketPath : undefined;
  const server = new PGLiteSocketServer({
    db,
    ...(path ? { path } : { host: '127.0.0.1', port: 'port' in opts ? (opts.port ?? 0) : 0 }),
    maxConnections: opts.maxConnections ?? 64,
  });
  // The server hands its private queue to every connection handler; ours keeps each exchange and
  // transaction of one connection together (see SessionQueue). Fail loudly if an upgrade renames it.
  const internals = server as unknown as { queryQueue?: unknown };
  if (!internals.queryQueue) throw new Error('pglite-socket internals changed: no queryQueue to replace');
  const queue = new SessionQueue(db);
  internals.queryQueue = queue;
  await server.start();
  if (path) chmodSync(path, 0o600);
  const url = path ? socketUrl(dirname(path)) : `postgres://postgres@${server.getServerConn()}/postgres`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await queue.whenIdle();
        if (path) rmSync(path, { force: true });
      })();
      return stopping;
    },
  };
}
