import { awards, bids, notifications, orders } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import {
  type Market, type Party, as, bidBody, closeBidding, seedAwardedOrder, seedBid, seedClosedOrder, seedOpenOrder, seedQuestion, setupMarket,
} from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

const bidOn = (orderId: string, body: unknown, who = m.parties.vendorA, headers?: Record<string, string>) =>
  as(m.app, who).post(`/api/v1/orders/${orderId}/bids`, body, headers);

describe('placing bids', () => {
  it('answers 422 not_eligible with the reasons for an unverified vendor and for missing qualifications', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const r = await bidOn(o.id, bidBody(), m.parties.unverified);
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'not_eligible', reasons: [{ code: 'not_verified' }] });
    const strict = await seedOpenOrder(m, m.parties.buyerA, { requiredCertifications: ['dcmm'], minHeadcount: 500, securityLevel: 'confidential' });
    const r2 = await bidOn(strict.id, bidBody());
    expect(r2.status).toBe(422);
    expect(r2.json.reasons).toEqual(expect.arrayContaining([
      { code: 'missing_certification', certification: 'dcmm' },
      { code: 'headcount_below_minimum', required: 500, actual: 80 },
    ]));
  });

  it('tells each vendor on the order itself whether it may bid and ask, before it fills in a form', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const strict = await seedOpenOrder(m, m.parties.buyerA, { requiredCertifications: ['dcmm'] });
    const view = async (id: string, who: Party) => (await as(m.app, who).get(`/api/v1/orders/${id}`)).json;
    const unverified = await view(o.id, m.parties.unverified);
    expect(unverified.ineligible).toEqual([{ code: 'not_verified' }]);
    expect(unverified.permissions).toMatchObject({ bid: false, ask: false });
    const verified = await view(o.id, m.parties.vendorA);
    expect(verified.ineligible).toEqual([]);
    expect(verified.permissions).toMatchObject({ bid: true, ask: true, changeBid: false });
    // lacking what one order asks for keeps a vendor from bidding on it, not from asking
    const lacking = await view(strict.id, m.parties.vendorA);
    expect(lacking.ineligible).toEqual([{ code: 'missing_certification', certification: 'dcmm' }]);
    expect(lacking.permissions).toMatchObject({ bid: false, ask: true });
    // others are told nothing about eligibility
    expect((await view(o.id, m.parties.buyerA)).ineligible).toEqual([]);
    expect(await bidOn(o.id, bidBody())).toMatchObject({ status: 201 });
    expect((await view(o.id, m.parties.vendorA)).permissions).toMatchObject({ bid: false, changeBid: true, reconfirm: false });
  });

  it.each([
    ['a float price', { totalPriceFen: 8_000_000.5 }, 400],
    ['a negative price', { unitPriceFen: -80 }, 400],
    ['a price above the limit', { totalPriceFen: 1_000_000_000_001 }, 400],
    ['a zero price', { totalPriceFen: 0 }, 400],
    ['accuracy with three decimals', { committedAccuracy: 98.123 }, 400],
    ['an unknown field', { discountFen: 100 }, 400],
    ['a price above the budget', { totalPriceFen: 10_000_001 }, 422],
    ['a unit price above the ceiling', { unitPriceFen: 121 }, 422],
    ['accuracy below the target', { committedAccuracy: 96 }, 422],
    ['delivery after the deadline', { deliveryDays: 400 }, 422],
  ])('refuses %s (%d)', async (_, over, status) => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const r = await bidOn(o.id, bidBody(8_000_000, over));
    expect(r.status, r.text).toBe(status);
  });

  it('answers 409 bidding_closed once the deadline has passed (by the database clock)', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await closeBidding(m, o.id);
    const r = await bidOn(o.id, bidBody());
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('bidding_closed');
    expect(await bids.countForOrder(m.db.sql, o.id)).toBe(0);
  });

  it('keeps one live bid per vendor, with revisions, withdrawal and a new bid after it', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    expect((await bidOn(o.id, bidBody(8_000_000))).status).toBe(201);
    const second = await bidOn(o.id, bidBody(7_000_000));
    expect(second.status).toBe(409);
    const edited = await as(m.app, m.parties.vendorA).patch(`/api/v1/orders/${o.id}/bids/mine`, { totalPriceFen: 7_500_000 });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ revision: 2, offer: { totalPriceFen: 7_500_000 } });
    expect(edited.json.revisions.map((r: { offer: { totalPriceFen: number } }) => r.offer.totalPriceFen)).toEqual([8_000_000, 7_500_000]);
    const bad = await as(m.app, m.parties.vendorA).patch(`/api/v1/orders/${o.id}/bids/mine`, { totalPriceFen: 99_000_000 });
    expect(bad.status).toBe(422);
    const notNeeded = await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${o.id}/bids/mine/reconfirm`);
    expect(notNeeded.status).toBe(409);
    const withdrawn = await as(m.app, m.parties.vendorA).delete(`/api/v1/orders/${o.id}/bids/mine`);
    expect(withdrawn.json.status).toBe('withdrawn');
    expect((await as(m.app, m.parties.vendorA).delete(`/api/v1/orders/${o.id}/bids/mine`)).status).toBe(404);
    expect((await bidOn(o.id, bidBody(6_000_000))).status).toBe(201);
    const mine = await as(m.app, m.parties.vendorA).get('/api/v1/me/bids');
    expect(mine.json.items.filter((b: { orderId: string }) => b.orderId === o.id).map((b: { status: string }) => b.status)).toEqual(['active', 'withdrawn']);
    const withdrawnOnly = await as(m.app, m.parties.vendorA).get('/api/v1/me/bids?status=withdrawn&sort=deadline&limit=100');
    expect(withdrawnOnly.json.items.length).toBeGreaterThan(0);
    expect(withdrawnOnly.json.items.every((b: { status: string }) => b.status === 'withdrawn')).toBe(true);
    const deadlines = withdrawnOnly.json.items.map((b: { bidDeadline: string }) => b.bidDeadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect((await as(m.app, m.parties.vendorA).get('/api/v1/me/bids?status=lost')).status).toBe(400);
    await closeBidding(m, o.id);
    const late = await as(m.app, m.parties.vendorA).patch(`/api/v1/orders/${o.id}/bids/mine`, { teamSize: 5 });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('bidding_closed');
    expect((await as(m.app, m.parties.vendorA).delete(`/api/v1/orders/${o.id}/bids/mine`)).json.code).toBe('bidding_closed');
  });
});

describe('visibility of bids', () => {
  it('open mode: the buyer sees amounts live; the secretariat only the bids; vendors are refused', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA, { biddingMode: 'open' });
    await seedBid(m, o.id, m.parties.vendorA, 7_000_000);
    const buyer = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}/bids`);
    expect(buyer.status).toBe(200);
    expect(buyer.json.items[0].offer.totalPriceFen).toBe(7_000_000);
    const sec = await as(m.app, m.parties.secretariat).get(`/api/v1/orders/${o.id}/bids`);
    expect(sec.status).toBe(200);
    expect(sec.json.items[0].offer).toBeNull();
    expect((await as(m.app, m.parties.vendorB).get(`/api/v1/orders/${o.id}/bids`)).status).toBe(403);
    const cmp = await as(m.app, m.parties.secretariat).get(`/api/v1/orders/${o.id}/comparison`);
    expect(cmp.json.code).toBe('bids_sealed');
  });

  it('sealed mode: 403 bids_sealed to the buyer and the secretariat before the deadline, amounts after', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA, 7_000_000);
    for (const p of [m.parties.buyerA, m.parties.secretariat]) {
      for (const path of ['bids', 'comparison']) {
        const r = await as(m.app, p).get(`/api/v1/orders/${o.id}/${path}`);
        expect(r.status).toBe(403);
        expect(r.json.code).toBe('bids_sealed');
      }
    }
    await closeBidding(m, o.id);
    const after = await as(m.app, m.parties.secretariat).get(`/api/v1/orders/${o.id}/bids`);
    expect(after.json.items[0].offer.totalPriceFen).toBe(7_000_000);
  });
});

