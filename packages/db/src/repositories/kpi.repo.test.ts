import type { Modality } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import {
  createOpenOrder, createOrgWithOwner, createVerifiedVendor, endContract, sampleOffer, sampleOrderFields, setBidDeadlineFromNow,
} from '../fixtures.ts';
import { migrate } from '../migrate.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { history } from './history.repo.ts';
import { kpi } from './kpi.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { orders } from './orders.repo.ts';
import { statistics } from './statistics.repo.ts';

// The marketplace totals that migration 0026's triggers keep, against the same figures summed afresh from the rows
// (here on the Asia/Shanghai zone of the database, where the triggers add eight hours to UTC) after every kind of
// change: awards made (one by one and many in one statement), completed and terminated contracts, a comparison
// reopened and awarded to another bid, an awarded bid's price changed, orders cancelled and deleted — and the
// migration's backfill of what existed before it.

let t: TestDatabase;
let buyerOrgId: string;
let awardedBy: string;
const vendors: string[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  const buyer = await createOrgWithOwner(t.sql, 'buyer');
  buyerOrgId = buyer.org.id;
  awardedBy = buyer.owner.id;
  for (let i = 0; i < 3; i++) vendors.push((await createVerifiedVendor(t.sql, { name: `中标人 ${i}` })).org.id);
});
afterAll(async () => {
  await t?.close();
});

const v = (i: number) => vendors[i] as string;

/** An order of `modality` closed for bids, with a bid of each vendor (vendor i asks base + i). */
async function comparison(modality: Modality, base: number) {
  const order = await createOpenOrder(t.sql, buyerOrgId, { modality });
  const bidIds: string[] = [];
  for (let i = 0; i < vendors.length; i++) {
    const r = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: v(i), ...sampleOffer(base + i) }));
    if (!r.ok) throw new Error(r.reason);
    bidIds.push(r.bid.id);
  }
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  return { orderId: order.id, bid: (i: number) => bidIds[i] as string };
}

type Month = { month: string; awards: number; awardedFen: number; completions: number; completedFen: number };
type Vendor = { orgId: string; awards: number; awardedFen: number };
type ModalityCount = { modality: string; orders: number };

/** The totals as the triggers keep them (rows that fell back to nothing left out). */
async function kept() {
  return {
    months: await t.sql<Month[]>`
      select to_char(month, 'YYYY-MM') as month, awards, awarded_fen, completions, completed_fen from kpi_marketplace_months
      where awards <> 0 or awarded_fen <> 0 or completions <> 0 or completed_fen <> 0 order by month`,
    vendors: await t.sql<Vendor[]>`
      select vendor_org_id as org_id, awards, awarded_fen from kpi_vendor_awards where awards <> 0 or awarded_fen <> 0 order by vendor_org_id`,
    modalities: await t.sql<ModalityCount[]>`select modality, orders from kpi_order_modalities where orders <> 0 order by modality`,
  };
}

/** The same totals summed from the awards, bids, contracts and orders. */
async function summed() {
  return {
    months: await t.sql<Month[]>`
      with a as (
        select to_char(w.awarded_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as awards, sum(b.total_price_fen)::bigint as fen
        from awards w join bids b on b.id = w.bid_id where w.cancelled_at is null group by 1
      ), c as (
        select to_char(completed_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as completions, sum(price_fen)::bigint as fen
        from contracts where status = 'completed' group by 1
      )
      select coalesce(a.month, c.month) as month, coalesce(a.awards, 0) as awards, coalesce(a.fen, 0)::bigint as awarded_fen,
             coalesce(c.completions, 0) as completions, coalesce(c.fen, 0)::bigint as completed_fen
      from a full join c on c.month = a.month order by 1`,
    vendors: await t.sql<Vendor[]>`
      select b.vendor_org_id as org_id, count(*)::int as awards, sum(b.total_price_fen)::bigint as awarded_fen
      from awards w join bids b on b.id = w.bid_id where w.cancelled_at is null group by 1 order by 1`,
    modalities: await t.sql<ModalityCount[]>`
      select modality, count(*)::int as orders from orders
      where status not in ('draft', 'pending_review', 'cancelled') group by 1 order by 1`,
  };
}

async function expectTotalsAsSummed() {
  const s = await summed();
  expect(await kept()).toEqual(s);
  return s;
}

