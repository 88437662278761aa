import { resolve } from 'node:path';
import { DEFAULT_TOKEN_RATE_PER_MINUTE, type DisablePolicy } from '@annex/domain';
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535, 'must be a port number (1–65535)').default(fallback);
const positiveInt = (fallback: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1').default(fallback);
const nonNegativeInt = (fallback: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').default(fallback);
/** Empty strings count as unset, so `FOO= pnpm start` behaves like leaving FOO out. */
const optionalText = z.string().trim().min(1).optional();

const origin = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://annex.example.cn' })
  .refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, ''), {
    message: 'must be an origin only: scheme, host and port, no path or query',
  })
  .transform((value) => new URL(value).origin);

const databaseUrl = z.url({
  protocol: /^postgres(ql)?$/,
  error: 'must be a postgres:// or postgresql:// URL',
});

/** The ocid prefix of an instance that has not registered its own: says plainly that it is Annex's default. */
export const DEFAULT_OCID_PREFIX = 'ocds-annex';

/** The sender when MAIL_FROM is unset (the embedded mode sends nothing, so it is only written in the log). */
export const DEFAULT_MAIL_FROM = '数据标注订单对接服务平台 <noreply@localhost>';

const Env = z
  .object({
    DATABASE_URL: databaseUrl.optional(),
    DATABASE_POOL_MAX: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(200).default(10),
    DATABASE_PREPARE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
    MEILI_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    MEILI_MASTER_KEY: optionalText,
    MEILI_BINARY: optionalText,
    // run the outbox → Meilisearch worker in this API process (false: a separate process runs it)
    SEARCH_SYNC: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
    // prepended to every index name, so several deployments can share one Meilisearch
    SEARCH_INDEX_PREFIX: z.string().trim().regex(/^[a-zA-Z0-9_-]{0,40}$/, 'must be letters, digits, _ or - (at most 40)').default(''),
    ANNEX_DATA_DIR: z.string().trim().min(1).default('.data'),
    API_PORT: port(3001),
    WEB_PORT: port(3000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PUBLIC_ORIGIN: origin.optional(),
    API_ORIGIN: origin.optional(),
    SESSION_IDLE_DAYS: positiveInt(7),
    SESSION_ABSOLUTE_DAYS: positiveInt(30),
    SECRETARIAT_SESSION_HOURS: positiveInt(12),
    // 0 is allowed so tests and the demo can open bidding for a few seconds
    MIN_BID_WINDOW_SECONDS: nonNegativeInt(86400),
    AWARD_WINDOW_DAYS: positiveInt(30),
    PUBLICITY_SECONDS: nonNegativeInt(259200),
    // 0 in production; the browser journeys open a statistics period already past its due date, so filers are late at once
    STATISTICS_DUE_BACKDATE_DAYS: nonNegativeInt(0),
    REVIEW_WINDOW_WORKING_DAYS: positiveInt(5),
    // requests one API token may make per minute, counted in PostgreSQL across every API process
    API_TOKEN_RATE_PER_MINUTE: positiveInt(DEFAULT_TOKEN_RATE_PER_MINUTE),
    SCHEDULER_INTERVAL_MS: positiveInt(5000),
    // webhooks may reach loopback and private addresses (tests, a closed network); never on a public deployment
    WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    // a subscription is disabled after this many failed attempts in a row spanning at least this many hours
    WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt(15),
    WEBHOOK_DISABLE_AFTER_HOURS: nonNegativeInt(24),
    // the open-data (OCDS) ocid prefix: register one (ocds-xxxxxx) with the Open Contracting Partnership for production
    OCDS_OCID_PREFIX: z.string().trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, 'must be letters, digits and - (3–40), e.g. ocds-a1b2c3').default(DEFAULT_OCID_PREFIX),
    // GET /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, there is no /metrics
    METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    // e-mail: the SMTP server (smtp://user:pass@host:587 with STARTTLS, smtps://…:465); unset, e-mails go to the log
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.cn:587' }).optional(),
    MAIL_FROM: z.string().trim().regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address, e.g. 数据标注平台 <noreply@annex.example.cn>').optional(),
    // where `annex backup` / `restore` find pg_dump and pg_restore (unset: the newest of /usr/lib/postgresql/*/bin and PATH)
    PG_BIN: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  });

