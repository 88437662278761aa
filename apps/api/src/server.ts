import { serve } from '@hono/node-server';
import { createSql, migrationStatus } from '@annex/db';
import { createSearch, createSearchSync } from '@annex/search';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { API_APPLICATION_NAME } from './metrics.ts';
import { startMailSender } from './mail/sender.ts';
import { logTransport, smtpTransport } from './mail/transport.ts';
import { startScheduler } from './scheduler.ts';
import { startWebhookSender } from './webhook-sender.ts';

// Production entry: `node apps/api/src/server.ts`. Migrations are the operator's step
// (`pnpm annex migrate`, the compose file's migrate service, or `pnpm start`), never a side effect here.

function fail(message: string): never {
  console.error(`annex api: ${message}`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (!config.databaseUrl) fail('DATABASE_URL is required to run the API server (`pnpm start` provides one in the embedded mode).');
if (!config.meiliUrl) fail('MEILI_URL and MEILI_MASTER_KEY are required to run the API server (`pnpm start` provides them in the embedded mode).');

const log = createLogger({ level: config.logLevel });
const sql = createSql(config.databaseUrl, {
  max: config.databasePoolMax,
  prepare: config.databasePrepare,
  applicationName: API_APPLICATION_NAME,
});

try {
  const { pending } = await migrationStatus(sql);
  if (pending.length > 0) {
    await sql.end({ timeout: 1 });
    fail(
      `the database has ${pending.length} pending migration(s) (${pending.join(', ')}). ` +
        'Run `pnpm annex migrate` (or the migrate service) first; the API does not start on an outdated schema.',
    );
  }
} catch (error) {
  await sql.end({ timeout: 1 }).catch(() => {});
  fail(`cannot reach the database: ${(error as Error).message}`);
}

const search = createSearch({ url: config.meiliUrl, masterKey: config.meiliMasterKey, prefix: config.searchIndexPrefix });
const app = createApp({ sql, config, search, logger: log });
// outbox → Meilisearch; every API process may run one (rows are claimed with SKIP LOCKED and a lease)
const searchSync = config.searchSync ? createSearchSync({ sql, search, logger: log.child({ component: 'search-sync' }) }) : null;
searchSync?.start();
// time-driven transitions, reminders and saved-search alerts; safe to run in every API process
const scheduler = startScheduler({ sql, search, logger: log, intervalMs: config.schedulerIntervalMs, publicOrigin: config.publicOrigin });
// the e-mail outbox → SMTP (or the log in the embedded mode); every API process may run one (rows are claimed with
// SKIP LOCKED and a lease, so each message goes once)
const mailLog = log.child({ component: 'mail' });
const mailSender = startMailSender({
  sql, logger: mailLog, origin: config.publicOrigin, from: config.mailFrom,
  transport: config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : logTransport(mailLog),
});
// signed webhook deliveries with their retries; safe in every API process (deliveries are claimed with a lease)
const webhookSender = startWebhookSender({
  sql, logger: log, allowPrivate: config.webhookAllowPrivateDestinations, disablePolicy: config.webhookDisablePolicy,
});

const server = serve({ fetch: app.fetch, port: config.apiPort, hostname: config.host }, (info) => {
  log.info({ address: info.address, port: info.port }, `API listening on ${config.apiOrigin}`);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE' ? `port ${config.apiPort} on ${config.host} is in use (API_PORT)` : error.message);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  // in-flight requests get 10 s; then whatever remains is cut
  const force = setTimeout(() => {
    log.warn('requests still open after 10 s; closing them');
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, 10_000);
  force.unref();
  // close() waits for every open connection, and a keep-alive one (the proxy's) outlives its last request by the
  // keep-alive timeout: answers from now on say Connection: close, and connections are dropped as soon as they idle
  server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
  const idle = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 100);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // the workers stop at once, not after the requests: they take no new work, and what they hold goes back (the
  // webhook sender gives up its slow deliveries' claims), so the other processes take it up now, not after a lease
  await Promise.all([
    closed.finally(() => {
      clearInterval(idle);
      clearTimeout(force);
    }),
    scheduler.stop(),
    webhookSender.stop(),
    mailSender.stop(),
    searchSync?.stop(),
  ]);
  await sql.end({ timeout: 5 });
  log.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
