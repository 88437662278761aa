import type { ContractTerms } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { CONSTRAINTS, UniqueViolation } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { contracts } from './contracts.repo.ts';
import { deliveries } from './deliveries.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { orders } from './orders.repo.ts';
import { disputes, payments } from './payments.repo.ts';

let t: TestDatabase;
let buyer: { orgId: string; userId: string };
let vendor: { orgId: string; userId: string };
beforeAll(async () => {
  t = await createTestDatabase();
  const b = await createOrgWithOwner(t.sql, 'buyer');
  buyer = { orgId: b.org.id, userId: b.owner.id };
  const v = await createVerifiedVendor(t.sql);
  vendor = { orgId: v.org.id, userId: v.owner.id };
});
afterAll(async () => {
  await t?.close();
});

/** A contract in force of one milestone of 1,000 items; returns the order and the milestone. */
async function activeMilestone(): Promise<{ orderId: string; milestoneId: string }> {
  const order = await createOpenOrder(t.sql, buyer.orgId);
  const bid = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: vendor.orgId, ...sampleOffer(5_000_000) }));
  if (!bid.ok) throw new Error(bid.reason);
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  await withTransaction(t.sql, async (tx) => {
    await awards.create(tx, { orderId: order.id, bidId: bid.bid.id, reason: '最低价' });
    await orders.markAwarded(tx, order.id, { publicitySeconds: 0 });
    await bids.setAwardOutcome(tx, order.id, bid.bid.id);
  });
  const c = (await contracts.createForOrder(t.sql, order.id))!.contract;
  const terms: ContractTerms = {
    priceFen: 5_000_000, volume: { quantity: 1000, unit: 'images' }, accuracyTarget: 98, acceptanceRule: { kind: 'fixed', sampleSize: 20 },
    deliveryDeadline: '2027-06-30T00:00:00.000Z', paymentTermsDays: 30, guidelineAttachmentId: null,
    milestones: [{ seq: 1, title: '全部', quantity: 1000, dueAt: '2027-03-01T00:00:00.000Z', amountFen: 5_000_000 }],
  };
  const hash = 'e'.repeat(64);
  await withTransaction(t.sql, async (tx) => {
    const p = await contracts.proposeVersion(tx, { contractId: c.id, expectedVersion: c.version, terms, termsHash: hash, proposedBy: buyer.userId });
    if (!p.ok) throw new Error('propose');
    await contracts.acceptProposal(tx, { contractId: c.id, expectedVersion: p.contract.version, number: 1, termsHash: hash, by: vendor.userId });
  });
  return { orderId: order.id, milestoneId: (await contracts.listMilestones(t.sql, c.id))[0]!.id };
}

const batch = (orderId: string, milestoneId: string) => ({
  milestoneId, orderId, itemCount: 1000, link: 'https://pan.example.cn/s/1', checksum: `sha256:${'0'.repeat(64)}`, notes: '',
  vendorQaAccuracy: 99, deliveredBy: vendor.userId, deliveredAt: new Date(), reviewEndsAt: new Date(Date.now() + 7 * 86_400_000),
});
const decision = (deliveryId: string, outcome: 'accepted' | 'rejected') => ({
  deliveryId, outcome, decidedHow: 'buyer' as const, decidedBy: buyer.userId, reasons: outcome === 'rejected' ? '错误率过高' : '',
  sampleSize: 20, errors: 1, accuracy: 95, intervalLow: 76.4, intervalHigh: 99.1, suggested: 'reject' as const,
});

