/**
 * `pnpm test:prod`: the production topology of infra/compose.yaml, run as processes without containers — a
 * PostgreSQL server, Meilisearch in production mode as its own process, the migrate job, two API processes, the web,
 * and Caddy (Debian's package) with the repository's own Caddyfile in front — checks that the two API processes behave
 * as one (scripts/prod-processes.ts), then runs the browser journeys through Caddy.
 *
 * Needs DATABASE_URL of a PostgreSQL server on which it may create a role and a database (`.ci/run` starts a
 * throwaway one); both are dropped at the end. `caddy` and Chromium from Debian's packages. The web must be built
 * (`pnpm --filter @annex/web build`; built here when missing). PROD_JOURNEYS picks the journeys (default: all that
 * `pnpm test:e2e` runs but the contract journey, which waits out a publicity window and adds nothing about the
 * topology; `none`: only the checks of the topology and of the two processes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProcesses } from './prod-processes.ts';
import { freePort, psql as runSql, services, startMeilisearch } from './services.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JOURNEYS = process.env.PROD_JOURNEYS ?? 'edge,demo,verification,market,policy,catalogue';
/** The services of infra/compose.yaml, each started below as a process of its own. */
const SERVICES = ['postgres', 'meilisearch', 'migrate', 'api-1', 'api-2', 'web', 'proxy'];

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('test:prod needs DATABASE_URL: a PostgreSQL server on which it may create a role and a database (.ci/run starts one).');
  process.exit(2);
}

const tmp = mkdtempSync(join(tmpdir(), 'annex-prod-'));
const log = (line: string) => console.log(`test:prod: ${line}`);

/** What compose gives the API processes must be what they get here: the names under x-api-env. */
function composeApiEnvNames(): string[] {
  const compose = readFileSync(join(ROOT, 'infra/compose.yaml'), 'utf8');
  const servicesBlock = compose.slice(compose.indexOf('\nservices:'), compose.indexOf('\nvolumes:'));
  const services = [...servicesBlock.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1]!);
  if (services.join(',') !== SERVICES.join(',')) {
    throw new Error(`infra/compose.yaml has the services ${services.join(', ')}; this script starts ${SERVICES.join(', ')}: make them agree`);
  }
  const block = /x-api-env: &api-env\n((?: {2}.*\n)+)/.exec(compose)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([A-Z_]+):/gm)].map((m) => m[1]!);
}

const topology = services({ cwd: ROOT, logDir: tmp });
const { children, start, job, waitFor, tail, stop: stopChild, stopAll } = topology;
const psql = (sql: string) => runSql(adminUrl!, sql);

