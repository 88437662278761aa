import type { CreateOrderRequest } from '@annex/contracts';
import { type OrderRow, type Sql, bids, createSql, orders, questions, withTransaction, orderAttachments } from '@annex/db';
import { createOpenOrder, sampleCapabilities, setBidDeadlineFromNow } from '@annex/db/fixtures.ts';
import type { TestDatabase } from '@annex/db/testing.ts';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from './app.ts';
import type { AppConfig } from './app-config.ts';
import { createMemoryFileStorage } from './lib/storage.ts';
import { TEST_CONFIG, call, registerAs, setupApp, signInSecretariat } from './test-helpers.ts';

// Test-only helpers of the marketplace tests: the cast of organisations, order bodies, fixtures in any state.

const HOUR = 3_600_000;

/** Who calls in the marketplace tests. */
export type Role = 'anonymous' | 'buyerA' | 'buyerB' | 'vendorA' | 'vendorB' | 'unverified' | 'secretariat';
export const ROLES: Role[] = ['anonymous', 'buyerA', 'buyerB', 'vendorA', 'vendorB', 'unverified', 'secretariat'];

export type Party = { cookie: string; orgId: string; userId: string; name: string };

/** A vendor's capability profile fit for the sample orders (image bbox). */
export const VENDOR_CAPABILITIES = { ...sampleCapabilities(), modalities: ['image', 'point_cloud'] as const, headcount: 80 };

/** Races need truly concurrent connections: a PostgreSQL server (DATABASE_URL). PGlite runs one statement at a time. */
export const ON_SERVER = Boolean(process.env.DATABASE_URL) && process.env.ANNEX_TEST_DB !== 'pglite';

/**
 * For a file of race tests: before its tests (on a server only), a market and an app on a pool of 24 connections,
 * handed to `use`; closed after them.
 */
export function raceMarket(use: (race: { m: Market; pool: Sql; app: App }) => void): void {
  let m: Market | undefined;
  let pool: Sql | undefined;
  beforeAll(async () => {
    if (!ON_SERVER) return;
    m = await setupMarket();
    pool = createSql(m.db.url, { max: 24 });
    // postgres.js learns the array types with a pool's first query: concurrent queries built before then send arrays as text
    await pool`select 1`;
    use({ m, pool, app: createApp({ sql: pool, config: TEST_CONFIG, search: null, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() }) });
  }, 120_000);
  afterAll(async () => {
    await pool?.end({ timeout: 5 });
    await m?.close();
  });
}

/** An app over a fresh database with buyers A and B, verified vendors A and B, an unverified vendor and the secretariat. */
export async function setupMarket(opts: { config?: Partial<AppConfig>; now?: () => Date } = {}) {
  const storage = createMemoryFileStorage();
  const t = await setupApp({ ...opts, storage });
  const admin = await signInSecretariat(t.app, t.db);
  const party = async (kind: 'buyer' | 'vendor', name: string): Promise<Party> => {
    const r = await registerAs(t.app, kind, {});
    await call(t.app, 'PATCH', '/api/v1/organisations/mine', { cookie: r.cookie, body: { name } });
    return { cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name };
  };
  const buyerA = await party('buyer', '甲方智驾科技有限公司');
  const buyerB = await party('buyer', '乙方语料科技有限公司');
  const vendorA = await party('vendor', '东昌数标科技有限公司');
  const vendorB = await party('vendor', '临清智能标注有限公司');
  const unverified = await party('vendor', '待审数标有限公司');
  for (const v of [vendorA, vendorB, unverified]) {
    const r = await call(t.app, 'PUT', '/api/v1/organisations/mine/capabilities', { cookie: v.cookie, body: VENDOR_CAPABILITIES });
    if (r.status !== 200) throw new Error(`capabilities: ${r.status} ${r.text}`);
  }
  for (const v of [vendorA, vendorB]) {
    const r = await call(t.app, 'POST', `/api/v1/admin/vendors/${v.orgId}/verification`, { cookie: admin.cookie, body: { decision: 'approve' } });
    if (r.status !== 200) throw new Error(`verify: ${r.status} ${r.text}`);
  }
  const secretariat: Party = { cookie: admin.cookie, orgId: admin.me.organisation.id, userId: admin.me.user.id, name: admin.me.organisation.name };
  const parties = { buyerA, buyerB, vendorA, vendorB, unverified, secretariat };
  const cookieOf = (role: Role) => (role === 'anonymous' ? null : parties[role].cookie);
  return { ...t, app: t.app, storage, parties, cookieOf, db: t.db as TestDatabase };
}

