import { type Sql, audit } from '@annex/db';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import { call } from '../test-helpers.ts';
import { type PlanLine, linkManifest, milestonePath, seedActiveContract, setReviewEnd } from '../test-implementation.ts';
import { type Market, ON_SERVER, raceMarket } from '../test-market.ts';
import { runDeliveryClock } from '../use-cases/implementation/clock.ts';

const log = pino({ level: 'silent' });

let m: Market;
let pool: Sql;
let app: App;
raceMarket((race) => ({ m, pool, app } = race));

const TRIALS = 20;
/** A contract of TRIALS milestones of 100 items, one per trial. */
const manyMilestones = (): PlanLine[] => Array.from({ length: TRIALS }, (_, i) => [`第${i + 1}批`, 100, 100_000]);
const post = (path: string, cookie: string, body: unknown) => call(app, 'POST', path, { cookie, body });

/** Delivers a batch of the milestone and returns its id (inspected when asked). */
async function deliver(orderId: string, milestoneId: string, inspect: boolean): Promise<string> {
  const p = milestonePath(orderId, milestoneId);
  const d = await post(`${p}/deliveries`, m.parties.vendorA.cookie, linkManifest(100));
  if (d.status !== 201) throw new Error(`deliver: ${d.status} ${d.text}`);
  const id = d.json.deliveries.at(-1).id as string;
  if (inspect) await post(`${p}/deliveries/${id}/inspection`, m.parties.buyerA.cookie, undefined);
  return id;
}

const decisionsOf = async (deliveryId: string) => (await m.db.sql`select * from delivery_decisions where delivery_id = ${deliveryId}`).length;

describe.skipIf(!ON_SERVER)('races of delivery and payment on the PostgreSQL server', () => {
  it(`${TRIALS} trials of 2–6 concurrent accepts and rejects of one batch: one decision, the rest 409`, async () => {
    const c = await seedActiveContract(m, m.parties.buyerA, { plan: manyMilestones() });
    for (let trial = 0; trial < TRIALS; trial++) {
      const milestone = c.milestones[trial]!;
      const id = await deliver(c.orderId, milestone.id, true);
      const n = 2 + (trial % 5);
      const path = `${milestonePath(c.orderId, milestone.id)}/deliveries/${id}/decision`;
      const results = await Promise.all(Array.from({ length: n }, (_, i) =>
        post(path, m.parties.buyerA.cookie, i % 2 ? { decision: 'accept' } : { decision: 'reject', reasons: `第 ${i} 次：错误率过高` })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, `trial ${trial}`).toEqual([200, ...Array(n - 1).fill(409)]);
      expect(await decisionsOf(id)).toBe(1);
      const winner = results.find((r) => r.status === 200)!;
      const [row] = await m.db.sql<{ status: string }[]>`select status from milestone_deliveries where id = ${id}`;
      expect(row?.status).toBe(winner.json.deliveries[0].status);
    }
  }, 300_000);

  it(`${TRIALS} trials of 2–6 concurrent payment confirmations: one state change, the rest 409`, async () => {
    const c = await seedActiveContract(m, m.parties.buyerA, { plan: manyMilestones() });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (let trial = 0; trial < TRIALS; trial++) {
      const milestone = c.milestones[trial]!;
      const p = milestonePath(c.orderId, milestone.id);
      const id = await deliver(c.orderId, milestone.id, false);
      await post(`${p}/deliveries/${id}/decision`, m.parties.buyerA.cookie, { decision: 'accept' });
      await post(`${p}/payment/invoice`, m.parties.vendorA.cookie, { invoiceNumber: `No.${trial}`, invoiceDate: today });
      expect((await post(`${p}/payment/pay`, m.parties.buyerA.cookie, { paidOn: today })).status).toBe(200);
      const n = 2 + (trial % 5);
      const results = await Promise.all(Array.from({ length: n }, () => post(`${p}/payment/confirm`, m.parties.vendorA.cookie, {})));
      expect(results.map((r) => r.status).sort(), `trial ${trial}`).toEqual([200, ...Array(n - 1).fill(409)]);
      const confirmations = (await audit.listForEntity(m.db.sql, 'order', c.orderId))
        .filter((a) => a.action === 'payment.confirmed' && (a.after as { milestoneId?: string }).milestoneId === milestone.id);
      expect(confirmations).toHaveLength(1);
      const [row] = await m.db.sql<{ status: string; version: number }[]>`select status, version from milestone_payments where milestone_id = ${milestone.id}`;
      // opened (1), invoiced (2), paid (3), confirmed (4): one confirmation moved it
      expect(row).toEqual({ status: 'confirmed', version: 4 });
    }
    // every milestone confirmed: the contract and the order completed once
    const completions = (await audit.listForEntity(m.db.sql, 'order', c.orderId)).filter((a) => a.action === 'order.completed');
    expect(completions).toHaveLength(1);
  }, 300_000);

  it(`${TRIALS} trials of the auto-accept job against a decision at the end of the review window: one outcome`, async () => {
    const c = await seedActiveContract(m, m.parties.buyerA, { plan: manyMilestones() });
    // which side wins depends on the instant (a run here: the buyer 3, the clock 17); every trial has exactly one
    for (let trial = 0; trial < TRIALS; trial++) {
      const milestone = c.milestones[trial]!;
      const id = await deliver(c.orderId, milestone.id, true);
      // the window ends within the next 0–40 ms; both sides fire around that instant
      await setReviewEnd(m, id, (trial * 7) % 41);
      // the notice of a day before is sent already: the clock's only step left is the acceptance
      await m.db.sql`update milestone_deliveries set notice_sent_at = clock_timestamp() where id = ${id}`;
      const path = `${milestonePath(c.orderId, milestone.id)}/deliveries/${id}/decision`;
      const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const [clock, buyer] = await Promise.all([
        (async () => { await wait(trial % 3 === 0 ? 0 : 20); return await runDeliveryClock(pool, log); })(),
        (async () => { await wait(trial % 3 === 1 ? 0 : 20); return await post(path, m.parties.buyerA.cookie, { decision: 'reject', reasons: '截止前的拒收' }); })(),
      ]);
      // once the window has certainly ended the clock decides whatever nobody did
      await wait(60);
      const later = await runDeliveryClock(pool, log);
      const buyerWon = buyer.status === 200;
      if (!buyerWon) expect(['review_window_over', 'invalid_transition']).toContain(buyer.json.code);
      expect(Number(buyerWon) + clock + later, `trial ${trial}`).toBe(1);
      expect(await decisionsOf(id)).toBe(1);
      const [row] = await m.db.sql<{ status: string }[]>`select status from milestone_deliveries where id = ${id}`;
      expect(row?.status).toBe(buyerWon ? 'rejected' : 'auto_accepted');
    }
  }, 300_000);
});
