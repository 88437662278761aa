import { idempotency } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { linkManifest, milestonePath, seedActiveContract } from '../test-implementation.ts';
import { type Market, ROLES, as, bidBody, seedAwardedOrder, seedOpenOrder, seedQuestion, setupMarket } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

// Bodies no client should send. Each write route answers them with a 4xx problem, never a 5xx.
const JUNK: unknown[] = [
  null, [], 'text', 42, true, {}, { title: null }, { title: 123, modality: ['image'] },
  { totalPriceFen: 1e308, unitPriceFen: -0, deliveryDays: 1.5, teamSize: '3', committedAccuracy: Number.NaN },
  { totalPriceFen: 2 ** 53 + 2 }, { reason: 'x'.repeat(100_000) }, { body: { nested: { deeper: [1, 2, 3] } } },
  { decision: 'maybe', reason: '' }, { bidId: 'not-a-uuid', reason: 'r' }, { ids: ['-1', '1e9', 'abc'] }, { all: 'yes' },
  { description: '\u0000' }, { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } },
  { title: '\ud800', modality: 'image' }, { questionsCloseAt: 'yesterday', bidDeadline: '2026-13-45T25:61:00Z' },
];

describe('bad input never yields 5xx', () => {
  it('every write route, every junk body, as every caller', async () => {
    const order = await seedOpenOrder(m, m.parties.buyerA);
    const q = await seedQuestion(m, order.id, m.parties.vendorA);
    const awarded = await seedAwardedOrder(m, m.parties.buyerB);
    const doc = m.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const writes = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      ['post', 'patch', 'put', 'delete'].filter((k) => item && k in item).map((k) => [k.toUpperCase(), path] as const),
    ).filter(([, p]) => !p.startsWith('/api/v1/auth') && !p.startsWith('/api/v1/me/password') && !p.startsWith('/api/v1/me/sessions'));
    // a contract's milestone with a batch under inspection: the delivery and payment routes read real rows
    const contract = await seedActiveContract(m, m.parties.buyerA);
    const mid = contract.milestones[0]!.id;
    const p = milestonePath(contract.orderId, mid);
    const batch = await as(m.app, m.parties.vendorA).post(`${p}/deliveries`, linkManifest());
    await as(m.app, m.parties.buyerA).post(`${p}/deliveries/${batch.json.deliveries[0].id}/inspection`);
    const ids: Record<string, string> = {
      id: order.id, qid: q.id, bidId: awarded.bidA.id, attachmentId: order.id, orgId: m.parties.vendorA.orgId, mid, did: batch.json.deliveries[0].id,
    };
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const [method, template] of writes) {
        const orderOf = template.includes('/contract/') ? contract.orderId : order.id;
        const path = template.replace(/\{(\w+)\}/g, (_, k: string) => (k === 'id' ? orderOf : ids[k] ?? order.id));
        for (const body of JUNK) {
          const r = await call(m.app, method, path, { cookie: m.cookieOf(role), raw: JSON.stringify(body) });
          if (r.status >= 500) failures.push(`${role} ${method} ${path} ${JSON.stringify(body).slice(0, 60)} → ${r.status}`);
        }
        const broken = await call(m.app, method, path, { cookie: m.cookieOf(role), raw: '{"title": "unterminated' });
        if (broken.status >= 500) failures.push(`${role} ${method} ${path} malformed → ${broken.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('junk in paths and queries is 4xx', async () => {
    const paths = [
      '/api/v1/orders/%00', '/api/v1/orders/..%2F..%2Fetc', `/api/v1/orders/${'a'.repeat(65)}`, '/api/v1/orders?limit=0',
      '/api/v1/orders?limit=1e9', '/api/v1/orders?status=nope', '/api/v1/orders?cursor=%FF%FE', '/api/v1/orders?scope=all',
      '/api/v1/notifications?cursor=bad', '/api/v1/me/bids?cursor=bad', '/api/v1/admin/objections?cursor=bad',
    ];
    for (const p of paths) {
      for (const role of ['anonymous', 'buyerA', 'vendorA', 'secretariat'] as const) {
        const r = await call(m.app, 'GET', p, { cookie: m.cookieOf(role) });
        expect(r.status, `${role} ${p}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${role} ${p}`).toBeLessThan(500);
      }
    }
  });
});

describe('Idempotency-Key still in use', () => {
  it('answers 409 idempotency_key_in_use while another execution holds the key', async () => {
    const order = await seedOpenOrder(m, m.parties.buyerA);
    const body = bidBody();
    const path = `/api/v1/orders/${order.id}/bids`;
    const { createHash } = await import('node:crypto');
    // an execution that began outside a transaction and has not finished (its lease still runs)
    const begun = await idempotency.begin(m.db.sql, {
      scope: `user:${m.parties.vendorA.userId}`, key: 'held', method: 'POST', path,
      requestHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'), leaseSeconds: 60,
    });
    expect(begun.state).toBe('new');
    const r = await as(m.app, m.parties.vendorA).post(path, body, { 'idempotency-key': 'held' });
    expect(r.status, r.text).toBe(409);
    expect(r.json.code).toBe('idempotency_key_in_use');
  });
});
