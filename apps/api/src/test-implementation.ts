import { type MilestoneRow, contracts, timedSteps, withTransaction } from '@annex/db';
import type { ContractTerms } from '@annex/domain';
import { type Market, type Party, seedAwardedOrder } from './test-market.ts';

// Test-only helpers of the delivery and payment tests: a contract in force with its milestones, and moving its clocks.

/** A milestone of the plan: title, items, amount in fen. */
export type PlanLine = [title: string, quantity: number, amountFen: number];

/**
 * An order awarded to vendor A (bid 7,000,000 fen) whose publicity ended, with its contract agreed on `plan`
 * (default two batches of 1,000 items) under `rule` (default a fixed sample of 20) and a 30-day payment term.
 */
export async function seedActiveContract(
  m: Market,
  buyer: Party,
  opts: { plan?: PlanLine[]; rule?: Record<string, unknown> | null; accuracyTarget?: number; paymentTermsDays?: number } = {},
): Promise<{ orderId: string; contractId: string; milestones: MilestoneRow[]; vendor: Party }> {
  const awarded = await seedAwardedOrder(m, buyer);
  const orderId = awarded.order.id;
  const sql = m.db.sql;
  await sql`update orders set publicity_ends_at = clock_timestamp() - interval '1 second' where id = ${orderId}`;
  const contract = await withTransaction(sql, async (tx) => {
    const w = await timedSteps.endPublicity(tx, orderId);
    if (!w.ok) throw new Error(`end publicity: ${w.reason}`);
    return (await contracts.createForOrder(tx, orderId))!.contract;
  });
  const plan = opts.plan ?? [['第一批', 1000, 3_000_000], ['第二批', 1000, 4_000_000]];
  const terms: ContractTerms = {
    priceFen: plan.reduce((s, [, , f]) => s + f, 0), volume: { quantity: plan.reduce((s, [, q]) => s + q, 0), unit: 'images' },
    accuracyTarget: opts.accuracyTarget ?? 98, acceptanceRule: opts.rule === undefined ? { kind: 'fixed', sampleSize: 20 } : opts.rule,
    deliveryDeadline: '2027-06-30T00:00:00.000Z', paymentTermsDays: opts.paymentTermsDays ?? 30, guidelineAttachmentId: null,
    milestones: plan.map(([title, quantity, amountFen], i) => ({ seq: i + 1, title, quantity, dueAt: new Date(Date.UTC(2027, 2 + i, 1)).toISOString(), amountFen })),
  };
  const hash = 'd'.repeat(64);
  await withTransaction(sql, async (tx) => {
    const p = await contracts.proposeVersion(tx, { contractId: contract.id, expectedVersion: contract.version, terms, termsHash: hash, proposedBy: buyer.userId });
    if (!p.ok) throw new Error('propose');
    const a = await contracts.acceptProposal(tx, { contractId: contract.id, expectedVersion: p.contract.version, number: p.value.number, termsHash: hash, by: m.parties.vendorA.userId });
    if (!a.ok) throw new Error('accept');
  });
  return { orderId, contractId: contract.id, milestones: await contracts.listMilestones(sql, contract.id), vendor: m.parties.vendorA };
}

/** The path of a milestone's resources. */
export const milestonePath = (orderId: string, milestoneId: string) => `/api/v1/orders/${orderId}/contract/milestones/${milestoneId}`;

/** A manifest by link (no upload needed). */
export const linkManifest = (itemCount = 1000, over: Record<string, unknown> = {}) => ({
  itemCount, link: 'https://pan.example.cn/s/batch-1', checksum: `sha256:${'ab'.repeat(32)}`, notes: '按规范 v2 标注', vendorQaAccuracy: 99.1, ...over,
});

/** Moves a batch's review window so that it ends `ms` from now (negative: ended), by the database clock. */
export async function setReviewEnd(m: Market, deliveryId: string, ms: number): Promise<void> {
  await m.db.sql`
    update milestone_deliveries set review_ends_at = clock_timestamp() + ${ms} * interval '1 millisecond',
      delivered_at = least(delivered_at, clock_timestamp() + ${ms} * interval '1 millisecond' - interval '1 second')
    where id = ${deliveryId}`;
}

/** Moves a payment's dates back so that it fell due `days` days ago (negative: due in the future). */
export async function setDueDaysAgo(m: Market, milestoneId: string, days: number): Promise<void> {
  await m.db.sql`
    update milestone_payments set due_on = (clock_timestamp() at time zone 'Asia/Shanghai')::date - ${days}::int,
      accepted_on = least(accepted_on, (clock_timestamp() at time zone 'Asia/Shanghai')::date - ${days}::int)
    where milestone_id = ${milestoneId}`;
}
