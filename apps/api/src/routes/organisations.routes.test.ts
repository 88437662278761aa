import { audit, organisations, orders } from '@annex/db';
import { sampleCapabilities } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t?.close());

describe('GET /organisations/mine', () => {
  it("answers the caller's own organisation", async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    const r = await call(t.app, 'GET', '/api/v1/organisations/mine', { cookie });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(me.organisation);
  });

  it('needs a session', async () => {
    expect((await call(t.app, 'GET', '/api/v1/organisations/mine')).status).toBe(401);
  });
});

describe('PATCH /organisations/mine', () => {
  it('changes the profile fields given, with an audit record', async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    const r = await call(t.app, 'PATCH', '/api/v1/organisations/mine', {
      body: { contactPhone: '0635-8888888', county: '371581' }, cookie,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: me.organisation.name, contactPhone: '0635-8888888', county: '371581' });
    const history = await audit.listForEntity(t.db.sql, 'organisation', me.organisation.id);
    expect(history.at(-1)).toMatchObject({ action: 'profile_updated', before: { county: '371502' }, after: { county: '371581' } });
  });

  it('refuses an empty change, bad phone numbers and unknown counties with 400', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    for (const body of [{}, { contactPhone: '12345' }, { county: '110101' }, { name: 'x' }]) {
      const r = await call(t.app, 'PATCH', '/api/v1/organisations/mine', { body, cookie });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });

  it('is for owners only', async () => {
    const { cookie, me } = await registerAs(t.app, 'buyer');
    await t.db.sql`update memberships set role = 'member' where user_id = ${me.user.id}`;
    const r = await call(t.app, 'PATCH', '/api/v1/organisations/mine', { body: { name: '新名称有限公司' }, cookie });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('forbidden');
  });
});

describe('PUT /organisations/mine/capabilities', () => {
  it("replaces a vendor's capability profile and tells the search worker", async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    const profile = sampleCapabilities();
    const r = await call(t.app, 'PUT', '/api/v1/organisations/mine/capabilities', { body: profile, cookie });
    expect(r.status).toBe(200);
    expect(r.json.capabilities).toEqual(profile);
    expect((await organisations.findById(t.db.sql, me.organisation.id))?.capabilities).toEqual(profile);
    const queued = await t.db.sql`select topic from outbox where aggregate_id = ${me.organisation.id}`;
    expect(queued.map((q) => q.topic)).toContain('search.vendor');
  });

  it('validates the profile field by field', async () => {
    const { cookie } = await registerAs(t.app, 'vendor');
    const body = { ...sampleCapabilities(), headcount: -1, modalities: ['smell'], dailyCapacity: { ocr: 5 } };
    const r = await call(t.app, 'PUT', '/api/v1/organisations/mine/capabilities', { body, cookie });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['headcount', 'modalities.0']));
  });

  it('is 403 for buyers', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    const r = await call(t.app, 'PUT', '/api/v1/organisations/mine/capabilities', { body: sampleCapabilities(), cookie });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('forbidden');
  });
});

describe('POST /organisations/mine/verification/reapply', () => {
  it('is 409 invalid_transition while pending, and puts a rejected vendor back in the queue', async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    const early = await call(t.app, 'POST', '/api/v1/organisations/mine/verification/reapply', { body: {}, cookie });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('invalid_transition');

    await organisations.setVerification(t.db.sql, me.organisation.id, { status: 'rejected', verifiedUntil: null, reason: '营业执照模糊' });
    const r = await call(t.app, 'POST', '/api/v1/organisations/mine/verification/reapply', { cookie });
    expect(r.status).toBe(200);
    expect(r.json.verification).toMatchObject({ status: 'pending', reason: null });
    const history = await audit.listForEntity(t.db.sql, 'organisation', me.organisation.id);
    expect(history.at(-1)).toMatchObject({ action: 'verification.reapply', before: { status: 'rejected' }, after: { status: 'pending' } });
  });

  it('is 403 for buyers', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    expect((await call(t.app, 'POST', '/api/v1/organisations/mine/verification/reapply', { body: {}, cookie })).status).toBe(403);
  });
});

