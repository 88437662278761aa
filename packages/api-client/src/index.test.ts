import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './index.ts';

// A real HTTP server standing in for the API: the client's job is HTTP and parsing, so that is what is exercised.
type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
let server: Server;
let base: string;
let seen: Seen[] = [];
let reply: (req: IncomingMessage, res: ServerResponse) => void = () => {};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    reply(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const me = {
  user: { id: '6f1c1f3e-8a53-4c1e-9d59-8c7d6e4f1a21', email: 'a@b.cn', displayName: '张三', createdAt: '2026-06-01T00:00:00.000Z' },
  organisation: {
    id: '0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a22', kind: 'buyer', name: '某某科技有限公司', uscc: '91440300192317458F', contactName: '张三',
    contactPhone: '13800000000', county: null, createdAt: '2026-06-01T00:00:00.000Z', verification: null, capabilities: null,
  },
  role: 'owner',
  unreadNotifications: 0,
};

describe('createApiClient', () => {
  it('sends JSON with the forwarded cookie and origin, and returns parsed data and Set-Cookie', async () => {
    seen = [];
    reply = (_req, res) => json(res, 200, me, { 'set-cookie': ['annex_session=abc; Path=/; HttpOnly; SameSite=Lax'] });
    const api = createApiClient({ baseUrl: base, cookie: 'annex_session=old', origin: 'http://localhost:3000', headers: { 'user-agent': 'test' } });
    const res = await api.login({ email: 'a@b.cn', password: 'x' });
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.data.organisation.name).toBe('某某科技有限公司');
    expect(res.setCookie).toEqual(['annex_session=abc; Path=/; HttpOnly; SameSite=Lax']);
    const req = seen[0]!;
    expect([req.method, req.url]).toEqual(['POST', '/api/v1/auth/login']);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.cookie).toBe('annex_session=old');
    expect(req.headers.origin).toBe('http://localhost:3000');
    expect(req.headers['user-agent']).toBe('test');
    expect(JSON.parse(req.body)).toEqual({ email: 'a@b.cn', password: 'x' });
  });

  it('puts query parameters in the URL and leaves empty ones out', async () => {
    seen = [];
    reply = (_req, res) => json(res, 200, { items: [], nextCursor: null });
    await createApiClient({ baseUrl: `${base}/` }).adminVendors({ status: 'pending', cursor: undefined, limit: 5 });
    expect(seen[0]!.url).toBe('/api/v1/admin/vendors?status=pending&limit=5');
  });

  it('sends search lists as a,b and flags as true/false, leaving empty lists out', async () => {
    seen = [];
    reply = (_req, res) => json(res, 200, { items: [], nextCursor: null, total: 0, facets: {} });
    const res = await createApiClient({ baseUrl: base }).vendorDirectory({ q: '点云', taskTypes: ['bbox', 'cuboid_3d'], county: [], secureRoom: true });
    expect(res.ok).toBe(true);
    expect(decodeURIComponent(seen[0]!.url)).toBe('/api/v1/vendors?q=点云&taskTypes=bbox,cuboid_3d&secureRoom=true');
  });

  it('returns the problem the API answered, with Retry-After', async () => {
    const problem = { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'too_many_requests', detail: 'wait', requestId: 'r1' };
    reply = (_req, res) => json(res, 429, problem, { 'retry-after': '30' });
    const res = await createApiClient({ baseUrl: base }).login({ email: 'a@b.cn', password: 'x' });
    expect(res).toMatchObject({ ok: false, status: 429, problem, retryAfterSeconds: 30 });
  });

  it('treats 204 as success without a body', async () => {
    reply = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const res = await createApiClient({ baseUrl: base }).logout();
    expect(res).toMatchObject({ ok: true, status: 204 });
  });

  it('reports a response that breaks the contract instead of passing it on', async () => {
    reply = (_req, res) => json(res, 200, { user: 'nope' });
    const res = await createApiClient({ baseUrl: base }).me();
    expect(res).toMatchObject({ ok: false, problem: { code: 'internal' } });
  });

  it('makes a problem of an error page that is not problem+json', async () => {
    reply = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    };
    const res = await createApiClient({ baseUrl: base }).me();
    expect(res).toMatchObject({ ok: false, status: 502, problem: { code: 'internal' } });
  });

  it('answers service_unavailable when the API cannot be reached', async () => {
    const res = await createApiClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }).me();
    expect(res).toMatchObject({ ok: false, status: 503, problem: { code: 'service_unavailable' } });
  });

  it('sends the Idempotency-Key of a bid and no body on a bodiless POST', async () => {
    seen = [];
    reply = (_req, res) => json(res, 409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'bidding_closed', detail: 'closed', requestId: 'r' });
    const api = createApiClient({ baseUrl: base, origin: 'http://localhost:3000' });
    const bid = { totalPriceFen: 100_000, unitPriceFen: 10, deliveryDays: 10, teamSize: 5, committedAccuracy: 98, proposal: '', quoteLines: [] };
    const res = await api.placeBid('0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a22', bid, 'key-1');
    expect(res).toMatchObject({ ok: false, status: 409, problem: { code: 'bidding_closed' } });
    expect(seen[0]!.headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(seen[0]!.body)).toEqual(bid);
    await api.submitOrder('0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a22');
    expect(seen[1]!.url).toBe('/api/v1/orders/0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a22/submit');
    expect(seen[1]!.headers['content-type']).toBeUndefined();
    expect(seen[1]!.body).toBe('');
  });

  it("uploads a bid's file as multipart and removes it by id", async () => {
    seen = [];
    reply = (_req, res) => json(res, 409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'bidding_closed', detail: 'closed', requestId: 'r' });
    const api = createApiClient({ baseUrl: base, origin: 'http://localhost:3000' });
    const order = '0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a22';
    const res = await api.uploadBidAttachment(order, new Blob(['报价'], { type: 'text/plain' }), '报价单.txt');
    expect(res).toMatchObject({ ok: false, status: 409, problem: { code: 'bidding_closed' } });
    expect(seen[0]!.url).toBe(`/api/v1/orders/${order}/bids/mine/attachments`);
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('name="file"; filename="报价单.txt"');
    await api.deleteBidAttachment(order, 'f1');
    expect(seen[1]!.method).toBe('DELETE');
    expect(seen[1]!.url).toBe(`/api/v1/orders/${order}/bids/mine/attachments/f1`);
  });

  it('uploads a catalogue sheet as multipart, confirms it, and exports a selection with the list\'s filters', async () => {
    seen = [];
    const importId = '0b0e8e3e-7a53-4c1e-9d59-8c7d6e4f1a23';
    const preview = {
      id: importId, fileName: '目录.csv', format: 'csv', sha256: 'a'.repeat(64), encoding: 'gb18030',
      counts: { rows: 2, valid: 1, invalid: 1, created: 1, updated: 0, unchanged: 0 },
      problems: [{ row: 3, column: '所属领域', code: 'unknown_value', zh: '“航天”不是可选的值', en: '"航天" is not one of …' }],
      rows: [{ row: 2, code: 'LC-JY-0001', title: '课堂视频', outcome: 'created' }],
      createdAt: '2026-06-01T00:00:00.000Z', expiresAt: '2026-06-02T00:00:00.000Z', confirmedAt: null,
    };
    reply = (req, res) => {
      if (req.url?.endsWith('/confirm')) {
        return json(res, 200, { id: importId, mode: 'valid_only', created: 1, updated: 0, unchanged: 0, skipped: 1, confirmedAt: '2026-06-01T00:01:00.000Z' });
      }
      if (!req.url?.startsWith('/api/v1/catalogue/export')) return json(res, 201, preview);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.end('\uFEFF资源编码');
    };
    const api = createApiClient({ baseUrl: base, origin: 'http://localhost:3000' });
    const p = await api.previewCatalogueImport(new Blob(['资源编码'], { type: 'text/csv' }), '目录.csv');
    expect(p).toMatchObject({ ok: true, status: 201, data: { counts: { invalid: 1 } } });
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('name="file"; filename="目录.csv"');
    const r = await api.confirmCatalogueImport(importId, 'valid_only');
    expect(r).toMatchObject({ ok: true, data: { created: 1, skipped: 1 } });
    expect(JSON.parse(seen[1]!.body)).toEqual({ mode: 'valid_only' });
    const e = await api.exportCatalogue({ format: 'csv', sector: ['education', 'health'], q: '课堂' });
    expect(e.ok).toBe(true);
    expect(seen[2]!.url).toBe(`/api/v1/catalogue/export?format=csv&sector=${encodeURIComponent('education,health')}&q=${encodeURIComponent('课堂')}`);
  });

  it('puts the comparison weights in the query', async () => {
    seen = [];
    reply = (_req, res) => json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'x', requestId: 'r' });
    await createApiClient({ baseUrl: base }).comparison('abc', { price: 50, quality: 20, capability: 30 });
    expect(seen[0]!.url).toBe('/api/v1/orders/abc/comparison?price=50&quality=20&capability=30');
  });

  it('asks for ranked matches with a limit and parses them', async () => {
    seen = [];
    const reason = { part: 'capacity', code: 'capacity_ample', params: { dailyCapacity: 8000 }, fit: 1, points: 30, text: 'Capacity 8000/day' };
    reply = (_req, res) => json(res, 200, { orderId: me.organisation.id, items: [{ vendorId: me.user.id, name: '水城数标', county: '371502', score: 64.2, reasons: [reason] }] });
    const api = createApiClient({ baseUrl: base });
    const res = await api.orderMatches('abc', 5);
    expect(seen[0]!.url).toBe('/api/v1/orders/abc/matches?limit=5');
    expect(res.ok && res.data.items[0]!.reasons[0]!.code).toBe('capacity_ample');
    reply = (_req, res) => json(res, 200, { items: [] });
    await api.recommendedOrders();
    expect(seen[1]!.url).toBe('/api/v1/me/recommended-orders');
  });

  it('creates, renames and deletes saved searches with JSON bodies', async () => {
    seen = [];
    const saved = {
      id: me.user.id, name: '图像 · 框', criteria: { modality: ['image' as const], budgetMin: 100_000 }, notify: true, createdAt: '2026-06-01T00:00:00.000Z', lastMatchedAt: null,
    };
    reply = (req, res) => {
      if (req.method !== 'DELETE') return json(res, req.method === 'POST' ? 201 : 200, saved);
      res.writeHead(204);
      res.end();
    };
    const api = createApiClient({ baseUrl: base });
    const created = await api.createSavedSearch({ name: saved.name, criteria: saved.criteria, notify: true });
    expect(created).toMatchObject({ ok: true, status: 201, data: { name: '图像 · 框' } });
    expect([seen[0]!.method, seen[0]!.url]).toEqual(['POST', '/api/v1/me/saved-searches']);
    expect(JSON.parse(seen[0]!.body)).toEqual({ name: '图像 · 框', criteria: { modality: ['image'], budgetMin: 100_000 }, notify: true });
    await api.updateSavedSearch('a/b', { notify: false });
    expect([seen[1]!.method, seen[1]!.url, seen[1]!.body]).toEqual(['PATCH', '/api/v1/me/saved-searches/a%2Fb', '{"notify":false}']);
    expect(await api.deleteSavedSearch('x')).toMatchObject({ ok: true, status: 204 });
    expect([seen[2]!.method, seen[2]!.url]).toEqual(['DELETE', '/api/v1/me/saved-searches/x']);
  });

  it('uploads a file as multipart/form-data with its kind', async () => {
    seen = [];
    reply = (_req, res) =>
      json(res, 201, {
        id: '6f1c1f3e-8a53-4c1e-9d59-8c7d6e4f1a21', kind: 'guideline', fileName: '规范.txt', contentType: 'text/plain', sizeBytes: 5,
        sha256: 'x', createdAt: '2026-06-01T00:00:00.000Z', url: '/api/v1/orders/o/attachments/a',
      });
    const res = await createApiClient({ baseUrl: base, origin: 'http://localhost:3000' }).uploadAttachment(
      'o', new Blob(['hello'], { type: 'text/plain' }), '规范.txt', 'guideline',
    );
    expect(res).toMatchObject({ ok: true, status: 201, data: { fileName: '规范.txt' } });
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('name="kind"');
    expect(seen[0]!.body).toContain('guideline');
    expect(seen[0]!.body).toContain('hello');
  });

  it('streams a download and reports a missing file as a problem', async () => {
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="a.pdf"' });
      res.end('%PDF-1.4');
    };
    const api = createApiClient({ baseUrl: base, cookie: 'annex_session=s' });
    const ok = await api.downloadAttachment('o', 'a');
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(ok.headers.get('content-disposition')).toBe('attachment; filename="a.pdf"');
      expect(await new Response(ok.body).text()).toBe('%PDF-1.4');
    }
    reply = (_req, res) => json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'x', requestId: 'r' });
    expect(await api.downloadAttachment('o', 'b')).toMatchObject({ ok: false, status: 404, problem: { code: 'not_found' } });
  });
});
