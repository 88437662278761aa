import { type Sql, audit, contracts } from '@annex/db';
import { suggestMilestones } from '@annex/domain';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import { startScheduler } from '../scheduler.ts';
import { call } from '../test-helpers.ts';
import { type Market, type Party, seedInProgressOrder, ON_SERVER, raceMarket } from '../test-market.ts';

let m: Market;
let pool: Sql;
let app: App;
raceMarket((race) => ({ m, pool, app } = race));

const post = (p: Party, orderId: string, rest: string, body: unknown) => call(app, 'POST', `/api/v1/orders/${orderId}/contract${rest}`, { cookie: p.cookie, body });

/** An order in progress whose buyer proposed two batches; the contract as the buyer then reads it. */
async function proposed() {
  const a = await seedInProgressOrder(m, m.parties.buyerA);
  const c = (await call(app, 'GET', `/api/v1/orders/${a.order.id}/contract`, { cookie: m.parties.buyerA.cookie })).json;
  const milestones = suggestMilestones({
    priceFen: c.terms.priceFen, quantity: c.terms.volume.quantity, count: 2, from: new Date(), deliveryDeadline: new Date(c.terms.deliveryDeadline), title: (n) => `第 ${n} 批`,
  });
  const r = await post(m.parties.buyerA, a.order.id, '/terms', { version: c.version, paymentTermsDays: 30, milestones });
  if (r.status !== 200) throw new Error(`terms: ${r.status} ${r.text}`);
  return { orderId: a.order.id, contract: r.json };
}

describe.skipIf(!ON_SERVER)('contract races on the PostgreSQL server', () => {
  it('30 trials of two concurrent acceptances of one proposed version: one state change, the other 409', async () => {
    for (let trial = 0; trial < 30; trial++) {
      const { orderId, contract } = await proposed();
      const body = { version: contract.version, ...contract.pendingProposal };
      const results = await Promise.all([post(m.parties.vendorA, orderId, '/accept', body), post(m.parties.vendorA, orderId, '/accept', body)]);
      expect(results.map((r) => r.status).sort(), `trial ${trial}`).toEqual([200, 409]);
      expect(['version_conflict', 'invalid_transition']).toContain(results.find((r) => r.status === 409)?.json.code);
      const row = await contracts.getByOrderId(m.db.sql, orderId);
      expect(row).toMatchObject({ status: 'active', currentVersion: 1 });
      expect((await audit.listForEntity(m.db.sql, 'order', orderId)).filter((e) => e.action === 'contract.accepted')).toHaveLength(1);
      expect((await contracts.listVersions(m.db.sql, row!.id)).map((v) => v.status)).toEqual(['accepted']);
    }
  }, 300_000);

  it('30 trials of a change order accepted and declined at once: one outcome, and the terms follow it', async () => {
    for (let trial = 0; trial < 30; trial++) {
      const { orderId, contract } = await proposed();
      const active = (await post(m.parties.vendorA, orderId, '/accept', { version: contract.version, ...contract.pendingProposal })).json;
      const later = new Date(Date.parse(active.terms.deliveryDeadline) + 7 * 86_400_000).toISOString();
      const co = (await post(m.parties.vendorA, orderId, '/change-orders', { version: active.version, changes: { deliveryDeadline: later }, reason: '延期一周' })).json;
      const id = co.changeOrders[0].id;
      const results = await Promise.all([
        post(m.parties.buyerA, orderId, `/change-orders/${id}/accept`, { version: co.version }),
        post(m.parties.buyerA, orderId, `/change-orders/${id}/decline`, { version: co.version }),
      ]);
      expect(results.map((r) => r.status).sort(), `trial ${trial}`).toEqual([200, 409]);
      const row = await contracts.getByOrderId(m.db.sql, orderId);
      const [decided] = await contracts.listChangeOrders(m.db.sql, row!.id);
      if (decided!.status === 'accepted') expect([row!.currentVersion, row!.deliveryDeadline.toISOString()]).toEqual([2, later]);
      else expect([decided!.status, row!.currentVersion, row!.deliveryDeadline.toISOString()]).toEqual(['declined', 1, active.terms.deliveryDeadline]);
      expect((await audit.listForEntity(m.db.sql, 'order', orderId)).filter((e) => /^change_order\.(accepted|declined)$/.test(e.action))).toHaveLength(1);
    }
  }, 300_000);

  it('the end of publicity taken by two schedulers at once, and read by both parties at once: one contract', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const a = await seedInProgressOrder(m, m.parties.buyerA);
      const schedulers = [1, 2].map(() => startScheduler({ sql: pool, logger: pino({ level: 'silent' }), loop: false }));
      const [reads] = await Promise.all([
        Promise.all([m.parties.buyerA, m.parties.vendorA].map((p) => call(app, 'GET', `/api/v1/orders/${a.order.id}/contract`, { cookie: p.cookie }))),
        ...schedulers.map((s) => s.tick()),
      ]);
      await Promise.all(schedulers.map((s) => s.stop()));
      expect(reads.map((r) => r.status)).toEqual([200, 200]);
      expect(new Set(reads.map((r) => r.json.id)).size).toBe(1);
      const [n] = await m.db.sql<{ count: number }[]>`select count(*)::int from contracts where order_id = ${a.order.id}`;
      expect(n?.count, `trial ${trial}`).toBe(1);
      expect((await audit.listForEntity(m.db.sql, 'order', a.order.id)).filter((e) => e.action === 'contract.created')).toHaveLength(1);
      expect((await audit.listForEntity(m.db.sql, 'order', a.order.id)).filter((e) => e.action === 'order.publicity_ended')).toHaveLength(1);
    }
  }, 300_000);
});
