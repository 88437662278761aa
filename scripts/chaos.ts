/**
 * `pnpm chaos`: what the production topology does when its parts fail — run against processes of its own: a throwaway
 * PostgreSQL cluster (initdb/pg_ctl), Meilisearch in production mode, the migrate job and two API processes, called
 * directly (no proxy: each client knows which process it talks to). Four steps, each printing its figures and a verdict:
 *   kill        kill -9 one API process while vendors bid through both: every bid answered 201 is in the database, the
 *               killed process's clients see connection errors and no one sees a wrong answer;
 *   postgres    PostgreSQL stopped (-m fast) and started again while vendors revise bids: requests meanwhile fail with
 *               503 and a problem body, none hangs, and the same API processes serve again once it is back;
 *   meilisearch Meilisearch stopped (SIGSTOP) for CHAOS_MEILI_SECONDS (60): orders are written and approved, searches
 *               answer 503 search_unavailable at once, and the written orders become searchable once it is back;
 *   soak        steady reads and writes for CHAOS_SOAK_SECONDS (600): no error, each API process's RSS trend grows ≤ 10 %.
 * CHAOS_STEPS picks steps (comma-separated; default all). Exits 1 when a verdict fails.
 * Needs PostgreSQL 15's binaries (/usr/lib/postgresql/15/bin; as root, the postgres OS user runs them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionManager } from '../packages/auth/src/index.ts';
import { createSql, type Sql } from '../packages/db/src/index.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOrderFields } from '../packages/db/src/fixtures.ts';
import { type Cluster, freePort, psql, services, startCluster, startMeilisearch } from './services.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = (process.env.CHAOS_STEPS ?? 'kill,postgres,meilisearch,soak').split(',').map((s) => s.trim());
const MEILI_SECONDS = Number(process.env.CHAOS_MEILI_SECONDS ?? 60);
const SOAK_SECONDS = Number(process.env.CHAOS_SOAK_SECONDS ?? 600);
/** No request may take longer than this, outage or not: past it, a client would rather have had an error. */
const HANG_BOUND_MS = 10_000;
/** After PostgreSQL is back, requests succeed again within this. */
const RECOVERY_BOUND_MS = 5_000;
/** A search while Meilisearch hangs answers 503 within this (the API's search client gives up after 0.6 s). */
const SEARCH_BOUND_MS = 2_000;
/**
 * After Meilisearch is back, what was written meanwhile is searchable within this: generous, since on a busy shared
 * machine Meilisearch itself takes from one to twenty seconds for a one-document task.
 */
const CONVERGE_BOUND_MS = 60_000;
const RSS_GROWTH_LIMIT = 0.1;
const VENDORS = 40;

const tmp = mkdtempSync(join(tmpdir(), 'annex-chaos-'));
const topology = services({ cwd: ROOT, logDir: tmp });
const log = (line: string) => console.log(`chaos: ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const verdicts: { step: string; ok: boolean }[] = [];
function verdict(step: string, checks: [string, boolean][]): void {
  for (const [what, ok] of checks) log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  const ok = checks.every(([, pass]) => pass);
  verdicts.push({ step, ok });
  log(`${step}: ${ok ? 'PASS' : 'FAIL'}`);
}

/** What one request came to: an answer (status, problem code), a connection error, or no answer within the bound. */
type Outcome = { at: number; ms: number; api: number } & (
  | { kind: 'answer'; status: number; code: string | undefined; problem: boolean; json: Record<string, unknown> | null }
  | { kind: 'connection'; error: string }
  | { kind: 'timeout' }
);

const t0 = performance.now();
const now = () => performance.now() - t0;

async function request(apis: string[], api: number, method: string, path: string, auth: string | null, body?: unknown): Promise<Outcome> {
  const at = now();
  try {
    const r = await fetch(`${apis[api]}${path}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      // twice the bound: what takes longer than the bound is a hang either way, and is seen as one
      signal: AbortSignal.timeout(2 * HANG_BOUND_MS),
    });
    const text = await r.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      // not JSON: counted as no problem body
    }
    const problem = (r.headers.get('content-type') ?? '').startsWith('application/problem+json') && typeof json?.code === 'string';
    return { at, ms: now() - at, api, kind: 'answer', status: r.status, code: problem ? (json!.code as string) : undefined, problem, json };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { at, ms: now() - at, api, kind: 'timeout' };
    return { at, ms: now() - at, api, kind: 'connection', error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};
