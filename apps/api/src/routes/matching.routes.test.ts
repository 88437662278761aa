import { organisations } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Market, as, seedOpenOrder, setupMarket } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterAll(() => m?.close());

describe('GET /orders/{id}/matches', () => {
  it('ranks the eligible verified vendors with a score and a reason per part', async () => {
    const { buyerA, vendorA, vendorB, unverified, secretariat } = m.parties;
    // the buyer sits where vendor A does (Dongchangfu); vendor B moves to Linqing: same city, another county
    await organisations.update(m.db.sql, buyerA.orgId, { county: '371502' });
    await organisations.update(m.db.sql, vendorB.orgId, { county: '371581' });
    const o = await seedOpenOrder(m, buyerA);
    const r = await as(m.app, buyerA).get(`/api/v1/orders/${o.id}/matches`);
    expect(r.status).toBe(200);
    const ids = r.json.items.map((i: { vendorId: string }) => i.vendorId);
    expect(ids.indexOf(vendorA.orgId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(vendorA.orgId)).toBeLessThan(ids.indexOf(vendorB.orgId));
    expect(ids).not.toContain(unverified.orgId);
    const a = r.json.items.find((i: { vendorId: string }) => i.vendorId === vendorA.orgId);
    expect(a.reasons.map((x: { part: string }) => x.part)).toEqual(['capability', 'capacity', 'quality', 'on_time', 'locality']);
    expect(a.reasons.at(-1)).toMatchObject({ code: 'same_county', params: { county: '371502' } });
    const b = r.json.items.find((i: { vendorId: string }) => i.vendorId === vendorB.orgId);
    expect(b.reasons.at(-1)).toMatchObject({ code: 'same_city' });
    expect(a.score - b.score).toBeCloseTo(5, 5);
    // the secretariat sees the same ranking
    const s = await as(m.app, secretariat).get(`/api/v1/orders/${o.id}/matches?limit=1`);
    expect(s.status).toBe(200);
    expect(s.json.items).toHaveLength(1);
  });

  it('applies the hard filters: an order no vendor can take has no matches', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA, { modality: 'text', taskTypes: ['ner'] });
    const r = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}/matches`);
    expect(r.json.items).toEqual([]);
    const big = await seedOpenOrder(m, m.parties.buyerA, { minHeadcount: 500 });
    expect((await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${big.id}/matches`)).json.items).toEqual([]);
  });

  it('refuses vendors and other buyers', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    expect((await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/matches`)).status).toBe(403);
    expect((await as(m.app, m.parties.buyerB).get(`/api/v1/orders/${o.id}/matches`)).status).toBe(403);
  });
});

describe('GET /me/recommended-orders', () => {
  it('lists open orders the vendor is eligible for, best match first', async () => {
    const { buyerA, buyerB, vendorA, unverified } = m.parties;
    const fits = await seedOpenOrder(m, buyerA);
    const tooBig = await seedOpenOrder(m, buyerB, { volumeQuantity: 5_000_000 });
    const text = await seedOpenOrder(m, buyerB, { modality: 'text', taskTypes: ['ner'] });
    const draft = await seedOpenOrder(m, buyerA, { status: 'draft', publishedAt: null });
    const r = await as(m.app, vendorA).get('/api/v1/me/recommended-orders?limit=100');
    expect(r.status).toBe(200);
    const ids = r.json.items.map((i: { orderId: string }) => i.orderId);
    expect(ids).toContain(fits.id);
    expect(ids.indexOf(fits.id)).toBeLessThan(ids.indexOf(tooBig.id));
    expect(ids).not.toContain(text.id);
    expect(ids).not.toContain(draft.id);
    expect(r.json.items[0]).toMatchObject({ title: expect.any(String), buyerName: expect.any(String), modality: 'image' });
    const small = r.json.items.find((i: { orderId: string }) => i.orderId === tooBig.id);
    expect(small.reasons[1].code).toBe('capacity_short');
    // not yet verified: nothing to bid on
    expect((await as(m.app, unverified).get('/api/v1/me/recommended-orders')).json.items).toEqual([]);
  });
});

describe('curation and matching', () => {
  it('leaves a vendor the secretariat hid out of the buyers\' matches, and a hidden order out of the vendors\' recommendations', async () => {
    const { buyerA, vendorA, vendorB, secretariat } = m.parties;
    const o = await seedOpenOrder(m, buyerA);
    const matchIds = async () => (await as(m.app, buyerA).get(`/api/v1/orders/${o.id}/matches?limit=50`)).json.items.map((i: { vendorId: string }) => i.vendorId);
    const recommended = async () =>
      (await as(m.app, vendorA).get('/api/v1/me/recommended-orders?limit=100')).json.items.map((i: { orderId: string }) => i.orderId);
    expect(await matchIds()).toEqual(expect.arrayContaining([vendorA.orgId, vendorB.orgId]));
    expect(await recommended()).toContain(o.id);
    const curate = (kind: string, listingId: string, action: string) =>
      as(m.app, secretariat).post('/api/v1/admin/curation', { kind, listingId, action, reason: '核查中' });
    expect((await curate('vendor', vendorB.orgId, 'hide')).status).toBe(200);
    expect((await curate('order', o.id, 'hide')).status).toBe(200);
    const hiddenMatches = await matchIds();
    expect(hiddenMatches).toContain(vendorA.orgId);
    expect(hiddenMatches).not.toContain(vendorB.orgId);
    expect(await recommended()).not.toContain(o.id);
    // reversible: shown again once unhidden
    await curate('vendor', vendorB.orgId, 'unhide');
    await curate('order', o.id, 'unhide');
    expect(await matchIds()).toContain(vendorB.orgId);
    expect(await recommended()).toContain(o.id);
  });
});