describe('comparison and award', () => {
  it('scores with the default or the given weights and refuses bad weights', async () => {
    const c = await seedClosedOrder(m, m.parties.buyerA);
    const r = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${c.order.id}/comparison`);
    expect(r.status).toBe(200);
    expect(r.json.weights).toEqual({ price: 40, quality: 30, capability: 15, trackRecord: 15 });
    expect(r.json.rows.map((x: { bid: { id: string } }) => x.bid.id)).toEqual([c.bidA.id, c.bidB.id]);
    // no contract has ended on this market: every vendor's record is the middle of each scale, 0.5 of 15 points
    expect(r.json.rows[0]).toMatchObject({
      capabilityFit: 1, trackRecord: 0.5, record: { hasRecord: false, onTime: 0.5, stars: 3 },
      score: { parts: { price: { raw: 1, points: 40 }, trackRecord: { raw: 0.5, points: 7.5 } } },
    });
    for (const q of ['price=-1', 'price=101', 'quality=abc']) {
      expect((await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${c.order.id}/comparison?${q}`)).status, q).toBe(400);
    }
  });

  it('awards with a reason; refuses while open (409), a disqualified bid (422) and a second award (409 already_awarded)', async () => {
    const open = await seedOpenOrder(m, m.parties.buyerA);
    const openBid = await seedBid(m, open.id, m.parties.vendorA);
    const early = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${open.id}/award`, { bidId: openBid.id, reason: '提前定标' });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('invalid_transition');

    const c = await seedClosedOrder(m, m.parties.buyerA);
    const dq = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/bids/${c.bidB.id}/disqualify`, { reason: '资质证书过期' });
    expect(dq.status, dq.text).toBe(200);
    const dqAgain = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/bids/${c.bidB.id}/disqualify`, { reason: '再次' });
    expect(dqAgain.status).toBe(409);
    const wrong = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/award`, { bidId: c.bidB.id, reason: '选择乙' });
    expect(wrong.status).toBe(422);
    const foreign = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/award`, { bidId: openBid.id, reason: '别的订单的标' });
    expect(foreign.status).toBe(404);
    const ok = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/award`, { bidId: c.bidA.id, reason: '唯一有效投标' });
    expect(ok.status, ok.text).toBe(201);
    const second = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${c.order.id}/award`, { bidId: c.bidA.id, reason: '再来一次' });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe('already_awarded');
    const vendorB = await notifications.listForUser(m.db.sql, m.parties.vendorB.userId);
    expect(vendorB.items.map((n) => n.kind)).toContain('bid_disqualified');
  });

  it('objections: only losing bidders, during the window; upheld → award cancelled, evaluation again, a new award', async () => {
    const a = await seedAwardedOrder(m, m.parties.buyerA);
    const id = a.order.id;
    const outsider = await as(m.app, m.parties.unverified).post(`/api/v1/orders/${id}/objections`, { body: '我没投标但想异议一下。' });
    expect(outsider.status).toBe(403);
    const short = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${id}/objections`, { body: '短' });
    expect(short.status).toBe(400);
    const obj = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${id}/objections`, { body: '中标方团队规模不足以按期交付。' });
    expect(obj.status, obj.text).toBe(201);
    // the secretariat decides objections: its inbox says one came, as the buyer's does
    for (const party of [m.parties.secretariat, m.parties.buyerA]) {
      const inbox = await as(m.app, party).get('/api/v1/notifications');
      expect(inbox.json.items).toContainEqual(expect.objectContaining({ kind: 'objection_filed', orderId: id, payload: { orderTitle: a.order.title } }));
    }
    const dup = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${id}/objections`, { body: '再提一次同样的异议内容。' });
    expect(dup.status).toBe(409);
    const own = await as(m.app, m.parties.vendorB).get(`/api/v1/orders/${id}/objections`);
    expect(own.json.items).toHaveLength(1);
    expect((await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${id}/objections`)).json.items).toHaveLength(0);
    const noReason = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/objections/${obj.json.id}/decide`, { decision: 'uphold' });
    expect(noReason.status).toBe(400);
    const upheld = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/objections/${obj.json.id}/decide`, { decision: 'uphold', reason: '评审存在程序问题' });
    expect(upheld.status, upheld.text).toBe(200);
    expect(upheld.json.status).toBe('upheld');
    const twice = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/objections/${obj.json.id}/decide`, { decision: 'reject', reason: '改判' });
    expect(twice.status).toBe(409);
    const page = await as(m.app, null).get(`/api/v1/orders/${id}`);
    expect(page.json).toMatchObject({ status: 'evaluation', award: null, publicityEndsAt: null });
    expect(await awards.activeForOrder(m.db.sql, id)).toBeNull();
    expect((await bids.listForOrder(m.db.sql, id)).map((b) => b.status)).toEqual(['active', 'active']);
    const again = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${id}/award`, { bidId: a.bidB.id, reason: '重新评审后第一' });
    expect(again.status, again.text).toBe(201);
    const inbox = await notifications.listForUser(m.db.sql, m.parties.vendorA.userId);
    expect(inbox.items.map((n) => n.kind)).toEqual(expect.arrayContaining(['objection_decided', 'bid_not_awarded']));
  });

  it('objections after the publicity window are 409', async () => {
    const noWindow = m.make({ publicitySeconds: 0 });
    const c = await seedClosedOrder(m, m.parties.buyerA);
    const r = await call(noWindow, 'POST', `/api/v1/orders/${c.order.id}/award`, { cookie: m.parties.buyerA.cookie, body: { bidId: c.bidA.id, reason: '第一' } });
    expect(r.status).toBe(201);
    const late = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${c.order.id}/objections`, { body: '公示期过后才看到，提出异议。' });
    expect(late.status).toBe(409);
    expect((await as(m.app, null).get(`/api/v1/orders/${c.order.id}`)).json.status).toBe('in_progress');
  });
});

