import { contracts } from '@annex/db';
import { endContract } from '@annex/db/fixtures.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReviewNotices } from '../use-cases/reviews.ts';
import { type Market, type Party, as, seedAwardedOrder, seedBid, seedOpenOrder, closeBidding, setupMarket } from '../test-market.ts';

const DAY = 86_400_000;
const silent = pino({ level: 'silent' });
const BUYER_RATINGS = { quality: 5, timeliness: 4, communication: 5 };
const VENDOR_RATINGS = { clarity: 4, paymentTimeliness: 2, communication: 4 };

let m: Market;
let buyerA: Party;
let buyerB: Party;
let vendorA: Party;
let vendorB: Party;
beforeAll(async () => {
  m = await setupMarket();
  ({ buyerA, buyerB, vendorA, vendorB } = m.parties);
}, 60_000);
afterAll(async () => {
  await m?.close();
});

/** An order of `buyer` awarded to vendor A whose contract ended `agoMs` ago. */
async function ended(buyer: Party = buyerA, outcome: 'completed' | 'terminated' = 'completed', agoMs = 0): Promise<string> {
  const a = await seedAwardedOrder(m, buyer);
  await endContract(m.db.sql, a.order.id, outcome, agoMs);
  return a.order.id;
}
const reviewsOf = (p: Party | null, orderId: string) => as(m.app, p).get(`/api/v1/orders/${orderId}/contract/reviews`);
const submit = (p: Party, orderId: string, ratings: Record<string, number>, body = '按期交付，质量稳定') =>
  as(m.app, p).post(`/api/v1/orders/${orderId}/contract/reviews`, { ratings, body });
const reply = (p: Party, orderId: string, side: 'buyer' | 'vendor', body = '感谢认可') =>
  as(m.app, p).post(`/api/v1/orders/${orderId}/contract/reviews/${side}/reply`, { body });
const inbox = async (p: Party) => (await as(m.app, p).get('/api/v1/notifications?limit=100')).json.items as { kind: string; orderId: string; payload: Record<string, unknown> }[];

