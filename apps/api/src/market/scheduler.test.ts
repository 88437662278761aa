import { audit, bids, contracts, jobs, notifications, orders, timedSteps, workingCalendar } from '@annex/db';
import { setBidDeadlineFromNow } from '@annex/db/fixtures.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scheduler, startScheduler } from '../scheduler.ts';
import { call } from '../test-helpers.ts';
import { type Market, as, bidBody, closeBidding, orderBody, seedBid, seedClosedOrder, seedOpenOrder, setupMarket } from '../test-market.ts';

let m: Market;
let s: Scheduler;
beforeAll(async () => {
  m = await setupMarket();
  s = startScheduler({ sql: m.db.sql, logger: pino({ level: 'silent' }), loop: false });
});
afterAll(async () => {
  await s?.stop();
  await m?.close();
});

const statusOf = async (id: string) => (await orders.getById(m.db.sql, id))!.status;
const kinds = async (userId: string) => (await notifications.listForUser(m.db.sql, userId, { limit: 100 })).items.map((n) => n.kind);

describe('scheduler of time-driven transitions', () => {
  it('closes bidding at the deadline (open → evaluation), records it and tells the buyer', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    await s.tick();
    expect(await statusOf(o.id)).toBe('open');
    await closeBidding(m, o.id);
    // reads treat it as closed before the scheduler runs
    expect((await as(m.app, null).get(`/api/v1/orders/${o.id}`)).json.status).toBe('evaluation');
    const r = await s.tick();
    expect(r.transitions).toBeGreaterThanOrEqual(1);
    expect(await statusOf(o.id)).toBe('evaluation');
    const last = (await audit.listForEntity(m.db.sql, 'order', o.id)).at(-1);
    expect(last).toMatchObject({ action: 'order.bidding_closed', actorUserId: null, before: { status: 'open' }, after: { status: 'evaluation' } });
    expect(await kinds(m.parties.buyerA.userId)).toContain('bidding_closed');
    // a second pass finds nothing more to do for it
    await s.tick();
    expect((await audit.listForEntity(m.db.sql, 'order', o.id)).filter((e) => e.action === 'order.bidding_closed')).toHaveLength(1);
  });

  it('declares an order without bids unsuccessful at its deadline', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await closeBidding(m, o.id);
    await s.tick();
    expect(await statusOf(o.id)).toBe('unsuccessful');
    const actions = (await audit.listForEntity(m.db.sql, 'order', o.id)).map((e) => e.action);
    expect(actions).toEqual(['order.bidding_closed', 'order.unsuccessful']);
  });

  it('declares an order whose bids all await re-confirmation unsuccessful at its deadline (only active bids can be awarded)', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    await bids.markNeedsReconfirm(m.db.sql, o.id);
    await closeBidding(m, o.id);
    await s.tick();
    expect(await statusOf(o.id)).toBe('unsuccessful');
    expect(await kinds(m.parties.vendorA.userId)).toContain('order_unsuccessful');
  });

  it('declares an order in evaluation unsuccessful once no active bid is left, whatever unconfirmed bids remain', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorB);
    await bids.markNeedsReconfirm(m.db.sql, o.id);
    const a = await seedBid(m, o.id, m.parties.vendorA);
    await closeBidding(m, o.id);
    await s.tick();
    expect(await statusOf(o.id)).toBe('evaluation');
    const dq = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/bids/${a.id}/disqualify`, { reason: '资质材料不符' });
    expect(dq.status, dq.text).toBe(200);
    // the scheduler's query and the domain's rule agree: vendor B's bid (needs_reconfirm) is not awardable
    expect((await timedSteps.due(m.db.sql)).some((d) => d.orderId === o.id && d.transition === 'declare_unsuccessful')).toBe(true);
    await s.tick();
    expect(await statusOf(o.id)).toBe('unsuccessful');
  });

  it('declares an order unsuccessful when the award window ends without an award', async () => {
    const c = await seedClosedOrder(m, m.parties.buyerA, { awardWindowEndsAt: new Date(Date.now() + 600) });
    await s.tick();
    expect(await statusOf(c.order.id)).toBe('evaluation');
    await new Promise((r) => setTimeout(r, 700));
    expect((await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${c.order.id}`)).json.status).toBe('unsuccessful');
    await s.tick();
    expect(await statusOf(c.order.id)).toBe('unsuccessful');
    expect(await kinds(m.parties.vendorB.userId)).toContain('order_unsuccessful');
  });

  it('ends the publicity window (awarded → in_progress), but not while an objection is pending', async () => {
    const short = m.make({ publicitySeconds: 1 });
    const c = await seedClosedOrder(m, m.parties.buyerA);
    const award = await call(short, 'POST', `/api/v1/orders/${c.order.id}/award`, { cookie: m.parties.buyerA.cookie, body: { bidId: c.bidA.id, reason: '第一' } });
    expect(award.status).toBe(201);
    const obj = await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${c.order.id}/objections`, { body: '对评审结果有异议，请复核。' });
    expect(obj.status, obj.text).toBe(201);
    await new Promise((r) => setTimeout(r, 1100));
    await s.tick();
    expect(await statusOf(c.order.id)).toBe('awarded');
    expect((await as(m.app, null).get(`/api/v1/orders/${c.order.id}`)).json.status).toBe('awarded');
    await as(m.app, m.parties.secretariat).post(`/api/v1/admin/objections/${obj.json.id}/decide`, { decision: 'reject', reason: '评审无误' });
    expect((await as(m.app, null).get(`/api/v1/orders/${c.order.id}`)).json.status).toBe('in_progress');
    await s.tick();
    expect(await statusOf(c.order.id)).toBe('in_progress');
    expect(await kinds(m.parties.vendorA.userId)).toContain('award_final');
    // in the same step the awarded bid became the contract, in draft until the buyer proposes terms
    const contract = await contracts.getByOrderId(m.db.sql, c.order.id);
    expect(contract).toMatchObject({ buyerOrgId: m.parties.buyerA.orgId, vendorOrgId: m.parties.vendorA.orgId, status: 'draft', priceFen: c.bidA.totalPriceFen });
    const made = (await audit.listForEntity(m.db.sql, 'order', c.order.id)).filter((e) => e.action === 'contract.created');
    expect(made).toHaveLength(1);
    expect(made[0]?.after).toMatchObject({ contractId: contract?.id, priceFen: c.bidA.totalPriceFen });
  });

  it('reminds bidders and askers 24 h before the deadline, once; a moved deadline moves the reminder', async () => {
    const buyer = as(m.app, m.parties.buyerA);
    const created = await buyer.post('/api/v1/orders', orderBody({}, 3));
    await buyer.post(`/api/v1/orders/${created.json.id}/submit`);
    await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${created.json.id}/review`, { decision: 'approve' });
    const id = created.json.id;
    expect(await jobs.pendingCount(m.db.sql, 'order.deadline_reminder')).toBeGreaterThanOrEqual(1);
    expect((await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${id}/bids`, bidBody())).status).toBe(201);
    expect((await as(m.app, m.parties.vendorB).post(`/api/v1/orders/${id}/questions`, { body: '可否延期？' })).status).toBe(201);
    await s.tick();
    for (const p of [m.parties.vendorA, m.parties.vendorB]) {
      const inbox = await notifications.listForUser(m.db.sql, p.userId, { limit: 100 });
      expect(inbox.items.filter((n) => n.kind === 'deadline_soon' && n.orderId === id)).toHaveLength(1);
    }
    await s.tick();
    const again = await notifications.listForUser(m.db.sql, m.parties.vendorA.userId, { limit: 100 });
    expect(again.items.filter((n) => n.kind === 'deadline_soon' && n.orderId === id)).toHaveLength(1);
  });

  it('is safe with several schedulers at once (each step taken once)', async () => {
    const others = [1, 2, 3].map(() => startScheduler({ sql: m.db.sql, logger: pino({ level: 'silent' }), loop: false }));
    const list = await Promise.all([1, 2, 3].map(() => seedOpenOrder(m, m.parties.buyerB)));
    for (const o of list) {
      await seedBid(m, o.id, m.parties.vendorA);
      await setBidDeadlineFromNow(m.db.sql, o.id, -10);
    }
    await Promise.all([s, ...others].map((x) => x.tick()));
    for (const o of list) {
      expect(await statusOf(o.id)).toBe('evaluation');
      const closed = (await audit.listForEntity(m.db.sql, 'order', o.id)).filter((e) => e.action === 'order.bidding_closed');
      expect(closed).toHaveLength(1);
    }
    await Promise.all(others.map((x) => x.stop()));
  });
});

describe('the working calendar across New Year', () => {
  it('enters next year when the year turns in Beijing, once, and never over what is there', async () => {
    // far-off years nobody else enters; 16:00 UTC on 31 December is midnight in Beijing
    let now = new Date('2041-12-31T15:59:00Z');
    const cal = startScheduler({ sql: m.db.sql, logger: pino({ level: 'silent' }), loop: false, now: () => now });
    try {
      expect((await cal.tick()).calendarYears).toEqual([2040, 2041, 2042]);
      expect((await cal.tick()).calendarYears).toEqual([]);
      const years = async () => (await workingCalendar.years(m.db.sql)).map((y) => y.year).filter((y) => y >= 2040);
      expect(await years()).toEqual([2040, 2041, 2042]);
      // the secretariat corrected 2043 before it came round: left as it is
      await workingCalendar.setDay(m.db.sql, '2043-10-01', { kind: 'holiday', name: '国庆节' }, m.parties.secretariat.userId);
      now = new Date('2041-12-31T16:00:00Z');
      expect((await cal.tick()).calendarYears).toEqual([]);
      expect(await years()).toEqual([2040, 2041, 2042, 2043]);
      expect((await workingCalendar.year(m.db.sql, 2043)).days.map((d) => [d.day, d.kind])).toEqual([['2043-10-01', 'holiday']]);
      now = new Date('2042-12-31T16:00:00Z');
      expect((await cal.tick()).calendarYears).toEqual([2044]);
      expect((await workingCalendar.year(m.db.sql, 2044)).year).toMatchObject({ confirmed: false });
    } finally {
      await cal.stop();
    }
  });
});
