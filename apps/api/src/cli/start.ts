import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createSql, embeddedClientOptions, migrate, type Sql } from '@annex/db';
import { HOLIDAY_LIBRARY, seedWorkingCalendar } from '../lib/holiday-library.ts';
import { applyIndexSettings, createSearch, type EmbeddedMeilisearch, ensureSearchKey, startEmbeddedMeilisearch } from '@annex/search';
import type { AppConfig } from '../config.ts';
import { type Child, startNode, waitForHttp } from './children.ts';
import { CliError, liveInstance, openEmbedded, redactUrl, removeRuntime, type RuntimeInfo, writeRuntime } from './runtime.ts';
import { buildWeb, webBuildStaleness } from './web-build.ts';

type Mode = 'start' | 'dev';
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Start-up was stopped by a signal. */
class Interrupted extends Error {}

/** Everything `start` opened, closed in reverse order. */
class Stack {
  private readonly closers: { name: string; close: () => Promise<void> }[] = [];
  private closed = false;
  push(name: string, close: () => Promise<void>) {
    // something that finished starting after the stop began is closed at once
    if (this.closed) void close().catch(() => {});
    else this.closers.push({ name, close });
  }
  async closeAll() {
    this.closed = true;
    while (this.closers.length > 0) {
      const { name, close } = this.closers.pop()!;
      try {
        await close();
      } catch (error) {
        console.error(`annex: stopping ${name} failed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * `pnpm start` / `pnpm dev`: embedded PostgreSQL and Meilisearch unless DATABASE_URL / MEILI_URL
 * are set, migrations, search settings, the demo market on first start, then the API and the web.
 */
export async function start(config: AppConfig, root: string, mode: Mode): Promise<number> {
  const t0 = performance.now();
  const log = (line: string) => console.log(`annex: ${line}`);
  const embeddedDb = !config.databaseUrl;
  const embeddedSearch = !config.meiliUrl;

  const running = liveInstance(config.dataDir);
  if (running && (embeddedDb || embeddedSearch)) {
    throw new CliError(
      `Annex is already running on ${config.dataDir} (pid ${running.pid}${running.webUrl ? `, ${running.webUrl}` : ''}). ` +
        'Stop it first, or set ANNEX_DATA_DIR to use another data directory.',
    );
  }
  for (const [name, port] of [['API_PORT', config.apiPort], ['WEB_PORT', config.webPort]] as const) {
    if (!(await portFree(port, config.host))) {
      throw new CliError(`Port ${port} on ${config.host} is in use (${name}). Stop what listens there or set ${name} to another port.`);
    }
  }

  const stack = new Stack();
  let shuttingDown = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const shutdown = async (reason: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${reason}; stopping…`);
    await stack.closeAll();
    removeRuntime(config.dataDir);
    log('stopped.');
    resolveDone(code);
  };
  const checkpoint = () => {
    if (shuttingDown) throw new Interrupted();
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(`received ${signal}`, 0);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  // start-up runs beside the shutdown path: a signal may stop it mid-way, even inside a step
  // that will never finish once the database is closed under it
  const startup = async () => {
    log(`${mode === 'dev' ? 'development mode' : 'starting'}; data in ${config.dataDir}`);
    // the web build is the slowest step: run it while the servers start
    const stale = mode === 'start' ? webBuildStaleness(root) : null;
    if (stale) log(`building the web app (${stale})…`);
    const build = stale ? buildWeb(root) : null;
    if (build) stack.push('the web build', () => build.cancel());
    const building = build ? build.done.then(() => checkpoint()).then(() => log(`web app built in ${seconds(t0)}`)) : Promise.resolve();
    building.catch(() => {});

    // both servers start at once; each is on the stack as soon as it runs, even if the other fails
    const [databaseResult, meiliResult] = await Promise.allSettled([
      (async () => {
        if (!embeddedDb) return { url: config.databaseUrl!, embedded: false };
        const pg = await openEmbedded(config.dataDir);
        stack.push('the embedded database', () => pg.stop());
        return { url: pg.url, embedded: true };
      })(),
      (async (): Promise<{ url: string; masterKey: string; server?: EmbeddedMeilisearch }> => {
        if (!embeddedSearch) return { url: config.meiliUrl!, masterKey: config.meiliMasterKey ?? '' };
        const server = await startEmbeddedMeilisearch({ dataDir: config.dataDir, binary: config.meiliBinary });
        stack.push('Meilisearch', () => server.stop());
        return { url: server.url, masterKey: server.masterKey, server };
      })(),
    ]);
    if (databaseResult.status === 'rejected') throw databaseResult.reason;
    if (meiliResult.status === 'rejected') throw meiliResult.reason;
    const database = databaseResult.value;
    const meili = meiliResult.value;
    checkpoint();
    log(`database ${database.embedded ? 'PGlite (embedded)' : 'PostgreSQL'} at ${redactUrl(database.url)}`);
    log(`search Meilisearch${meili.server ? ' (embedded)' : ''} at ${meili.url}`);

    const runtime: RuntimeInfo = {
      pid: process.pid,
      mode,
      startedAt: new Date().toISOString(),
      dataDir: config.dataDir,
      databaseUrl: database.url,
      meiliUrl: meili.url,
    };
    // published at once so CLI commands run meanwhile use this database instead of the files
    if (embeddedDb || embeddedSearch) writeRuntime(runtime);

    const sql: Sql = createSql(database.url, database.embedded ? { ...embeddedClientOptions, max: 1 } : { max: 2 });
    stack.push('the database connection', () => sql.end({ timeout: 5 }));
    const { applied } = await migrate(sql);
    checkpoint();
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
    const calendarYears = await seedWorkingCalendar(sql);
    if (calendarYears.length) log(`working calendar: entered ${calendarYears.join(', ')} from ${HOLIDAY_LIBRARY}`);

    const search = createSearch({ url: meili.url, masterKey: meili.masterKey, prefix: config.searchIndexPrefix });
    const changes = await applyIndexSettings(search.client, { prefix: search.prefix });
    if (changes.length) log(`search settings updated: ${changes.map((c) => `${c.index} (${c.keys.join(', ')})`).join('; ')}`);
    // before the API starts: its searches use this key
    await ensureSearchKey(search);

    const marker = join(config.dataDir, 'demo-seeded');
    if (embeddedDb && !existsSync(marker)) {
      // loaded only here: the seed brings the use cases with it
      const { printDemoAccounts, seedDemoMarket } = await import('./seed.ts');
      const seeded = await seedDemoMarket(sql, config);
      writeFileSync(marker, `${new Date().toISOString()}\n`);
      if (seeded.created) printDemoAccounts(seeded);
    } else if (!embeddedDb) {
      log('DATABASE_URL is set: no demo data is seeded (run `pnpm annex seed --demo` to add it).');
    }

    await building;
    checkpoint();

    const children: Child[] = [];
    const serverEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      API_PORT: String(config.apiPort),
      WEB_PORT: String(config.webPort),
      HOST: config.host,
      PUBLIC_ORIGIN: config.publicOrigin,
      API_ORIGIN: config.apiOrigin,
      ANNEX_DATA_DIR: config.dataDir,
      NODE_ENV: mode === 'dev' ? 'development' : 'production',
      // request lines would drown the start-up banner; LOG_LEVEL=info shows them
      LOG_LEVEL: process.env.LOG_LEVEL ?? (mode === 'dev' ? 'info' : 'warn'),
      // PGlite has one backend session: a small pool (its named statements are dropped as connections close)
      ...(database.embedded
        ? { DATABASE_POOL_MAX: String(embeddedClientOptions.max), DATABASE_PREPARE: String(embeddedClientOptions.prepare) }
        : {}),
    };
    const api = startNode('api', [...(mode === 'dev' ? ['--watch'] : []), 'apps/api/src/server.ts'], { cwd: root, env: serverEnv });
    children.push(api);
    // the web forwards attachment uploads (up to 20 MiB) to the API; adapter-node's default limit is 512 KB
    const webEnv = { ...serverEnv, PORT: String(config.webPort), ORIGIN: config.publicOrigin, BODY_SIZE_LIMIT: '21M' };
    const web =
      mode === 'dev'
        ? startNode(
            'web',
            [join(root, 'apps/web/node_modules/vite/bin/vite.js'), 'dev', '--port', String(config.webPort), '--host', config.host, '--strictPort'],
            { cwd: join(root, 'apps/web'), env: webEnv },
          )
        : // adapter-node's handler behind gzip/brotli compression (its own entry sends pages uncompressed)
          startNode('web', ['apps/web/server.ts'], { cwd: root, env: webEnv });
    children.push(web);
    // children stop before the database and search they use (the stack closes in reverse)
    for (const child of children) {
      stack.push(child.name, () => child.stop());
      void child.exited.then((code) => {
        if (!shuttingDown) void shutdown(`the ${child.name} process exited (${code})`, 1);
      });
    }

    const apiUrl = config.apiOrigin;
    const webUrl = config.publicOrigin;
    const webProbe = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.webPort}/`;
    // the web's pages call the API: ask for a page only once the API answers
    const apiUp = await waitForHttp(`${apiUrl}/healthz`, 60_000, () => !shuttingDown);
    const webUp = apiUp && (await waitForHttp(webProbe, 120_000, () => !shuttingDown));
    checkpoint();
    if (!apiUp || !webUp) {
      await shutdown(`the ${apiUp ? 'web' : 'API'} did not answer in time`, 1);
      return;
    }
    if (embeddedDb || embeddedSearch) writeRuntime({ ...runtime, apiUrl, webUrl });
    console.log('');
    console.log(`Annex is running (ready in ${seconds(t0)}):`);
    console.log(`  web   ${webUrl}`);
    console.log(`  API   ${apiUrl}   (docs: ${webUrl}/api/docs)`);
    console.log('Press Ctrl-C to stop.');
    console.log('');
  };
  let failure: unknown;
  void startup().catch(async (error) => {
    // a Ctrl-C during start-up is a stop, not a failure
    if (error instanceof Interrupted || shuttingDown) return;
    failure = error;
    await shutdown('start failed', 1);
  });
  const code = await done;
  if (failure) throw failure;
  return code;
}
