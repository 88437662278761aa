// `pnpm bench:bids`: bids per second and latency through the API (in process: middleware, session, use case,
// repositories, PostgreSQL) for (a) bids spread over many orders and (b) one hot order with 50 vendors revising
// their bids, each set against the floor: a hand-written postgres.js transaction doing what a bid must do — lock the
// order (FOR SHARE, checking status and deadline), write the bid, its revision, the audit row and the buyer's
// notification (whose triggers queue its e-mail and webhook deliveries); a revision writes the bid, its revision and
// the audit row — with no HTTP and no Hono, on the same pool at the same concurrency. Also the Idempotency-Key's cost
// (the API with a fresh key per bid against without), CPU per bid (Node and the server's backends) and SQL statements
// per bid (postgres.js' debug hook; BEGIN and COMMIT count). The machine is often shared, so the runs are
// interleaved — floor (a), API (a), API (a) with keys, floor (b), API (b) — for BENCH_ROUNDS rounds, each ratio taken
// within its round; the medians are reported.
// Needs a PostgreSQL server: DATABASE_URL. The run uses a throwaway database on it, dropped at the end.
import { randomUUID } from 'node:crypto';
import { createSessionManager } from '@annex/auth';
import { type Sql, type Tx, createSql } from '@annex/db';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor } from '@annex/db/fixtures.ts';
import { createTestDatabase } from '@annex/db/testing.ts';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { createMemoryFileStorage } from '../src/lib/storage.ts';
import { TEST_CONFIG } from '../src/test-helpers.ts';
import { cpuSecondsOf, median, pct } from './common.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const BIDS = Number(process.env.BENCH_BIDS ?? 2000);
const HOT_ROUNDS = Number(process.env.BENCH_HOT_ROUNDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL = 0.6;
const KEY_OVERHEAD_GOAL = 0.15;
const VENDORS = 50;

if (!process.env.DATABASE_URL) {
  console.error('bench:bids needs a PostgreSQL server: set DATABASE_URL (a throwaway database is created on it and dropped).');
  process.exit(1);
}

type Run = {
  n: number; seconds: number; latencies: number[]; errors: number; cpuSeconds: number; pgCpuSeconds: number | null; statements: number;
};

// the server's backends of this database, when the server runs on this machine (/proc readable)
let backendPids: number[] = [];
const pgCpu = () => cpuSecondsOf(backendPids);

const rate = (r: Run) => r.n / r.seconds;

/** Runs `perWorker` tasks on each of `workers` concurrent loops (one after the other within a loop). */
async function measure(workers: number, perWorker: number, task: (w: number, k: number) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const statements0 = statements;
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
    pgCpuSeconds: pg0 === null || pg1 === null ? null : pg1 - pg0, statements: statements - statements0,
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
    statements: runs.reduce((s, r) => s + r.statements, 0),
  };
}

