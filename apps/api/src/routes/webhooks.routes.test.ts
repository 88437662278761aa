import { notifications } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { type Market, type Party, setupMarket } from '../test-market.ts';

// Webhook subscriptions through the API: owners signed in or a token with webhooks:manage; the secret shown once;
// destinations checked (private ones refused unless the operator allows them); rotation; the log and redelivery.

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterAll(() => m?.close());

const create = (p: Party, body: unknown, app = m.app) => call(app, 'POST', '/api/v1/webhooks', { cookie: p.cookie, body });

async function token(p: Party, scopes: string[]) {
  const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', {
    cookie: p.cookie, body: { name: '集成', scopes, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  return r.json.secret as string;
}
const bearer = (t: string, method: string, path: string, body?: unknown) =>
  call(m.app, method, path, { body, origin: null, headers: { authorization: `Bearer ${t}` } });

describe('webhook subscriptions', () => {
  it('shows the secret once; lists and reads never show it', async () => {
    const r = await create(m.parties.buyerA, { url: 'http://127.0.0.1:9/hook', eventTypes: ['bid.received', 'bid.received', 'award.made'] });
    expect(r.status).toBe(201);
    expect(r.json.secret).toMatch(/^whsec_[a-z2-7]{52}$/);
    expect(r.json.subscription).toMatchObject({ url: 'http://127.0.0.1:9/hook', eventTypes: ['bid.received', 'award.made'], active: true, previousSecretUntil: null });
    const list = await call(m.app, 'GET', '/api/v1/webhooks', { cookie: m.parties.buyerA.cookie });
    expect(list.text).not.toContain(r.json.secret);
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(r.json.subscription.id);
  });

  it('refuses bad and non-public destinations when private ones are not allowed', async () => {
    const strict = m.make({ webhookAllowPrivateDestinations: false });
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://100.64.0.1/x', 'http://[fd00::1]/x', 'http://localhost/x']) {
      const r = await create(m.parties.buyerB, { url, eventTypes: ['order.approved'] }, strict);
      expect(r.status, url).toBe(422);
      expect(r.json.code, url).toBe('webhook_destination_not_allowed');
    }
    expect((await create(m.parties.buyerB, { url: 'ftp://8.8.8.8/x', eventTypes: ['order.approved'] }, strict)).json.code).toBe('webhook_destination_not_allowed');
    expect((await create(m.parties.buyerB, { url: 'https://u:p@8.8.8.8/x', eventTypes: ['order.approved'] }, strict)).json.code).toBe('webhook_destination_not_allowed');
    // a public address is fine (nothing is sent until an event comes)
    expect((await create(m.parties.buyerB, { url: 'https://8.8.8.8/annex', eventTypes: ['order.approved'] }, strict)).status).toBe(201);
    expect((await create(m.parties.buyerB, { url: 'https://8.8.8.8/annex', eventTypes: [] }, strict)).status).toBe(400);
    expect((await create(m.parties.buyerB, { url: 'https://8.8.8.8/annex', eventTypes: ['order.nonsense'] }, strict)).status).toBe(400);
  });

  it('a token manages webhooks with webhooks:manage only', async () => {
    const withScope = await token(m.parties.vendorA, ['webhooks:manage']);
    const without = await token(m.parties.vendorA, ['orders:read']);
    expect((await bearer(without, 'GET', '/api/v1/webhooks')).status).toBe(403);
    const r = await bearer(withScope, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/v', eventTypes: ['award.result'] });
    expect(r.status).toBe(201);
    expect((await bearer(withScope, 'GET', '/api/v1/webhooks')).json.items).toHaveLength(1);
  });

  it('rotates the secret with an overlap, turns off and on, logs deliveries and redelivers the same event', async () => {
    const { buyerA } = m.parties;
    const made = await create(buyerA, { url: 'http://127.0.0.1:9/r', eventTypes: ['order.approved'] });
    const id = made.json.subscription.id as string;
    const rotated = await call(m.app, 'POST', `/api/v1/webhooks/${id}/rotate-secret`, { cookie: buyerA.cookie });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).not.toBe(made.json.secret);
    const overlap = new Date(rotated.json.subscription.previousSecretUntil).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23 * 3_600_000);

    const off = await call(m.app, 'PATCH', `/api/v1/webhooks/${id}`, { cookie: buyerA.cookie, body: { active: false } });
    expect(off.json).toMatchObject({ active: false, disabledReason: 'owner' });
    const on = await call(m.app, 'PATCH', `/api/v1/webhooks/${id}`, { cookie: buyerA.cookie, body: { active: true } });
    expect(on.json).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0 });

    await notifications.insertMany(m.db.sql, [{ recipient: { orgId: buyerA.orgId }, kind: 'order_approved', orderId: null, payload: { orderTitle: 'X' } }]);
    const log = await call(m.app, 'GET', `/api/v1/webhooks/${id}/deliveries`, { cookie: buyerA.cookie });
    expect(log.json.items).toHaveLength(1);
    const [d] = log.json.items;
    expect(d).toMatchObject({ eventType: 'order.approved', status: 'pending', attempts: [] });
    const again = await call(m.app, 'POST', `/api/v1/webhooks/${id}/deliveries/${d.id}/redeliver`, { cookie: buyerA.cookie });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ eventId: d.eventId, redeliveryOf: d.id, status: 'pending' });
    expect((await call(m.app, 'GET', `/api/v1/webhooks/${id}/deliveries?cursor=nonsense`, { cookie: buyerA.cookie })).status).toBe(400);

    expect((await call(m.app, 'DELETE', `/api/v1/webhooks/${id}`, { cookie: buyerA.cookie })).status).toBe(204);
    expect((await call(m.app, 'GET', `/api/v1/webhooks/${id}`, { cookie: buyerA.cookie })).status).toBe(404);
  });
});
