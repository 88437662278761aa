import { afterAll, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { migrate } from '../migrate.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { orders } from './orders.repo.ts';
import { createTestDatabase, testBackend } from '../testing.ts';

let t: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
afterAll(async () => {
  await t?.close();
});

// Migration 0011 gives orders already in progress their contract, as the end of publicity does from then on.
it(`migration 0011 makes the contract of an order in progress from its active award (${testBackend()})`, async () => {
  t = await createTestDatabase();
  const buyer = await createOrgWithOwner(t.sql, 'buyer');
  const vendor = await createVerifiedVendor(t.sql, {});
  const order = await createOpenOrder(t.sql, buyer.org.id);
  const bid = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: vendor.org.id, ...sampleOffer(1_234_567) }));
  if (!bid.ok) throw new Error(bid.reason);
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  await withTransaction(t.sql, async (tx) => {
    await awards.create(tx, { orderId: order.id, bidId: bid.bid.id, reason: 'r' });
    await orders.markAwarded(tx, order.id, { publicitySeconds: 0 });
  });
  await timedSteps.endPublicity(t.sql, order.id);
  expect((await orders.getById(t.sql, order.id))?.status).toBe('in_progress');
  // as if the database had stopped at 0010: the contract tables gone, 0011 not applied
  await t.sql`drop table contract_terminations, change_orders, contract_milestones, contract_versions, contracts cascade`;
  await t.sql`delete from schema_migrations where version = '0011'`;
  expect((await migrate(t.sql)).applied).toEqual(['0011_contracts']);
  expect(await t.sql`select order_id, buyer_org_id, vendor_org_id, status, price_fen from contracts`).toEqual([
    { orderId: order.id, buyerOrgId: buyer.org.id, vendorOrgId: vendor.org.id, status: 'draft', priceFen: 1_234_567 },
  ]);
});
