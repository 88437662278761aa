import { audit } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp, signInSecretariat } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
let admin: Awaited<ReturnType<typeof signInSecretariat>>;
beforeAll(async () => {
  t = await setupApp();
  admin = await signInSecretariat(t.app, t.db);
});
afterAll(() => t?.close());

const decide = (orgId: string, body: unknown, cookie = admin.cookie) =>
  call(t.app, 'POST', `/api/v1/admin/vendors/${orgId}/verification`, { body, cookie });

describe('GET /admin/vendors', () => {
  it('lists pending vendors oldest first with the owner e-mail, in cursor pages', async () => {
    const a = await registerAs(t.app, 'vendor');
    const b = await registerAs(t.app, 'vendor');
    const c = await registerAs(t.app, 'vendor');
    const page1 = await call(t.app, 'GET', '/api/v1/admin/vendors?status=pending&limit=2', { cookie: admin.cookie });
    expect(page1.status).toBe(200);
    expect(page1.json.items.map((v: { id: string }) => v.id)).toEqual([a.me.organisation.id, b.me.organisation.id]);
    expect(page1.json.items[0]).toMatchObject({ ownerEmail: a.email, kind: 'vendor', verification: { status: 'pending' } });
    const page2 = await call(t.app, 'GET', `/api/v1/admin/vendors?limit=2&cursor=${page1.json.nextCursor}`, { cookie: admin.cookie });
    expect(page2.json.items.map((v: { id: string }) => v.id)).toEqual([c.me.organisation.id]);
    expect(page2.json.nextCursor).toBeNull();
  });

  it('is 401 anonymously and 403 for buyers and vendors', async () => {
    expect((await call(t.app, 'GET', '/api/v1/admin/vendors')).status).toBe(401);
    for (const kind of ['buyer', 'vendor'] as const) {
      const { cookie } = await registerAs(t.app, kind);
      const r = await call(t.app, 'GET', '/api/v1/admin/vendors', { cookie });
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('forbidden');
    }
  });

  it('refuses unknown statuses and foreign cursors with 400', async () => {
    for (const q of ['status=approved', 'cursor=%00%00', 'limit=-1']) {
      const r = await call(t.app, 'GET', `/api/v1/admin/vendors?${q}`, { cookie: admin.cookie });
      expect(r.status, q).toBe(400);
    }
  });
});

