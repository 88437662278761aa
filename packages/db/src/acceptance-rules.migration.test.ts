import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from './client.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from './fixtures.ts';
import { MIGRATIONS_DIR } from './migrate.ts';
import { awards } from './repositories/awards.repo.ts';
import { bids } from './repositories/bids.repo.ts';
import { contracts } from './repositories/contracts.repo.ts';
import { timedSteps } from './repositories/order-timed-steps.repo.ts';
import { orders } from './repositories/orders.repo.ts';
import { type TestDatabase, createTestDatabase, testBackend } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** A contract started from an award, as at the end of publicity. */
async function contractOf(buyerOrgId: string, accuracyTarget: number): Promise<string> {
  const { org: vendor } = await createVerifiedVendor(t.sql);
  const order = await createOpenOrder(t.sql, buyerOrgId, { accuracyTarget });
  const bid = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: vendor.id, ...sampleOffer() }));
  if (!bid.ok) throw new Error(bid.reason);
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  await withTransaction(t.sql, async (tx) => {
    await awards.create(tx, { orderId: order.id, bidId: bid.bid.id, reason: '综合评分第一' });
    await orders.markAwarded(tx, order.id, { publicitySeconds: 0 });
    await bids.setAwardOutcome(tx, order.id, bid.bid.id);
  });
  const made = await contracts.createForOrder(t.sql, order.id);
  if (!made) throw new Error('no contract');
  return made.contract.id;
}

describe(`migration 0012: acceptance rules (${testBackend()})`, () => {
  it('turns earlier sampling rules into statistical plans and keeps rules that already have a kind', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'buyer');
    const ids = {
      percent: (await createOpenOrder(t.sql, org.id, { accuracyTarget: 97.5 })).id,
      oldTest: (await createOpenOrder(t.sql, org.id, { accuracyTarget: 100 })).id,
      noTarget: (await createOpenOrder(t.sql, org.id)).id,
      current: (await createOpenOrder(t.sql, org.id)).id,
      none: (await createOpenOrder(t.sql, org.id)).id,
    };
    // back to the schema before 0012, with the shapes written then
    await t.sql`alter table orders drop constraint orders_sampling_rule_kind`;
    await t.sql`alter table contracts drop constraint contracts_acceptance_rule_kind`;
    const legacy: Record<keyof typeof ids, unknown> = {
      percent: { samplePercent: 5, confidenceLevel: 99 },
      oldTest: { method: 'random', sampleRate: 0.05, maxErrorRate: 0.015 },
      noTarget: { samplePercent: 10, confidenceLevel: 90 },
      current: { kind: 'gbt2828', aql: 0.65 },
      none: null,
    };
    for (const [key, rule] of Object.entries(legacy)) {
      await t.sql`update orders set sampling_rule = ${rule === null ? null : t.sql.json(rule as never)} where id = ${ids[key as keyof typeof ids]}`;
    }
    await t.sql`update orders set accuracy_target = null where id = ${ids.noTarget}`;
    // a contract that copied an earlier rule at award (0011 copied in-progress orders' rules as they were)
    const contractId = await contractOf(org.id, 96.5);
    await t.sql`update contracts set acceptance_rule = ${t.sql.json({ samplePercent: 5, confidenceLevel: 90 })} where id = ${contractId}`;

    await t.sql.unsafe(await readFile(join(MIGRATIONS_DIR, '0012_acceptance_rules.sql'), 'utf8')).simple();

    const rows = await t.sql<{ id: string; rule: unknown }[]>`select id, sampling_rule as rule from orders where id in ${t.sql(Object.values(ids))}`;
    const rule = (id: string) => rows.find((r) => r.id === id)?.rule;
    expect(rule(ids.percent)).toEqual({ kind: 'statistical', expectedAccuracy: 97.5, marginPercent: 2, confidence: 99 });
    // 100 % would make the sample a single item; no readable confidence → 95
    expect(rule(ids.oldTest)).toEqual({ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 95 });
    expect(rule(ids.noTarget)).toEqual({ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 90 });
    expect(rule(ids.current)).toEqual({ kind: 'gbt2828', aql: 0.65 });
    expect(rule(ids.none)).toBeNull();
    const [contract] = await t.sql<{ rule: unknown }[]>`select acceptance_rule as rule from contracts where id = ${contractId}`;
    expect(contract?.rule).toEqual({ kind: 'statistical', expectedAccuracy: 96.5, marginPercent: 2, confidence: 90 });
  });

  it('refuses a rule without a known kind, on orders and on contracts', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'buyer');
    const { id } = await createOpenOrder(t.sql, org.id);
    await expect(t.sql`update orders set sampling_rule = ${t.sql.json({ samplePercent: 5 })} where id = ${id}`).rejects.toThrow(/orders_sampling_rule_kind/);
    await expect(t.sql`update orders set sampling_rule = ${t.sql.json({ kind: 'guess' })} where id = ${id}`).rejects.toThrow(/orders_sampling_rule_kind/);
    const contractId = await contractOf(org.id, 98);
    await expect(t.sql`update contracts set acceptance_rule = ${t.sql.json({ samplePercent: 5 })} where id = ${contractId}`).rejects.toThrow(/contracts_acceptance_rule_kind/);
  });
});