const median = (xs: number[]) => pct(xs, 50);
/** The least-squares line through (x, y) points, as a function of x. */
function line(points: readonly (readonly [number, number])[]): (x: number) => number {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
  return (x) => my + slope * (x - mx);
}
/** "201×812, 503 service_unavailable×14, connection ECONNREFUSED×30" */
function tally(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.kind === 'answer' ? `${o.status}${o.code ? ` ${o.code}` : ''}` : o.kind === 'connection' ? `connection ${o.error}` : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(', ') || 'none';
}
const latency = (outcomes: Outcome[]) => {
  const ms = outcomes.map((o) => o.ms);
  return `p50 ${median(ms).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms, max ${Math.max(0, ...ms).toFixed(0)} ms`;
};
const ok2xx = (o: Outcome) => o.kind === 'answer' && o.status >= 200 && o.status < 300;

type Party = { orgId: string; auth: string };
type World = { apis: string[]; pids: () => number[]; pool: Sql; cluster: Cluster; buyer: Party; secretariat: Party; vendors: Party[];
  offer: (fen: number) => Record<string, unknown>; openOrder: () => Promise<string>; restartApi: (i: number) => Promise<void>; metricsToken: string;
  meili: { pid: number; url: string; masterKey: string } };

/** Step 1: kill -9 api-1 while every vendor bids, through its own process, on order after order. */
async function stepKill(w: World): Promise<void> {
  const orders = await Promise.all(Array.from({ length: 150 }, () => w.openOrder()));
  const outcomes: (Outcome & { vendor: number; order: string })[] = [];
  const start = now();
  let killedAt = Number.POSITIVE_INFINITY;
  const ackedBy = (api: number) => outcomes.filter((o) => o.api === api && o.kind === 'answer' && o.status === 201).length;
  // killed in full flow: after 3 s, once it has acknowledged 20 bids (a busy machine may take longer)
  const killer = (async () => {
    while (now() - start < 3_000 || (ackedBy(0) < 20 && now() - start < 60_000)) await sleep(100);
    killedAt = now();
    process.kill(w.pids()[0]!, 'SIGKILL');
  })();
  await Promise.all(w.vendors.map(async (v, i) => {
    const api = i % 2;
    for (let k = 0; k < orders.length && now() < killedAt + 5_000; k++) {
      const o = await request(w.apis, api, 'POST', `/api/v1/orders/${orders[k]}/bids`, v.auth, w.offer(80_000_000 - k));
      outcomes.push({ ...o, vendor: i, order: orders[k]! });
      if (o.kind === 'connection') await sleep(50);
    }
  }));
  await killer;
  const acked = outcomes.flatMap((o) => (o.kind === 'answer' && o.status === 201 ? [o.json?.id as string] : []));
  const found = (await w.pool<{ n: number }[]>`select count(*)::int as n from bids where id = any(${acked}::uuid[])`)[0]!.n;
  // sent to the killed process while it died: the answer was lost, the bid may or may not have been made
  const lost = outcomes.filter((o) => o.kind === 'connection' && o.at < killedAt);
  const lostLanded = lost.length === 0 ? 0 : (await w.pool<{ n: number }[]>`
    select count(*)::int as n from bids b join unnest(${lost.map((o) => o.order)}::uuid[], ${lost.map((o) => w.vendors[o.vendor]!.orgId)}::uuid[]) as l(order_id, vendor_org_id)
      using (order_id, vendor_org_id)`)[0]!.n;
  const wrong = outcomes.filter((o) => !(ok2xx(o) || o.kind === 'connection'));
  const connectionErrors = outcomes.filter((o) => o.kind === 'connection');
  log(`kill: ${outcomes.length} bids in ${((now() - start) / 1000).toFixed(1)} s by ${w.vendors.length} vendors over 2 processes; api-1 killed (SIGKILL) at ${((killedAt - start) / 1000).toFixed(1)} s`);
  log(`  api-1: ${tally(outcomes.filter((o) => o.api === 0))}`);
  log(`  api-2: ${tally(outcomes.filter((o) => o.api === 1))}; ${latency(outcomes.filter((o) => o.api === 1))}`);
  log(`  acknowledged (201): ${acked.length}, in the database: ${found}; requests in flight when it died: ${lost.length} (of which ${lostLanded} made their bid before the answer was lost)`);
  verdict('kill', [
    ['every bid acknowledged with 201 is in the database', found === acked.length && acked.length > 0],
    ['the killed process had acknowledged bids before it died', outcomes.some((o) => o.api === 0 && ok2xx(o))],
    ['connection errors only from the killed process, only once it was killed', connectionErrors.every((o) => o.api === 0 && o.at + o.ms >= killedAt)],
    ['no wrong answers: every answer from either process is 201', wrong.length === 0],
    ['no request hung', outcomes.every((o) => o.kind !== 'timeout' && o.ms < HANG_BOUND_MS)],
    ['api-2 went on serving after api-1 died', outcomes.some((o) => o.api === 1 && o.at > killedAt && ok2xx(o))],
  ]);
  await w.restartApi(0);
}

