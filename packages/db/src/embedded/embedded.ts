import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedClientOptions } from '../client.ts';
import { acquireDataDirLock } from './lock.ts';
import { servePGlite } from './serve.ts';

export { DataDirLockedError, isDataDirLocked } from './lock.ts';

/** Options of `startEmbeddedPostgres`. */
export type EmbeddedPostgresOptions = {
  /** the data directory; PGlite lives in `<dataDir>/pglite`, the lock in `<dataDir>/pglite.lock` */
  dataDir: string;
  /** loopback port; default a free one */
  port?: number;
  /** concurrent client connections accepted (default 64) */
  maxConnections?: number;
};

/** A running embedded PostgreSQL (PGlite behind pglite-socket). */
export type EmbeddedPostgres = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** pass to createSql for this server (small pool, no named prepared statements) */
  clientOptions: typeof embeddedClientOptions;
  /** closes connections, closes PGlite (flushing it to disk) and releases the lock; idempotent */
  stop(): Promise<void>;
};

/**
 * Opens PGlite on disk in `<dataDir>/pglite` and serves it on 127.0.0.1. Throws DataDirLockedError when
 * another live process has the directory open; a lock left by a dead process is taken over.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const release = acquireDataDirLock(dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
    const server = await servePGlite(db, { port: opts.port ?? 0, maxConnections: opts.maxConnections });
    const pg = db;
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      clientOptions: embeddedClientOptions,
      stop() {
        stopping ??= (async () => {
          try {
            await server.stop();
            await pg.close();
          } finally {
            release();
          }
        })();
        return stopping;
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    release();
    throw err;
  }
}
