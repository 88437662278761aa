import type { SessionManager } from '@annex/auth';
import type { Sql } from '@annex/db';
import type { AppConfig } from '../app-config.ts';

/** What use cases need from the outside world. */
export type Deps = {
  sql: Sql;
  config: AppConfig;
  sessions: SessionManager;
  search: { ping(): Promise<boolean> };
  /** the clock (tests move it) */
  now: () => Date;
};

/** Facts about the HTTP request that use cases record. */
export type RequestMeta = { ip: string; userAgent: string | null; requestId: string };
