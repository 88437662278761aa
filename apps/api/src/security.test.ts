import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp, signInSecretariat } from './test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
let vendor: Awaited<ReturnType<typeof registerAs>>;
let buyer: Awaited<ReturnType<typeof registerAs>>;
let admin: Awaited<ReturnType<typeof signInSecretariat>>;
beforeAll(async () => {
  t = await setupApp();
  vendor = await registerAs(t.app, 'vendor');
  buyer = await registerAs(t.app, 'buyer');
  admin = await signInSecretariat(t.app, t.db);
});
afterAll(() => t?.close());

const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });

const BAD_BODIES: { name: string; raw?: string; body?: unknown }[] = [
  { name: 'malformed', raw: '{"a":' },
  { name: 'null', body: null },
  { name: 'array', body: [1, 2, 3] },
  { name: 'number', body: 7 },
  { name: 'string', body: 'hello' },
  { name: 'empty object', body: {} },
  { name: 'wrong types', body: { email: {}, password: [], organisation: 'x', decision: 5, headcount: 'many', name: false } },
  { name: 'proto keys', raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
  { name: 'deep nesting', body: deep(2000) },
  { name: 'very deep arrays', raw: '['.repeat(200_000) + ']'.repeat(200_000) },
  { name: 'long strings', body: { email: `${'a'.repeat(5000)}@x.cn`, password: 'p'.repeat(100_000), name: '名'.repeat(50_000) } },
  { name: 'lone surrogates', raw: '{"email":"\\ud800@x.cn","password":"\\udfff\\udfff\\udfff\\udfff"}' },
  { name: 'NUL bytes', body: { email: 'a\u0000@x.cn', name: '\u0000\u0000', contactPhone: '\u0000' } },
  { name: 'NUL inside valid text', body: { name: '聊城\u0000标注', displayName: 'a\u0000b', reason: 'ab\u0000c', decision: 'reject' } },
];

const WRITES: { name: string; method: string; path: () => string; who: () => string | null }[] = [
  { name: 'register', method: 'POST', path: () => '/api/v1/auth/register', who: () => null },
  { name: 'login', method: 'POST', path: () => '/api/v1/auth/login', who: () => null },
  { name: 'change password', method: 'POST', path: () => '/api/v1/me/password', who: () => buyer.cookie },
  { name: 'update organisation', method: 'PATCH', path: () => '/api/v1/organisations/mine', who: () => buyer.cookie },
  { name: 'capabilities', method: 'PUT', path: () => '/api/v1/organisations/mine/capabilities', who: () => vendor.cookie },
  { name: 'verification decision', method: 'POST', path: () => `/api/v1/admin/vendors/${vendor.me.organisation.id}/verification`, who: () => admin.cookie },
];

describe('bad input never yields a 5xx', () => {
  it.each(WRITES.map((w) => [w.name, w] as const))(
    '%s answers every bad body with a 4xx problem',
    async (_name, w) => {
      for (const bad of BAD_BODIES) {
        const r = await call(t.app, w.method, w.path(), { body: bad.body, raw: bad.raw, cookie: w.who() });
        expect(r.status, bad.name).toBeGreaterThanOrEqual(400);
        expect(r.status, `${bad.name}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
        expect(r.res.headers.get('content-type'), bad.name).toBe('application/problem+json');
        expect(r.json.requestId, bad.name).toBe(r.res.headers.get('x-request-id'));
      }
    },
  );

  it('odd query strings and path parameters are 4xx too', async () => {
    const paths = [
      '/api/v1/orders?limit=1e400', '/api/v1/orders?cursor=' + 'A'.repeat(5000), '/api/v1/orders?limit=1&limit=2',
      '/api/v1/uscc/check?code=' + '９'.repeat(100), '/api/v1/vendors/%E0%A4%A', '/api/v1/vendors/' + 'x'.repeat(500),
      '/api/v1/admin/vendors?status[]=pending', '/api/v1/me/sessions/%00',
    ];
    for (const p of paths) {
      const r = await call(t.app, 'GET', p, { cookie: admin.cookie });
      expect(r.status, p).toBeLessThan(500);
    }
    const del = await call(t.app, 'DELETE', '/api/v1/me/sessions/..%2F..', { cookie: buyer.cookie });
    expect(del.status).toBeLessThan(500);
  });
});

describe('cross-organisation access', () => {
  it("one organisation's writes never touch another's", async () => {
    const before = await call(t.app, 'GET', '/api/v1/organisations/mine', { cookie: vendor.cookie });
    await call(t.app, 'PATCH', '/api/v1/organisations/mine', { body: { name: '买方新名称有限公司' }, cookie: buyer.cookie });
    const after = await call(t.app, 'GET', '/api/v1/organisations/mine', { cookie: vendor.cookie });
    expect(after.json).toEqual(before.json);
  });

  it("another user's session cannot be revoked, nor seen", async () => {
    const theirs = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie: vendor.cookie });
    const mine = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie: buyer.cookie });
    const theirIds = theirs.json.items.map((s: { id: string }) => s.id);
    expect(mine.json.items.some((s: { id: string }) => theirIds.includes(s.id))).toBe(false);
    const r = await call(t.app, 'DELETE', `/api/v1/me/sessions/${theirIds[0]}`, { cookie: buyer.cookie });
    expect(r.status).toBe(404);
  });

  it('a pending vendor is not public; the secretariat queue is not for members', async () => {
    expect((await call(t.app, 'GET', `/api/v1/vendors/${vendor.me.organisation.id}`, { cookie: buyer.cookie })).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/admin/vendors', { cookie: vendor.cookie })).status).toBe(403);
    const r = await call(t.app, 'POST', `/api/v1/admin/vendors/${vendor.me.organisation.id}/verification`, {
      body: { decision: 'approve' }, cookie: buyer.cookie,
    });
    expect(r.status).toBe(403);
  });
});