/** Step 2: PostgreSQL stopped with -m fast and started again while vendors revise their bids through both processes. */
async function stepPostgres(w: World): Promise<void> {
  const hot = await w.openOrder();
  for (const [i, v] of w.vendors.entries()) {
    const r = await request(w.apis, i % 2, 'POST', `/api/v1/orders/${hot}/bids`, v.auth, w.offer(90_000_000));
    if (!ok2xx(r)) throw new Error(`postgres: the first bid on the hot order failed: ${tally([r])}`);
  }
  const pidsBefore = w.pids();
  const outcomes: Outcome[] = [];
  let running = true;
  let price = 89_000_000;
  const writers = Promise.all(w.vendors.map(async (v, i) => {
    while (running) {
      const o = await request(w.apis, i % 2, 'PATCH', `/api/v1/orders/${hot}/bids/mine`, v.auth, { totalPriceFen: price-- });
      outcomes.push(o);
      if (!ok2xx(o)) await sleep(100);
    }
  }));
  await sleep(3_000);
  // first a restart as an operator does it (the outage lasts as long as the restart, under a second on a quiet server)…
  const restartAt = now();
  await w.cluster.ctl('restart', '-m', 'fast');
  const restartedAt = now();
  await sleep(8_000);
  // …then a longer outage: stopped, held down 5 s, started again
  const downAt = now();
  await w.cluster.ctl('stop', '-m', 'fast');
  const stoppedAt = now();
  await sleep(5_000);
  await w.cluster.ctl('start');
  const upAt = now();
  await sleep(10_000);
  running = false;
  await writers;
  const overlapping = (from: number, to: number) => outcomes.filter((o) => o.at + o.ms >= from && o.at <= to);
  const [duringRestart, during] = [overlapping(restartAt, restartedAt), overlapping(downAt, upAt)];
  const failed = outcomes.filter((o) => !ok2xx(o));
  const firstOkAfter = outcomes.filter((o) => o.at >= upAt && ok2xx(o)).map((o) => o.at + o.ms - upAt);
  // what started a while after each return, before the next outage
  const settled = outcomes.filter((o) => (o.at >= restartedAt + RECOVERY_BOUND_MS && o.at + o.ms < downAt) || o.at >= upAt + RECOVERY_BOUND_MS);
  const pidsAfter = w.pids();
  const alive = pidsAfter.every((pid) => existsProcess(pid));
  log(`postgres: ${outcomes.length} bid revisions by ${w.vendors.length} vendors; pg_ctl restart -m fast at ${(restartAt / 1000).toFixed(1)} s took ${(restartedAt - restartAt).toFixed(0)} ms; ` +
    `stopped (-m fast) at ${(downAt / 1000).toFixed(1)} s (down after ${(stoppedAt - downAt).toFixed(0)} ms), held down 5 s, up again at ${(upAt / 1000).toFixed(1)} s`);
  log(`  during the restart: ${tally(duringRestart)}; ${latency(duringRestart)}`);
  log(`  while it was down or starting: ${tally(during)}; ${latency(during)}`);
  log(`  all failures: ${tally(failed)}`);
  log(`  first success ${Math.min(...firstOkAfter).toFixed(0)} ms after it was up; from ${RECOVERY_BOUND_MS / 1000} s after each return: ${tally(settled)}; ${latency(settled)}`);
  verdict('postgres', [
    ['requests during the outage failed (the outage was seen)', during.some((o) => !ok2xx(o))],
    ['every failure is a 503 with a problem body, code service_unavailable', failed.every((o) => o.kind === 'answer' && o.status === 503 && o.code === 'service_unavailable')],
    [`no request took ${HANG_BOUND_MS / 1000} s or more`, outcomes.every((o) => o.kind !== 'timeout' && o.ms < HANG_BOUND_MS)],
    [`requests succeed again within ${RECOVERY_BOUND_MS / 1000} s of PostgreSQL being back`, settled.length > 0 && settled.every(ok2xx)],
    ['without restarting the API: the same processes, alive', alive && pidsAfter.join() === pidsBefore.join()],
  ]);
}