describe(`deliveries and payments (${testBackend()})`, () => {
  it('numbers attempts, keeps one batch open per milestone and decides each batch once, whatever the caller checked', async () => {
    const { orderId, milestoneId } = await activeMilestone();
    const first = await deliveries.create(t.sql, batch(orderId, milestoneId));
    expect(first.attempt).toBe(1);
    await expect(deliveries.create(t.sql, batch(orderId, milestoneId))).rejects.toMatchObject({ constraint: CONSTRAINTS.milestoneDeliveriesOneOpen });

    await deliveries.decide(t.sql, decision(first.id, 'rejected'));
    const second = await deliveries.decide(t.sql, decision(first.id, 'accepted')).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(UniqueViolation);
    expect((second as UniqueViolation).constraint).toBe(CONSTRAINTS.deliveryDecisionsOnePerBatch);
    // the clock only ever accepts; a rejection needs reasons
    await expect(t.sql`insert into delivery_decisions (delivery_id, outcome, decided_how) values (${first.id}, 'rejected', 'review_window')`).rejects.toThrow();

    const moved = await deliveries.transition(t.sql, first.id, { from: ['delivered'], to: 'rejected', window: 'open' });
    expect(moved.ok).toBe(true);
    // a second attempt once the first is decided; the window guard and the version guard
    const rework = await deliveries.create(t.sql, batch(orderId, milestoneId));
    expect(rework.attempt).toBe(2);
    expect(await deliveries.transition(t.sql, rework.id, { from: ['delivered'], to: 'auto_accepted', window: 'over' })).toEqual({ ok: false, reason: 'window' });
    expect(await deliveries.transition(t.sql, rework.id, { from: ['delivered'], to: 'accepted', window: 'open', version: 9 })).toEqual({ ok: false, reason: 'version' });
    expect(await deliveries.transition(t.sql, rework.id, { from: ['under_inspection'], to: 'accepted', window: 'open' })).toEqual({ ok: false, reason: 'state' });

    // a rejection is disputed once; one payment dispute pending at a time
    const d = { orderId, milestoneId, deliveryId: first.id, raisedByRole: 'vendor' as const, raisedByOrg: vendor.orgId, raisedBy: vendor.userId, reason: '不同意' };
    await disputes.file(t.sql, { ...d, subject: 'rejection' });
    await expect(disputes.file(t.sql, { ...d, subject: 'rejection' })).rejects.toMatchObject({ constraint: CONSTRAINTS.disputesOnePerRejection });
    const pay = { ...d, subject: 'payment' as const, deliveryId: null };
    const filed = await disputes.file(t.sql, pay);
    await expect(disputes.file(t.sql, pay)).rejects.toMatchObject({ constraint: CONSTRAINTS.disputesOnePendingPayment });
    expect(await disputes.decide(t.sql, filed.id, { status: 'dismissed', reason: '已到账', by: buyer.userId })).toMatchObject({ status: 'dismissed' });
    expect(await disputes.decide(t.sql, filed.id, { status: 'upheld', reason: '再议', by: buyer.userId })).toBeNull();
    await disputes.file(t.sql, pay);
  });

  it('opens a payment once and moves it one step at a time; confirmed keeps its stamp, the record reads paid dates', async () => {
    const { orderId, milestoneId } = await activeMilestone();
    const base = { milestoneId, orderId, buyerOrgId: buyer.orgId, vendorOrgId: vendor.orgId, amountFen: 5_000_000, acceptedOn: '2026-11-20', dueOn: '2026-12-20' };
    const opened = await payments.open(t.sql, base);
    expect(await payments.open(t.sql, { ...base, dueOn: '2027-01-01' })).toMatchObject({ dueOn: '2026-12-20', version: 1 });
    expect(opened.status).toBe('unpaid');
    expect(await payments.step(t.sql, milestoneId, { from: ['invoiced'], to: 'paid', by: buyer.userId, paidOn: '2026-12-01' })).toEqual({ ok: false, reason: 'state' });
    const inv = await payments.step(t.sql, milestoneId, { from: ['unpaid'], to: 'invoiced', by: vendor.userId, invoice: { number: 'No.7', date: '2026-11-25' }, version: 1 });
    expect(inv).toMatchObject({ ok: true, row: { status: 'invoiced', invoiceNumber: 'No.7', invoiceDate: '2026-11-25', version: 2 } });
    await payments.step(t.sql, milestoneId, { from: ['invoiced'], to: 'paid', by: buyer.userId, paidOn: '2026-12-22' });
    const confirmed = await payments.step(t.sql, milestoneId, { from: ['paid'], to: 'confirmed', by: vendor.userId });
    expect(confirmed).toMatchObject({ ok: true, row: { status: 'confirmed', paidOn: '2026-12-22', invoiceNumber: 'No.7' } });
    expect(await payments.step(t.sql, milestoneId, { from: ['paid'], to: 'confirmed', by: vendor.userId })).toEqual({ ok: false, reason: 'state' });
    // a confirmed payment without its stamp, or a paid one without its date, is refused by the table itself
    await expect(t.sql`update milestone_payments set confirmed_at = null where milestone_id = ${milestoneId}`).rejects.toThrow();
    await expect(t.sql`update milestone_payments set paid_on = null where milestone_id = ${milestoneId}`).rejects.toThrow();
    expect(await payments.historyForBuyer(t.sql, buyer.orgId)).toContainEqual({ status: 'confirmed', dueOn: '2026-12-20', paidOn: '2026-12-22' });
  });
});
