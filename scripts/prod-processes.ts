/**
 * Two API processes behave as one (run by scripts/test-prod.ts against the demo market): a session opened on one
 * is known to the other and ended on both by a sign-out on either; one Idempotency-Key sent to both at once makes
 * one question; login throttling counts failures from both, and still lets the owner in from a fresh source; an API
 * token's rate limit is one for both; the bid storm at a deadline, sent to both, keeps exactly what it acknowledged
 * and refuses everything late; two awards at once make one; the deadline's transition, its notification and its
 * webhook happen once, and the search outbox indexes each row once; and a process stopped with SIGTERM finishes
 * its request, exits 0 at once and gives back what it held, so the other takes it up at once.
 * Each check talks to the processes directly, each request from a client address of its own (X-Forwarded-For, which
 * the API believes from loopback, as from its proxies); what the API does not show is read from the database.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSql } from '../packages/db/src/client.ts';

type Call = { status: number; json: Record<string, unknown> | null; headers: Headers };

/** What the checks may do to the API processes (by index in `apis`). */
export type ApiProcesses = {
  /** sends a signal (SIGSTOP/SIGCONT: freeze one so that the other is alone for a moment) */
  signal(i: number, signal: NodeJS.Signals): void;
  /** SIGTERM, then the exit: its code and how long it took */
  stop(i: number): Promise<{ code: number | null; ms: number }>;
  /** starts it again and waits until it answers */
  start(i: number): Promise<void>;
};

