import { hashPassword } from '@annex/auth';
import { createSql, organisations, users } from '@annex/db';
import { randomEmail } from '@annex/db/fixtures.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { PASSWORD, TEST_CONFIG, call, listen, sessionCookie } from '../test-helpers.ts';
import { type Market, type Party, bidBody, orderBody, seedDraft, seedOpenOrder, setupMarket } from '../test-market.ts';

// API tokens: created by an organisation's owner, used as Authorization: Bearer on the routes their scopes allow
// with the access rules of a member of the organisation, refused at once when revoked, expired or used from
// elsewhere, never on the secretariat's routes, rate-limited in PostgreSQL and logged.

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterAll(() => m?.close());

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

async function createToken(p: Party, scopes: string[], over: Record<string, unknown> = {}) {
  const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', {
    cookie: p.cookie, body: { name: '数据管道', scopes, expiresAt: inDays(30), ...over },
  });
  if (r.status !== 201) throw new Error(`create token: ${r.status} ${r.text}`);
  return r.json as { token: { id: string }; secret: string };
}

/** A request as a program sends it: the token, no cookie, no Origin. */
const bearer = (token: string, method: string, path: string, o: { body?: unknown; headers?: Record<string, string>; app?: App } = {}) =>
  call(o.app ?? m.app, method, path, { body: o.body, origin: null, headers: { authorization: `Bearer ${token}`, ...o.headers } });

describe('creating tokens', () => {
  it('shows the secret once and stores only its hash', async () => {
    const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', {
      cookie: m.parties.buyerA.cookie, body: { name: '订单同步', scopes: ['orders:read', 'orders:read'], expiresAt: inDays(365) },
    });
    expect(r.status).toBe(201);
    expect(r.json.secret).toMatch(/^annex_[0-9a-f]{32}_[a-z2-7]{52}$/);
    expect(r.json.token).toMatchObject({ name: '订单同步', scopes: ['orders:read'], status: 'live', lastUsedAt: null, allowedSources: [] });
    expect(r.json.secret.startsWith(r.json.token.hint.slice(0, -1))).toBe(true);
    const list = await call(m.app, 'GET', '/api/v1/organisations/mine/tokens', { cookie: m.parties.buyerA.cookie });
    expect(list.text).not.toContain(r.json.secret.split('_')[2]);
    expect(list.json.items.map((t: { id: string }) => t.id)).toContain(r.json.token.id);
    const [row] = await m.db.sql<{ secretSha256: string }[]>`select secret_sha256 from api_tokens where id = ${r.json.token.id}`;
    expect(row?.secretSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.secretSha256).not.toContain(r.json.secret.split('_')[2]);
    // audited, and the organisation is told
    const [a] = await m.db.sql`select action from audit_log where entity_type = 'api_token' and entity_id = ${r.json.token.id}`;
    expect(a?.action).toBe('created');
  });

  it('refuses terms out of bounds, naming the field', async () => {
    for (const [body, path] of [
      [{ scopes: ['orders:read'], expiresAt: inDays(400) }, 'expiresAt'],
      [{ scopes: ['orders:read'], expiresAt: inDays(30), allowedSources: ['10.0.0.1/8'] }, 'allowedSources.0'],
      [{ scopes: [], expiresAt: inDays(30) }, 'scopes'],
      [{ scopes: ['orders:delete'], expiresAt: inDays(30) }, 'scopes.0'],
    ] as const) {
      const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', { cookie: m.parties.buyerA.cookie, body: { name: 't', ...body } });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('is for owners, and never in the secretariat', async () => {
    const email = randomEmail('member');
    const user = await users.create(m.db.sql, { email, passwordHash: await hashPassword(PASSWORD), displayName: '普通成员' });
    await organisations.addMember(m.db.sql, { userId: user.id, orgId: m.parties.buyerA.orgId, role: 'member' });
    const login = await call(m.app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const member = sessionCookie(login.res)!;
    for (const cookie of [member, m.parties.secretariat.cookie]) {
      const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', { cookie, body: { name: 't', scopes: ['orders:read'], expiresAt: inDays(3) } });
      expect(r.status).toBe(403);
      expect((await call(m.app, 'GET', '/api/v1/organisations/mine/tokens', { cookie })).status).toBe(403);
    }
  });
});