describe('reviews after a contract ends', () => {
  it('are double-blind: each side sees its own at once and the other’s only once both are in', async () => {
    const id = await ended();
    const before = await reviewsOf(buyerA, id);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      viewerSide: 'buyer', revealed: false, actions: { submit: true, reply: false }, dimensions: ['quality', 'timeliness', 'communication'],
      buyer: { submitted: false, review: null }, vendor: { submitted: false, review: null },
    });
    expect(new Date(before.json.window.closesAt).getTime() - new Date(before.json.window.opensAt).getTime()).toBe(14 * DAY);

    const first = await submit(buyerA, id, BUYER_RATINGS, '标注质量高，沟通及时');
    expect(first.status).toBe(201);
    expect(first.json.buyer.review).toMatchObject({ authorSide: 'buyer', ratings: BUYER_RATINGS, stars: 4.67, body: '标注质量高，沟通及时', reply: null });
    // the vendor learns that the buyer has reviewed, not what it says; so does the secretariat
    for (const p of [vendorA, m.parties.secretariat]) {
      const r = await reviewsOf(p, id);
      expect(r.json.buyer).toEqual({ submitted: true, review: null });
    }
    expect((await reviewsOf(vendorA, id)).json.actions).toEqual({ submit: true, reply: false });
    expect((await inbox(vendorA)).find((n) => n.orderId === id && n.kind === 'review_received')?.payload).toMatchObject({ side: 'buyer', revealed: false });

    const second = await submit(vendorA, id, VENDOR_RATINGS, '需求文档清楚，付款偏慢');
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ revealed: true, buyer: { review: { body: '标注质量高，沟通及时' } }, vendor: { review: { ratings: VENDOR_RATINGS } } });
    expect((await reviewsOf(buyerA, id)).json).toMatchObject({ revealed: true, vendor: { review: { body: '需求文档清楚，付款偏慢', stars: 3.33 } } });
    expect((await reviewsOf(m.parties.secretariat, id)).json.vendor.review.body).toBe('需求文档清楚，付款偏慢');
    expect((await inbox(buyerA)).filter((n) => n.orderId === id).map((n) => n.kind)).toContain('review_received');
    expect((await inbox(vendorA)).filter((n) => n.orderId === id).map((n) => n.kind)).toContain('reviews_revealed');
    // nobody else knows the contract exists
    for (const p of [buyerB, vendorB, m.parties.unverified]) expect((await reviewsOf(p, id)).status).toBe(404);
    expect((await reviewsOf(null, id)).status).toBe(401);
  });

  it('takes one review per side, within 14 days of the end, and only once the contract has ended', async () => {
    const id = await ended(buyerA, 'terminated');
    expect((await submit(buyerA, id, BUYER_RATINGS)).status).toBe(201);
    const again = await submit(buyerA, id, BUYER_RATINGS);
    expect([again.status, again.json.code]).toEqual([409, 'already_reviewed']);

    const late = await ended(buyerA, 'completed', 14 * DAY + 60_000);
    const closed = await submit(vendorA, late, VENDOR_RATINGS);
    expect([closed.status, closed.json.code]).toEqual([409, 'review_window_closed']);

    const running = await seedAwardedOrder(m, buyerA);
    await contracts.createForOrder(m.db.sql, running.order.id);
    const early = await submit(buyerA, running.order.id, BUYER_RATINGS);
    expect([early.status, early.json.code]).toEqual([409, 'contract_not_ended']);
    // an order without a contract has no reviews
    const none = await seedOpenOrder(m, buyerA);
    expect((await reviewsOf(buyerA, none.id)).status).toBe(404);
  });

  it('refuses the other side’s dimensions, stars out of 1–5 and an empty text (400), and the secretariat (403)', async () => {
    const id = await ended();
    const cases: [Party, unknown][] = [
      [buyerA, { ratings: VENDOR_RATINGS, body: '好' }],
      [vendorA, { ratings: BUYER_RATINGS, body: '好' }],
      [buyerA, { ratings: { quality: 5, timeliness: 4 }, body: '好' }],
      [buyerA, { ratings: { ...BUYER_RATINGS, quality: 6 }, body: '好' }],
      [buyerA, { ratings: { ...BUYER_RATINGS, quality: 0 }, body: '好' }],
      [buyerA, { ratings: { ...BUYER_RATINGS, quality: 4.5 }, body: '好' }],
      [buyerA, { ratings: BUYER_RATINGS, body: '   ' }],
      [buyerA, { ratings: BUYER_RATINGS, body: '好', extra: true }],
      [buyerA, { ratings: { ...BUYER_RATINGS, price: 3 }, body: '好' }],
    ];
    for (const [p, body] of cases) {
      const r = await as(m.app, p).post(`/api/v1/orders/${id}/contract/reviews`, body);
      expect([r.status, r.json.code], JSON.stringify(body)).toEqual([400, 'validation_failed']);
    }
    const sec = await submit(m.parties.secretariat, id, BUYER_RATINGS);
    expect([sec.status, sec.json.code]).toEqual([403, 'forbidden']);
    expect((await reviewsOf(buyerA, id)).json.buyer.submitted).toBe(false);
  });

  it('lets the reviewed side reply once, after the reveal', async () => {
    const id = await ended();
    await submit(buyerA, id, BUYER_RATINGS, '整体满意');
    const hidden = await reply(vendorA, id, 'buyer');
    expect([hidden.status, hidden.json.code]).toEqual([404, 'not_found']); // it cannot answer what it may not read
    await submit(vendorA, id, VENDOR_RATINGS);
    const own = await reply(buyerA, id, 'buyer');
    expect([own.status, own.json.code]).toEqual([403, 'forbidden']);
    const ok = await reply(vendorA, id, 'buyer', '感谢认可，期待再合作');
    expect(ok.status).toBe(201);
    expect(ok.json.buyer.review.reply).toMatchObject({ body: '感谢认可，期待再合作' });
    expect(ok.json.actions.reply).toBe(false);
    const twice = await reply(vendorA, id, 'buyer');
    expect([twice.status, twice.json.code]).toEqual([409, 'already_replied']);
    expect((await inbox(buyerA)).some((n) => n.orderId === id && n.kind === 'review_replied')).toBe(true);
    const bad = await as(m.app, vendorA).post(`/api/v1/orders/${id}/contract/reviews/both/reply`, { body: 'x' });
    expect(bad.status).toBe(400);
  });

  it('shows a lone review to the other side once the window has closed', async () => {
    const id = await ended(buyerA, 'completed', 10 * DAY);
    await submit(buyerA, id, BUYER_RATINGS, '孤单的评价');
    expect((await reviewsOf(vendorA, id)).json.buyer.review).toBeNull();
    await m.db.sql`update contracts set completed_at = completed_at - interval '5 days' where order_id = ${id}`;
    expect((await reviewsOf(vendorA, id)).json).toMatchObject({ revealed: true, buyer: { review: { body: '孤单的评价' } }, actions: { submit: false, reply: true } });
  });
});