export type Market = Awaited<ReturnType<typeof setupMarket>>;

/** A complete order body for POST /orders with deadlines from now (bidding closes in `bidHours`). */
export function orderBody(over: Partial<CreateOrderRequest> = {}, bidHours = 72): CreateOrderRequest {
  const now = Date.now();
  return {
    title: '城市道路图像 2D 框标注',
    description: '## 要求\n- 车辆、行人、非机动车\n- 遮挡超过 50% 不标',
    modality: 'image',
    taskTypes: ['bbox'],
    volume: { quantity: 100_000, unit: 'images' },
    unitPriceCeilingFen: 120,
    budgetTotalFen: 10_000_000,
    biddingMode: 'sealed',
    questionsCloseAt: new Date(now + (bidHours / 2) * HOUR).toISOString(),
    bidDeadline: new Date(now + bidHours * HOUR).toISOString(),
    deliveryDeadline: new Date(now + 40 * 24 * HOUR).toISOString(),
    accuracyTarget: 97,
    samplingRule: { kind: 'gbt2828', aql: 1.0 },
    securityLevel: 'internal',
    containsPersonalInfo: false,
    workLocation: 'remote',
    requiredCertifications: [],
    minHeadcount: 10,
    requiresSecureRoom: false,
    tags: ['自动驾驶'],
    ...over,
  };
}

/** A valid bid for `orderBody()` orders. */
export function bidBody(totalPriceFen = 8_000_000, over: Record<string, unknown> = {}) {
  return { totalPriceFen, unitPriceFen: 80, deliveryDays: 20, teamSize: 30, committedAccuracy: 98.5, proposal: '双人复核', ...over };
}

/** Fixture orders straight through the repositories (fast, any state). */
export async function seedOpenOrder(m: Market, buyer: Party, over: Parameters<typeof createOpenOrder>[2] = {}): Promise<OrderRow> {
  return createOpenOrder(m.db.sql, buyer.orgId, {
    modality: 'image', taskTypes: ['bbox'], volumeQuantity: 100_000, volumeUnit: 'images', unitPriceCeilingFen: 120,
    budgetTotalFen: 10_000_000, accuracyTarget: 97, requiredCertifications: [], minHeadcount: 10,
    awardWindowEndsAt: new Date(Date.now() + 30 * 24 * HOUR), ...over,
  });
}

/** A draft with complete terms (status as given: draft or pending_review). */
export async function seedDraft(m: Market, buyer: Party, status: 'draft' | 'pending_review' = 'draft'): Promise<OrderRow> {
  return seedOpenOrder(m, buyer, { status, publishedAt: null, awardWindowEndsAt: null });
}

/** A bid through the repository (no API rules): for fixtures. */
export async function seedBid(m: Market, orderId: string, vendor: Party, totalPriceFen = 8_000_000) {
  const r = await withTransaction(m.db.sql, (tx) =>
    bids.insertIfOpen(tx, { orderId, vendorOrgId: vendor.orgId, totalPriceFen, unitPriceFen: 80, deliveryDays: 20, teamSize: 30, committedAccuracy: 98.5 }),
  );
  if (!r.ok) throw new Error(`seed bid: ${r.reason}`);
  return r.bid;
}

