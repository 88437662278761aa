import { createSql } from '@annex/db';
import { databaseProxy } from '@annex/db/testing.ts';
import { createSearch } from '@annex/search';
import { pino } from 'pino';
import { type TestMeilisearch, startTestMeilisearch } from '@annex/search/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createMemoryFileStorage } from './lib/storage.ts';
import { DOCS_HTML } from './routes/docs.routes.ts';
import { call, registerAs, setupApp, TEST_CONFIG } from './test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
let meili: TestMeilisearch;
beforeAll(async () => {
  meili = await startTestMeilisearch();
  t = await setupApp({ search: meili });
});
afterAll(async () => {
  await t?.close();
  await meili?.close();
});

describe('health', () => {
  it('/healthz answers while the process runs', async () => {
    const r = await call(t.app, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and search', async () => {
    const r = await call(t.app, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', database: true, search: true });
  });

  it('/readyz is 503 problem+json when search does not answer, or the process has none', async () => {
    for (const search of [createSearch({ url: 'http://127.0.0.1:9', masterKey: 'x' }), null]) {
      const r = await call(t.make({}, undefined, search), 'GET', '/readyz');
      expect(r.status).toBe(503);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
      expect(r.json).toMatchObject({ code: 'service_unavailable', status: 503 });
      expect(r.json.detail).toContain('search');
    }
  });
});

describe('the database out of reach', () => {
  it('answers 503 service_unavailable with Retry-After at once, and serves again when the database is back, the same app', async () => {
    const proxy = await databaseProxy(t.db.url);
    const sql = createSql(proxy.url, t.db.clientOptions);
    const app = createApp({ sql, config: TEST_CONFIG, search: meili, logger: pino({ level: 'silent' }), storage: createMemoryFileStorage() });
    try {
      // postgres.js learns the array types with a pool's first query (the server's start does it with its schema check)
      await sql`select 1`;
      const first = await call(app, 'GET', '/api/v1/orders?limit=1');
      expect(first.status, first.text).toBe(200);
      await proxy.down();
      for (const path of ['/api/v1/orders?limit=1', '/api/v1/me']) {
        const t0 = performance.now();
        const r = await call(app, 'GET', path, { cookie: 'annex_session=x' });
        expect(performance.now() - t0, path).toBeLessThan(2000);
        expect(r.status, path).toBe(503);
        expect(r.res.headers.get('content-type')).toBe('application/problem+json');
        expect(r.res.headers.get('retry-after')).toBe('5');
        expect(r.json).toMatchObject({ code: 'service_unavailable', status: 503 });
        expect(r.json.detail).toContain('database');
      }
      await proxy.up();
      expect((await call(app, 'GET', '/api/v1/orders?limit=1')).status).toBe(200);
    } finally {
      await sql.end({ timeout: 1 });
      await proxy.close();
    }
  });
});

describe('GET /api/v1/config', () => {
  it("tells anyone the market's rules in force, so forms can check them before sending", async () => {
    const r = await call(t.make({ minBidWindowSeconds: 86_400, publicitySeconds: 3_600 }), 'GET', '/api/v1/config');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ minBidWindowSeconds: 86_400, publicitySeconds: 3_600, awardWindowDays: 30 });
  });
});

describe('request id', () => {
  it('is made when absent and appears in the header, the problem body and the log line', async () => {
    const r = await call(t.app, 'GET', '/api/v1/nothing-here');
    const id = r.res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'not_found', requestId: id });
    expect(t.logs.some((l) => l.requestId === id && l.path === '/api/v1/nothing-here' && l.status === 404)).toBe(true);
  });

  it('is taken from X-Request-Id when it is sane, replaced when it is not', async () => {
    const ok = await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': 'edge-42_abc' } });
    expect(ok.res.headers.get('x-request-id')).toBe('edge-42_abc');
    const bad = await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(bad.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs neither passwords, tokens nor cookies', async () => {
    const { cookie, body } = await registerAs(t.app, 'buyer');
    await call(t.app, 'GET', '/api/v1/me', { cookie });
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain(body.password);
    expect(text).not.toContain(cookie.split('=')[1]);
    expect(t.logs.every((l) => typeof l.requestId === 'string')).toBe(true);
  });
});

describe('errors', () => {
  it('unknown routes are 404 problems', async () => {
    const r = await call(t.app, 'POST', '/api/v1/unknown', { body: {} });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ type: 'urn:annex:problem:not_found', title: 'Not found', code: 'not_found', status: 404 });
  });

  it('an unexpected error is a logged 500 internal problem that reveals nothing', async () => {
    const { logs } = t;
    const app = t.make();
    app.get('/api/v1/__boom', () => {
      throw new Error('secret detail of the failure');
    });
    const r = await call(app, 'GET', '/api/v1/__boom');
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: 'internal', status: 500 });
    expect(r.text).not.toContain('secret detail');
    const id = r.res.headers.get('x-request-id');
    expect(logs.some((l) => l.requestId === id && l.msg === 'unhandled error')).toBe(true);
  });
});

describe('security headers', () => {
  it('sets CSP, nosniff and Referrer-Policy, and no HSTS on http', async () => {
    const r = await call(t.app, 'GET', '/healthz');
    const csp = r.res.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(d);
    }
    expect(r.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.res.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when the public origin is https', async () => {
    const app = t.make({ publicOrigin: 'https://annex.example.cn', secureCookies: true });
    const r = await call(app, 'GET', '/healthz');
    expect(r.res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });
});

describe('OpenAPI and docs', () => {
  it('the document is OpenAPI 3.1 and lists every route of the app', async () => {
    const r = await call(t.app, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(r.json.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const undocumented = new Set(['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/assets/:name']);
    const served = t.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !undocumented.has(route.replace(/\{(\w+)\}/g, ':$1')));
    expect(served.length).toBeGreaterThanOrEqual(17);
    for (const route of served) expect(documented, route).toContain(route);
    for (const expected of [
      'POST /api/v1/auth/register', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/me',
      'POST /api/v1/me/password', 'GET /api/v1/me/sessions', 'DELETE /api/v1/me/sessions/{id}', 'GET /api/v1/uscc/check',
      'GET /api/v1/organisations/mine', 'PATCH /api/v1/organisations/mine', 'PUT /api/v1/organisations/mine/capabilities',
      'POST /api/v1/organisations/mine/verification/reapply', 'GET /api/v1/admin/vendors',
      'POST /api/v1/admin/vendors/{orgId}/verification', 'GET /api/v1/orders', 'GET /api/v1/vendors/{id}',
      'GET /healthz', 'GET /readyz',
    ]) {
      expect(documented, expected).toContain(expected);
    }
    expect(Object.keys(r.json.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Me', 'RegisterRequest', 'Organisation']));
  });

  it('/api/docs loads only assets the API serves itself', async () => {
    const r = await call(t.app, 'GET', '/api/docs');
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toContain('text/html');
    expect(r.text).toBe(DOCS_HTML);
    const refs = [...r.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/api\/docs\/assets\//);
      const asset = await call(t.app, 'GET', ref);
      expect(asset.status, ref).toBe(200);
      expect(asset.text.length, ref).toBeGreaterThan(0);
    }
    expect(r.text).not.toMatch(/https?:\/\//);
    expect(r.text).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP would block it
    expect(r.res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('unknown docs assets are 404 problems', async () => {
    const r = await call(t.app, 'GET', '/api/docs/assets/..%2F..%2Fpackage.json');
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('not_found');
  });
});
