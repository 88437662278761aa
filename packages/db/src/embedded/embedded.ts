import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedClientOptions } from '../client.ts';
import { acquireDataDirLock } from './lock.ts';
import { privateSocketPath, servePGlite } from './serve.ts';

export { DataDirLockedError, isDataDirLocked } from './lock.ts';

/** Options of `startEmbeddedPostgres`. */
export type EmbeddedPostgresOptions = {
  /** the data directory; PGlite lives in `<dataDir>/pglite`, the lock in `<dataDir>/pglite.lock`, the socket in `<dataDir>/run` */
  dataDir: string;
  /** concurrent client connections accepted (default 64) */
  maxConnections?: number;
  /** a copy made by `dumpDataDir` to create the database from (restore); `<dataDir>/pglite` must hold no database */
  loadDataDir?: Blob;
};

/** A running embedded PostgreSQL (PGlite behind pglite-socket, on a Unix socket only this OS user may open). */
export type EmbeddedPostgres = {
  /** postgres://postgres@localhost/postgres?host=<socketDir> (createSql connects to the socket) */
  url: string;
  /** the directory of the socket `.s.PGSQL.5432`, mode 0700 */
  socketDir: string;
  /** pass to createSql for this server (small pool, no named prepared statements) */
  clientOptions: typeof embeddedClientOptions;
  /**
   * A consistent copy of the whole database (PGlite's own gzipped tar of its data directory, taken while no query
   * runs), which `loadDataDir` creates a database from.
   */
  dumpDataDir(): Promise<Blob>;
  /** closes connections, closes PGlite (flushing it to disk) and releases the lock; idempotent */
  stop(): Promise<void>;
};

/** The directory of the embedded database's socket in a data directory. */
export const socketDirOf = (dataDir: string) => join(resolve(dataDir), 'run');

/**
 * Opens PGlite on disk in `<dataDir>/pglite` and serves it on a Unix socket in `<dataDir>/run` (0700): PGlite asks
 * no password, so only processes of this OS user may connect, and nothing listens on TCP. Throws DataDirLockedError when
 * another live process has the directory open; a lock left by a dead process is taken over.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const release = acquireDataDirLock(dataDir);
  let db: PGlite | undefined;
  try {
    const socketDir = socketDirOf(dataDir);
    const socketPath = privateSocketPath(socketDir);
    db = await PGlite.create({ dataDir: join(dataDir, 'pglite'), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
    const server = await servePGlite(db, { socketPath, maxConnections: opts.maxConnections });
    const pg = db;
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      socketDir,
      clientOptions: embeddedClientOptions,
      dumpDataDir: () => pg.dumpDataDir('gzip'),
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
