/**
 * `pnpm bench:processes`: the read and bid loads of bench:reads and bench:bids through Caddy (Debian's package, running
 * infra/Caddyfile as it is) in front of one and then two API processes — the production topology of infra/compose.yaml
 * on one machine: a throwaway PostgreSQL cluster of its own (initdb/pg_ctl), Meilisearch in production mode, the
 * migrate job, the API processes (NODE_ENV=production, as compose runs them) and Caddy; the load from this process.
 *   reads  GET /api/v1/orders/{id} as a signed-in vendor, BENCH_CONNECTIONS (32) keep-alive connections for
 *          BENCH_SECONDS (5) s;
 *   bids   BENCH_VENDORS (40) vendors bidding through BENCH_CONCURRENCY (20) concurrent loops, each bid on an order
 *          of its own (no vendor bids twice on one order), for BENCH_SECONDS s.
 * Prints requests per second, p50/p95 and the CPU each process used per request, for one process and for two, and
 * their ratio. On a machine with few cores the load generator, PostgreSQL and the API processes compete for them, so
 * the figure is information, not a goal; that two processes behave as one is `pnpm test:prod`'s to check.
 * Sessions go as bearer tokens (no sign-in: no login throttling in the way).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionManager } from '../packages/auth/src/index.ts';
import { createSql, type Sql } from '../packages/db/src/index.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '../packages/db/src/fixtures.ts';
import { cpuSecondsOf, median, pct } from '../apps/api/bench/common.ts';
import { type Cluster, freePort, psql, services, startCluster, startMeilisearch } from './services.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const VENDORS = Number(process.env.BENCH_VENDORS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const tmp = mkdtempSync(join(tmpdir(), 'annex-bench-processes-'));
const topology = services({ cwd: ROOT, logDir: tmp });
const log = (line: string) => console.log(`bench:processes: ${line}`);

type Run = { n: number; seconds: number; latencies: number[]; failures: Map<number, number>; cpu: Record<string, number | null> };

/** One request through Caddy; resolves with its status once the body is read. */
function send(agent: Agent, port: number, method: string, path: string, auth: string, body?: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { authorization: auth, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolvePromise(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `loops` loops, each sending the request `next` gives it (null: that loop is done) back to back for SECONDS, and the
 * CPU the processes `pids` used meanwhile.
 */
async function load(
  loops: number, ok: number, pids: Record<string, number[]>,
  next: (loop: number) => { method: string; path: string; auth: string; body?: string } | null, port: number,
): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: loops });
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSecondsOf(p)]));
  const load0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: loops }, async (_, loop) => {
    while (performance.now() < end) {
      const r = next(loop);
      if (!r) return;
      const s = performance.now();
      const status = await send(agent, port, r.method, r.path, r.auth, r.body);
      latencies.push(performance.now() - s);
      if (status !== ok) failures.set(status, (failures.get(status) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(load0);
  agent.destroy();
  const cpu: Record<string, number | null> = { load: (used.user + used.system) / 1e6 };
  for (const [k, p] of Object.entries(pids)) {
    const [a, b] = [cpu0[k], cpuSecondsOf(p)];
    cpu[k] = a == null || b == null ? null : b - a;
  }
  return { n: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b), failures, cpu };
}

const rate = (r: Run) => r.n / r.seconds;
const row = (label: string, r: Run) => {
  const us = (s: number | null | undefined) => (s == null ? '—' : ((s / r.n) * 1e6).toFixed(0));
  const cpu = Object.keys(r.cpu).map((k) => `${k} ${us(r.cpu[k])}`).join(', ');
  const failed = [...r.failures].map(([s, n]) => `${s}×${n}`).join(', ');
  return `  ${label.padEnd(26)} ${rate(r).toFixed(0).padStart(6)} req/s  p50 ${pct(r.latencies, 50).toFixed(1).padStart(6)} ms` +
    `  p95 ${pct(r.latencies, 95).toFixed(1).padStart(6)} ms  CPU µs each: ${cpu}${failed ? `  (not as expected: ${failed})` : ''}`;
};

let cluster: Cluster | null = null;

async function main(): Promise<void> {
  cluster = await startCluster();
  let pool: Sql | null = null;
  try {
    psql(cluster.url, 'create database annex');
    const databaseUrl = cluster.url.replace(/\/postgres$/, '/annex');
    const [meiliPort, proxyPort, lbPort, adminPort, ...apiPorts] = await Promise.all(Array.from({ length: 6 }, freePort));
    const masterKey = randomBytes(24).toString('base64url');
    await startMeilisearch(topology, { dbPath: join(tmp, 'meili'), port: meiliPort!, masterKey });
    const publicOrigin = `http://127.0.0.1:${proxyPort}`;
    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: databaseUrl, MEILI_URL: `http://127.0.0.1:${meiliPort}`, MEILI_MASTER_KEY: masterKey,
      PUBLIC_ORIGIN: publicOrigin, HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', SMTP_URL: '', MAIL_FROM: '',
      ANNEX_DATA_DIR: join(tmp, 'api-files'), MIN_BID_WINDOW_SECONDS: '0',
    };
    topology.job('migrate', ['apps/api/src/cli/main.ts', 'migrate'], apiEnv);

    // the parties and the orders: one order read by every vendor; for bids, enough orders that no vendor bids twice on one
    pool = createSql(databaseUrl, { max: 4 });
    const sessions = createSessionManager(pool, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
    const buyer = await createOrgWithOwner(pool, 'buyer');
    const vendors = await Promise.all(Array.from({ length: VENDORS }, async () => {
      const v = await createVerifiedVendor(pool!);
      return `Bearer ${(await sessions.create(v.owner.id, { orgKind: 'vendor', userAgent: 'bench', ip: null })).token}`;
    }));
    const terms = { requiredCertifications: [], minHeadcount: 0, unitPriceCeilingFen: 1000, budgetTotalFen: 900_000_000 };
    const readPath = `/api/v1/orders/${(await createOpenOrder(pool, buyer.org.id, terms)).id}`;
    // bids per second stay well below 3000 on one machine: orders enough for every round of both configurations
    const ORDERS = Math.ceil((3000 * SECONDS * ROUNDS * 2 + 3000) / VENDORS);
    const orders: string[] = [];
    for (let k = 0; k < ORDERS; k++) orders.push((await createOpenOrder(pool, buyer.org.id, terms)).id);
    log(`seeded ${VENDORS} vendors and ${ORDERS + 1} open orders`);
    const offer = JSON.stringify({ totalPriceFen: 90_000_000, unitPriceFen: 700, deliveryDays: 30, teamSize: 60, committedAccuracy: 99, proposal: '基准测试' });
    // each loop bids as vendors loop, loop + CONCURRENCY, …; each vendor takes the orders in turn
    const nextOrder = new Array<number>(VENDORS).fill(0);
    const turn = new Array<number>(CONCURRENCY).fill(0);
    const bid = (loop: number) => {
      const mine = Array.from({ length: Math.ceil((VENDORS - loop) / CONCURRENCY) }, (_, k) => loop + k * CONCURRENCY);
      const vendor = mine[turn[loop]! % mine.length]!;
      turn[loop]! += 1;
      const order = orders[nextOrder[vendor]!];
      if (!order) return null;
      nextOrder[vendor]! += 1;
      return { method: 'POST', path: `/api/v1/orders/${order}/bids`, auth: vendors[vendor]!, body: offer };
    };
    const read = (loop: number) => ({ method: 'GET', path: readPath, auth: vendors[loop % VENDORS]! });

    const apis = await Promise.all(apiPorts.map(async (port, i) => {
      const child = topology.start(`api-${i + 1}`, process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(port) });
      await topology.waitFor(`http://127.0.0.1:${port}/healthz`, `api-${i + 1}`, 300_000);
      return child.pid!;
    }));
    const backends = async () => (await pool!<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = 'annex' and pid <> pg_backend_pid() and backend_type = 'client backend'`).map((r) => r.pid);

    const results: Record<string, { reads: Run[]; bids: Run[] }> = {};
    for (const count of [1, 2]) {
      const upstreams = apiPorts.slice(0, count).map((p) => `127.0.0.1:${p}`).join(' ');
      const caddy = topology.start(`proxy-${count}`, 'caddy', ['run', '--config', 'infra/Caddyfile', '--adapter', 'caddyfile'], {
        ...process.env, ANNEX_HOST: publicOrigin, ANNEX_API_UPSTREAMS: upstreams, ANNEX_WEB_UPSTREAM: '127.0.0.1:9',
        ANNEX_API_LB_PORT: String(lbPort), ANNEX_API_LB_BIND: '127.0.0.1', CADDY_ADMIN: `127.0.0.1:${adminPort}`,
        XDG_DATA_HOME: join(tmp, 'caddy-data'), XDG_CONFIG_HOME: join(tmp, 'caddy-config'),
      });
      await topology.waitFor(`${publicOrigin}/healthz`, 'the API through Caddy');
      // warm-up of every process behind it: connections, JIT, prepared statements
      await load(CONNECTIONS, 200, {}, read, proxyPort!);
      await load(CONCURRENCY, 201, {}, bid, proxyPort!);
      const pids = { caddy: [caddy.pid!], api: apis.slice(0, count), postgres: await backends() };
      const runs = { reads: [] as Run[], bids: [] as Run[] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.reads.push(await load(CONNECTIONS, 200, pids, read, proxyPort!));
        runs.bids.push(await load(CONCURRENCY, 201, pids, bid, proxyPort!));
      }
      results[count] = runs;
      await topology.stop(`proxy-${count}`);
    }

    const merge = (runs: Run[]): Run => ({
      n: runs.reduce((s, r) => s + r.n, 0),
      seconds: runs.reduce((s, r) => s + r.seconds, 0),
      latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
      failures: new Map(runs.flatMap((r) => [...r.failures])),
      cpu: Object.fromEntries(Object.keys(runs[0]!.cpu).map((k) => [k, runs.some((r) => r.cpu[k] == null) ? null : runs.reduce((s, r) => s + r.cpu[k]!, 0)])),
    });
    console.log('');
    console.log(`through Caddy, ${ROUNDS} rounds of ${SECONDS} s each; reads at ${CONNECTIONS} connections, bids at ${CONCURRENCY}`);
    for (const kind of ['reads', 'bids'] as const) {
      const [one, two] = [merge(results[1]![kind]), merge(results[2]![kind])];
      console.log(row(`${kind}, one API process`, one));
      console.log(row(`${kind}, two API processes`, two));
      const ratios = results[2]![kind].map((r, i) => rate(r) / rate(results[1]![kind][i]!));
      console.log(`  ${kind}: two ÷ one ${median(ratios).toFixed(2)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
    }
    const failures = Object.values(results).flatMap((r) => [...r.reads, ...r.bids]).reduce((s, r) => s + [...r.failures.values()].reduce((a, b) => a + b, 0), 0);
    if (failures > 0) {
      console.log(`${failures} requests were not answered as expected`);
      process.exitCode = 1;
    }
  } finally {
    await pool?.end({ timeout: 1 }).catch(() => {});
    await topology.stopAll();
    cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void topology.stopAll().finally(() => {
      cluster?.stop();
      process.exit(130);
    });
  });
}

await main();
