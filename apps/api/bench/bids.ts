// `pnpm bench:bids`: bids per second and p95 latency through the API (in process: middleware, session,
// use case, repositories, PostgreSQL) for (a) bids spread over many orders and (b) one hot order with
// 50 vendors, beside raw single-row INSERT transactions per second through postgres.js in the same run.
// Needs a PostgreSQL server: DATABASE_URL. The run uses a throwaway database on it, dropped at the end.
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
const VENDORS = 50;

if (!process.env.DATABASE_URL) {
  console.error('bench:bids needs a PostgreSQL server: set DATABASE_URL (a throwaway database is created on it and dropped).');
  process.exit(1);
}

type Run = { label: string; n: number; seconds: number; p50: number; p95: number; errors: number; cpu: number };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Runs `perWorker` tasks on each of `workers` concurrent loops (task(worker, k), one after the other within a
 * loop); per-task latency in ms, and the share of one core this process used.
 */
async function measure(label: string, workers: number, perWorker: number, task: (w: number, k: number) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
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
  latencies.sort((a, b) => a - b);
  const n = workers * perWorker;
  return { label, n, seconds, p50: pct(latencies, 50), p95: pct(latencies, 95), errors, cpu: (used.user + used.system) / 1e6 / seconds };
}

const db = await createTestDatabase();
const pool: Sql = createSql(db.url, { max: CONCURRENCY });
try {
  const sessions = createSessionManager(pool, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
  const app = createApp({
    sql: pool, config: TEST_CONFIG, search: { ping: async () => true }, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage(),
  });
  const buyer = await createOrgWithOwner(pool, 'buyer');
  const vendors = await Promise.all(Array.from({ length: VENDORS }, async () => {
    const v = await createVerifiedVendor(pool);
    const { token } = await sessions.create(v.owner.id, { orgKind: 'vendor', userAgent: 'bench', ip: null });
    return { orgId: v.org.id, auth: `Bearer ${token}` };
  }));
  const terms = { requiredCertifications: [], minHeadcount: 0, unitPriceCeilingFen: 1000, budgetTotalFen: 900_000_000 };
  const offer = (fen: number) => ({ totalPriceFen: fen, unitPriceFen: 600, deliveryDays: 30, teamSize: 40, committedAccuracy: 99, proposal: '基准测试' });
  const post = (path: string, auth: string, body: unknown, method = 'POST') =>
    app.request(path, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  // (a) many orders: every bid goes to an order the vendor has not bid on yet
  const orderCount = Math.ceil(BIDS / VENDORS);
  const many = await Promise.all(Array.from({ length: orderCount }, () => createOpenOrder(pool, buyer.org.id, terms)));
  const pairs = Array.from({ length: BIDS }, (_, i) => ({ order: many[i % orderCount]!, vendor: vendors[Math.floor(i / orderCount) % VENDORS]! }));
  // warm-up: connections, JIT, prepared statements
  const warm = await createOpenOrder(pool, buyer.org.id, terms);
  await Promise.all(vendors.slice(0, CONCURRENCY).map((v) => post(`/api/v1/orders/${warm.id}/bids`, v.auth, offer(80_000_000))));
  const perWorker = Math.ceil(BIDS / CONCURRENCY);
  const a = await measure('(a) bids over many orders', CONCURRENCY, perWorker, async (w, k) => {
    const i = w * perWorker + k;
    const { order, vendor } = pairs[i % pairs.length]!;
    const r = await post(`/api/v1/orders/${order.id}/bids`, vendor.auth, offer(80_000_000 - i));
    await r.arrayBuffer();
    return r.status === 201;
  });

  // (b) one hot order, 50 vendors at once: each bids, then revises its bid round after round (every write locks the order row)
  const hot = await createOpenOrder(pool, buyer.org.id, terms);
  const b = await measure(`(b) one hot order, ${VENDORS} vendors`, VENDORS, HOT_ROUNDS, async (w, k) => {
    const vendor = vendors[w]!;
    const first = k === 0;
    const r = first
      ? await post(`/api/v1/orders/${hot.id}/bids`, vendor.auth, offer(70_000_000 + w))
      : await post(`/api/v1/orders/${hot.id}/bids/mine`, vendor.auth, { totalPriceFen: 70_000_000 - k * VENDORS - w }, 'PATCH');
    await r.arrayBuffer();
    return r.status === (first ? 201 : 200);
  });

  // raw single-row INSERT transactions through postgres.js, same pool and concurrency
  await pool`create table bench_raw_insert (id bigserial primary key, order_id uuid not null, vendor_org_id uuid not null,
    total_price_fen bigint not null, created_at timestamptz not null default clock_timestamp())`;
  const raw = await measure('raw INSERT transactions', CONCURRENCY, perWorker, async (w, k) => {
    await pool.begin((tx) => tx`insert into bench_raw_insert (order_id, vendor_org_id, total_price_fen)
      values (${hot.id}, ${vendors[w % VENDORS]!.orgId}, ${k})`);
    return true;
  });

  const rate = (r: Run) => r.n / r.seconds;
  const line = (r: Run) =>
    `${r.label.padEnd(34)} ${String(r.n).padStart(5)} in ${r.seconds.toFixed(2).padStart(6)} s  ` +
    `${rate(r).toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms` +
    `  node CPU ${(r.cpu * 100).toFixed(0)} %` + (r.errors ? `  (${r.errors} failed)` : '');
  const server = (await pool<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v;
  console.log(`annex bench:bids — PostgreSQL ${server}, ${CONCURRENCY} connections, API in process (Hono app.request, bearer sessions)`);
  for (const r of [a, b, raw]) console.log(line(r));
  console.log(`ratio (a) ÷ raw: ${(rate(a) / rate(raw)).toFixed(2)}   ratio (b) ÷ raw: ${(rate(b) / rate(raw)).toFixed(2)}   (goal ≥ 0.5)`);
  if (a.errors || b.errors) process.exitCode = 1;
} finally {
  await pool.end({ timeout: 5 });
  await db.close();
}
