import { join } from 'node:path';
import { type SessionManager, createSessionManager } from '@annex/auth';
import type { Db, Sql, Tx } from '@annex/db';
import type { SearchService } from '@annex/search';
import type { AppConfig } from '../app-config.ts';
import { type FileStorage, createLocalFileStorage } from '../lib/storage.ts';

/** What use cases need from the outside world. */
export type Deps = {
  sql: Sql;
  config: AppConfig;
  sessions: SessionManager;
  /** Meilisearch; null where this process runs without it (its search endpoints then answer 503 search_unavailable) */
  search: SearchService | null;
  /** the clock (tests move it) */
  now: () => Date;
  /** where attachments' bytes live */
  storage: FileStorage;
  /**
   * The transaction of the request, when one is open around the handler (Idempotency-Key requests: the key,
   * the work and the stored response commit together). Use cases run on `db(deps)`.
   */
  tx?: Tx;
};

/** The use cases' dependencies over a database and a configuration (system clock, files in `<dataDir>/files`). */
export function createDeps(d: Pick<Deps, 'sql' | 'config' | 'search'> & Partial<Pick<Deps, 'now' | 'storage'>>): Deps {
  const { sql, config } = d;
  return {
    sql,
    config,
    search: d.search,
    now: d.now ?? (() => new Date()),
    storage: d.storage ?? createLocalFileStorage(join(config.dataDir, 'files')),
    sessions: createSessionManager(
      sql,
      { idleDays: config.sessionIdleDays, absoluteDays: config.sessionAbsoluteDays, secretariatAbsoluteHours: config.secretariatAbsoluteHours },
      { secure: config.secureCookies },
    ),
  };
}

/** Where a use case runs its queries: the request's transaction if there is one, else the pool. */
export const db = (deps: Deps): Db => deps.tx ?? deps.sql;

/** Facts about the HTTP request that use cases record. */
export type RequestMeta = { ip: string; userAgent: string | null; requestId: string };