export async function checkProcesses(o: {
  apis: [string, string]; origin: string; password: string; log: (line: string) => void; databaseUrl: string; processes: ApiProcesses;
  /** the API's API_TOKEN_RATE_PER_MINUTE */
  tokenRatePerMinute: number;
}): Promise<void> {
  const [a, b] = o.apis;
  const call = async (
    base: string, method: string, path: string, h: { cookie?: string; source: string; body?: unknown; key?: string; bearer?: string },
  ): Promise<Call> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        origin: o.origin, 'x-forwarded-for': h.source, 'content-type': 'application/json',
        ...(h.cookie ? { cookie: h.cookie } : {}), ...(h.key ? { 'idempotency-key': h.key } : {}),
        ...(h.bearer ? { authorization: `Bearer ${h.bearer}` } : {}),
      },
      body: h.body === undefined ? undefined : JSON.stringify(h.body),
    });
    const text = await r.text();
    return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: r.headers };
  };
  const expect = (what: string, ok: boolean, detail: unknown) => {
    if (!ok) throw new Error(`two processes: ${what} (${JSON.stringify(detail)})`);
  };
  const signIn = async (base: string, email: string, source: string) => {
    const r = await call(base, 'POST', '/api/v1/auth/login', { source, body: { email, password: o.password } });
    expect(`${email} signs in on ${base}`, r.status === 200, r.json);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };

  // sessions live in PostgreSQL: opened on one process, known to the other, ended on both by either
  const vendor = await signIn(a, 'vendor.shuicheng@annex.local', '198.51.100.10');
  expect('the session opened on api-1 is known to api-2', (await call(b, 'GET', '/api/v1/me', { cookie: vendor, source: '198.51.100.10' })).status === 200, null);

  // one Idempotency-Key, sent to both processes at once, eight times: one question, the same answer to all
  // the seeded orders, once the search sync of either process has indexed them
  let order: { id: string } | undefined;
  const seen: unknown[] = [];
  for (const until = Date.now() + 60_000; !order && Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const listed = await call(a, 'GET', '/api/v1/orders?limit=50', { source: '198.51.100.10' });
    for (const item of (listed.json?.items ?? []) as { id: string; status: string }[]) {
      if (item.status !== 'open') continue;
      const detail = await call(a, 'GET', `/api/v1/orders/${item.id}`, { cookie: vendor, source: '198.51.100.10' });
      seen.push([detail.status, detail.json?.permissions]);
      if ((detail.json?.permissions as { ask?: boolean } | undefined)?.ask) order = item;
      if (order) break;
    }
  }
  expect('the demo market has an order the vendor may ask about', order !== undefined, seen);
  const key = randomUUID();
  const body = { body: `两个进程同时收到的同一问题 ${key.slice(0, 8)}：样例数据能否提前提供？` };
  const asked = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    call(i % 2 ? b : a, 'POST', `/api/v1/orders/${order!.id}/questions`, { cookie: vendor, source: '198.51.100.10', body, key })));
  const ids = new Set(asked.map((r) => (r.json as { id?: string } | null)?.id));
  expect('eight sends of one key on two processes answer 201 with one question', asked.every((r) => r.status === 201) && ids.size === 1, asked.map((r) => r.status));
  const listed = await call(b, 'GET', `/api/v1/orders/${order!.id}/questions`, { cookie: vendor, source: '198.51.100.10' });
  const same = ((listed.json?.items ?? []) as { body: string }[]).filter((q) => q.body === body.body);
  expect('the order holds the question once', same.length === 1, same.length);

  // login throttling across processes: the pair's free failures are counted from both, then it waits
  const victim = 'buyer.yanchuan@annex.local';
  const guesses: number[] = [];
  // the waits after the fifth failure are 1 s, 2 s, 4 s: on a loaded machine a password check may outlast the first,
  // so the guesses go on until one is throttled (the eighth at the latest)
  for (let i = 0; i < 8 && guesses.at(-1) !== 429; i++) {
    guesses.push((await call(i % 2 ? b : a, 'POST', '/api/v1/auth/login', { source: '203.0.113.66', body: { email: victim, password: `wrong-${i}` } })).status);
  }
  expect('five wrong passwords (alternating processes) are refused, then a guess is throttled', guesses.slice(0, 5).every((s) => s === 401) && guesses.at(-1) === 429, guesses);
  // …and the owner, from an address that has not failed, still gets in (on either process)
  const owner = await signIn(b, victim, '198.51.100.77');

  // a sign-out on api-2 ends the session on api-1 at once
  expect('sign-out on api-2', (await call(b, 'POST', '/api/v1/auth/logout', { cookie: owner, source: '198.51.100.77' })).status === 204, null);
  expect('the signed-out session is refused by api-1', (await call(a, 'GET', '/api/v1/me', { cookie: owner, source: '198.51.100.77' })).status === 401, null);
  await call(a, 'POST', '/api/v1/auth/logout', { cookie: vendor, source: '198.51.100.10' });

  o.log('two API processes, one behaviour: shared sessions and sign-out, one question from one key sent 8× to both, login throttling counted across both');

  const sql = createSql(o.databaseUrl, { max: 2 });
  const hooks = await webhookReceiver();
  try {
    const t0 = performance.now();
    const x = { a, b, call, expect, sql, hooks, log: o.log, origin: o.origin, processes: o.processes, tokenRatePerMinute: o.tokenRatePerMinute };
    const buyer = await signIn(a, 'buyer.xingheng@annex.local', '198.51.100.20');
    const admin = await signIn(b, 'admin@annex.local', '198.51.100.21');
    const vendors = await Promise.all(DEMO_VENDORS.map((email, i) => signIn(i % 2 ? b : a, email, `198.51.100.${30 + i}`)));
    await checkTokenRate(x, buyer);
    // the buyer's organisation hears of approvals and closed bidding at a receiver of this script's
    const hook = await call(a, 'POST', '/api/v1/webhooks', {
      cookie: buyer, source: '198.51.100.20', body: { url: hooks.url, eventTypes: ['order.approved', 'bidding.closed'] },
    });
    expect('the buyer subscribes a webhook', hook.status === 201, hook.json);
    const storm = await checkBidStorm(x, buyer, admin, vendors);
    await checkJobsOnce(x, storm.orderId, storm.title);
    await checkConcurrentAwards(x, buyer, storm.orderId, storm.bidIds);
    await checkGracefulShutdown(x, buyer, admin);
    o.log(`the checks of the token rate, the bid storm, awards, jobs once and the graceful stop took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    hooks.close();
    await sql.end({ timeout: 5 });
  }
}

/** The verified demo vendors: every one may bid on the storm's order. */
const DEMO_VENDORS = ['vendor.shuicheng@annex.local', 'vendor.yunhe@annex.local', 'vendor.huiyan@annex.local', 'vendor.jingyanggang@annex.local'];

type Ctx = {
  a: string;
  b: string;
  call: (base: string, method: string, path: string, h: { cookie?: string; source: string; body?: unknown; key?: string; bearer?: string }) => Promise<Call>;
  expect: (what: string, ok: boolean, detail: unknown) => void;
  sql: ReturnType<typeof createSql>;
  hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  log: (line: string) => void;
  origin: string;
  processes: ApiProcesses;
  tokenRatePerMinute: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const codeOf = (r: Call) => (r.json as { code?: string } | null)?.code;

/** Polls `probe` until it gives something (or the time is up: undefined). */
async function until<T>(ms: number, probe: () => Promise<T | undefined | null | false>): Promise<T | undefined> {
  for (const end = Date.now() + ms; ; await sleep(200)) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) return undefined;
  }
}

/** A complete order whose bidding closes at `deadline` (as the web's order form sends it). */
function orderBody(title: string, deadline: Date) {
  return {
    title, description: '两个 API 进程的检查', modality: 'image', taskTypes: ['bbox'], volume: { quantity: 1000, unit: 'images' },
    unitPriceCeilingFen: 120, budgetTotalFen: 10_000_000, biddingMode: 'sealed', questionsCloseAt: deadline.toISOString(),
    bidDeadline: deadline.toISOString(), deliveryDeadline: new Date(Date.now() + 40 * 86_400_000).toISOString(), accuracyTarget: 97,
    samplingRule: { kind: 'gbt2828', aql: 1.0 }, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
    requiredCertifications: [], minHeadcount: 10, requiresSecureRoom: false, tags: [],
  };
}

/** The buyer posts and submits an order, the secretariat approves it: open, bidding until `deadline`. */
async function openOrder(x: Ctx, buyer: string, admin: string, title: string, deadline: Date): Promise<string> {
  const made = await x.call(x.a, 'POST', '/api/v1/orders', { cookie: buyer, source: '198.51.100.20', body: orderBody(title, deadline) });
  x.expect('the buyer posts an order', made.status === 201, made.json);
  const id = (made.json as { id: string }).id;
  const submitted = await x.call(x.b, 'POST', `/api/v1/orders/${id}/submit`, { cookie: buyer, source: '198.51.100.20' });
  x.expect('the buyer submits it', submitted.status === 200, submitted.json);
  const approved = await x.call(x.a, 'POST', `/api/v1/admin/orders/${id}/review`, { cookie: admin, source: '198.51.100.21', body: { decision: 'approve' } });
  x.expect('the secretariat approves it', approved.status === 200, approved.json);
  return id;
}

/**
 * An API token's rate limit is kept in PostgreSQL: its requests sent to both processes at once are counted in one
 * window, so exactly the per-minute limit pass, the rest get 429 with Retry-After, as with one process.
 */
async function checkTokenRate(x: Ctx, buyer: string): Promise<void> {
  const made = await x.call(x.a, 'POST', '/api/v1/organisations/mine/tokens', {
    cookie: buyer, source: '198.51.100.20',
    body: { name: '两个进程的限流', scopes: ['orders:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  x.expect('the buyer\'s owner creates an API token', made.status === 201, made.json);
  const bearer = (made.json as { secret: string }).secret;
  const limit = x.tokenRatePerMinute;
  // the window is the clock's minute: the whole burst must fall in one (a slow machine may need a second try)
  const statuses: number[] = [];
  const retryAfter = new Set<string | null>();
  for (let tries = 0; tries < 2 && statuses.length === 0; tries++) {
    if (new Date().getSeconds() > 45) await sleep(60_000 - (Date.now() % 60_000) + 200);
    const minute = Math.floor(Date.now() / 60_000);
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      while (next < limit + 20) {
        next += 1;
        const r = await x.call(w % 2 ? x.b : x.a, 'GET', '/api/v1/orders?limit=1', { bearer, source: '198.51.100.22' });
        statuses.push(r.status);
        if (r.status === 429) retryAfter.add(r.headers.get('retry-after'));
      }
    }));
    if (Math.floor(Date.now() / 60_000) !== minute) statuses.length = 0;
  }
  x.expect('the burst fits in one minute', statuses.length > 0, null);
  const passed = statuses.filter((s) => s === 200).length;
  const refused = statuses.filter((s) => s === 429).length;
  x.expect(`${limit + 20} requests of one token to both processes: ${limit} pass, 20 get 429`, passed === limit && refused === 20, { passed, refused });
  x.expect('every 429 says when to retry', [...retryAfter].every((v) => Number(v) >= 1 && Number(v) <= 60), [...retryAfter]);
  x.log(`an API token's ${limit} requests a minute are one limit for both processes (${limit + 20} sent to both: ${passed} passed, ${refused} refused with Retry-After)`);
}

/**
 * The bid storm at a deadline: every verified demo vendor bids, sending the same bid to both processes at once (one
 * bid each), then revises it from both processes at once, without pause, from before the deadline to after it.
 * Every answer is an acknowledgement, a lost race (409 invalid_transition) or, for everything sent at or after the
 * deadline, 409 bidding_closed — never a 5xx; each acknowledged revision is in the bid's history and nothing else
 * is; and after the deadline the comparison holds exactly the bids, each at its last acknowledged price.
 */
async function checkBidStorm(x: Ctx, buyer: string, admin: string, vendors: string[]): Promise<{ orderId: string; title: string; bidIds: string[] }> {
  const title = `截止时刻竞价 ${randomUUID().slice(0, 8)}`;
  const deadline = new Date(Date.now() + 5000);
  const orderId = await openOrder(x, buyer, admin, title, deadline);
  type Sent = { vendor: number; at: number; status: number; code?: string; price: number; revision?: number };
  const sent: Sent[] = [];
  let price = 9_000_000;
  const bid = async (vendor: number, base: string, method: 'POST' | 'PATCH') => {
    price -= 10;
    const offer = { totalPriceFen: price, unitPriceFen: 80, deliveryDays: 20, teamSize: 30, committedAccuracy: 98.5, proposal: '双人复核' };
    const at = Date.now();
    const r = await x.call(base, method, method === 'POST' ? `/api/v1/orders/${orderId}/bids` : `/api/v1/orders/${orderId}/bids/mine`, {
      cookie: vendors[vendor], source: `198.51.100.${30 + vendor}`, body: method === 'POST' ? offer : { totalPriceFen: offer.totalPriceFen },
    });
    sent.push({ vendor, at, status: r.status, code: codeOf(r), price: offer.totalPriceFen, revision: (r.json as { revision?: number } | null)?.revision });
  };
  // one bid each, sent to both processes at once
  await Promise.all(vendors.flatMap((_, v) => [bid(v, x.a, 'POST'), bid(v, x.b, 'POST')]));
  const placed = sent.filter((s) => s.status === 201).map((s) => s.vendor).sort();
  x.expect('each vendor\'s bid sent to both processes at once is placed once', placed.join() === vendors.map((_, v) => v).join(), sent);
  // revisions from both processes, up to and past the deadline
  await sleep(deadline.getTime() - 2000 - Date.now());
  await Promise.all(vendors.flatMap((_, v) => [x.a, x.b].map(async (base) => {
    while (Date.now() < deadline.getTime() + 1000) await bid(v, base, 'PATCH');
  })));
  const late = sent.filter((s) => s.at >= deadline.getTime());
  const failed = sent.filter((s) => s.status >= 500);
  x.expect('no bid answered 5xx', failed.length === 0, failed);
  x.expect('every bid sent at or after the deadline is refused with bidding_closed', late.length > 0 && late.every((s) => s.status === 409 && s.code === 'bidding_closed'), late.filter((s) => s.code !== 'bidding_closed'));
  const odd = sent.filter((s) => ![200, 201].includes(s.status) && !(s.status === 409 && ['bidding_closed', 'invalid_transition'].includes(s.code ?? '')));
  x.expect('every bid is acknowledged, lost a race (invalid_transition) or came late (bidding_closed)', odd.length === 0, odd);
  const acked = sent.filter((s) => s.status === 200 || s.status === 201);
  const comparison = await x.call(x.b, 'GET', `/api/v1/orders/${orderId}/comparison`, { cookie: buyer, source: '198.51.100.20' });
  x.expect('after the deadline the buyer compares the bids', comparison.status === 200, comparison.json);
  type Row = { bid: { id: string; vendorName: string; revision: number; offer: { totalPriceFen: number } } };
  const rows = (comparison.json as { rows: Row[] }).rows;
  x.expect('the comparison holds one bid per vendor', rows.length === vendors.length, rows.length);
  const bidIds: string[] = [];
  for (const [v, cookie] of vendors.entries()) {
    const mine = await x.call(x.a, 'GET', `/api/v1/orders/${orderId}/bids/mine`, { cookie, source: `198.51.100.${30 + v}` });
    const stored = ((mine.json as { revisions: { offer: { totalPriceFen: number } }[] }).revisions ?? []).map((r) => r.offer.totalPriceFen).sort();
    const ours = acked.filter((s) => s.vendor === v);
    x.expect(`vendor ${v}: its bid's revisions are exactly the ${ours.length} acknowledged`, stored.join() === ours.map((s) => s.price).sort().join(), { stored, acked: ours });
    const last = ours.reduce((m, s) => ((s.revision ?? 0) > (m.revision ?? 0) ? s : m));
    const row = rows.find((r) => r.bid.id === (mine.json as { id: string }).id);
    x.expect(`vendor ${v}: the comparison shows its last acknowledged price`, row?.bid.offer.totalPriceFen === last.price, { row, last });
    bidIds.push(row!.bid.id);
  }
  const inWindow = sent.filter((s) => s.at >= deadline.getTime() - 2000);
  x.log(`bid storm at a deadline on both processes: ${sent.length} bids (${inWindow.length} in its last 2 s and after it), ` +
    `${acked.length} acknowledged and all kept, ${late.length} late all refused bidding_closed, no 5xx; the comparison holds the ${rows.length} bids at their last prices`);
  return { orderId, title, bidIds };
}

/**
 * Each job done once with a scheduler and a search sync in both processes: the deadline passing makes one
 * transition (one audit row), one bidding_closed notification per member of the buyer, one webhook delivery of it;
 * and the order's search outbox rows are each claimed once (attempts 1) and done, the order found by search.
 */
async function checkJobsOnce(x: Ctx, orderId: string, title: string): Promise<void> {
  const closed = await until(15_000, async () => (await x.sql<{ status: string }[]>`select status from orders where id = ${orderId}`)[0]?.status === 'evaluation');
  x.expect('a scheduler takes the order to evaluation after its deadline', closed === true, null);
  const transitions = await x.sql`select id from audit_log where entity_id = ${orderId} and action = 'order.bidding_closed'`;
  x.expect('one audit row of the transition', transitions.length === 1, transitions.length);
  const told = await x.sql<{ userId: string; n: number }[]>`
    select user_id, count(*)::int as n from notifications where order_id = ${orderId} and kind = 'bidding_closed' group by user_id`;
  x.expect('one bidding_closed notification per member of the buyer', told.length > 0 && told.every((t) => t.n === 1), told);
  const heard = await until(10_000, async () => x.hooks.received.filter((h) => h.type === 'bidding.closed' && h.orderId === orderId && h.answered));
  await sleep(2500); // a second sender pass would have sent it again by now
  const deliveries = x.hooks.received.filter((h) => h.type === 'bidding.closed' && h.orderId === orderId);
  x.expect('the webhook of the deadline arrives once', heard !== undefined && deliveries.length === 1, deliveries);
  const found = await until(10_000, async () => {
    const r = await x.call(x.b, 'GET', `/api/v1/search/orders?q=${encodeURIComponent(title)}`, { source: '198.51.100.23' });
    return ((r.json?.items ?? []) as { id: string; status: string }[]).some((i) => i.id === orderId && i.status === 'evaluation');
  });
  x.expect('the order is found by search, in evaluation', found === true, null);
  type Row = { id: number; attempts: number; createdAt: Date; availableAt: Date; processedAt: Date | null; lastError: string | null };
  const outboxRows = () => x.sql<Row[]>`
    select id, attempts, created_at, available_at, processed_at, last_error from outbox
    where topic = 'search.order' and aggregate_id = ${orderId} order by id`;
  const rows = (await until(15_000, async () => {
    const r = await outboxRows();
    return r.every((row) => row.processedAt) && r;
  })) ?? (await outboxRows());
  x.expect('each search outbox row of the order was claimed once and done', rows.length >= 2 && rows.every((r) => r.attempts === 1 && r.processedAt), rows);
  x.log(`jobs done once across both processes: one transition at the deadline, one notification per recipient, one webhook; ` +
    `the order's ${rows.length} search outbox rows each indexed once, the order found in evaluation`);
}

/** Two awards of one order at once, one to each process, for different bids: one is made, the other is already_awarded. */
async function checkConcurrentAwards(x: Ctx, buyer: string, orderId: string, bidIds: string[]): Promise<void> {
  const answers = await Promise.all([x.a, x.b].map((base, i) => x.call(base, 'POST', `/api/v1/orders/${orderId}/award`, {
    cookie: buyer, source: '198.51.100.20', body: { bidId: bidIds[i], reason: '综合评分第一' }, key: randomUUID(),
  })));
  const made = answers.filter((r) => r.status === 201);
  const refused = answers.filter((r) => r.status === 409 && codeOf(r) === 'already_awarded');
  x.expect('two awards at once: one made, the other already_awarded', made.length === 1 && refused.length === 1, answers.map((r) => [r.status, codeOf(r)]));
  const awards = await x.sql`select id from awards where order_id = ${orderId}`;
  x.expect('one award row', awards.length === 1, awards.length);
  x.log('two awards of different bids sent to both processes at once: one made, the other 409 already_awarded, one award row');
}

/**
 * SIGTERM to a process while a slow upload is in flight on it and it holds a webhook delivery (its receiver does
 * not answer): the upload completes, the process exits 0 at once, and the delivery it held goes to the other process
 * straight away — not after its lease or a retry. No lease is left behind.
 */
async function checkGracefulShutdown(x: Ctx, buyer: string, admin: string): Promise<void> {
  const title = `平滑停止 ${randomUUID().slice(0, 8)}`;
  const made = await x.call(x.a, 'POST', '/api/v1/orders', { cookie: buyer, source: '198.51.100.20', body: orderBody(title, new Date(Date.now() + 3_600_000)) });
  const orderId = (made.json as { id: string }).id;
  x.expect('the buyer submits an order', (await x.call(x.a, 'POST', `/api/v1/orders/${orderId}/submit`, { cookie: buyer, source: '198.51.100.20' })).status === 200, null);
  const draft = await x.call(x.a, 'POST', '/api/v1/orders', { cookie: buyer, source: '198.51.100.20', body: { title: `${title} 草稿`, modality: 'image' } });
  const draftId = (draft.json as { id: string }).id;
  // api-1 alone for a moment: it claims the approval's delivery, whose receiver holds it unanswered
  x.hooks.hold = (h) => h.orderId === orderId && h.attempt === 1;
  x.processes.signal(1, 'SIGSTOP');
  let resumed = false;
  try {
    const approved = await x.call(x.a, 'POST', `/api/v1/admin/orders/${orderId}/review`, { cookie: admin, source: '198.51.100.21', body: { decision: 'approve' } });
    x.expect('the secretariat approves it on api-1', approved.status === 200, approved.json);
    const held = await until(10_000, async () => x.hooks.received.find((h) => h.orderId === orderId));
    x.expect('api-1 sends the approval\'s webhook', held !== undefined, x.hooks.received);
    const upload = slowUpload(x, x.a, draftId, buyer, 2000);
    await sleep(400);
    const termAt = Date.now();
    const stopped = x.processes.stop(0);
    x.processes.signal(1, 'SIGCONT');
    resumed = true;
    const answer = await upload;
    const answeredAt = Date.now();
    x.expect('the upload in flight at SIGTERM completes', answer.status === 201, answer);
    const { code, ms } = await stopped;
    // within seconds: its workers only finish the pass in flight (usually well under 1 s; a loaded machine's slow
    // Meilisearch task may take longer)
    const after = Date.now() - answeredAt;
    x.expect('the stopped process exits 0 within 10 s of its last answer', code === 0 && after < 10_000, { code, ms, after });
    const again = await until(5000, async () => x.hooks.received.find((h) => h.orderId === orderId && h.answered));
    // at once: not after the held POST's timeout and a 30 s retry, nor the claim's lease
    x.expect('the delivery api-1 held is made by api-2 within 6 s of the SIGTERM', again !== undefined && again.at - termAt < 6000,
      x.hooks.received.filter((h) => h.orderId === orderId));
    const leased = () => x.sql<{ what: string; id: string; until: Date }[]>`
      select 'job ' || kind as what, id::text, locked_until as until from jobs where locked_until > clock_timestamp()
      union all select 'e-mail', id::text, locked_until from email_outbox where locked_until > clock_timestamp()
      union all select 'webhook delivery', id::text, locked_until from webhook_deliveries where locked_until > clock_timestamp()
      union all select topic, id::text, available_at from outbox
        where processed_at is null and attempts > 0 and last_error is null and available_at > clock_timestamp()`;
    const leases = await until(3000, async () => (await leased()).length === 0);
    x.expect('no lease is left behind', leases === true, await leased());
    x.log(`SIGTERM with an upload in flight and a webhook delivery held: the upload answered ${answer.status}, the process exited ${code} ` +
      `${(ms / 1000).toFixed(1)} s after the SIGTERM (${(after / 1000).toFixed(1)} s after that answer), the other process delivered the webhook ${((again!.at - termAt) / 1000).toFixed(1)} s after the SIGTERM; no lease left`);
  } finally {
    if (!resumed) x.processes.signal(1, 'SIGCONT');
    x.hooks.hold = () => false;
  }
  await x.processes.start(0);
}

/** A multipart upload of a text file to a draft, its body sent over `ms` (a slow client). */
function slowUpload(x: Ctx, base: string, orderId: string, cookie: string, ms: number): Promise<{ status: number; body: string }> {
  const boundary = `annex-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nguideline\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="guide.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    Buffer.from('标注规范：每张图的车辆与行人都要框出。\n'.repeat(4000)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/v1/orders/${orderId}/attachments`, {
      method: 'POST',
      headers: {
        origin: x.origin, cookie, 'x-forwarded-for': '198.51.100.20', 'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.slice(0, 300) }));
    });
    req.on('error', reject);
    const pieces = 10;
    const size = Math.ceil(body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      setTimeout(() => (i === pieces - 1 ? req.end(body.subarray(i * size)) : req.write(body.subarray(i * size, (i + 1) * size))), (ms / pieces) * i);
    }
  });
}

type Heard = { type: string; orderId: string; deliveryId: string; attempt: number; at: number; answered: boolean };

/** A webhook receiver: records each delivery; answers 200 at once, or never, for those `hold` picks. */
async function webhookReceiver() {
  const received: Heard[] = [];
  const seen = new Map<string, number>();
  const state = { hold: (_h: Heard) => false };
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { text += c; });
    req.on('end', () => {
      const event = JSON.parse(text) as { type: string; data: { orderId: string } };
      const deliveryId = String(req.headers['annex-delivery-id']);
      const attempt = (seen.get(deliveryId) ?? 0) + 1;
      seen.set(deliveryId, attempt);
      const h: Heard = { type: event.type, orderId: event.data.orderId, deliveryId, attempt, at: Date.now(), answered: false };
      received.push(h);
      if (state.hold(h)) return;
      h.answered = true;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/annex`,
    received,
    get hold() { return state.hold; },
    set hold(f: (h: Heard) => boolean) { state.hold = f; },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
