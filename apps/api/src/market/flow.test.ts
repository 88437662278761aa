import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Market, as, bidBody, closeBidding, orderBody, setupMarket } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

describe('the marketplace from draft to award', () => {
  it('runs: post → review → questions → sealed bids → deadline → compare → award → objection → decision', async () => {
    const { buyerA, vendorA, vendorB, secretariat } = m.parties;
    const buyer = as(m.app, buyerA);
    const created = await buyer.post('/api/v1/orders', orderBody({ description: '# 规范\n<script>alert(1)</script>' }));
    expect(created.status, created.text).toBe(201);
    const id = created.json.id;
    expect(created.json).toMatchObject({ status: 'draft', buyerName: buyerA.name, permissions: { submit: true, edit: true } });
    expect(created.json.description).toContain('<script>');
    expect(created.json.descriptionHtml).not.toContain('<script');

    const patched = await buyer.patch(`/api/v1/orders/${id}`, { title: '城市道路图像 2D 框标注（一期）' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.title).toBe('城市道路图像 2D 框标注（一期）');

    const submitted = await buyer.post(`/api/v1/orders/${id}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json.status).toBe('pending_review');

    const queue = await as(m.app, secretariat).get('/api/v1/admin/orders');
    expect(queue.json.items.map((o: { id: string }) => o.id)).toContain(id);
    const approved = await as(m.app, secretariat).post(`/api/v1/admin/orders/${id}/review`, { decision: 'approve' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.status).toBe('open');
    expect(approved.json.publishedAt).not.toBeNull();

    const q = await as(m.app, vendorA).post(`/api/v1/orders/${id}/questions`, { body: '遮挡如何判断？' });
    expect(q.status, q.text).toBe(201);
    const answered = await buyer.post(`/api/v1/orders/${id}/questions/${q.json.id}/answer`, { answer: '以可见面积计算' });
    expect(answered.status, answered.text).toBe(200);
    const publicQs = await as(m.app, null).get(`/api/v1/orders/${id}/questions`);
    expect(publicQs.json.items).toEqual([expect.objectContaining({ body: '遮挡如何判断？', answer: '以可见面积计算', askerName: null, mine: false })]);
    const vendorBQs = await as(m.app, vendorB).get(`/api/v1/orders/${id}/questions`);
    expect(vendorBQs.json.items[0].askerName).toBeNull();

    const bidA = await as(m.app, vendorA).post(`/api/v1/orders/${id}/bids`, bidBody(7_000_000));
    expect(bidA.status, bidA.text).toBe(201);
    expect(bidA.json.offer.totalPriceFen).toBe(7_000_000);
    const bidB = await as(m.app, vendorB).post(`/api/v1/orders/${id}/bids`, bidBody(9_000_000));
    expect(bidB.status, bidB.text).toBe(201);

    const sealed = await buyer.get(`/api/v1/orders/${id}/bids`);
    expect(sealed.status).toBe(403);
    expect(sealed.json.code).toBe('bids_sealed');
    const page = await as(m.app, null).get(`/api/v1/orders/${id}`);
    expect(page.json.bidCount).toBe(2);

    await closeBidding(m, id);
    const closed = await buyer.get(`/api/v1/orders/${id}`);
    expect(closed.json.status).toBe('evaluation');
    const list = await buyer.get(`/api/v1/orders/${id}/bids`);
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((b: { offer: { totalPriceFen: number } }) => b.offer.totalPriceFen)).toEqual([7_000_000, 9_000_000]);

    const cmp = await buyer.get(`/api/v1/orders/${id}/comparison?price=60&quality=20&capability=20&trackRecord=0`);
    expect(cmp.status, cmp.text).toBe(200);
    expect(cmp.json.weights).toEqual({ price: 60, quality: 20, capability: 20, trackRecord: 0 });
    expect(cmp.json.rows[0]).toMatchObject({ bid: { id: bidA.json.id }, score: { rank: 1 }, trackRecord: 0.5, record: { hasRecord: false } });

    const award = await buyer.post(`/api/v1/orders/${id}/award`, { bidId: bidA.json.id, reason: '综合评分第一' });
    expect(award.status, award.text).toBe(201);
    expect(award.json).toMatchObject({ vendorName: vendorA.name, totalPriceFen: 7_000_000, state: 'publicity' });
    const again = await buyer.post(`/api/v1/orders/${id}/award`, { bidId: bidB.json.id, reason: '改判' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('already_awarded');

    const notice = await as(m.app, null).get(`/api/v1/orders/${id}`);
    expect(notice.json.award).toMatchObject({ vendorName: vendorA.name, totalPriceFen: 7_000_000, reason: '综合评分第一' });

    const objection = await as(m.app, vendorB).post(`/api/v1/orders/${id}/objections`, { body: '中标方报价低于成本，请核查。' });
    expect(objection.status, objection.text).toBe(201);
    const winnerObjects = await as(m.app, vendorA).post(`/api/v1/orders/${id}/objections`, { body: '我方也想提出异议一下。' });
    expect(winnerObjects.status).toBe(403);

    const objQueue = await as(m.app, secretariat).get('/api/v1/admin/objections');
    expect(objQueue.json.items.map((o: { id: string }) => o.id)).toContain(objection.json.id);
    const decided = await as(m.app, secretariat).post(`/api/v1/admin/objections/${objection.json.id}/decide`, {
      decision: 'reject', reason: '报价有成本测算支撑',
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.status).toBe('rejected');

    const timeline = await buyer.get(`/api/v1/orders/${id}/timeline`);
    expect(timeline.status, timeline.text).toBe(200);
    const actions = timeline.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining([
      'order.created', 'order.edited', 'order.submitted', 'order.approved', 'question.asked', 'question.answered',
      'bid.submitted', 'award.made', 'objection.filed', 'objection.decided',
    ]));
    const approvedEntry = timeline.json.items.find((e: { action: string }) => e.action === 'order.approved');
    expect(approvedEntry).toMatchObject({ actor: { kind: 'secretariat' }, changes: [{ field: 'status', before: 'pending_review', after: 'open' }] });

    const inboxB = await as(m.app, vendorB).get('/api/v1/notifications');
    const kinds = inboxB.json.items.map((n: { kind: string }) => n.kind);
    // order_match: on approval the best-matching vendors (both of them here) hear of the new order
    expect(kinds).toEqual(expect.arrayContaining(['order_match', 'bid_not_awarded', 'objection_decided']));
    expect(inboxB.json.unreadCount).toBe(3);
    const inboxA = await as(m.app, vendorA).get('/api/v1/notifications');
    expect(inboxA.json.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['question_answered', 'bid_awarded']));
    const inboxBuyer = await buyer.get('/api/v1/notifications');
    const received = inboxBuyer.json.items.filter((n: { kind: string }) => n.kind === 'bid_received');
    // sealed: the buyer learns how many bids there are, not who bid or at what price
    expect(received.map((n: { payload: unknown }) => n.payload)).toEqual([
      { orderTitle: '城市道路图像 2D 框标注（一期）', bidCount: 2 },
      { orderTitle: '城市道路图像 2D 框标注（一期）', bidCount: 1 },
    ]);
    const read = await as(m.app, vendorB).post('/api/v1/notifications/read', { all: true });
    expect(read.json).toEqual({ unreadCount: 0 });
  });
});