/** A question through the repository. */
export async function seedQuestion(m: Market, orderId: string, vendor: Party) {
  const r = await withTransaction(m.db.sql, (tx) => questions.askIfOpen(tx, { orderId, askerOrgId: vendor.orgId, body: '样本格式是什么？' }));
  if (!r.ok) throw new Error(`seed question: ${r.reason}`);
  return r.question;
}

/** Moves the order's bid deadline into the past (the database clock decides), so bidding is closed. */
export async function closeBidding(m: Market, orderId: string): Promise<void> {
  await setBidDeadlineFromNow(m.db.sql, orderId, -1000);
}

/** An order in evaluation with bids of vendors A and B (A's lower). */
export async function seedClosedOrder(m: Market, buyer: Party, over: Parameters<typeof createOpenOrder>[2] = {}) {
  const order = await seedOpenOrder(m, buyer, over);
  const bidA = await seedBid(m, order.id, m.parties.vendorA, 7_000_000);
  const bidB = await seedBid(m, order.id, m.parties.vendorB, 9_000_000);
  await closeBidding(m, order.id);
  return { order: (await orders.getById(m.db.sql, order.id))!, bidA, bidB };
}

/** An awarded order (vendor A won, through the API) in its publicity window. */
export async function seedAwardedOrder(m: Market, buyer: Party) {
  const c = await seedClosedOrder(m, buyer);
  const r = await call(m.app, 'POST', `/api/v1/orders/${c.order.id}/award`, {
    cookie: buyer.cookie, body: { bidId: c.bidA.id, reason: '综合评分第一，价格最低' },
  });
  if (r.status !== 201) throw new Error(`award: ${r.status} ${r.text}`);
  return { ...c, award: r.json };
}

/** Shorthand for calls as a party. */
export const as = (app: App, p: Party | null) => ({
  get: (path: string) => call(app, 'GET', path, { cookie: p?.cookie ?? null }),
  post: (path: string, body?: unknown, headers?: Record<string, string>) => call(app, 'POST', path, { cookie: p?.cookie ?? null, body, headers }),
  patch: (path: string, body: unknown) => call(app, 'PATCH', path, { cookie: p?.cookie ?? null, body }),
  delete: (path: string) => call(app, 'DELETE', path, { cookie: p?.cookie ?? null }),
});

/** POST a multipart upload as a browser form would (Origin of the public site). */
export async function upload(
  app: App, path: string, cookie: string | null, file: { name: string; bytes: Uint8Array; type?: string }, kind = 'guideline',
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
  form.set('kind', kind);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const headers: Record<string, string> = { origin: 'http://localhost:3000' };
  if (cookie) headers.cookie = cookie;
  const res = await app.request(path, { method: 'POST', body: form, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies loosely
  return { res, status: res.status, text, json: json as any };
}

/** A file on the vendor's live bid, through the API. */
export async function seedBidAttachment(m: Market, orderId: string, vendor: Party, name = '技术方案.pdf') {
  const r = await upload(m.app, `/api/v1/orders/${orderId}/bids/mine/attachments`, vendor.cookie, { name, bytes: PDF_BYTES, type: 'application/pdf' });
  if (r.status !== 201) throw new Error(`bid attachment: ${r.status} ${r.text}`);
  return r.json as { id: string; url: string; fileName: string };
}

/** A small valid PDF. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/** Stores a file for an order through storage and the repository (fixtures). */
export async function seedAttachment(m: Market, orderId: string) {
  const storageKey = crypto.randomUUID();
  await m.storage.put(storageKey, PDF_BYTES);
  return orderAttachments.add(m.db.sql, {
    orderId, kind: 'guideline', fileName: '标注规范.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.byteLength,
    sha256: '0'.repeat(64), storageKey,
  });
}

/** An awarded order (vendor A won) whose publicity window has ended: in progress, its contract made on first access. */
export async function seedInProgressOrder(m: Market, buyer: Party) {
  const a = await seedAwardedOrder(m, buyer);
  await m.db.sql`update orders set publicity_ends_at = clock_timestamp() - interval '1 second' where id = ${a.order.id}`;
  return a;
}
