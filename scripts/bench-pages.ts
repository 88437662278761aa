/**
 * `pnpm bench:pages`: how fast the web's pages are, route by route, beside the goals.
 * Starts Annex from scratch (embedded database and search in a temporary data directory, the demo market;
 * or BENCH_WEB_URL + BENCH_DEMO_PASSWORD for an instance already running) and measures for each main route,
 * signed out and as each kind of user:
 * - the JavaScript a first visit loads (a fresh Chromium context, until the network is idle): bytes as
 *   brotli and number of requests;
 * - the HTML: bytes as sent with `Accept-Encoding: br, gzip` against bytes uncompressed;
 * - TTFB p95 of the server-rendered page over BENCH_TTFB_REQUESTS requests (default 30) signed out and in;
 * - Lighthouse's performance score and CLS (mobile, its default simulated throttling; the median of
 *   BENCH_LIGHTHOUSE_RUNS runs, default 1; BENCH_LIGHTHOUSE=0 skips it).
 * Prints one table with the goal beside each figure (✗ marks a miss).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { type Browser, chromium } from 'playwright-core';
import { type AnnexInstance, CHROMIUM_ARGS, startAnnex, stopAnnex } from './annex-instance.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TTFB_REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 30);
const LIGHTHOUSE_RUNS = process.env.BENCH_LIGHTHOUSE === '0' ? 0 : Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 1);

const GOAL = { jsKb: 100, jsRequests: 20, ttfbMs: 100, score: 95, cls: 0.1 };

type Role = 'public' | 'buyer' | 'vendor' | 'secretariat';
const ACCOUNTS: Record<Exclude<Role, 'public'>, string> = {
  buyer: 'buyer.xingheng@annex.local',
  vendor: 'vendor.shuicheng@annex.local',
  secretariat: 'admin@annex.local',
};
/** A route, whom it is for, and whether Lighthouse scores it; public pages are also timed signed in unless `signedOutOnly`. */
type Route = { path: string; role: Role; lighthouse: boolean; signedOutOnly?: boolean };

type Row = {
  route: Route;
  jsBytes: number;
  jsRequests: number;
  htmlBytes: number;
  htmlSent: number;
  encoding: string;
  ttfbOut: number | null;
  ttfbIn: number | null;
  score: number | null;
  cls: number | null;
};

const label = (route: Route) => route.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, '<id>');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const median = (values: number[]) => percentile(values, 50);

// ---------- the instance and its data ----------

/** The session cookie of a demo account, signed in through the web's /api like a browser. */
async function signIn(webUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${webUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: webUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`signing in as ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** The first item a list shows; waits up to a minute for a fresh instance's search index to fill. */
async function firstId(webUrl: string, path: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${webUrl}/api/v1${path}`);
    const body = (await res.json()) as { items?: { id: string }[] };
    const id = body.items?.[0]?.id;
    if (id) return id;
    if (Date.now() > deadline) throw new Error(`GET ${path} listed nothing: ${JSON.stringify(body).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ---------- measurements ----------

/** One GET as a browser sends it; resolves at the first byte of the body with what was sent. */
function get(url: string, cookie: string | undefined, agent: Agent): Promise<{ ttfbMs: number; body: Buffer; encoding: string; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { agent, headers: { 'accept-encoding': 'br, gzip', accept: 'text/html', ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      let ttfbMs = 0;
      res.once('data', () => {
        ttfbMs = performance.now() - t0;
      });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ttfbMs, body: Buffer.concat(chunks), encoding: String(res.headers['content-encoding'] ?? 'none'), status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function ttfbP95(url: string, cookie: string | undefined): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  try {
    // warms the connection, the server's caches and its compiled code paths (the first requests run unoptimised code)
    for (let i = 0; i < 5; i++) await get(url, cookie, agent);
    const times: number[] = [];
    for (let i = 0; i < TTFB_REQUESTS; i++) {
      const r = await get(url, cookie, agent);
      if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}`);
      times.push(r.ttfbMs);
    }
    return percentile(times, 95);
  } finally {
    agent.destroy();
  }
}

/** The HTML as sent (compressed when the server does) and its uncompressed size. */
async function htmlSizes(url: string, cookie: string | undefined): Promise<{ sent: number; raw: number; encoding: string }> {
  const agent = new Agent();
  const sent = await get(url, cookie, agent);
  const plain = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { sent: sent.body.length, raw: Buffer.byteLength(await plain.arrayBuffer()), encoding: sent.encoding };
}

