// `pnpm bench:reads`: GET /api/v1/orders/{id} as a signed-in vendor (session cookie) through the real API over HTTP,
// beside a hand-written floor in the same run: bare Hono on @hono/node-server with postgres.js doing the session
// lookup and one query for the order — what a read of an order cannot do without.
// - Beside it a second floor, "floor + page": the same bare server running the very statement the API runs for the
//   order page (the order with its counts, award, attachments and the viewing vendor's bid and profile, one
//   statement). The first floor reads the order row alone, work the API cannot get away with; the API against the
//   second floor is what our code (middleware, session rules, presenters) costs over the same SQL.
// - On a PostgreSQL server (DATABASE_URL; a throwaway database, dropped at the end): requests/s and p50/p95 at
//   BENCH_CONNECTIONS (32) keep-alive connections for each, the API and the floor each in a process of its own with
//   the same pool size, the load from this process. The machine is often shared, so the runs are interleaved —
//   floor, API, floor, API … for BENCH_ROUNDS rounds — and the ratio of each API run to the floor run just before it
//   is reported as the median over rounds.
// - In the embedded mode (PGlite served on a Unix socket through pglite-socket, the API in its own process, as
//   `annex start` runs them): the serial latency of an order read.
// - CPU per read of the load generator, the server process and the PostgreSQL backends (from /proc), which on a
//   small machine share its cores: where a difference in requests per second comes from.
// - The SQL statements one order read runs, counted in process with postgres.js' debug hook.
// `reads.ts serve <api|floor> <database url> <pool size> <prepare 0|1>` is the server process the bench starts.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSessionManager, sessionIdFromToken } from '@annex/auth';
import { type Sql, createSql, embeddedClientOptions, migrate, orderPage, startEmbeddedPostgres } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '@annex/db/fixtures.ts';
import { createTestDatabase } from '@annex/db/testing.ts';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { createMemoryFileStorage } from '../src/lib/storage.ts';
import { TEST_CONFIG } from '../src/test-helpers.ts';
import { cpuSecondsOf, median, pct } from './common.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const POOL = Number(process.env.BENCH_POOL ?? 10);
const SERIAL = Number(process.env.BENCH_SERIAL ?? 1000);
const GOAL = { ratio: 0.6, p95Ms: 20, embeddedMs: 3 };
const COOKIE = 'annex_session';

type Kind = 'api' | 'floor' | 'floor-page';

/**
 * The floor: the session (with user and membership, as the API reads it) and the order, one statement each;
 * `page`: the order read with the API's own order-page statement instead of the order row alone.
 */
function floorApp(sql: Sql, page = false) {
  return new Hono().get('/api/v1/orders/:id', async (c) => {
    const token = /(?:^|;\s*)annex_session=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1];
    if (!token) return c.json({ code: 'unauthenticated' }, 401);
    const [session] = await sql<{ idleExpiresAt: Date; absoluteExpiresAt: Date; mOrgId: string | null }[]>`
      select s.*, u.email as u_email, u.display_name as u_display_name, m.org_id as m_org_id, m.role as m_role, o.kind as m_org_kind
      from sessions s join users u on u.id = s.user_id
      left join memberships m on m.user_id = s.user_id left join organisations o on o.id = m.org_id
      where s.id = ${sessionIdFromToken(token)}`;
    const now = new Date();
    if (!session || now >= session.idleExpiresAt || now >= session.absoluteExpiresAt) return c.json({ code: 'unauthenticated' }, 401);
    if (page) {
      const read = await orderPage.read(sql, c.req.param('id'), session.mOrgId);
      return read ? c.json({ ...read.row, ...read.facts }) : c.json({ code: 'not_found' }, 404);
    }
    const [order] = await sql`select * from orders where id = ${c.req.param('id')}`;
    return order ? c.json(order) : c.json({ code: 'not_found' }, 404);
  });
}

/** The API as its server runs it (access log written, to nowhere), without search and the background workers. */
const apiApp = (sql: Sql) =>
  createApp({ sql, config: TEST_CONFIG, search: null, logger: pino({ level: 'info' }, pino.destination('/dev/null')), storage: createMemoryFileStorage() });

type Server = { port: number; child: ChildProcess };