// every statement sent on the pool, API's and floor's alike
let statements = 0;
const db = await createTestDatabase();
const pool: Sql = createSql(db.url, { max: CONCURRENCY, onQuery: () => { statements += 1; } });
try {
  const sessions = createSessionManager(pool, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
  const app = createApp({
    sql: pool, config: TEST_CONFIG, search: null, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage(),
  });
  const buyer = await createOrgWithOwner(pool, 'buyer');
  const vendors = await Promise.all(Array.from({ length: VENDORS }, async () => {
    const v = await createVerifiedVendor(pool);
    const { token } = await sessions.create(v.owner.id, { orgKind: 'vendor', userAgent: 'bench', ip: null });
    return { orgId: v.org.id, userId: v.owner.id, auth: `Bearer ${token}` };
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

  type Vendor = (typeof vendors)[number];
  type Offer = ReturnType<typeof offer>;
  const snapshot = (status: string, o: Offer) => ({
    status, totalPriceFen: o.totalPriceFen, unitPriceFen: o.unitPriceFen, deliveryDays: o.deliveryDays, teamSize: o.teamSize,
    committedAccuracy: o.committedAccuracy, proposal: o.proposal, quoteLines: [],
  });
  /** The floor's first statement: lock the order (as a bid does, FOR SHARE) and read the clock after the lock. */
  const lockOpenOrder = async (tx: Tx, orderId: string) => {
    const [o] = await tx<{ status: string; bidDeadline: Date; t: Date; buyerOrgId: string; title: string; biddingMode: string }[]>`
      select status, bid_deadline, buyer_org_id, title, bidding_mode, clock_timestamp() as t from orders where id = ${orderId} for share`;
    if (o?.status !== 'open' || o.t >= o.bidDeadline) throw new Error('bidding closed');
    return o;
  };
  const auditRow = (tx: Tx, v: Vendor, orderId: string, action: string, bid: { id: string; status: string; revision: number }) => tx`
    insert into audit_log (actor_user_id, actor_org_id, entity_type, entity_id, action, after, request_id)
    values (${v.userId}, ${v.orgId}, 'order', ${orderId}, ${action},
            ${tx.json({ bidId: bid.id, status: bid.status, revision: bid.revision })}, ${randomUUID()})`;
  /** The floor of a new bid: one transaction, the three writes that need the bid's id pipelined in one round trip. */
  const floorBid = (orderId: string, v: Vendor, o: Offer) => pool.begin(async (tx) => {
    const order = await lockOpenOrder(tx, orderId);
    const [bid] = await tx<{ id: string; status: string; revision: number; updatedAt: Date }[]>`
      insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size, committed_accuracy,
                        proposal, quote_lines, submitted_at, updated_at, submitted_by)
      values (${orderId}, ${v.orgId}, ${o.totalPriceFen}, ${o.unitPriceFen}, ${o.deliveryDays}, ${o.teamSize}, ${o.committedAccuracy},
              ${o.proposal}, '[]'::jsonb, ${order.t}, ${order.t}, ${v.userId})
      returning id, status, revision, updated_at`;
    const payload: Record<string, unknown> = { orderTitle: order.title };
    if (order.biddingMode === 'open') payload.vendorName = 'bench';
    await Promise.all([
      tx`insert into bid_revisions (bid_id, revision, snapshot, created_at) values (${bid!.id}, 1, ${tx.json(snapshot('active', o))}, ${bid!.updatedAt})`,
      auditRow(tx, v, orderId, 'bid.submitted', bid!),
      tx`insert into notifications (user_id, org_id, kind, payload, order_id)
         select m.user_id, m.org_id, 'bid_received',
                ${tx.json(payload as never)}::jsonb || jsonb_build_object('bidCount',
                  (select count(*)::int from bids b where b.order_id = ${orderId} and b.status <> 'withdrawn')),
                ${orderId}
         from memberships m where m.org_id = ${order.buyerOrgId}`,
    ]);
  });
  /** The floor of a revision: lock the order, write the bid, then its revision and the audit row in one round trip. */
  const floorRevise = (orderId: string, v: Vendor, totalPriceFen: number) => pool.begin(async (tx) => {
    const order = await lockOpenOrder(tx, orderId);
    const [bid] = await tx<({ id: string; status: string; revision: number; updatedAt: Date } & Offer)[]>`
      update bids set total_price_fen = ${totalPriceFen}, status = 'active', revision = revision + 1, updated_at = ${order.t}
      where order_id = ${orderId} and vendor_org_id = ${v.orgId} and status <> 'withdrawn'
      returning *`;
    await Promise.all([
      tx`insert into bid_revisions (bid_id, revision, snapshot, created_at)
         values (${bid!.id}, ${bid!.revision}, ${tx.json(snapshot(bid!.status, bid!))}, ${bid!.updatedAt})`,
      auditRow(tx, v, orderId, 'bid.revised', bid!),
    ]);
  });
  const floorDone = (p: Promise<unknown>) => p.then(() => true, () => false);

  // (a) many orders: every bid goes to an order the vendor has not bid on yet
  const scenarioA = async (mode: 'api' | 'key' | 'floor') => {
    const many = await Promise.all(Array.from({ length: orderCount }, () => createOpenOrder(pool, buyer.org.id, terms)));
    const pairs = Array.from({ length: BIDS }, (_, i) => ({ order: many[i % orderCount]!, vendor: vendors[Math.floor(i / orderCount) % VENDORS]! }));
    return await measure(CONCURRENCY, perWorker, async (w, k) => {
      const i = w * perWorker + k;
      const { order, vendor } = pairs[i % pairs.length]!;
      if (mode === 'floor') return await floorDone(floorBid(order.id, vendor, offer(80_000_000 - i)));
      return (await send(`/api/v1/orders/${order.id}/bids`, vendor.auth, offer(80_000_000 - i), 'POST', mode === 'key')) === 201;
    });
  };
  // (b) one hot order, 50 vendors at once: each bids, then revises its bid round after round
  const scenarioB = async (mode: 'api' | 'floor') => {
    const hot = await createOpenOrder(pool, buyer.org.id, terms);
    return await measure(VENDORS, HOT_ROUNDS, async (w, k) => {
      const vendor = vendors[w]!;
      const total = 70_000_000 - k * VENDORS - w;
      if (mode === 'floor') return await floorDone(k === 0 ? floorBid(hot.id, vendor, offer(70_000_000 + w)) : floorRevise(hot.id, vendor, total));
      return k === 0
        ? (await send(`/api/v1/orders/${hot.id}/bids`, vendor.auth, offer(70_000_000 + w))) === 201
        : (await send(`/api/v1/orders/${hot.id}/bids/mine`, vendor.auth, { totalPriceFen: total }, 'PATCH')) === 200;
    });
  };

  // warm-up: connections, JIT, prepared statements on every connection, for every kind of request
  const warm = await createOpenOrder(pool, buyer.org.id, terms);
  const warmKeyed = await createOpenOrder(pool, buyer.org.id, terms);
  const warmFloor = await createOpenOrder(pool, buyer.org.id, terms);
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warm.id}/bids`, v.auth, offer(80_000_000))));
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warm.id}/bids/mine`, v.auth, { totalPriceFen: 79_000_000 }, 'PATCH')));
  await Promise.all(vendors.map((v) => send(`/api/v1/orders/${warmKeyed.id}/bids`, v.auth, offer(80_000_000), 'POST', true)));
  await Promise.all(vendors.map((v) => floorBid(warmFloor.id, v, offer(80_000_000))));
  await Promise.all(vendors.map((v) => floorRevise(warmFloor.id, v, 79_000_000)));
  backendPids = (await pool<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = current_database()`).map((r) => r.pid);
  if (pgCpu() === null) backendPids = [];

  const runs = { a: [] as Run[], aKey: [] as Run[], aFloor: [] as Run[], b: [] as Run[], bFloor: [] as Run[] };
  const ratios = { a: [] as number[], b: [] as number[], keyOverhead: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const [aFloor, a, aKey] = [await scenarioA('floor'), await scenarioA('api'), await scenarioA('key')];
    const [bFloor, b] = [await scenarioB('floor'), await scenarioB('api')];
    runs.aFloor.push(aFloor);
    runs.a.push(a);
    runs.aKey.push(aKey);
    runs.bFloor.push(bFloor);
    runs.b.push(b);
    ratios.a.push(rate(a) / rate(aFloor));
    ratios.b.push(rate(b) / rate(bFloor));
    ratios.keyOverhead.push(1 - rate(aKey) / rate(a));
  }

  const server = (await pool<{ v: string }[]>`select current_setting('server_version') as v`)[0]?.v;
  const line = (label: string, r: Run) =>
    `${label.padEnd(40)} ${String(r.n).padStart(6)} ${r.seconds.toFixed(2).padStart(7)} s ${rate(r).toFixed(0).padStart(7)}/s` +
    `  p50 ${pct(r.latencies, 50).toFixed(1).padStart(6)} ms  p95 ${pct(r.latencies, 95).toFixed(1).padStart(6)} ms` +
    `  CPU ms each: node ${((r.cpuSeconds / r.n) * 1e3).toFixed(2)}` +
    (r.pgCpuSeconds === null ? '' : `, server ${((r.pgCpuSeconds / r.n) * 1e3).toFixed(2)}`) +
    `  SQL ${(r.statements / r.n).toFixed(1)}` +
    (r.errors ? `  (${r.errors} failed)` : '');
  const rounds = (xs: number[]) => `(rounds: ${xs.map((x) => x.toFixed(2)).join(', ')})`;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  console.log(`annex bench:bids — PostgreSQL ${server}, ${CONCURRENCY} connections (pool ${CONCURRENCY}), API in process (Hono app.request, bearer sessions),`);
  console.log(`${ROUNDS} rounds, interleaved; SQL = statements sent per bid, BEGIN and COMMIT included`);
  console.log(line('(a) API, bids over many orders', merge(runs.a)));
  console.log(line('(a) API with Idempotency-Key (as the web)', merge(runs.aKey)));
  console.log(line('(a) floor: hand-written transaction', merge(runs.aFloor)));
  console.log(line(`(b) API, one hot order, ${VENDORS} vendors revising`, merge(runs.b)));
  console.log(line('(b) floor: hand-written transaction', merge(runs.bFloor)));
  const [ra, rb, ko] = [median(ratios.a), median(ratios.b), median(ratios.keyOverhead)];
  console.log('medians over rounds:');
  console.log(`  (a) API ÷ floor, many orders          ${ra.toFixed(2)}  goal ≥ ${GOAL} ${mark(ra >= GOAL)}  ${rounds(ratios.a)}`);
  console.log(`  (b) API ÷ floor, one hot order        ${rb.toFixed(2)}  goal ≥ ${GOAL} ${mark(rb >= GOAL)}  ${rounds(ratios.b)}`);
  console.log(`  Idempotency-Key overhead (a)          ${(ko * 100).toFixed(0)} %  goal ≤ ${KEY_OVERHEAD_GOAL * 100} % ${mark(ko <= KEY_OVERHEAD_GOAL)}  ${rounds(ratios.keyOverhead)}`);
  const met = ra >= GOAL && rb >= GOAL && ko <= KEY_OVERHEAD_GOAL;
  console.log(`verdict: ${met ? 'MET' : 'NOT MET'}`);
  if (Object.values(runs).flat().some((r) => r.errors)) process.exitCode = 1;
} finally {
  await pool.end({ timeout: 5 });
  await db.close();
}