const existsProcess = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** An order as the API takes it: the sample terms of the fixtures, titled with `title`. */
function orderRequest(title: string): Record<string, unknown> {
  const { volumeQuantity, volumeUnit, questionsCloseAt, bidDeadline, deliveryDeadline, ...fields } = sampleOrderFields();
  return {
    ...fields, title, volume: { quantity: volumeQuantity, unit: volumeUnit },
    questionsCloseAt: questionsCloseAt?.toISOString(), bidDeadline: bidDeadline?.toISOString(), deliveryDeadline: deliveryDeadline?.toISOString(),
  };
}

/** Step 3: Meilisearch stopped (SIGSTOP: it hangs, the worst case) while orders are written and approved and searched for. */
async function stepMeilisearch(w: World): Promise<void> {
  const tag = `chaos${randomBytes(4).toString('hex')}`;
  const search = (api: number) => request(w.apis, api, 'GET', `/api/v1/search/orders?q=${tag}&limit=100`, w.buyer.auth);
  const writes: Outcome[] = [];
  const searches: Outcome[] = [];
  const written: string[] = [];
  const pid = w.meili.pid;
  process.kill(pid, 'SIGSTOP');
  const stoppedAt = now();
  const stoppedAtIso = new Date().toISOString();
  try {
    const writer = (async () => {
      for (let i = 0; now() - stoppedAt < MEILI_SECONDS * 1000; i++) {
        const api = i % 2;
        const created = await request(w.apis, api, 'POST', '/api/v1/orders', w.buyer.auth, orderRequest(`混沌演练 ${tag} 第 ${i + 1} 单`));
        writes.push(created);
        const id = created.kind === 'answer' ? (created.json?.id as string | undefined) : undefined;
        if (!ok2xx(created) || !id) continue;
        const submitted = await request(w.apis, 1 - api, 'POST', `/api/v1/orders/${id}/submit`, w.buyer.auth);
        writes.push(submitted);
        const approved = await request(w.apis, api, 'POST', `/api/v1/admin/orders/${id}/review`, w.secretariat.auth, { decision: 'approve' });
        writes.push(approved);
        if (ok2xx(submitted) && ok2xx(approved)) written.push(id);
        await sleep(1_000);
      }
    })();
    const searcher = (async () => {
      for (let i = 0; now() - stoppedAt < MEILI_SECONDS * 1000; i++) {
        searches.push(await search(i % 2));
        await sleep(500);
      }
    })();
    await Promise.all([writer, searcher]);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const backAt = now();
  let convergedMs: number | null = null;
  let lastFound = 0;
  while (now() - backAt < CONVERGE_BOUND_MS * 2) {
    const r = await search(0);
    const ids = new Set(r.kind === 'answer' && r.status === 200 ? ((r.json?.items ?? []) as { id: string }[]).map((h) => h.id) : []);
    lastFound = written.filter((id) => ids.has(id)).length;
    if (lastFound === written.length) {
      convergedMs = now() - backAt;
      break;
    }
    await sleep(250);
  }
  // what Meilisearch had to do once back: the tasks enqueued since it was stopped
  const tasks = (await (await fetch(`${w.meili.url}/tasks?afterEnqueuedAt=${stoppedAtIso}&limit=1000`, {
    headers: { authorization: `Bearer ${w.meili.masterKey}` },
  })).json()) as { results: { type: string; status: string; enqueuedAt: string; finishedAt: string | null }[] };
  const byKind = new Map<string, number>();
  for (const t of tasks.results) byKind.set(`${t.type} ${t.status}`, (byKind.get(`${t.type} ${t.status}`) ?? 0) + 1);
  const lastFinished = Math.max(0, ...tasks.results.map((t) => (t.finishedAt ? Date.parse(t.finishedAt) - Date.parse(stoppedAtIso) : 0)));
  log(`meilisearch: stopped (SIGSTOP) for ${((backAt - stoppedAt) / 1000).toFixed(0)} s; ${written.length} orders created, submitted and approved meanwhile`);
  log(`  writes: ${tally(writes)}; ${latency(writes)}`);
  log(`  searches: ${tally(searches)}; ${latency(searches)}`);
  log(`  Meilisearch's tasks since it was stopped: ${[...byKind].map(([k, n]) => `${k}×${n}`).join(', ') || 'none'}; the last done ${(lastFinished / 1000).toFixed(1)} s after the stop`);
  log(`  after it was back: ${convergedMs === null ? `only ${lastFound} of ${written.length} searchable after ${(2 * CONVERGE_BOUND_MS) / 1000} s` : `all ${written.length} searchable after ${(convergedMs / 1000).toFixed(1)} s`}`);
  verdict('meilisearch', [
    ['every write succeeded (orders created, submitted, approved)', writes.length > 0 && writes.every(ok2xx) && written.length > 0],
    [`every search answered 503 search_unavailable within ${SEARCH_BOUND_MS / 1000} s`,
      searches.length > 0 && searches.every((o) => o.kind === 'answer' && o.status === 503 && o.code === 'search_unavailable' && o.ms < SEARCH_BOUND_MS)],
    [`the index converged within ${CONVERGE_BOUND_MS / 1000} s`, convergedMs !== null && convergedMs <= CONVERGE_BOUND_MS],
  ]);
}

/** Resident set size of a process, in MiB. */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Step 4: steady reads and writes for SOAK_SECONDS; RSS of each API process sampled. */
async function stepSoak(w: World): Promise<void> {
  const orders = await Promise.all(Array.from({ length: 20 }, () => w.openOrder()));
  // every vendor has a bid on every order to revise
  for (const [k, order] of orders.entries()) {
    await Promise.all(w.vendors.map(async (v, i) => {
      const r = await request(w.apis, i % 2, 'POST', `/api/v1/orders/${order}/bids`, v.auth, w.offer(90_000_000 - k));
      if (!ok2xx(r)) throw new Error(`soak: a first bid failed: ${tally([r])}`);
    }));
  }
  const pids = w.pids();
  const warmUpMs = Math.min(60_000, (SOAK_SECONDS * 1000) / 5);
  const windowMs = Math.min(60_000, (SOAK_SECONDS * 1000) / 10);
  const samples: { at: number; rss: number[]; heap: number[] }[] = [];
  // V8's used heap beside the RSS (from /metrics): a leak of JavaScript objects grows both
  const heapMiB = async (api: number) => {
    const text = await (await fetch(`${w.apis[api]}/metrics`, { headers: { authorization: `Bearer ${w.metricsToken}` } })).text();
    return Number(/^annex_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  };
  const sample = async () => ({ at: now() - start, rss: pids.map(rssMiB), heap: await Promise.all(pids.map((_, p) => heapMiB(p))) });
  const outcomes: Outcome[] = [];
  const start = now();
  const end = start + SOAK_SECONDS * 1000;
  const sampler = (async () => {
    while (now() < end) {
      samples.push(await sample());
      await sleep(5_000);
    }
  })();
  // 8 clients, each one request every 200 ms at most: ~40 requests/s, half reads of an order, a fifth searches,
  // a fifth bid revisions, a tenth the public order list
  let price = 80_000_000;
  const clients = Array.from({ length: 8 }, async (_, c) => {
    for (let k = 0; now() < end; k++) {
      const began = now();
      const v = w.vendors[(c * 7 + k) % w.vendors.length]!;
      const order = orders[k % orders.length]!;
      const api = (c + k) % 2;
      const kind = k % 10;
      outcomes.push(kind < 5 ? await request(w.apis, api, 'GET', `/api/v1/orders/${order}`, v.auth)
        : kind < 7 ? await request(w.apis, api, 'GET', `/api/v1/search/orders?q=${encodeURIComponent('点云')}`, null)
        : kind < 9 ? await request(w.apis, api, 'PATCH', `/api/v1/orders/${order}/bids/mine`, v.auth, { totalPriceFen: price-- })
        : await request(w.apis, api, 'GET', '/api/v1/orders?limit=20', null));
      await sleep(Math.max(0, 200 - (now() - began)));
    }
  });
  await Promise.all([...clients, sampler]);
  samples.push(await sample());
  const seconds = (now() - start) / 1000;
  const errors = outcomes.filter((o) => !ok2xx(o));
  log(`soak: ${seconds.toFixed(0)} s, ${outcomes.length} requests (${(outcomes.length / seconds).toFixed(1)}/s), ${latency(outcomes)}; ${tally(outcomes)}`);
  const growth = pids.map((_, p) => {
    const after = samples.filter((s) => s.at >= warmUpMs && s.at < warmUpMs + windowMs).map((s) => s.rss[p]!);
    const last = samples.filter((s) => s.at >= seconds * 1000 - windowMs).map((s) => s.rss[p]!);
    const [a, b] = [median(after), median(last)];
    const all = samples.map((s) => s.rss[p]!);
    // the garbage collector swings the RSS by a third within a minute, so two windows' medians can land on a low and a
    // high: the verdict takes the trend instead, a least-squares line through every sample after the warm-up
    const trend = line(samples.filter((s) => s.at >= warmUpMs).map((s) => [s.at, s.rss[p]!] as const));
    const [from, to] = [trend(warmUpMs), trend(seconds * 1000)];
    log(`  api-${p + 1} RSS: ${all[0]!.toFixed(0)} MiB at the start, ${a.toFixed(0)} MiB after the ${warmUpMs / 1000} s warm-up, ${b.toFixed(0)} MiB at the end ` +
      `(medians over ${windowMs / 1000} s), peak ${Math.max(...all).toFixed(0)} MiB; trend ${from.toFixed(0)} → ${to.toFixed(0)} MiB: ${((to / from - 1) * 100).toFixed(1)} %`);
    const minutes = samples.filter((s, i) => i === 0 || Math.floor(s.at / 60_000) > Math.floor(samples[i - 1]!.at / 60_000));
    log(`  api-${p + 1} each minute, RSS / V8 heap used (MiB): ${minutes.map((s) => `${s.rss[p]!.toFixed(0)}/${s.heap[p]!.toFixed(0)}`).join(' ')}`);
    return to / from - 1;
  });
  verdict('soak', [
    ['no error responses', errors.length === 0 && outcomes.length > 0],
    [`RSS growth of each API process ≤ ${RSS_GROWTH_LIMIT * 100} % from after warm-up to the end (its trend line)`, growth.every((g) => g <= RSS_GROWTH_LIMIT)],
  ]);
}

let cluster: Cluster | null = null;

async function main(): Promise<void> {
  cluster = await startCluster();
  let pool: Sql | null = null;
  try {
    psql(cluster.url, 'create database annex');
    const databaseUrl = cluster.url.replace(/\/postgres$/, '/annex');
    const [meiliPort, ...apiPorts] = await Promise.all(Array.from({ length: 3 }, freePort));
    const masterKey = randomBytes(24).toString('base64url');
    const metricsToken = randomBytes(18).toString('base64url');
    const meili = await startMeilisearch(topology, { dbPath: join(tmp, 'meili'), port: meiliPort!, masterKey });
    const apis = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      MEILI_URL: `http://127.0.0.1:${meiliPort}`,
      MEILI_MASTER_KEY: masterKey,
      PUBLIC_ORIGIN: apis[0],
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
      MAIL_FROM: '',
      ANNEX_DATA_DIR: join(tmp, 'api-files'),
      MIN_BID_WINDOW_SECONDS: '0',
      METRICS_TOKEN: metricsToken,
    };
    log(topology.job('migrate', ['apps/api/src/cli/main.ts', 'migrate'], apiEnv).trim().split('\n')[0]!);

    // the parties, with sessions sent as bearer tokens (no sign-in, so no login throttling in the way)
    pool = createSql(databaseUrl, { max: 4 });
    const sessions = createSessionManager(pool, { idleDays: 7, absoluteDays: 30, secretariatAbsoluteHours: 12 }, { secure: false });
    const party = async (org: { org: { id: string }; owner: { id: string } }, orgKind: string): Promise<Party> => {
      const { token } = await sessions.create(org.owner.id, { orgKind, userAgent: 'chaos', ip: null });
      return { orgId: org.org.id, auth: `Bearer ${token}` };
    };
    const buyer = await party(await createOrgWithOwner(pool, 'buyer'), 'buyer');
    const secretariat = await party(await createOrgWithOwner(pool, 'secretariat'), 'secretariat');
    const vendors = await Promise.all(Array.from({ length: VENDORS }, async () => party(await createVerifiedVendor(pool!), 'vendor')));
    // terms every vendor meets (as bench:bids)
    const terms = { requiredCertifications: [], minHeadcount: 0, unitPriceCeilingFen: 1000, budgetTotalFen: 900_000_000 };
    const offer = (fen: number) => ({ totalPriceFen: fen, unitPriceFen: 600, deliveryDays: 30, teamSize: 40, committedAccuracy: 99, proposal: '混沌演练' });

    const children = new Map<number, ReturnType<typeof topology.start>>();
    const startApi = async (i: number) => {
      children.set(i, topology.start(`api-${i + 1}`, process.execPath, ['apps/api/src/server.ts'], { ...apiEnv, API_PORT: String(apiPorts[i]) }));
      // a busy shared machine may take minutes to start a process
      await topology.waitFor(`${apis[i]}/healthz`, `api-${i + 1}`, 300_000);
    };
    await Promise.all([startApi(0), startApi(1)]);
    const world: World = {
      apis, pool, cluster, buyer, secretariat, vendors, offer, metricsToken,
      pids: () => [0, 1].map((i) => children.get(i)!.pid!),
      openOrder: async () => (await createOpenOrder(pool!, buyer.orgId, terms)).id,
      restartApi: async (i) => {
        await topology.stop(`api-${i + 1}`);
        await startApi(i);
      },
      meili: { pid: meili.pid!, url: `http://127.0.0.1:${meiliPort}`, masterKey },
    };
    log(`PostgreSQL ${cluster.url.replace(/^.*@/, '')}, Meilisearch :${meiliPort}, api-1 ${apis[0]}, api-2 ${apis[1]} (logs in ${tmp}); steps: ${STEPS.join(', ')}`);
    const steps: Record<string, (w: World) => Promise<void>> = { kill: stepKill, postgres: stepPostgres, meilisearch: stepMeilisearch, soak: stepSoak };
    for (const name of STEPS) {
      const step = steps[name];
      if (!step) throw new Error(`CHAOS_STEPS: no step ${name} (${Object.keys(steps).join(', ')})`);
      await step(world);
      for (const { name: child, child: c } of topology.children) {
        if (c.exitCode !== null || c.signalCode !== null) throw new Error(`${child} ended (${c.exitCode ?? c.signalCode}) during the ${name} step:\n${topology.tail(child)}`);
      }
    }
  } finally {
    await pool?.end({ timeout: 1 }).catch(() => {});
    await topology.stopAll();
    cluster.stop();
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

let failed = true;
try {
  await main();
  failed = verdicts.some((v) => !v.ok);
  log(verdicts.map((v) => `${v.step} ${v.ok ? 'PASS' : 'FAIL'}`).join(', '));
} catch (error) {
  console.error(`chaos: ${(error as Error).message}`);
  for (const { name } of topology.children) console.error(`--- ${name} (last lines)\n${topology.tail(name)}`);
} finally {
  if (!failed) rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