/** Starts `reads.ts serve …` in a process of its own and waits for its port. */
async function startServer(kind: Kind, url: string, opts: { max: number; prepare: boolean }): Promise<Server> {
  const child = spawn(process.execPath, [import.meta.filename, 'serve', kind, url, String(opts.max), opts.prepare ? '1' : '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // never outlive the bench, however it ends
  process.once('exit', () => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return { port, child };
}

const stopServer = (s: Server) => new Promise<void>((resolve) => {
  s.child.once('exit', () => resolve());
  s.child.kill('SIGTERM');
});

/** A load run; `cpu`: CPU seconds used meanwhile by the load generator, the server process and PostgreSQL's backends. */
type Run = { n: number; seconds: number; latencies: number[]; errors: number; cpu: { load: number; server: number | null; pg: number | null } };

/** One GET; resolves with its status once the body is read. */
function get(agent: Agent, port: number, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `connections` loops sending GETs back to back for `seconds` to `server`; `pgPids`: the database's backends. */
async function load(server: Server, path: string, cookie: string, connections: number, seconds: number, pgPids: number[] = []): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = { load: process.cpuUsage(), server: cpuSecondsOf([server.child.pid!]), pg: cpuSecondsOf(pgPids) };
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const s = performance.now();
      if ((await get(agent, server.port, path, cookie)) !== 200) errors += 1;
      latencies.push(performance.now() - s);
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0.load);
  const [server1, pg1] = [cpuSecondsOf([server.child.pid!]), cpuSecondsOf(pgPids)];
  agent.destroy();
  return {
    n: latencies.length, seconds: elapsed, latencies: latencies.sort((a, b) => a - b), errors,
    cpu: {
      load: (used.user + used.system) / 1e6,
      server: server1 === null || cpu0.server === null ? null : server1 - cpu0.server,
      pg: pg1 === null || cpu0.pg === null ? null : pg1 - cpu0.pg,
    },
  };
}

const rate = (r: Run) => r.n / r.seconds;
const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + (x ?? 0), 0));
const merge = (runs: Run[]): Run => ({
  n: runs.reduce((s, r) => s + r.n, 0),
  seconds: runs.reduce((s, r) => s + r.seconds, 0),
  latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
  errors: runs.reduce((s, r) => s + r.errors, 0),
  cpu: { load: sum(runs.map((r) => r.cpu.load))!, server: sum(runs.map((r) => r.cpu.server)), pg: sum(runs.map((r) => r.cpu.pg)) },
});
/** CPU µs per request, as printed. */
const cpuLine = (r: Run) => {
  const us = (s: number | null) => (s === null ? '—' : ((s / r.n) * 1e6).toFixed(0));
  return `CPU µs each: load ${us(r.cpu.load)}, server ${us(r.cpu.server)}, PostgreSQL ${us(r.cpu.pg)}`;
};
const line = (label: string, r: Run) =>
  `  ${label.padEnd(34)} ${rate(r).toFixed(0).padStart(6)} req/s  p50 ${pct(r.latencies, 50).toFixed(1).padStart(5)} ms` +
  `  p95 ${pct(r.latencies, 95).toFixed(1).padStart(5)} ms  ${cpuLine(r)}` + (r.errors ? `  (${r.errors} not 200)` : '');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** A buyer's open order on which a signed-in vendor has bid; the vendor's session cookie. */