describe('GET /uscc/check', () => {
  it('normalises and validates, and never says whether the code is registered', async () => {
    const { body } = await registerAs(t.app, 'buyer');
    const taken = await call(t.app, 'GET', `/api/v1/uscc/check?code=${encodeURIComponent(body.organisation.uscc.toLowerCase())}`);
    expect(taken.json).toEqual({ normalised: body.organisation.uscc, valid: true, problem: null });
    const full = await call(t.app, 'GET', `/api/v1/uscc/check?code=${encodeURIComponent('９１４４０３００１９２３１７４５８Ｆ')}`);
    expect(full.json).toEqual({ normalised: '91440300192317458F', valid: true, problem: null });
    const bad = await call(t.app, 'GET', '/api/v1/uscc/check?code=91440300192317458G');
    expect(bad.json).toEqual({ normalised: '91440300192317458G', valid: false, problem: 'checksum' });
  });

  it('needs the code parameter', async () => {
    const r = await call(t.app, 'GET', '/api/v1/uscc/check');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('query.code');
  });
});

describe('public reads', () => {
  it('GET /orders lists published orders only, newest first, with cursor pages', async () => {
    const empty = await call(t.app, 'GET', '/api/v1/orders');
    expect(empty.status).toBe(200);
    const { me } = await registerAs(t.app, 'buyer');
    const base = Date.now();
    for (let i = 0; i < 3; i++) {
      await orders.create(t.db.sql, {
        buyerOrgId: me.organisation.id, title: `点云标注 ${i}`, modality: 'point_cloud', taskTypes: ['cuboid_3d'],
        status: 'open', budgetTotalFen: 1_000_000 + i, publishedAt: new Date(base - (3 - i) * 60_000),
        bidDeadline: new Date(base + 86_400_000),
      });
    }
    await orders.create(t.db.sql, { buyerOrgId: me.organisation.id, title: '草稿', modality: 'image' });
    const page1 = await call(t.app, 'GET', '/api/v1/orders?limit=2');
    expect(page1.json.items.map((o: { title: string }) => o.title)).toEqual(['点云标注 2', '点云标注 1']);
    expect(page1.json.items[0]).toMatchObject({ buyerName: me.organisation.name, budgetTotalFen: 1_000_002, status: 'open' });
    const page2 = await call(t.app, 'GET', `/api/v1/orders?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json).toMatchObject({ items: [{ title: '点云标注 0' }], nextCursor: null });
  });

  it('GET /orders refuses bad limits and foreign cursors with 400', async () => {
    for (const q of ['limit=0', 'limit=1000', 'limit=abc', 'cursor=bm90LWEtY3Vyc29y']) {
      const r = await call(t.app, 'GET', `/api/v1/orders?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });

  it('GET /vendors/{id} shows verified vendors only, without contact details', async () => {
    const { me, cookie } = await registerAs(t.app, 'vendor');
    const hidden = await call(t.app, 'GET', `/api/v1/vendors/${me.organisation.id}`);
    expect(hidden.status).toBe(404);
    await call(t.app, 'PUT', '/api/v1/organisations/mine/capabilities', { body: sampleCapabilities(), cookie });
    await organisations.setVerification(t.db.sql, me.organisation.id, {
      status: 'verified', verifiedUntil: new Date(Date.now() + 365 * 86_400_000), reason: null,
    });
    const r = await call(t.app, 'GET', `/api/v1/vendors/${me.organisation.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: me.organisation.id, name: me.organisation.name, county: '371502' });
    expect(r.json.capabilities).toEqual(sampleCapabilities());
    expect(r.json).not.toHaveProperty('contactPhone');
    expect(r.json).not.toHaveProperty('uscc');
    const buyer = await registerAs(t.app, 'buyer');
    for (const id of [buyer.me.organisation.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect((await call(t.app, 'GET', `/api/v1/vendors/${id}`)).status, id).toBe(404);
    }
  });
});