/** Rules across variables, checked even when single variables are wrong so all problems show at once. */
function crossChecks(raw: Record<string, string>, env: z.infer<typeof Env> | undefined): string[] {
  const errors: string[] = [];
  if (raw.MEILI_URL && !raw.MEILI_MASTER_KEY) errors.push('MEILI_MASTER_KEY is required when MEILI_URL is set');
  if (!env) return errors;
  if (env.SESSION_IDLE_DAYS > env.SESSION_ABSOLUTE_DAYS) {
    errors.push(`SESSION_IDLE_DAYS (${env.SESSION_IDLE_DAYS}) must not exceed SESSION_ABSOLUTE_DAYS (${env.SESSION_ABSOLUTE_DAYS})`);
  }
  if (env.API_PORT === env.WEB_PORT) errors.push(`API_PORT must differ from WEB_PORT (both are ${env.API_PORT})`);
  // in production a silent localhost default would refuse every write and send cookies without Secure
  if (env.NODE_ENV === 'production') {
    if (!env.PUBLIC_ORIGIN) errors.push('PUBLIC_ORIGIN is required when NODE_ENV=production (the address users open)');
    if (env.SMTP_URL && !env.MAIL_FROM) errors.push('MAIL_FROM is required when SMTP_URL is set in production (the sender address)');
    if (env.MEILI_MASTER_KEY && Buffer.byteLength(env.MEILI_MASTER_KEY) < 16) {
      errors.push('MEILI_MASTER_KEY must be at least 16 bytes long when NODE_ENV=production');
    }
  }
  return errors;
}

/** Every setting of the API, the web and the CLI, read once from the environment. */
export type AppConfig = {
  /** PostgreSQL URL; absent means the embedded PGlite in `dataDir` (CLI only). */
  databaseUrl: string | undefined;
  /** Connections per API process. */
  databasePoolMax: number;
  /** Named prepared statements; off behind PgBouncer in transaction mode and on the embedded PGlite. */
  databasePrepare: boolean;
  /** Meilisearch URL; absent means the embedded binary (CLI only). */
  meiliUrl: string | undefined;
  meiliMasterKey: string | undefined;
  /** Override for the Meilisearch binary the embedded mode runs. */
  meiliBinary: string | undefined;
  /** Whether the API process runs the search sync worker (SEARCH_SYNC, default true). */
  searchSync: boolean;
  /** Prefix of every index name (SEARCH_INDEX_PREFIX, default none). */
  searchIndexPrefix: string;
  /** Absolute path of the data directory of the embedded mode. */
  dataDir: string;
  apiPort: number;
  webPort: number;
  host: string;
  /** The origin browsers use (the web's); CSRF checks and cookies depend on it. */
  publicOrigin: string;
  /** Where the API itself is reached (by the web's server side and the CLI). */
  apiOrigin: string;
  /** `__Host-` cookies with Secure: only when the public origin is https. */
  secureCookies: boolean;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  secretariatAbsoluteHours: number;
  minBidWindowSeconds: number;
  /** Days after the bid deadline in which the buyer must award, else the order is unsuccessful. */
  awardWindowDays: number;
  /** Length of the award's publicity window (中标公示), in which losing bidders may object. */
  publicitySeconds: number;
  /** Days before today a new statistics period's due date may lie (STATISTICS_DUE_BACKDATE_DAYS; 0: today at the earliest). */
  statisticsDueBackdateDays: number;
  /** Working days the buyer has to decide on a delivered batch before it is accepted by silence. */
  reviewWindowWorkingDays: number;
  /** Requests one API token may make per minute (API_TOKEN_RATE_PER_MINUTE). */
  apiTokenRatePerMinute: number;
  /** How often the scheduler of time-driven transitions looks for due work. */
  schedulerIntervalMs: number;
  /** Webhooks may reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE_DESTINATIONS, default false). */
  webhookAllowPrivateDestinations: boolean;
  /** When a failing webhook subscription is disabled (WEBHOOK_DISABLE_AFTER_FAILURES, WEBHOOK_DISABLE_AFTER_HOURS). */
  webhookDisablePolicy: DisablePolicy;
  /** The prefix of every open-data contracting process id (OCDS_OCID_PREFIX). */
  ocidPrefix: string;
  /** The bearer token of GET /metrics; null: no /metrics (METRICS_TOKEN). */
  metricsToken: string | null;
  /** The SMTP server e-mails go to (SMTP_URL); unset: the log and the outbox only (the mail viewer). */
  smtpUrl: string | undefined;
  /** The sender of e-mails (MAIL_FROM). */
  mailFrom: string;
  /** The directory of pg_dump and pg_restore for backups (PG_BIN); unset: found by `findPgTool`. */
  pgBin: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
};

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