describe('POST /admin/vendors/{orgId}/verification', () => {
  it('approves a pending vendor (default: one year) and records the decision with its request id', async () => {
    const v = await registerAs(t.app, 'vendor');
    const r = await decide(v.me.organisation.id, { decision: 'approve' });
    expect(r.status).toBe(200);
    expect(r.json.verification.status).toBe('verified');
    const until = new Date(r.json.verification.verifiedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(360 * 86_400_000);
    const entry = (await audit.listForEntity(t.db.sql, 'organisation', v.me.organisation.id)).at(-1);
    expect(entry).toMatchObject({
      action: 'verification.approve', actorUserId: admin.me.user.id, actorOrgId: admin.me.organisation.id,
      before: { status: 'pending' }, after: { status: 'verified' }, requestId: r.res.headers.get('x-request-id'),
    });
    // the vendor sees it
    const mine = await call(t.app, 'GET', '/api/v1/organisations/mine', { cookie: v.cookie });
    expect(mine.json.verification.status).toBe('verified');
  });

  it('rejects with a reason; the vendor re-applies; suspends and reinstates', async () => {
    const v = await registerAs(t.app, 'vendor');
    const id = v.me.organisation.id;
    const rejected = await decide(id, { decision: 'reject', reason: '营业执照照片模糊，请重新上传' });
    expect(rejected.json.verification).toMatchObject({ status: 'rejected', reason: '营业执照照片模糊，请重新上传' });
    expect((await call(t.app, 'POST', '/api/v1/organisations/mine/verification/reapply', { body: {}, cookie: v.cookie })).status).toBe(200);
    expect((await decide(id, { decision: 'approve', verifiedUntil: '2099-12-31T00:00:00+08:00' })).json.verification.status).toBe('verified');
    expect((await decide(id, { decision: 'suspend', reason: '投诉已核实' })).json.verification).toMatchObject({ status: 'suspended', reason: '投诉已核实' });
    expect((await decide(id, { decision: 'reinstate' })).json.verification).toMatchObject({ status: 'verified', reason: null });
    const actions = (await audit.listForEntity(t.db.sql, 'organisation', id)).map((e) => e.action);
    expect(actions).toEqual(['registered', 'verification.reject', 'verification.reapply', 'verification.approve', 'verification.suspend', 'verification.reinstate']);
  });

  it('is 409 invalid_transition for a decision the state machine forbids, and writes nothing', async () => {
    const v = await registerAs(t.app, 'vendor');
    const r = await decide(v.me.organisation.id, { decision: 'suspend', reason: '无理由' });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('invalid_transition');
    expect((await audit.listForEntity(t.db.sql, 'organisation', v.me.organisation.id)).map((e) => e.action)).toEqual(['registered']);
  });

  it('lets one of two simultaneous decisions win', async () => {
    const v = await registerAs(t.app, 'vendor');
    const results = await Promise.all([
      decide(v.me.organisation.id, { decision: 'approve' }),
      decide(v.me.organisation.id, { decision: 'reject', reason: '材料不全' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await audit.listForEntity(t.db.sql, 'organisation', v.me.organisation.id))).toHaveLength(2);
  });

  it('is 422 rule_violation for a verifiedUntil in the past', async () => {
    const v = await registerAs(t.app, 'vendor');
    const r = await decide(v.me.organisation.id, { decision: 'approve', verifiedUntil: '2020-01-01T00:00:00Z' });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'rule_violation', errors: [{ path: 'verifiedUntil' }] });
  });

  it('validates the decision body', async () => {
    const v = await registerAs(t.app, 'vendor');
    for (const body of [{ decision: 'reject' }, { decision: 'reject', reason: ' ' }, { decision: 'delete' }, { decision: 'approve', verifiedUntil: 'tomorrow' }]) {
      const r = await decide(v.me.organisation.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });

  it('is 404 for unknown ids and for organisations that are not vendors; 400 for malformed ids', async () => {
    const buyer = await registerAs(t.app, 'buyer');
    expect((await decide('00000000-0000-4000-8000-000000000000', { decision: 'approve' })).status).toBe(404);
    expect((await decide(buyer.me.organisation.id, { decision: 'approve' })).status).toBe(404);
    expect((await decide('12', { decision: 'approve' })).status).toBe(400);
  });

  it('is 403 for a vendor deciding on itself', async () => {
    const v = await registerAs(t.app, 'vendor');
    const r = await decide(v.me.organisation.id, { decision: 'approve' }, v.cookie);
    expect(r.status).toBe(403);
  });
});

describe('secretariat sessions', () => {
  it('last at most 12 hours', async () => {
    const [row] = await t.db.sql`
      select extract(epoch from absolute_expires_at - created_at)::int as seconds from sessions where user_id = ${admin.me.user.id}`;
    expect(row?.seconds).toBe(12 * 3600);
  });
});

describe('every /admin route', () => {
  // from the OpenAPI document, so a new admin route is covered the day it is added
  const adminRoutes = () => {
    const doc = t.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    return Object.entries(doc.paths ?? {})
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, item]) => Object.keys(item ?? {}).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((k) => ({ method: k.toUpperCase(), path })));
  };

  it('refuses buyers and vendors with 403 before it looks at their request (bad ids, query and body)', async () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const callers = [await registerAs(t.app, 'vendor'), await registerAs(t.app, 'buyer')];
    const failures: string[] = [];
    for (const { method, path } of routes) {
      const url = `${path.replace(/\{[^}]+\}/g, 'not-an-id')}?limit=-1&status=nonsense&cursor=%00`;
      const body = method === 'GET' ? undefined : { decision: 42, reason: ['not', 'text'] };
      for (const who of [...callers, null]) {
        const r = await call(t.app, method, url, { cookie: who?.cookie ?? null, ...(body ? { body } : {}) });
        const want = who ? 403 : 401;
        if (r.status !== want) failures.push(`${who?.me.organisation.kind ?? 'anonymous'} ${method} ${path}: ${r.status} ${r.json?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
