import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { CONSTRAINTS, UniqueViolation, isUniqueViolation } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { objections } from './objections.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { type OrderRow, orders } from './orders.repo.ts';

let t: TestDatabase;
let buyerOrgId: string;
let secretariatUserId: string;
const vendors: string[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  buyerOrgId = (await createOrgWithOwner(t.sql, 'buyer')).org.id;
  secretariatUserId = (await createOrgWithOwner(t.sql, 'secretariat')).owner.id;
  for (let i = 0; i < 8; i++) vendors.push((await createVerifiedVendor(t.sql, { name: `投标人 ${i}` })).org.id);
});
afterAll(async () => {
  await t?.close();
});

const v = (i: number) => vendors[i] as string;

/** An order in evaluation with bids from the first `n` vendors; returns the order and bid ids. */
async function orderWithBids(n: number, db = t.sql): Promise<{ order: OrderRow; bidIds: string[] }> {
  const order = await createOpenOrder(db, buyerOrgId);
  const bidIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await withTransaction(db, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: v(i), ...sampleOffer(50_000_000 + i) }));
    if (!r.ok) throw new Error(r.reason);
    bidIds.push(r.bid.id);
  }
  await setBidDeadlineFromNow(db, order.id, -1);
  await timedSteps.closeBidding(db, order.id);
  return { order, bidIds };
}

/** Awards the order the way the API does: award row, order status, bid outcomes, in one transaction. */
async function award(orderId: string, bidId: string, publicitySeconds = 3 * 86_400) {
  return await withTransaction(t.sql, async (tx) => {
    const a = await awards.create(tx, { orderId, bidId, reason: '综合评分第一' });
    await orders.markAwarded(tx, orderId, { publicitySeconds });
    await bids.setAwardOutcome(tx, orderId, bidId);
    return a;
  });
}

