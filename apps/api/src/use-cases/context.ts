import type { SessionManager } from '@annex/auth';
import type { Db, Sql, Tx } from '@annex/db';
import type { AppConfig } from '../app-config.ts';
import type { FileStorage } from '../lib/storage.ts';

/** What use cases need from the outside world. */
export type Deps = {
  sql: Sql;
  config: AppConfig;
  sessions: SessionManager;
  search: { ping(): Promise<boolean> };
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

/** Where a use case runs its queries: the request's transaction if there is one, else the pool. */
export const db = (deps: Deps): Db => deps.tx ?? deps.sql;

/** Facts about the HTTP request that use cases record. */
export type RequestMeta = { ip: string; userAgent: string | null; requestId: string };