describe(`the KPI dashboard's marketplace totals (${testBackend()})`, () => {
  it('equal the rows summed afresh after awards, completions, terminations, a reopened comparison and deletions', async () => {
    // awarded a minute after midnight in Shanghai on 1 February (still 31 January in UTC)
    const early = await comparison('image', 10_000_000);
    await history.award(t.sql, { orderId: early.orderId, bidId: early.bid(0), reason: '综合评分第一', awardedBy, at: new Date('2025-01-31T16:01:00Z') });
    const s1 = await expectTotalsAsSummed();
    expect(s1.months).toEqual([{ month: '2025-02', awards: 1, awardedFen: 10_000_000, completions: 0, completedFen: 0 }]);

    // awarded now, then the contract completed
    const done = await comparison('text', 20_000_000);
    await awards.create(t.sql, { orderId: done.orderId, bidId: done.bid(1), reason: '价格最低' });
    await endContract(t.sql, done.orderId, 'completed');
    // awarded now, then the contract terminated: the award still counts, no completion
    const ended = await comparison('text', 30_000_000);
    await awards.create(t.sql, { orderId: ended.orderId, bidId: ended.bid(2), reason: '交付最快' });
    await endContract(t.sql, ended.orderId, 'terminated');
    const s2 = await expectTotalsAsSummed();
    expect(s2.months.reduce((n, m) => n + m.completions, 0)).toBe(1);
    expect(s2.vendors.map((x) => x.awards)).toEqual([1, 1, 1]);

    // a reopened comparison: the award cancelled (an objection upheld) and made to another bid
    const reopened = await comparison('image', 40_000_000);
    const first = await awards.create(t.sql, { orderId: reopened.orderId, bidId: reopened.bid(0), reason: '综合评分第一' });
    await withTransaction(t.sql, async (tx) => {
      await awards.cancel(tx, { awardId: first.id, reason: '异议成立' });
      await awards.create(tx, { orderId: reopened.orderId, bidId: reopened.bid(1), reason: '递补' });
    });
    // an awarded bid's price changed behind the bid guard's back
    await t.sql`update bids set total_price_fen = total_price_fen + 7 where id = ${done.bid(1)}`;
    const s3 = await expectTotalsAsSummed();
    expect(s3.vendors.find((x) => x.orgId === v(1))).toEqual({ orgId: v(1), awards: 2, awardedFen: 20_000_001 + 7 + 40_000_001 });

    // two awards in one statement, as a bulk import would write them
    const a = await comparison('audio', 50_000_000);
    const b = await comparison('video', 60_000_000);
    await t.sql`
      insert into awards (order_id, bid_id, reason, awarded_at)
      values (${a.orderId}, ${a.bid(2)}, '批量', '2024-12-31T15:59:59Z'), (${b.orderId}, ${b.bid(2)}, '批量', '2024-12-31T16:00:00Z')`;
    expect((await expectTotalsAsSummed()).months.slice(0, 2).map((m) => m.month)).toEqual(['2024-12', '2025-01']);

    // an open order cancelled leaves the published orders; a draft never joins them
    const open = await createOpenOrder(t.sql, buyerOrgId, { modality: 'video' });
    await orders.cancel(t.sql, open.id, '需求取消');
    await orders.createDraft(t.sql, { ...sampleOrderFields(), buyerOrgId, modality: 'video' });
    // orders deleted with their awards, bids and contracts: the completed one and one with a cancelled award
    await t.sql`delete from orders where id in (${done.orderId}, ${reopened.orderId})`;
    const s4 = await expectTotalsAsSummed();
    expect(s4.months.reduce((n, m) => n + m.completions, 0)).toBe(0);

    // what the dashboard reads is those totals
    const totals = await kpi.awardTotals(t.sql);
    expect(totals.months).toEqual(s4.months.filter((m) => m.awards > 0).map(({ month, awards, awardedFen }) => ({ month, awards, awardedFen })));
    expect(new Set(totals.vendors.map((x) => x.orgId))).toEqual(new Set(s4.vendors.map((x) => x.orgId)));
    expect(await kpi.ordersByModality(t.sql)).toEqual([...s4.modalities].sort((x, y) => y.orders - x.orders || x.modality.localeCompare(y.modality)));
  });

  it('reads the completed value by quarter and the marketplace quarters from the months, as the rows sum them', async () => {
    const c = await comparison('point_cloud', 70_000_000);
    await awards.create(t.sql, { orderId: c.orderId, bidId: c.bid(0), reason: '综合评分第一' });
    await endContract(t.sql, c.orderId, 'completed', 2 * 86_400_000);
    const amounts = await statistics.marketplaceAmounts(t.sql);
    const quarterOf = (at: Date) => {
      const d = new Date(at.getTime() + 8 * 3_600_000);
      return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    };
    const add = (m: Map<string, number>, at: Date, fen: number) => m.set(quarterOf(at), (m.get(quarterOf(at)) ?? 0) + fen);
    const awarded = new Map<string, number>();
    const completed = new Map<string, number>();
    for (const x of amounts.awards) add(awarded, x.at, x.amountFen);
    for (const x of amounts.completions) add(completed, x.at, x.amountFen);
    expect(await kpi.completedByQuarter(t.sql)).toEqual([...completed].sort().map(([quarter, completedFen]) => ({ quarter, completedFen })));
    const quarters = [...new Set([...awarded.keys(), ...completed.keys()])].sort();
    expect(await statistics.marketplaceByQuarter(t.sql)).toEqual(
      quarters.map((quarter) => ({ quarter, awardedFen: awarded.get(quarter) ?? 0, completedFen: completed.get(quarter) ?? 0 })),
    );
  });

  it('are filled by the migration from the rows that existed before it', async () => {
    const before = await expectTotalsAsSummed();
    expect(before.vendors.length).toBeGreaterThan(0);
    // as if the database had stopped at 0025: the totals, their functions and triggers gone, 0026 not applied
    await t.sql`drop table kpi_marketplace_months, kpi_vendor_awards, kpi_order_modalities`;
    await t.sql.unsafe(`drop function shanghai_month, kpi_awards_add, kpi_awards_rebuild, kpi_awards_inserted, kpi_award_changed,
      kpi_awards_deleted, kpi_awarded_bid_changed, kpi_contract_completed, kpi_published, kpi_orders_add, kpi_orders_inserted,
      kpi_order_changed cascade`);
    await t.sql`delete from schema_migrations where version = '0026'`;
    // rows written meanwhile
    const later = await comparison('text', 80_000_000);
    await awards.create(t.sql, { orderId: later.orderId, bidId: later.bid(2), reason: '综合评分第一' });
    await endContract(t.sql, later.orderId, 'completed');
    expect((await migrate(t.sql)).applied).toEqual(['0026_kpi_totals']);
    const after = await expectTotalsAsSummed();
    expect(after.vendors.find((x) => x.orgId === v(2))?.awards).toBe((before.vendors.find((x) => x.orgId === v(2))?.awards ?? 0) + 1);
  });
});