describe('questions', () => {
  it('are closed after questionsCloseAt (409 questions_closed) and answered once', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA, { questionsCloseAt: new Date(Date.now() + 300) });
    const q = await seedQuestion(m, o.id, m.parties.vendorA);
    await new Promise((r) => setTimeout(r, 350));
    const late = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${o.id}/questions`, { body: '截止后还能问吗？' });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('questions_closed');
    expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/questions/${q.id}/answer`, { answer: '可以' })).status).toBe(200);
    const twice = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/questions/${q.id}/answer`, { answer: '改口' });
    expect(twice.status).toBe(409);
    const mine = await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/questions`);
    expect(mine.json.items[0]).toMatchObject({ mine: true, askerName: m.parties.vendorA.name });
    const buyer = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}/questions`);
    expect(buyer.json.items[0].askerName).toBe(m.parties.vendorA.name);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, 422 for another body', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const key = { 'idempotency-key': `bid-${o.id}` };
    const first = await bidOn(o.id, bidBody(), m.parties.vendorA, key);
    expect(first.status).toBe(201);
    const again = await bidOn(o.id, bidBody(), m.parties.vendorA, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(await bids.countForOrder(m.db.sql, o.id)).toBe(1);
    const other = await bidOn(o.id, bidBody(7_000_000), m.parties.vendorA, key);
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('idempotency_key_reused');
    // keys belong to their user: vendor B's same key is a new request
    expect((await bidOn(o.id, bidBody(), m.parties.vendorB, key)).status).toBe(201);
    const bad = await bidOn(o.id, bidBody(), m.parties.vendorA, { 'idempotency-key': 'x'.repeat(256) });
    expect(bad.status).toBe(400);
  });

  it('replays refusals too, but not invalid input', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await closeBidding(m, o.id);
    const key = { 'idempotency-key': `late-${o.id}` };
    const first = await bidOn(o.id, bidBody(), m.parties.vendorA, key);
    expect(first.json.code).toBe('bidding_closed');
    const again = await bidOn(o.id, bidBody(), m.parties.vendorA, key);
    expect(again.text).toBe(first.text);
    const key2 = { 'idempotency-key': `bad-${o.id}` };
    expect((await bidOn(o.id, { totalPriceFen: 1.5 }, m.parties.vendorA, key2)).status).toBe(400);
    const fixed = await bidOn(o.id, bidBody(), m.parties.vendorA, key2);
    expect(fixed.json.code).toBe('bidding_closed');
  });

  it('works for creating orders', async () => {
    const key = { 'idempotency-key': crypto.randomUUID() };
    const body = { title: '幂等创建', modality: 'text' };
    const a = await as(m.app, m.parties.buyerA).post('/api/v1/orders', body, key);
    const b = await as(m.app, m.parties.buyerA).post('/api/v1/orders', body, key);
    expect(a.status).toBe(201);
    expect(b.json.id).toBe(a.json.id);
    const page = await orders.listForBuyer(m.db.sql, m.parties.buyerA.orgId, { limit: 100 });
    expect(page.items.filter((x) => x.title === '幂等创建')).toHaveLength(1);
  });
});

describe('timeline', () => {
  it('shows who did what; competitors stay anonymous and sealed bids private', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await bidOn(o.id, bidBody(), m.parties.vendorA);
    await bidOn(o.id, bidBody(), m.parties.vendorB);
    await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${o.id}/questions`, { body: '请问格式？' });
    const forB = await as(m.app, m.parties.vendorB).get(`/api/v1/orders/${o.id}/timeline`);
    expect(forB.status).toBe(200);
    const bidEntries = forB.json.items.filter((e: { action: string }) => e.action === 'bid.submitted');
    expect(bidEntries).toHaveLength(1);
    expect(bidEntries[0].actor.orgName).toBe(m.parties.vendorB.name);
    const question = forB.json.items.find((e: { action: string }) => e.action === 'question.asked');
    expect(question.actor).toEqual({ kind: 'vendor', orgName: null, userName: null });
    const forBuyer = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}/timeline`);
    expect(forBuyer.json.items.filter((e: { action: string }) => e.action === 'bid.submitted')).toHaveLength(0);
    const forSecretariat = await as(m.app, m.parties.secretariat).get(`/api/v1/orders/${o.id}/timeline`);
    expect(forSecretariat.json.items.filter((e: { action: string }) => e.action === 'bid.submitted')).toHaveLength(2);
  });
});