/** Parses settings from `env`; on failure lists one readable line per wrong variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = Env.safeParse(cleaned);
  const errors = (parsed.error?.issues ?? []).map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const given = cleaned[name];
    // values of URLs, keys and tokens may hold credentials: never echo them
    const shown = given === undefined || /KEY|URL|TOKEN/.test(name) ? '' : ` (got "${given}")`;
    return `${name} ${issue.message}${shown}`;
  });
  errors.push(...crossChecks(cleaned as Record<string, string>, parsed.data));
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const e = parsed.data;
  const loopback = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const apiHost = loopback.includes(':') ? `[${loopback}]` : loopback;
  const publicOrigin = e.PUBLIC_ORIGIN ?? `http://localhost:${e.WEB_PORT}`;
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      databasePoolMax: e.DATABASE_POOL_MAX,
      databasePrepare: e.DATABASE_PREPARE === 'true',
      meiliUrl: e.MEILI_URL?.replace(/\/$/, ''),
      meiliMasterKey: e.MEILI_MASTER_KEY,
      meiliBinary: e.MEILI_BINARY,
      searchSync: e.SEARCH_SYNC === 'true',
      searchIndexPrefix: e.SEARCH_INDEX_PREFIX,
      dataDir: resolve(cwd, e.ANNEX_DATA_DIR),
      apiPort: e.API_PORT,
      webPort: e.WEB_PORT,
      host: e.HOST,
      publicOrigin,
      apiOrigin: e.API_ORIGIN ?? `http://${apiHost}:${e.API_PORT}`,
      secureCookies: publicOrigin.startsWith('https:'),
      sessionIdleDays: e.SESSION_IDLE_DAYS,
      sessionAbsoluteDays: e.SESSION_ABSOLUTE_DAYS,
      secretariatAbsoluteHours: e.SECRETARIAT_SESSION_HOURS,
      minBidWindowSeconds: e.MIN_BID_WINDOW_SECONDS,
      awardWindowDays: e.AWARD_WINDOW_DAYS,
      publicitySeconds: e.PUBLICITY_SECONDS,
      statisticsDueBackdateDays: e.STATISTICS_DUE_BACKDATE_DAYS,
      reviewWindowWorkingDays: e.REVIEW_WINDOW_WORKING_DAYS,
      apiTokenRatePerMinute: e.API_TOKEN_RATE_PER_MINUTE,
      schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
      webhookAllowPrivateDestinations: e.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS === 'true',
      webhookDisablePolicy: { failures: e.WEBHOOK_DISABLE_AFTER_FAILURES, afterMs: e.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000 },
      ocidPrefix: e.OCDS_OCID_PREFIX,
      metricsToken: e.METRICS_TOKEN ?? null,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM ?? DEFAULT_MAIL_FROM,
      pgBin: e.PG_BIN,
      logLevel: e.LOG_LEVEL,
      nodeEnv: e.NODE_ENV,
    },
  };
}

/** Thrown by `loadConfig`; its message is the full list of problems. */
export class ConfigError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(`Invalid configuration:\n${errors.map((line) => `  - ${line}`).join('\n')}\nSee the configuration table in README.md.`);
    this.name = 'ConfigError';
    this.errors = errors;
  }
}

/** Parses settings once, throwing a `ConfigError` that lists every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): AppConfig {
  const result = parseConfig(env, cwd);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}