async function seed(sql: Sql): Promise<{ path: string; cookie: string }> {
  const sessions = createSessionManager(sql, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
  const buyer = await createOrgWithOwner(sql, 'buyer');
  const vendor = await createVerifiedVendor(sql);
  const order = await createOpenOrder(sql, buyer.org.id, { requiredCertifications: [], minHeadcount: 0 });
  const { token } = await sessions.create(vendor.owner.id, { orgKind: 'vendor', userAgent: 'bench', ip: null });
  const cookie = `${COOKIE}=${token}`;
  // the vendor's bid, through the API as the web sends it
  const app = apiApp(sql);
  const body = JSON.stringify({ totalPriceFen: 90_000_000, unitPriceFen: 700, deliveryDays: 30, teamSize: 60, committedAccuracy: 99, proposal: '基准测试' });
  const res = await app.request(`/api/v1/orders/${order.id}/bids`, {
    method: 'POST', body, headers: { cookie, origin: TEST_CONFIG.publicOrigin, 'content-type': 'application/json' },
  });
  if (res.status !== 201) throw new Error(`seeding the bid: ${res.status} ${await res.text()}`);
  return { path: `/api/v1/orders/${order.id}`, cookie };
}

/** Statements one read runs (after a warm-up read), counted with postgres.js' debug hook in this process. */
async function statementsPerRead(url: string, opts: { max: number; prepare: boolean }, path: string, cookie: string) {
  let count = 0;
  const counted = createSql(url, { ...opts, onQuery: () => { count += 1; } });
  try {
    const out: Record<Kind, number> = { api: 0, floor: 0, 'floor-page': 0 };
    for (const [kind, app] of [['api', apiApp(counted)], ['floor', floorApp(counted)], ['floor-page', floorApp(counted, true)]] as const) {
      await app.request(path, { headers: { cookie } });
      count = 0;
      const res = await app.request(path, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${kind} read: ${res.status} ${await res.text()}`);
      out[kind] = count;
    }
    return out;
  } finally {
    await counted.end({ timeout: 1 });
  }
}

async function serverMode(): Promise<boolean> {
  const db = await createTestDatabase();
  const servers: Server[] = [];
  try {
    const { path, cookie } = await seed(db.sql);
    const opts = { max: POOL, prepare: true };
    const statements = await statementsPerRead(db.url, opts, path, cookie);
    const kinds = ['floor', 'floor-page', 'api'] as const;
    const started = {} as Record<Kind, Server>;
    for (const kind of kinds) {
      started[kind] = await startServer(kind, db.url, opts);
      servers.push(started[kind]);
    }
    // warm-up: connections, JIT, prepared statements
    for (const kind of kinds) await load(started[kind], path, cookie, CONNECTIONS, 1);
    // the backends serving this database (the servers' pools; the bench's own connection idles)
    const pgPids = (await db.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
    const runs: Record<Kind, Run[]> = { floor: [], 'floor-page': [], api: [] };
    const ratios = { floor: [] as number[], page: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const r = {} as Record<Kind, Run>;
      for (const kind of kinds) {
        r[kind] = await load(started[kind], path, cookie, CONNECTIONS, SECONDS, pgPids);
        runs[kind].push(r[kind]);
      }
      ratios.floor.push(rate(r.api) / rate(r.floor));
      ratios.page.push(rate(r.api) / rate(r['floor-page']));
    }
    const server = (await db.sql<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v;
    const [a, f, fp] = [merge(runs.api), merge(runs.floor), merge(runs['floor-page'])];
    const [ratio, pageRatio] = [median(ratios.floor), median(ratios.page)];
    const p95 = pct(a.latencies, 95);
    const rounds = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    console.log(`PostgreSQL ${server}: ${CONNECTIONS} connections, pool ${POOL} per server process, ${ROUNDS} rounds of ${SECONDS} s, each server in turn`);
    console.log(line('API GET /orders/{id}', a));
    console.log(line('floor (session + order row)', f));
    console.log(line('floor + page (session + page SQL)', fp));
    console.log(`  SQL statements per read: API ${statements.api}, floor ${statements.floor}, floor + page ${statements['floor-page']}`);
    console.log(`  API ÷ floor (median of rounds) ${ratio.toFixed(2)} (rounds: ${rounds(ratios.floor)})` +
      `  goal ≥ ${GOAL.ratio} ${mark(ratio >= GOAL.ratio)};  API p95 ${p95.toFixed(1)} ms  goal ≤ ${GOAL.p95Ms} ms ${mark(p95 <= GOAL.p95Ms)}`);
    console.log(`  API ÷ floor + page, the same SQL (median of rounds) ${pageRatio.toFixed(2)} (rounds: ${rounds(ratios.page)})`);
    return ratio >= GOAL.ratio && p95 <= GOAL.p95Ms && a.errors + f.errors + fp.errors === 0;
  } finally {
    for (const s of servers) await stopServer(s);
    await db.close();
  }
}

async function embeddedMode(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'annex-bench-reads-'));
  const pg = await startEmbeddedPostgres({ dataDir });
  const sql = createSql(pg.url, pg.clientOptions);
  let api: Server | undefined;
  try {
    await migrate(sql);
    const { path, cookie } = await seed(sql);
    const statements = await statementsPerRead(pg.url, embeddedClientOptions, path, cookie);
    api = await startServer('api', pg.url, embeddedClientOptions);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // warm-up: the JIT, and PostgreSQL's switch to a generic plan after a statement's fifth run
    for (let k = 0; k < 200; k++) await get(agent, api.port, path, cookie);
    const latencies: number[] = [];
    let errors = 0;
    for (let k = 0; k < SERIAL; k++) {
      const s = performance.now();
      if ((await get(agent, api.port, path, cookie)) !== 200) errors += 1;
      latencies.push(performance.now() - s);
    }
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const p50 = pct(latencies, 50);
    console.log(`Embedded (PGlite through pglite-socket on a Unix socket, API in its own process): ${SERIAL} reads one after another`);
    console.log(`  API GET /orders/{id}  p50 ${p50.toFixed(2)} ms  p95 ${pct(latencies, 95).toFixed(2)} ms  (SQL statements per read: ${statements.api})` +
      `  goal p50 ≤ ${GOAL.embeddedMs} ms ${mark(p50 <= GOAL.embeddedMs)}` + (errors ? `  (${errors} not 200)` : ''));
    return p50 <= GOAL.embeddedMs && errors === 0;
  } finally {
    if (api) await stopServer(api);
    await sql.end({ timeout: 1 });
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log('annex bench:reads — GET /api/v1/orders/{id} as a signed-in vendor');
  let met = true;
  if (process.env.DATABASE_URL) met = (await serverMode()) && met;
  else console.log('PostgreSQL server: skipped (set DATABASE_URL; a throwaway database is created on it and dropped)');
  if (process.env.BENCH_EMBEDDED !== '0') met = (await embeddedMode()) && met;
  console.log(`verdict: ${met ? 'MET' : 'NOT MET'}`);
  if (!met) process.exitCode = 1;
}

if (process.argv[2] === 'serve') {
  const [, , , kind, url, max, prepare] = process.argv;
  const sql = createSql(url!, { max: Number(max), prepare: prepare === '1' });
  const app = kind === 'api' ? apiApp(sql) : floorApp(sql, kind === 'floor-page');
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));
  process.on('SIGTERM', () => server.close(() => void sql.end({ timeout: 1 }).then(() => process.exit(0))));
} else {
  await main();
}