describe('review notices', () => {
  it('asks both sides when the contract ends and reminds the silent side two days before the close, each once', async () => {
    const id = await ended(buyerB);
    const contractId = (await contracts.getByOrderId(m.db.sql, id))!.id;
    const sentFor = async () => (await m.db.sql<{ kind: string; side: string }[]>`
      select kind, side from contract_review_notices where contract_id = ${contractId} order by kind, side`).map((r) => `${r.kind}:${r.side}`);
    await runReviewNotices(m.db.sql, silent);
    expect(await sentFor()).toEqual(['review_requested:buyer', 'review_requested:vendor']);
    expect((await inbox(buyerB)).some((n) => n.orderId === id && n.kind === 'review_requested')).toBe(true);
    await runReviewNotices(m.db.sql, silent);
    expect(await sentFor()).toHaveLength(2);
    await submit(buyerB, id, BUYER_RATINGS);
    await m.db.sql`update contracts set completed_at = completed_at - interval '12 days 1 hour' where id = ${contractId}`;
    await runReviewNotices(m.db.sql, silent);
    expect(await sentFor()).toEqual(['review_requested:buyer', 'review_requested:vendor', 'review_window_closing:vendor']);
    const closing = (await inbox(vendorA)).find((n) => n.orderId === id && n.kind === 'review_window_closing');
    expect(closing?.payload).toMatchObject({ orderTitle: expect.any(String), closesAt: expect.any(String) });
  });
});

