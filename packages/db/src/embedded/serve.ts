import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue.ts';

/** A PGlite instance served over TCP on loopback. */
export type PGliteServer = { url: string; port: number; stop(): Promise<void> };

/** Serves `db` on 127.0.0.1 (`port` 0 = a free port) through pglite-socket with our session-aware queue. */
export async function servePGlite(db: PGlite, opts: { port?: number; maxConnections?: number } = {}): Promise<PGliteServer> {
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 64,
  });
  // The server hands its private queue to every connection handler; ours keeps each exchange and
  // transaction of one connection together (see SessionQueue). Fail loudly if an upgrade renames it.
  const internals = server as unknown as { queryQueue?: unknown };
  if (!internals.queryQueue) throw new Error('pglite-socket internals changed: no queryQueue to replace');
  const queue = new SessionQueue(db);
  internals.queryQueue = queue;
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await queue.whenIdle();
      })();
      return stopping;
    },
  };
}