describe(`awards (${testBackend()})`, () => {
  it('creates an award and shows it as the public notice: winner, price, reason, end of publicity', async () => {
    const { order, bidIds } = await orderWithBids(2);
    const a = await award(order.id, bidIds[1] as string);
    expect(a).toMatchObject({ orderId: order.id, bidId: bidIds[1], reason: '综合评分第一', cancelledAt: null });
    const notice = await awards.activeForOrder(t.sql, order.id);
    expect(notice).toMatchObject({ ...a, vendorOrgId: v(1), vendorName: '投标人 1', totalPriceFen: 50_000_001, unitPriceFen: 650 });
    expect(notice?.publicityEndsAt).toBeInstanceOf(Date);
    expect(await awards.getById(t.sql, a.id)).toEqual(a);
  });

  it('refuses a second active award as UniqueViolation(awards_one_active_per_order); after cancelling, another bid may win', async () => {
    const { order, bidIds } = await orderWithBids(2);
    const first = await awards.create(t.sql, { orderId: order.id, bidId: bidIds[0] as string, reason: '最低价' });
    const err = await awards.create(t.sql, { orderId: order.id, bidId: bidIds[1] as string, reason: '再来一次' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UniqueViolation);
    expect(isUniqueViolation(err, CONSTRAINTS.awardsOneActivePerOrder)).toBe(true);

    expect(await awards.cancel(t.sql, { awardId: first.id, reason: '异议成立', cancelledBy: secretariatUserId })).toMatchObject({
      id: first.id, cancelReason: '异议成立', cancelledBy: secretariatUserId,
    });
    expect(await awards.cancel(t.sql, { awardId: first.id, reason: 'again' })).toBeNull();
    expect(await awards.activeForOrder(t.sql, order.id)).toBeNull();
    const second = await awards.create(t.sql, { orderId: order.id, bidId: bidIds[1] as string, reason: '递补' });
    expect((await awards.listForOrder(t.sql, order.id)).map((a) => [a.id, a.cancelledAt === null])).toEqual([
      [first.id, false], [second.id, true],
    ]);
  });

  it('refuses an award of a bid that belongs to another order, and an award without a reason', async () => {
    const a = await orderWithBids(1);
    const b = await orderWithBids(1);
    await expect(awards.create(t.sql, { orderId: a.order.id, bidId: b.bidIds[0] as string, reason: 'x' })).rejects.toThrow(/awards_bid_fkey/);
    await expect(awards.create(t.sql, { orderId: a.order.id, bidId: a.bidIds[0] as string, reason: ' ' })).rejects.toThrow(/awards_reason_check/);
  });

  it('200 trials of 2–8 concurrent award inserts: exactly one wins each time, the rest get the named constraint', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there');
    const pool = createSql(t.url, { max: 8 });
    try {
      await Promise.all(Array.from({ length: 8 }, () => pool`select pg_sleep(0.01)`));
      const tally = { trials: 0, winners: 0, losers: 0 };
      for (let trial = 0; trial < 200; trial++) {
        const k = 2 + (trial % 7);
        const order = await createOpenOrder(t.sql, buyerOrgId, { status: 'evaluation' });
        const bidIds = (await t.sql<{ id: string }[]>`
          insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size,
                            committed_accuracy, submitted_at, updated_at)
          select ${order.id}, v, 1000, 10, 10, 5, 99, now(), now() from unnest(${t.sql.array(vendors.slice(0, k))}::uuid[]) v
          returning id`).map((r) => r.id);
        const results = await Promise.allSettled(bidIds.map((bidId) =>
          withTransaction(pool, async (tx) => {
            const a = await awards.create(tx, { orderId: order.id, bidId, reason: `并发 ${trial}` });
            await tx`select pg_sleep(0.002)`; // keep the winner uncommitted while the others arrive
            return a;
          })));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const l of lost) expect(isUniqueViolation((l as PromiseRejectedResult).reason, CONSTRAINTS.awardsOneActivePerOrder)).toBe(true);
        const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from awards where order_id = ${order.id} and cancelled_at is null`;
        expect(row?.n).toBe(1);
        tally.trials++;
        tally.winners += won.length;
        tally.losers += lost.length;
      }
      console.log(`award race: ${tally.trials} trials, ${tally.winners} winners, ${tally.losers} refused`);
      expect(tally).toEqual({ trials: 200, winners: 200, losers: tally.losers });
    } finally {
      await pool.end();
    }
  });
});

describe(`objections (${testBackend()})`, () => {
  const file = (orderId: string, objectorOrgId: string, body = '中标价明显低于成本') =>
    withTransaction(t.sql, (tx) => objections.fileIfOpen(tx, { orderId, objectorOrgId, body }));

  it('files objections to the active award during publicity, one pending per organisation, and lists the queue', async () => {
    const { order, bidIds } = await orderWithBids(3);
    expect(await file(order.id, v(1))).toEqual({ ok: false, reason: 'publicity_closed' }); // not awarded yet
    const a = await award(order.id, bidIds[0] as string);
    const r1 = await file(order.id, v(1));
    expect(r1).toMatchObject({ ok: true, objection: { awardId: a.id, orderId: order.id, objectorOrgId: v(1), status: 'pending' } });
    if (!r1.ok) throw new Error('unreachable');
    expect(await file(order.id, v(1), '再提一次')).toEqual({ ok: false, reason: 'already_pending', objectionId: r1.objection.id });
    expect((await file(order.id, v(2))).ok).toBe(true);
    expect(await objections.pendingCountForOrder(t.sql, order.id)).toBe(2);
    const other = (await orderWithBids(1)).order;
    expect(await objections.pendingCountsForOrders(t.sql, [order.id, other.id, 'bad'])).toEqual(new Map([[order.id, 2]]));
    expect(await file('00000000-0000-4000-8000-000000000000', v(1))).toEqual({ ok: false, reason: 'order_not_found' });

    const queue = await objections.listPending(t.sql, null, 100);
    const mine = queue.items.filter((q) => q.orderId === order.id);
    expect(mine.map((q) => q.objectorName)).toEqual(['投标人 1', '投标人 2']);
    expect(mine[0]?.orderTitle).toBe(order.title);
    const page = await objections.listPending(t.sql, null, 1);
    expect(page.nextCursor).not.toBeNull();

    const rejected = await objections.decide(t.sql, { objectionId: r1.objection.id, decision: 'rejected', reason: '理由不成立', decidedBy: secretariatUserId });
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: '理由不成立', decidedBy: secretariatUserId });
    expect(rejected?.decidedAt).toBeInstanceOf(Date);
    expect(await objections.decide(t.sql, { objectionId: r1.objection.id, decision: 'upheld', reason: '改判' })).toBeNull();
    // after a decision, the organisation may object again while publicity lasts
    expect((await file(order.id, v(1), '补充材料')).ok).toBe(true);
    expect((await objections.listForOrder(t.sql, order.id)).map((o) => o.status)).toEqual(['rejected', 'pending', 'pending']);
  });

  it('refuses objections once the publicity window has ended by the database clock', async () => {
    const { order, bidIds } = await orderWithBids(2);
    await award(order.id, bidIds[0] as string);
    await t.sql`update orders set publicity_ends_at = clock_timestamp() - interval '1 millisecond' where id = ${order.id}`;
    expect(await file(order.id, v(1))).toEqual({ ok: false, reason: 'publicity_closed' });
  });

  it('enforces the table rules: a decision needs a reason; one pending per organisation and award', async () => {
    const { order, bidIds } = await orderWithBids(2);
    await award(order.id, bidIds[0] as string);
    const r = await file(order.id, v(1));
    if (!r.ok) throw new Error(r.reason);
    await expect(t.sql`update objections set status = 'upheld', decided_at = now() where id = ${r.objection.id}`).rejects.toThrow(/objections_decision_reason/);
    const dup = await t.sql`
      insert into objections (award_id, order_id, objector_org_id, body) values (${r.objection.awardId}, ${order.id}, ${v(1)}, 'dup')`
      .catch((e: unknown) => e);
    expect(isUniqueViolation(dup, CONSTRAINTS.objectionsOnePendingPerOrg)).toBe(true);
  });

  it('an objection filed before publicity ends holds the order until it is decided', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there');
    const { order, bidIds } = await orderWithBids(2);
    await award(order.id, bidIds[0] as string, 0);
    await t.sql`update orders set publicity_ends_at = clock_timestamp() + interval '400 milliseconds' where id = ${order.id}`;
    const pool = createSql(t.url, { max: 2 });
    try {
      let filed!: () => void;
      const isFiled = new Promise<void>((res) => {
        filed = res;
      });
      // the objection's transaction stays open across the end of publicity
      const filing = withTransaction(pool, async (tx) => {
        const r = await objections.fileIfOpen(tx, { orderId: order.id, objectorOrgId: v(1), body: '迟疑' });
        filed();
        await new Promise((res) => setTimeout(res, 800));
        return r;
      });
      await isFiled;
      // the window ends while the filing is still uncommitted…
      for (;;) {
        const [w] = await t.sql<{ ended: boolean }[]>`select publicity_ends_at <= clock_timestamp() as ended from orders where id = ${order.id}`;
        if (w?.ended) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      // …so ending publicity now must wait for the filing to commit, and then see the pending objection
      const ending = timedSteps.endPublicity(pool, order.id);
      expect((await filing).ok).toBe(true);
      expect(await ending).toEqual({ ok: false, reason: 'not_due', status: 'awarded' });
    } finally {
      await pool.end();
    }
  });
});