describe('crawl: a review stays hidden from the other side and the public until both are in', () => {
  it('no GET of the API shows its words or its stars to them before the reveal', async () => {
    const id = await ended();
    const marker = `盲评标记${Date.now()}`;
    expect((await submit(buyerA, id, { quality: 1, timeliness: 1, communication: 1 }, marker)).status).toBe(201);
    const doc = m.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const gets = Object.entries(doc.paths ?? {}).filter(([, item]) => item && 'get' in item).map(([path]) => path).filter((p) => p.startsWith('/api/v1/'));
    const fill = (path: string) => path
      .replace('/organisations/{id}', `/organisations/${vendorA.orgId}`)
      .replace('/vendors/{id}', `/vendors/${vendorA.orgId}`)
      .replace('{id}', id)
      .replaceAll(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
    const crawl = async (p: Party | null) => {
      const leaks: string[] = [];
      let seen = 0;
      for (const path of gets.map(fill)) {
        const r = await as(m.app, p).get(path);
        if (r.status === 200) seen += 1;
        if (r.text.includes(marker)) leaks.push(path);
      }
      return { leaks, seen };
    };
    for (const p of [vendorA, buyerB, vendorB, m.parties.secretariat, null]) {
      const { leaks, seen } = await crawl(p);
      expect(leaks, `as ${p?.name ?? 'the public'}`).toEqual([]);
      expect(seen).toBeGreaterThan(5);
    }
    // nor do the stars count in the vendor's record before the reveal
    const record = await as(m.app, null).get(`/api/v1/organisations/${vendorA.orgId}/track-record`);
    expect(record.json.rating.items.some((i: { orderId: string }) => i.orderId === id)).toBe(false);
    // the crawl can see it: the author does, and the other side does once it has reviewed too
    expect((await crawl(buyerA)).leaks).toContain(`/api/v1/orders/${id}/contract/reviews`);
    await submit(vendorA, id, VENDOR_RATINGS);
    expect((await crawl(vendorA)).leaks).toContain(`/api/v1/orders/${id}/contract/reviews`);
    const after = await as(m.app, null).get(`/api/v1/organisations/${vendorA.orgId}/track-record`);
    expect(after.json.rating.items.find((i: { orderId: string }) => i.orderId === id)).toMatchObject({ stars: 1 });
  }, 120_000);
});

describe('track records', () => {
  it('itemise the vendor’s and the buyer’s figures by order, against the market prior', async () => {
    const id = await ended(buyerB);
    await submit(buyerB, id, { quality: 5, timeliness: 5, communication: 5 });
    await submit(vendorA, id, { clarity: 2, paymentTimeliness: 3, communication: 4 });
    const v = await as(m.app, null).get(`/api/v1/organisations/${vendorA.orgId}/track-record`);
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ kind: 'vendor', orgId: vendorA.orgId, hasRecord: true });
    expect(v.json.rating.items).toContainEqual(expect.objectContaining({ orderId: id, stars: 5 }));
    expect(v.json.volume.items).toContainEqual(expect.objectContaining({ orderId: id, outcome: 'completed' }));
    // the estimate lies between the vendor's own mean and the market's, k = 3
    const r = v.json.rating;
    expect(r.estimate).toBeCloseTo((r.observed * r.count + 3 * r.prior) / (r.count + 3), 2);
    const b = await as(m.app, vendorB).get(`/api/v1/organisations/${buyerB.orgId}/track-record`);
    expect(b.json).toMatchObject({ kind: 'buyer', orgId: buyerB.orgId, payment: { counted: 0, onTimeRate: null } });
    expect(b.json.clarity.items).toContainEqual(expect.objectContaining({ orderId: id, stars: 2 }));
    expect((await as(m.app, null).get(`/api/v1/organisations/${m.parties.secretariat.orgId}/track-record`)).status).toBe(404);
  });

  it('weigh in the bid comparison: a vendor rated well scores above one rated poorly', async () => {
    // vendor B's one ended contract, rated 1 star by buyer B (vendor A's ratings come from the tests above)
    const o = await seedOpenOrder(m, buyerB);
    const bid = await seedBid(m, o.id, vendorB, 7_000_000);
    await closeBidding(m, o.id);
    const award = await as(m.app, buyerB).post(`/api/v1/orders/${o.id}/award`, { bidId: bid.id, reason: '唯一有效投标' });
    expect(award.status).toBe(201);
    await endContract(m.db.sql, o.id, 'completed');
    await submit(buyerB, o.id, { quality: 1, timeliness: 1, communication: 1 }, '质量差');
    await submit(vendorB, o.id, VENDOR_RATINGS);

    const next = await seedOpenOrder(m, buyerA);
    await seedBid(m, next.id, vendorA, 8_000_000);
    await seedBid(m, next.id, vendorB, 8_000_000);
    await closeBidding(m, next.id);
    const cmp = await as(m.app, buyerA).get(`/api/v1/orders/${next.id}/comparison`);
    expect(cmp.status).toBe(200);
    const rowOf = (vendorOrgId: string) => cmp.json.rows.find((r: { bid: { vendorOrgId: string } }) => r.bid.vendorOrgId === vendorOrgId);
    const a = rowOf(vendorA.orgId);
    const bRow = rowOf(vendorB.orgId);
    expect(a.record.stars).toBeGreaterThan(bRow.record.stars);
    expect(a.trackRecord).toBeGreaterThan(bRow.trackRecord);
    expect(a.score.parts.trackRecord.points).toBeGreaterThan(bRow.score.parts.trackRecord.points);
    expect(a.trackRecord).toBe((await as(m.app, null).get(`/api/v1/organisations/${vendorA.orgId}/track-record`)).json.score);
  });
});