async function main(): Promise<number> {
  const apiEnvNames = composeApiEnvNames();
  const suffix = randomBytes(4).toString('hex');
  const role = `annex_prod_${suffix}`;
  const password = randomBytes(18).toString('base64url');
  const server = new URL(adminUrl!);

  // postgres: a role and a database of its own on the server, reached with a password like compose's
  psql(`create role ${role} login password '${password}'`);
  psql(`create database ${role} owner ${role}`);
  const databaseUrl = `postgres://${role}:${password}@${server.hostname}:${server.port || 5432}/${role}`;
  try {
    // meilisearch: production mode, its own master key
    const [meiliPort, api1Port, api2Port, webPort, lbPort, proxyPort] = await Promise.all(Array.from({ length: 6 }, freePort));
    const masterKey = randomBytes(24).toString('base64url');
    await startMeilisearch(topology, { dbPath: join(tmp, 'meili'), port: meiliPort!, masterKey });

    const publicOrigin = `http://127.0.0.1:${proxyPort}`;
    const metricsToken = randomBytes(18).toString('base64url');
    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      MEILI_URL: `http://127.0.0.1:${meiliPort}`,
      MEILI_MASTER_KEY: masterKey,
      PUBLIC_ORIGIN: publicOrigin,
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      OCDS_OCID_PREFIX: 'ocds-annex',
      METRICS_TOKEN: metricsToken,
      // compose's default: no SMTP server, so e-mails are written to the log (and the outbox) only
      SMTP_URL: '',
      MAIL_FROM: '',
      ANNEX_DATA_DIR: join(tmp, 'api-files'),
      // as the browser journeys need (scripts/e2e.ts starts its own instance the same way)
      MIN_BID_WINDOW_SECONDS: '0',
      PUBLICITY_SECONDS: '240',
      // the webhook receiver of scripts/prod-processes.ts listens on loopback; its token check spends a whole limit
      WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true',
      API_TOKEN_RATE_PER_MINUTE: '100',
    };
    const missing = apiEnvNames.filter((n) => apiEnv[n] === undefined && !['API_PORT', 'SESSION_IDLE_DAYS', 'SESSION_ABSOLUTE_DAYS',
      'SECRETARIAT_SESSION_HOURS', 'AWARD_WINDOW_DAYS'].includes(n));
    if (missing.length) throw new Error(`compose gives the API ${missing.join(', ')}, which this script does not: make them agree`);

    // migrate: the job compose runs once before the API; then the demo market the journeys use
    log(job('migrate', ['apps/api/src/cli/main.ts', 'migrate'], apiEnv).trim());
    const seeded = job('seed', ['apps/api/src/cli/main.ts', 'seed', '--demo'], apiEnv);
    const demoPassword = /password for every demo account: (\S+)/.exec(seeded)?.[1];
    if (!demoPassword) throw new Error(`the demo seed printed no password:\n${seeded}`);

    // api-1, api-2: the same code, two processes, each with its scheduler and search sync
    start('api-1', process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(api1Port) });
    start('api-2', process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(api2Port) });
    await waitFor(`http://127.0.0.1:${api1Port}/healthz`, 'api-1');
    await waitFor(`http://127.0.0.1:${api2Port}/healthz`, 'api-2');

    // web: as compose runs it, calling the API through the proxy's internal port
    if (!existsSync(join(ROOT, 'apps/web/build/handler.js'))) execFileSync('pnpm', ['--filter', '@annex/web', 'build'], { cwd: ROOT, stdio: 'inherit' });
    start('web', process.execPath, ['apps/web/server.ts'], {
      ...process.env, PORT: String(webPort), HOST: '127.0.0.1', ORIGIN: publicOrigin, PUBLIC_ORIGIN: publicOrigin,
      API_ORIGIN: `http://127.0.0.1:${lbPort}`, NODE_ENV: 'production', ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1',
      BODY_SIZE_LIMIT: '21M',
    });

    // proxy: Debian's Caddy with infra/Caddyfile as it is
    start('proxy', 'caddy', ['run', '--config', 'infra/Caddyfile', '--adapter', 'caddyfile'], {
      ...process.env,
      ANNEX_HOST: publicOrigin,
      ANNEX_API_UPSTREAMS: `127.0.0.1:${api1Port} 127.0.0.1:${api2Port}`,
      ANNEX_WEB_UPSTREAM: `127.0.0.1:${webPort}`,
      ANNEX_API_LB_PORT: String(lbPort),
      ANNEX_API_LB_BIND: '127.0.0.1',
      CADDY_ADMIN: 'off',
      XDG_DATA_HOME: join(tmp, 'caddy-data'),
      XDG_CONFIG_HOME: join(tmp, 'caddy-config'),
    });
    await waitFor(`${publicOrigin}/healthz`, 'the API through Caddy');
    await waitFor(`${publicOrigin}/`, 'the web through Caddy');
    await checkTopology(publicOrigin);
    // one API process stopped (a deploy, a crash): Caddy sends the requests to the other, none fails
    await stopChild('api-1');
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${publicOrigin}/api/v1/orders?limit=1`);
      if (r.status !== 200) throw new Error(`with api-1 stopped, a request through Caddy got ${r.status}`);
    }
    start('api-1', process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(api1Port) });
    await waitFor(`http://127.0.0.1:${api1Port}/healthz`, 'api-1 again');
    log('with api-1 stopped, 20 requests through Caddy all answered by api-2; api-1 started again');
    const apiPorts = [api1Port, api2Port];
    const apiChild = (i: number) => children.find((c) => c.name === `api-${i + 1}`)!.child;
    await checkProcesses({
      apis: [`http://127.0.0.1:${api1Port}`, `http://127.0.0.1:${api2Port}`], origin: publicOrigin, password: demoPassword, log, databaseUrl,
      tokenRatePerMinute: Number(apiEnv.API_TOKEN_RATE_PER_MINUTE),
      processes: {
        signal: (i, signal) => apiChild(i).kill(signal),
        stop: async (i) => {
          const child = apiChild(i);
          const t0 = performance.now();
          const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
          await stopChild(`api-${i + 1}`);
          return { code: await exited, ms: performance.now() - t0 };
        },
        start: async (i) => {
          start(`api-${i + 1}`, process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(apiPorts[i]) });
          await waitFor(`http://127.0.0.1:${apiPorts[i]}/healthz`, `api-${i + 1} again`);
        },
      },
    });
    const scraped = await fetch(`http://127.0.0.1:${api2Port}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    const figures = await scraped.text();
    if (scraped.status !== 200 || !figures.includes('annex_queue_waiting{queue="search_outbox"}') || !figures.includes('route="/api/v1/auth/login"')) {
      throw new Error(`GET /metrics on api-2: ${scraped.status}\n${figures.slice(0, 500)}`);
    }
    if ((await fetch(`${publicOrigin}/metrics`)).headers.get('content-type')?.includes('text/plain; version')) throw new Error('Caddy routes /metrics to the API');
    log('GET /metrics answers its token on each API process, and is not reachable through Caddy');

    if (JOURNEYS === 'none') return 0;
    log(`Annex behind Caddy at ${publicOrigin} (logs in ${tmp}); journeys: ${JOURNEYS}`);
    const e2e = spawn(process.execPath, ['scripts/e2e.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, E2E_WEB_URL: publicOrigin, E2E_DEMO_PASSWORD: demoPassword, E2E_JOURNEYS: JOURNEYS },
    });
    const code = await new Promise<number>((r) => e2e.once('exit', (c) => r(c ?? 1)));
    for (const { name, child } of children) {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) during the journeys:\n${tail(name)}`);
    }
    return code;
  } finally {
    await stopAll();
    psql(`drop database if exists ${role} with (force)`);
    psql(`drop role if exists ${role}`);
  }
}

/** What only the production topology shows: Caddy compresses and sends HSTS. */
async function checkTopology(origin: string): Promise<void> {
  const home = await fetch(`${origin}/`, { headers: { 'accept-encoding': 'gzip' } });
  if (!home.headers.get('content-encoding')) throw new Error('the home page came through Caddy uncompressed');
  if (!home.headers.get('strict-transport-security')) throw new Error('Caddy sent no Strict-Transport-Security header');
  // (bodies over the limits, Caddy's and the API's, are the edge journey's: scripts/e2e.ts)
  log('through Caddy: pages compressed, HSTS sent');
}

// stopped from outside (Ctrl-C, a CI timeout): the processes it started go too
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => {
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`test:prod: ${(error as Error).message}`);
  for (const { name } of children) console.error(`--- ${name} (last lines)\n${tail(name)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
