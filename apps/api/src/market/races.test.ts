import { awards, bids } from '@annex/db';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import { call, registerAs } from '../test-helpers.ts';
import { endContract, setBidDeadlineFromNow } from '@annex/db/fixtures.ts';
import { type Market, type Party, VENDOR_CAPABILITIES, bidBody, seedAwardedOrder, seedClosedOrder, seedOpenOrder, ON_SERVER, raceMarket } from '../test-market.ts';

let m: Market;
let app: App;
raceMarket((race) => ({ m, app } = race));

describe.skipIf(!ON_SERVER)('races on the PostgreSQL server', () => {
  it('30 trials of 2–6 concurrent reviews by one side of a contract: one review, the rest 409 already_reviewed; one reply likewise', async () => {
    for (let trial = 0; trial < 30; trial++) {
      const a = await seedAwardedOrder(m, m.parties.buyerA);
      await endContract(m.db.sql, a.order.id, 'completed');
      const n = 2 + (trial % 5);
      const path = `/api/v1/orders/${a.order.id}/contract/reviews`;
      const results = await Promise.all(Array.from({ length: n }, (_, i) =>
        call(app, 'POST', path, { cookie: m.parties.buyerA.cookie, body: { ratings: { quality: 1 + (i % 5), timeliness: 4, communication: 5 }, body: `第 ${i} 份评价` } }),
      ));
      expect(results.map((r) => r.status).sort(), `trial ${trial}`).toEqual([201, ...Array(n - 1).fill(409)]);
      expect(results.filter((r) => r.status === 409).every((r) => r.json.code === 'already_reviewed')).toBe(true);
      const rows = await m.db.sql`select 1 from contract_reviews r join contracts c on c.id = r.contract_id where c.order_id = ${a.order.id}`;
      expect(rows).toHaveLength(1);
      if (trial % 5 === 0) {
        await call(app, 'POST', path, { cookie: m.parties.vendorA.cookie, body: { ratings: { clarity: 4, paymentTimeliness: 4, communication: 4 }, body: '需求清晰' } });
        const replies = await Promise.all(Array.from({ length: n }, (_, i) =>
          call(app, 'POST', `${path}/buyer/reply`, { cookie: m.parties.vendorA.cookie, body: { body: `第 ${i} 次回复` } }),
        ));
        expect(replies.map((r) => r.status).sort(), `reply trial ${trial}`).toEqual([201, ...Array(n - 1).fill(409)]);
      }
    }
  }, 300_000);

  it('200 trials of 2–8 concurrent award calls: exactly one 201, the rest 409 already_awarded', async () => {
    for (let trial = 0; trial < 200; trial++) {
      const c = await seedClosedOrder(m, m.parties.buyerA);
      const n = 2 + (trial % 7);
      const results = await Promise.all(Array.from({ length: n }, (_, i) =>
        call(app, 'POST', `/api/v1/orders/${c.order.id}/award`, {
          cookie: m.parties.buyerA.cookie, body: { bidId: i % 2 ? c.bidA.id : c.bidB.id, reason: `第 ${i} 次定标` },
        }),
      ));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, `trial ${trial}`).toEqual([201, ...Array(n - 1).fill(409)]);
      expect(results.filter((r) => r.status === 409).every((r) => r.json.code === 'already_awarded')).toBe(true);
      expect((await awards.listForOrder(m.db.sql, c.order.id)).filter((a) => a.cancelledAt === null)).toHaveLength(1);
    }
  }, 300_000);

  it('50 concurrent replays of one Idempotency-Key make one bid and identical responses', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const results = await Promise.all(Array.from({ length: 50 }, () =>
      call(app, 'POST', `/api/v1/orders/${o.id}/bids`, {
        cookie: m.parties.vendorA.cookie, body: bidBody(7_777_777), headers: { 'idempotency-key': `replay-${o.id}` },
      }),
    ));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.res.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(await bids.countForOrder(m.db.sql, o.id)).toBe(1);
  }, 60_000);

  it('the deadline breaks the tie: 20 vendors bid, withdraw and bid again (2,000 attempts) from 300 ms before it on; no bid stored at or after it by the database clock, every acknowledged one stored', async () => {
    const vendors: Party[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await registerAs(m.app, 'vendor');
      await call(m.app, 'PUT', '/api/v1/organisations/mine/capabilities', { cookie: r.cookie, body: VENDOR_CAPABILITIES });
      const ok = await call(m.app, 'POST', `/api/v1/admin/vendors/${r.me.organisation.id}/verification`, { cookie: m.parties.secretariat.cookie, body: { decision: 'approve' } });
      expect(ok.status).toBe(200);
      vendors.push({ cookie: r.cookie, orgId: r.me.organisation.id, userId: r.me.user.id, name: r.me.organisation.name });
    }
    const list = await Promise.all(Array.from({ length: 10 }, () => seedOpenOrder(m, m.parties.buyerB)));
    // the deadlines come from the database clock, which decides
    const deadlines = new Map<string, Date>();
    for (const o of list) deadlines.set(o.id, await setBidDeadlineFromNow(m.db.sql, o.id, 2000));
    const deadline = deadlines.get(list[0]!.id)!;
    // each vendor bids, withdraws and bids again back to back from 300 ms before the deadline: 20 concurrent streams
    await new Promise((r) => setTimeout(r, Math.max(0, deadline.getTime() - 300 - Date.now())));
    const acknowledged: { orderId: string; bidId: string }[] = [];
    const statuses: number[] = [];
    const times: number[] = [];
    await Promise.all(vendors.map(async (vendor, v) => {
      for (let i = 0; i < 100; i++) {
        const order = list[(v + i) % 10]!;
        times.push(Date.now() - deadline.getTime());
        const r = await call(app, 'POST', `/api/v1/orders/${order.id}/bids`, { cookie: vendor.cookie, body: bidBody(5_000_000 + i) });
        statuses.push(r.status);
        if (r.status === 201) {
          acknowledged.push({ orderId: order.id, bidId: r.json.id });
          // withdraw again so the next attempt is a new bid, not "already bid"
          await call(app, 'DELETE', `/api/v1/orders/${order.id}/bids/mine`, { cookie: vendor.cookie });
        }
      }
    }));
    console.log(`bid attempts from ${Math.min(...times)} ms to ${Math.max(...times)} ms around the deadline`);
    const counts: Record<number, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    console.log('bid attempts by status', counts);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      const stored = await bids.getById(m.db.sql, a.bidId);
      expect(stored, 'acknowledged bid stored').not.toBeNull();
      // a JS Date has milliseconds: a bid 0.4 ms before the deadline shows the same millisecond
      expect(stored!.submittedAt.getTime()).toBeLessThanOrEqual(deadlines.get(a.orderId)!.getTime());
    }
    // the database's microseconds decide: no stored bid (withdrawn ones included) at or after its order's deadline
    const [check] = await m.db.sql<{ bids: number; late: number }[]>`
      select count(*)::int as bids, count(*) filter (where b.submitted_at >= o.bid_deadline)::int as late
      from bids b join orders o on o.id = b.order_id
      where o.id = any(${m.db.sql.array(list.map((o) => o.id))}::uuid[])`;
    expect(check).toEqual({ bids: acknowledged.length, late: 0 });
  }, 120_000);
});