/** The JavaScript a first visit loads, measured as brotli (quality 11, as the build precompresses). */
async function pageScripts(browser: Browser, webUrl: string, url: string, cookie: string | undefined): Promise<{ bytes: number; requests: number }> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  if (cookie) {
    await context.addCookies(cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name: name!, value: value.join('='), url: webUrl };
    }));
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  const bodies: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    bodies.push(response.body().then((b) => brotliCompressSync(b).length, () => 0));
  });
  try {
    const res = await page.goto(url, { waitUntil: 'networkidle' });
    if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
    // a page whose chunks do not load or run is no faster for it
    if (errors.length > 0) throw new Error(`${url} failed in the browser: ${errors.join('; ')}`);
    const sizes = await Promise.all(bodies);
    return { bytes: sizes.reduce((a, b) => a + b, 0), requests: sizes.length };
  } finally {
    await context.close();
  }
}

/** Chromium with a DevTools port, for Lighthouse. */
async function debuggableChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'annex-lh-'));
  const child = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${err}`)));
  });
  return {
    port,
    // Chromium may still be writing its profile as it exits: wait for it, then retry the removal
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

async function lighthouseRun(port: number, url: string, cookie: string | undefined): Promise<{ score: number; cls: number }> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], extraHeaders: cookie ? { Cookie: cookie } : undefined });
  const lhr = result?.lhr;
  const score = lhr?.categories.performance?.score;
  const cls = lhr?.audits['cumulative-layout-shift']?.numericValue;
  if (score == null || cls == null) throw new Error(`Lighthouse gave no score for ${url}: ${lhr?.runtimeError?.message ?? 'no result'}`);
  return { score: Math.round(score * 100), cls };
}

// ---------- the run ----------

function printTable(rows: Row[]) {
  const mark = (ok: boolean) => (ok ? ' ' : '✗');
  const ms = (v: number | null) => (v == null ? '—' : `${v.toFixed(0)} ms`);
  const header = ['route', 'as', `JS br (≤ ${GOAL.jsKb} KB)`, `JS req (≤ ${GOAL.jsRequests})`, 'HTML sent / raw', 'ratio', `TTFB p95 out / in (≤ ${GOAL.ttfbMs} ms)`, `LH perf (≥ ${GOAL.score})`, `CLS (< ${GOAL.cls})`];
  const lines = rows.map((r) => [
    label(r.route),
    r.route.role,
    `${kb(r.jsBytes)} ${mark(r.jsBytes <= GOAL.jsKb * 1024)}`,
    `${r.jsRequests} ${mark(r.jsRequests <= GOAL.jsRequests)}`,
    `${kb(r.htmlSent)} / ${kb(r.htmlBytes)} ${r.encoding}`,
    `${(r.htmlBytes / r.htmlSent).toFixed(1)}×`,
    `${ms(r.ttfbOut)} / ${ms(r.ttfbIn)} ${mark(Math.max(r.ttfbOut ?? 0, r.ttfbIn ?? 0) <= GOAL.ttfbMs)}`,
    r.score == null ? '—' : `${r.score} ${mark(r.score >= GOAL.score)}`,
    r.cls == null ? '—' : `${r.cls.toFixed(3)} ${mark(r.cls < GOAL.cls)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));

  const all = (f: (r: Row) => number | null) => rows.map(f).filter((v): v is number => v != null);
  const out = all((r) => r.ttfbOut);
  const inn = all((r) => r.ttfbIn);
  const misses = rows.filter((r) => r.jsBytes > GOAL.jsKb * 1024 || r.jsRequests > GOAL.jsRequests || (r.score != null && r.score < GOAL.score) || (r.cls != null && r.cls >= GOAL.cls));
  console.log('');
  console.log(`largest JS per route ${kb(Math.max(...rows.map((r) => r.jsBytes)))} (goal ≤ ${GOAL.jsKb} KB), most JS requests ${Math.max(...rows.map((r) => r.jsRequests))} (goal ≤ ${GOAL.jsRequests})`);
  console.log(`TTFB p95, worst route: signed out ${ms(Math.max(...out))}, signed in ${ms(Math.max(...inn))} (goal ≤ ${GOAL.ttfbMs} ms)`);
  console.log(`HTML compression: ${rows.every((r) => r.encoding !== 'none') ? 'every page' : 'NOT every page'}, ratio ${median(rows.map((r) => r.htmlBytes / r.htmlSent)).toFixed(1)}× (median)`);
  if (LIGHTHOUSE_RUNS > 0) {
    const scores = all((r) => r.score);
    console.log(`Lighthouse: lowest performance ${Math.min(...scores)} (goal ≥ ${GOAL.score}), highest CLS ${Math.max(...all((r) => r.cls)).toFixed(3)} (goal < ${GOAL.cls})`);
  }
  console.log(misses.length === 0 ? 'every route meets its page-weight and Lighthouse goals' : `routes missing a goal: ${misses.map((r) => `${label(r.route)} (${r.route.role})`).join(', ')}`);
}

