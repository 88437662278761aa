// `pnpm bench:bids`: bids per second and latency through the API (in process: middleware, session, use case,
// repositories, PostgreSQL) for (a) bids spread over many orders and (b) one hot order with 50 vendors revising
// their bids, each set against raw single-row INSERT transactions per second through postgres.js (same pool,
// same concurrency). The machine is often shared, so the runs are interleaved — raw, (a), raw, (b), … for
// BENCH_ROUNDS rounds — and each ratio compares a run with the raw run just before it; the median is reported.
// Needs a PostgreSQL server: DATABASE_URL. The run uses a throwaway database on it, dropped at the end.
import { readFileSync } from 'node:fs';
import { createSessionManager } from '@annex/auth';
import { type Sql, createSql } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '@annex/db/fixtures.ts';
import { createTestDatabase } from '@annex/db/testing.ts';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { createMemoryFileStorage } from '../src/lib/storage.ts';
import { TEST_CONFIG } from '../src/test-helpers.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const BIDS = Number(process.env.BENCH_BIDS ?? 2000);
const HOT_ROUNDS = Number(process.env.BENCH_HOT_ROUNDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL = 0.5;
const VENDORS = 50;

if (!process.env.DATABASE_URL) {
  console.error('bench:bids needs a PostgreSQL server: set DATABASE_URL (a throwaway database is created on it and dropped).');
  process.exit(1);
}

type Run = { n: number; seconds: number; latencies: number[]; errors: number; cpuSeconds: number; pgCpuSeconds: number | null };

// CPU time of the server's backends of this database, when the server runs on this machine (/proc readable)
let backendPids: number[] = [];
const TICKS = 100;
function pgCpu(): number | null {
  if (backendPids.length === 0) return null;
  let ticks = 0;
  for (const pid of backendPids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      return null;
    }
  }
  return ticks / TICKS;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const rate = (r: Run) => r.n / r.seconds;

/** Runs `perWorker` tasks on each of `workers` concurrent loops (one after the other within a loop). */
async function measure(workers: number, perWorker: number, task: (w: number, k: number) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const pg0 = pgCpu();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    for (let k = 0; k < perWorker; k++) {
      const s = performance.now();
      if (!(await task(w, k))) errors += 1;
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const pg1 = pgCpu();
  return {
    n: workers * perWorker, seconds, latencies, errors, cpuSeconds: (used.user + used.system) / 1e6,
    pgCpuSeconds: pg0 === null || pg1 === null ? null : pg1 - pg0,
  };
}

/** Several runs of one scenario as one. */
function merge(runs: Run[]): Run {
  return {
    n: runs.reduce((s, r) => s + r.n, 0),
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    cpuSeconds: runs.reduce((s, r) => s + r.cpuSeconds, 0),
    pgCpuSeconds: runs.some((r) => r.pgCpuSeconds === null) ? null : runs.reduce((s, r) => s + (r.pgCpuSeconds ?? 0), 0),
  };
}

const db = await createTestDatabase();
const pool: Sql = createSql(db.url, { max: CONCURRENCY });
try {
  const sessions = createSessionManager(pool, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
  const app = createApp({
    sql: pool, config: TEST_CONFIG, search: null, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage(),
  });
  const buyer = await createOrgWithOwner(pool, 'buyer');
  const vendors = await Promise.all(Array.from({ length: VENDORS }, async () => {
    const v = await createVerifiedVendor(pool);
    const { token } = await sessions.create(v.owner.id, { orgKind: 'vendor', userAgent: 'bench', ip: null });
    return { orgId: v.org.id, auth: `Bearer ${token}` };
  }));
  const terms = { requiredCertifications: [], minHeadcount: 0, unitPriceCeilingFen: 1000, budgetTotalFen: 900_000_000 };
  const offer = (fen: number) => ({ totalPriceFen: fen, unitPriceFen: 600, deliveryDays: 30, teamSize: 40, committedAccuracy: 99, proposal: '基准测试' });
  let keys = 0;
  // as an HTTP client sends it: with Content-Length; `idempotent` adds a fresh Idempotency-Key as the web client does
  const send = async (path: string, auth: string, body: unknown, method = 'POST', idempotent = false) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: auth, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)),
    };
    if (idempotent) headers['idempotency-key'] = `bench-${process.pid}-${++keys}`;
    const r = await app.request(path, { method, headers, body: text });
    await r.arrayBuffer();
    return r.status;
  };
  const perWorker = Math.ceil(BIDS / CONCURRENCY);
  const orderCount = Math.ceil(BIDS / VENDORS);

  // (a) many orders: every bid goes to an order the vendor has not bid on yet
  const scenarioA = async (idempotent: boolean) => {
    const many = await Promise.all(Array.from({ length: orderCount }, () => createOpenOrder(pool, buyer.org.id, terms)));
    const pairs = Array.from({ length: BIDS }, (_, i) => ({ order: many[i % orderCount]!, vendor: vendors[Math.floor(i / orderCount) % VENDORS]! }));
    return await measure(CONCURRENCY, perWorker, async (w, k) => {
      const i = w * perWorker + k;
      const { order, vendor } = pairs[i % pairs.length]!;
      return (await send(`/api/v1/orders/${order.id}/bids`, vendor.auth, offer(80_000_000 - i), 'POST', idempotent)) === 201;
    });
  };
  // (b) one hot order, 50 vendors at once: each bids, then revises its bid round after round
  const scenarioB = async () => {
    const hot = await createOpenOrder(pool, buyer.org.id, terms);
    return await measure(VENDORS, HOT_ROUNDS, async (w, k) => {
      const vendor = vendors[w]!;
      return k === 0
        ? (await send(`/api/v1/orders/${hot.id}/bids`, vendor.auth, offer(70_000_000 + w))) === 201
        : (await send(`/api/v1/orders/${hot.id}/bids/mine`, vendor.auth, { totalPriceFen: 70_000_000 - k * VENDORS - w }, 'PATCH')) === 200;
    });
  };
  // raw single-row INSERT transactions through postgres.js, same pool and concurrency
  await pool`create table bench_raw_insert (id bigserial primary key, order_id uuid not null, vendor_org_id uuid not null,
    total_price_fen bigint not null, created_at timestamptz not null default clock_timestamp())`;
  const rawOrder = await createOpenOrder(pool, buyer.org.id, terms);
  const scenarioRaw = () => measure(CONCURRENCY, perWorker, async (w, k) => {
    await pool.begin((tx) => tx`insert into bench_raw_insert (order_id, vendor_org_id, total_price_fen)
      values (${rawOrder.id}, ${vendors[w % VENDORS]!.orgId}, ${k})`);
    return true;
  });

  // warm-up: connections, JIT, prepared statements on every connection, for every kind of request
  const warm = await createOpenOrder(pool, buyer.org.id, terms);
  const warmKeyed = await createOpenOrder(pool, buyer.org.id, terms);
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warm.id}/bids`, v.auth, offer(80_000_000))));
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warm.id}/bids/mine`, v.auth, { totalPriceFen: 79_000_000 }, 'PATCH')));
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warmKeyed.id}/bids`, v.auth, offer(80_000_000), 'POST', true)));
  await scenarioRaw();
  backendPids = (await pool<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = current_database()`).map((r) => r.pid);
  if (pgCpu() === null) backendPids = [];

  const runs = { a: [] as Run[], b: [] as Run[], aKey: [] as Run[], raw: [] as Run[] };
  const ratios = { a: [] as number[], b: [] as number[], aKey: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, scenario] of [['a', () => scenarioA(false)], ['b', scenarioB], ['aKey', () => scenarioA(true)]] as const) {
      const raw = await scenarioRaw();
      const run = await scenario();
      runs.raw.push(raw);
      runs[name].push(run);
      ratios[name].push(rate(run) / rate(raw));
    }
  }

  const server = (await pool<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v;
  const line = (label: string, r: Run) =>
    `${label.padEnd(40)} ${String(r.n).padStart(6)} ${r.seconds.toFixed(2).padStart(7)} s ${rate(r).toFixed(0).padStart(7)}/s` +
    `  p50 ${pct(r.latencies, 50).toFixed(1).padStart(6)} ms  p95 ${pct(r.latencies, 95).toFixed(1).padStart(6)} ms` +
    `  CPU ms each: node ${((r.cpuSeconds / r.n) * 1e3).toFixed(2)}` +
    (r.pgCpuSeconds === null ? '' : `, server ${((r.pgCpuSeconds / r.n) * 1e3).toFixed(2)}`) +
    (r.errors ? `  (${r.errors} failed)` : '');
  const ratioLine = (label: string, xs: number[]) =>
    `  ${label.padEnd(38)} ${median(xs).toFixed(2)}   (rounds: ${xs.map((x) => x.toFixed(2)).join(', ')})`;
  console.log(`annex bench:bids — PostgreSQL ${server}, ${CONCURRENCY} connections, API in process (Hono app.request, bearer sessions),`);
  console.log(`${ROUNDS} rounds, each scenario right after its own raw baseline run`);
  console.log(line('(a) bids over many orders', merge(runs.a)));
  console.log(line(`(b) one hot order, ${VENDORS} vendors revising`, merge(runs.b)));
  console.log(line('(a) with Idempotency-Key (as the web)', merge(runs.aKey)));
  console.log(line('raw single-row INSERT transactions', merge(runs.raw)));
  console.log('throughput ÷ raw INSERT transactions (median over rounds):');
  console.log(ratioLine('(a) bids over many orders', ratios.a));
  console.log(ratioLine('(b) one hot order', ratios.b));
  console.log(ratioLine('(a) with Idempotency-Key', ratios.aKey));
  const [ra, rb] = [median(ratios.a), median(ratios.b)];
  const met = ra >= GOAL && rb >= GOAL;
  // on a machine where CPU is the limit, throughput goes as the inverse of the CPU an operation costs
  const cpuEach = (r: Run) => (r.cpuSeconds + (r.pgCpuSeconds ?? 0)) / r.n;
  const cpuNote = merge(runs.raw).pgCpuSeconds === null
    ? ''
    : `; CPU per bid ÷ per raw transaction (node + server): (a) ${(cpuEach(merge(runs.a)) / cpuEach(merge(runs.raw))).toFixed(1)}×, ` +
      `(b) ${(cpuEach(merge(runs.b)) / cpuEach(merge(runs.raw))).toFixed(1)}×`;
  console.log(`verdict: ${met ? 'MET' : 'NOT MET'} — goal ≥ ${GOAL} × raw; (a) ${ra.toFixed(2)}, (b) ${rb.toFixed(2)}` +
    (met ? '' : `, ${(GOAL / Math.min(ra, rb)).toFixed(1)}× short on the slower one`) + cpuNote);
  if ([...runs.a, ...runs.b, ...runs.aKey].some((r) => r.errors)) process.exitCode = 1;
} finally {
  await pool.end({ timeout: 5 });
  await db.close();
}