describe('using tokens', () => {
  it('works on the routes its scopes allow, without an Origin, as the organisation', async () => {
    const { secret } = await createToken(m.parties.buyerA, ['orders:read', 'orders:write']);
    const created = await bearer(secret, 'POST', '/api/v1/orders', { body: orderBody() });
    expect(created.status).toBe(201);
    expect(created.json.buyerOrgId).toBe(m.parties.buyerA.orgId);
    const read = await bearer(secret, 'GET', `/api/v1/orders/${created.json.id}`);
    expect(read.status).toBe(200);
    // the same access rules as the organisation's users: another buyer's draft does not exist
    const other = await seedDraft(m, m.parties.buyerB);
    expect((await bearer(secret, 'GET', `/api/v1/orders/${other.id}`)).status).toBe(404);
  });

  it('answers 403 insufficient_scope, naming the scope, when the scope is missing', async () => {
    const { secret } = await createToken(m.parties.buyerA, ['orders:read']);
    const r = await bearer(secret, 'POST', '/api/v1/orders', { body: orderBody() });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('insufficient_scope');
    expect(r.res.headers.get('www-authenticate')).toContain('scope="orders:write"');
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets a vendor bid with bids:write and not with orders:write', async () => {
    const order = await seedOpenOrder(m, m.parties.buyerA);
    const wrong = await createToken(m.parties.vendorA, ['orders:read', 'orders:write']);
    expect((await bearer(wrong.secret, 'POST', `/api/v1/orders/${order.id}/bids`, { body: bidBody() })).json.code).toBe('insufficient_scope');
    const right = await createToken(m.parties.vendorA, ['orders:read', 'bids:read', 'bids:write']);
    const r = await bearer(right.secret, 'POST', `/api/v1/orders/${order.id}/bids`, { body: bidBody() });
    expect(r.status).toBe(201);
    expect((await bearer(right.secret, 'GET', `/api/v1/orders/${order.id}/bids/mine`)).status).toBe(200);
  });

  it('acts with a member\'s rights, whatever its creator\'s', async () => {
    const { secret } = await createToken(m.parties.buyerA, ['organisation:read', 'organisation:write']);
    expect((await bearer(secret, 'GET', '/api/v1/organisations/mine')).status).toBe(200);
    const r = await bearer(secret, 'PATCH', '/api/v1/organisations/mine', { body: { name: '令牌改的名字' } });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('forbidden');
  });

  it('never reaches the secretariat\'s routes, the account\'s or the tokens\'', async () => {
    const { secret } = await createToken(m.parties.buyerA, ['orders:read', 'orders:write', 'organisation:read', 'organisation:write']);
    for (const [method, path] of [
      ['GET', '/api/v1/admin/vendors'], ['GET', '/api/v1/admin/orders'], ['GET', '/api/v1/me'], ['GET', '/api/v1/me/sessions'],
      ['GET', '/api/v1/organisations/mine/tokens'], ['POST', '/api/v1/auth/logout'],
    ] as const) {
      const r = await bearer(secret, method, path);
      expect(r.status, path).toBe(403);
      expect(r.json.code, path).toBe('token_not_allowed');
    }
    const create = await bearer(secret, 'POST', '/api/v1/organisations/mine/tokens', { body: { name: 'x', scopes: ['orders:read'], expiresAt: inDays(3) } });
    expect(create.json.code).toBe('token_not_allowed');
  });

  it('is refused at once once revoked: the very next request', async () => {
    const { secret, token } = await createToken(m.parties.buyerA, ['orders:read']);
    expect((await bearer(secret, 'GET', '/api/v1/orders')).status).toBe(200);
    const rv = await call(m.app, 'POST', `/api/v1/organisations/mine/tokens/${token.id}/revoke`, { cookie: m.parties.buyerA.cookie });
    expect(rv.status).toBe(200);
    expect(rv.json.status).toBe('revoked');
    const r = await bearer(secret, 'GET', '/api/v1/orders');
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('token_revoked');
    expect(r.res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    // another organisation cannot revoke it, nor learn it exists
    expect((await call(m.app, 'POST', `/api/v1/organisations/mine/tokens/${token.id}/revoke`, { cookie: m.parties.buyerB.cookie })).status).toBe(404);
    expect((await call(m.app, 'POST', `/api/v1/organisations/mine/tokens/${token.id}/revoke`, { cookie: m.parties.buyerA.cookie })).status).toBe(409);
  });

  it('is refused once expired, from an address outside its ranges, and when it is no token of ours (401, even on public routes)', async () => {
    const short = await createToken(m.parties.buyerA, ['orders:read'], { expiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    const later = m.make({}, () => new Date(Date.now() + 3 * 3_600_000));
    const expired = await bearer(short.secret, 'GET', '/api/v1/orders', { app: later });
    expect([expired.status, expired.json.code]).toEqual([401, 'token_expired']);

    const fenced = await createToken(m.parties.buyerA, ['orders:read'], { allowedSources: ['203.0.113.0/24', '2001:db8::/32'] });
    const outside = await bearer(fenced.secret, 'GET', '/api/v1/orders', { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect([outside.status, outside.json.code]).toEqual([401, 'token_source_not_allowed']);
    expect((await bearer(fenced.secret, 'GET', '/api/v1/orders', { headers: { 'x-forwarded-for': '203.0.113.77' } })).status).toBe(200);
    expect((await bearer(fenced.secret, 'GET', '/api/v1/orders', { headers: { 'x-forwarded-for': '2001:db8:5::1' } })).status).toBe(200);

    const mangled = `${fenced.secret.slice(0, -3)}aaa`;
    for (const text of [mangled, 'annex_not-a-token']) {
      const r = await bearer(text, 'GET', '/api/v1/orders');
      expect([r.status, r.json.code]).toEqual([401, 'invalid_token']);
    }
  });

  it('keeps a usage log and the last use, readable by the owner', async () => {
    const { secret, token } = await createToken(m.parties.buyerA, ['orders:read']);
    const order = await seedOpenOrder(m, m.parties.buyerA);
    await bearer(secret, 'GET', `/api/v1/orders/${order.id}`, { headers: { 'x-forwarded-for': '198.51.100.20' } });
    await bearer(secret, 'POST', '/api/v1/orders', { body: orderBody() });
    const u = await call(m.app, 'GET', `/api/v1/organisations/mine/tokens/${token.id}/usage?limit=10`, { cookie: m.parties.buyerA.cookie });
    expect(u.status).toBe(200);
    expect(u.json.items.map((i: { method: string; route: string; status: number }) => [i.method, i.route, i.status])).toEqual([
      ['POST', '/api/v1/orders', 403],
      ['GET', '/api/v1/orders/:id', 200],
    ]);
    expect(u.json.items[1].source).toBe('198.51.100.20');
    const listed = (await call(m.app, 'GET', '/api/v1/organisations/mine/tokens', { cookie: m.parties.buyerA.cookie })).json.items
      .find((t: { id: string }) => t.id === token.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.lastUsedFrom).toBe('198.51.100.20');
    // another organisation's owner: no such token
    expect((await call(m.app, 'GET', `/api/v1/organisations/mine/tokens/${token.id}/usage`, { cookie: m.parties.buyerB.cookie })).status).toBe(404);
  });
});

describe('cookies are unaffected', () => {
  it('a cookie still needs the Origin, and its absence tells a program to use a token', async () => {
    const r = await call(m.app, 'PATCH', '/api/v1/organisations/mine', { cookie: m.parties.buyerA.cookie, body: { name: '无来源' }, origin: null });
    expect([r.status, r.json.code]).toEqual([403, 'csrf_origin_mismatch']);
    expect(r.json.detail).toContain('API token');
    const login = await call(m.app, 'POST', '/api/v1/auth/login', { body: { email: 'x@example.cn', password: PASSWORD }, origin: null });
    expect(login.status).toBe(403);
    expect(login.json.detail).toContain('Authorization: Bearer');
  });

  it('a cookie with a made-up token beside it is refused, not taken as the cookie', async () => {
    const r = await call(m.app, 'GET', '/api/v1/organisations/mine', {
      cookie: m.parties.buyerA.cookie, headers: { authorization: `Bearer annex_${'0'.repeat(32)}_${'a'.repeat(52)}` },
    });
    expect(r.status).toBe(401);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, counted across two app instances on one database', async () => {
    const fixed = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
    const limit = 5;
    const one = m.make({ apiTokenRatePerMinute: limit }, () => fixed);
    // the second instance has its own pool, as a second API process would
    const pool = createSql(m.db.url, m.db.clientOptions);
    const two = createApp({
      sql: pool, config: { ...TEST_CONFIG, apiTokenRatePerMinute: limit }, search: null, now: () => fixed,
      logger: pino({ level: 'silent' }), storage: createMemoryFileStorage(),
    });
    const servers = [await listen(one), await listen(two)];
    try {
      const { secret } = await createToken(m.parties.vendorA, ['orders:read']);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        fetch(`${servers[i % 2]!.base}/api/v1/orders?limit=1`, { headers: { authorization: `Bearer ${secret}` } })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - limit);
      const refused = results.find((r) => r.status === 429)!;
      // 30 s into the minute: the next window opens in 30 s
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(((await refused.json()) as { code: string }).code).toBe('too_many_requests');
    } finally {
      for (const s of servers) await s.close();
      await pool.end({ timeout: 5 });
    }
  });
});