async function main() {
  let annex: AnnexInstance | null = null;
  let dataDir: string | null = null;
  let browser: Browser | null = null;
  try {
    if (process.env.BENCH_WEB_URL) {
      const password = process.env.BENCH_DEMO_PASSWORD;
      if (!password) throw new Error('BENCH_WEB_URL needs BENCH_DEMO_PASSWORD (the password of the demo accounts)');
      annex = { child: null, webUrl: process.env.BENCH_WEB_URL.replace(/\/+$/, ''), demoPassword: password, output: () => '' };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'annex-bench-pages-'));
      console.log(`bench:pages: starting Annex in ${dataDir} …`);
      const t0 = performance.now();
      annex = await startAnnex(dataDir);
      console.log(`bench:pages: Annex is up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const { webUrl, demoPassword } = annex;
    const cookies: Partial<Record<Role, string>> = {};
    for (const [role, email] of Object.entries(ACCOUNTS) as [Exclude<Role, 'public'>, string][]) cookies[role] = await signIn(webUrl, email, demoPassword);
    const orderId = await firstId(webUrl, '/orders?limit=1');
    const vendorId = await firstId(webUrl, '/vendors?limit=1');

    const main = (path: string, role: Role = 'public'): Route => ({ path, role, lighthouse: true });
    const more = (path: string, role: Role): Route => ({ path, role, lighthouse: false });
    const routes: Route[] = [
      main('/'),
      main('/orders'),
      main(`/orders/${orderId}`),
      main('/vendors'),
      main(`/vendors/${vendorId}`),
      main(`/search?q=${encodeURIComponent('点云')}`),
      { ...main('/login'), signedOutOnly: true },
      { ...more('/register', 'public'), signedOutOnly: true },
      main('/orders/mine', 'buyer'),
      more('/orders/new', 'buyer'),
      more(`/orders/${orderId}`, 'buyer'),
      more('/inbox', 'buyer'),
      main('/bids', 'vendor'),
      more('/saved-searches', 'vendor'),
      more('/org', 'vendor'),
      main('/admin/vendors', 'secretariat'),
      more('/admin/orders', 'secretariat'),
      more('/admin/objections', 'secretariat'),
    ];

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const lh = LIGHTHOUSE_RUNS > 0 ? await debuggableChromium() : null;
    const rows: Row[] = [];
    try {
      // one discarded run first, so that no route is audited on a cold browser
      if (lh) await lighthouseRun(lh.port, webUrl + routes[0]!.path, undefined);
      for (const route of routes) {
        const url = webUrl + route.path;
        const cookie = route.role === 'public' ? undefined : cookies[route.role];
        const js = await pageScripts(browser, webUrl, url, cookie);
        const html = await htmlSizes(url, cookie);
        // a public page is timed signed out and signed in (as the buyer); a dashboard signed in only; /login signed out only
        const ttfbOut = route.role === 'public' ? await ttfbP95(url, undefined) : null;
        const ttfbIn = route.signedOutOnly ? null : await ttfbP95(url, cookie ?? cookies.buyer);
        let score: number | null = null;
        let cls: number | null = null;
        if (lh && route.lighthouse) {
          const runs = [];
          for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(await lighthouseRun(lh.port, url, cookie));
          score = median(runs.map((r) => r.score));
          cls = median(runs.map((r) => r.cls));
        }
        rows.push({ route, jsBytes: js.bytes, jsRequests: js.requests, htmlBytes: html.raw, htmlSent: html.sent, encoding: html.encoding, ttfbOut, ttfbIn, score, cls });
        console.log(`bench:pages: ${label(route)} (${route.role}) measured`);
      }
    } finally {
      await lh?.stop();
    }
    console.log('');
    printTable(rows);
  } finally {
    await browser?.close().catch(() => {});
    await stopAnnex(annex);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
