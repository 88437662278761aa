import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { CONSTRAINTS, isUniqueViolation } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, endContract, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { orders } from './orders.repo.ts';
import { type NewReview, reviews } from './reviews.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { trackRecords } from './track-records.repo.ts';

let t: TestDatabase;
let buyer: Awaited<ReturnType<typeof createOrgWithOwner>>;
let vendor: Awaited<ReturnType<typeof createVerifiedVendor>>;
beforeAll(async () => {
  t = await createTestDatabase();
  buyer = await createOrgWithOwner(t.sql, 'buyer');
  vendor = await createVerifiedVendor(t.sql, { name: '水城标注' });
});
afterAll(async () => {
  await t?.close();
});

/** An awarded order whose contract ended `agoMs` ago. */
async function endedContract(outcome: 'completed' | 'terminated', agoMs = 0): Promise<{ orderId: string; contractId: string }> {
  const order = await createOpenOrder(t.sql, buyer.org.id);
  const bid = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId: vendor.org.id, ...sampleOffer(5_000_000) }));
  if (!bid.ok) throw new Error(bid.reason);
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  await withTransaction(t.sql, async (tx) => {
    await awards.create(tx, { orderId: order.id, bidId: bid.bid.id, reason: '综合评分第一' });
    await orders.markAwarded(tx, order.id, { publicitySeconds: 0 });
  });
  return { orderId: order.id, contractId: await endContract(t.sql, order.id, outcome, agoMs) };
}

const byBuyer = (contractId: string): NewReview => ({
  contractId, authorSide: 'buyer', authorOrgId: buyer.org.id, subjectOrgId: vendor.org.id, authorUserId: buyer.owner.id,
  ratings: { quality: 5, timeliness: 4, communication: 4 }, stars: 4.33, body: '按期交付，质量稳定',
});

describe(`reviews (${testBackend()})`, () => {
  it('keeps one review per side per contract', async () => {
    const { contractId } = await endedContract('completed');
    const first = await withTransaction(t.sql, (tx) => reviews.insert(tx, byBuyer(contractId)));
    expect(first).toMatchObject({ authorSide: 'buyer', stars: 4.33, quality: 5, clarity: null, replyBody: null });
    const second = await withTransaction(t.sql, (tx) => reviews.insert(tx, byBuyer(contractId))).catch((e: unknown) => e);
    expect(isUniqueViolation(second, CONSTRAINTS.contractReviewsOnePerSide)).toBe(true);
    expect(await reviews.listForContract(t.sql, contractId)).toHaveLength(1);
  });

  it('refuses ratings of the wrong side and stars out of range', async () => {
    const { contractId } = await endedContract('completed');
    const wrong = { ...byBuyer(contractId), ratings: { clarity: 3, paymentTimeliness: 3, communication: 3 } };
    await expect(withTransaction(t.sql, (tx) => reviews.insert(tx, wrong))).rejects.toThrow(/contract_reviews_dimensions/);
    const six = { ...byBuyer(contractId), ratings: { quality: 6, timeliness: 4, communication: 4 } };
    await expect(withTransaction(t.sql, (tx) => reviews.insert(tx, six))).rejects.toThrow(/contract_reviews_stars_range/);
  });

  it('takes one reply per review', async () => {
    const { contractId } = await endedContract('terminated');
    const review = await withTransaction(t.sql, (tx) => reviews.insert(tx, byBuyer(contractId)));
    const reply = { reviewId: review.id, authorOrgId: vendor.org.id, authorUserId: vendor.owner.id, body: '感谢认可' };
    expect(await withTransaction(t.sql, (tx) => reviews.insertReply(tx, reply))).toBe(true);
    expect(await withTransaction(t.sql, (tx) => reviews.insertReply(tx, { ...reply, body: '再说一次' }))).toBe(false);
    const [read] = await reviews.listForContract(t.sql, contractId);
    expect(read).toMatchObject({ replyBody: '感谢认可', replyAuthorOrgId: vendor.org.id });
  });

  it('lists contracts ended within the window with their reviews and notices, and sends each notice once', async () => {
    const recent = await endedContract('completed', 3 * 86_400_000);
    const old = await endedContract('completed', 20 * 86_400_000);
    await withTransaction(t.sql, (tx) => reviews.insert(tx, byBuyer(recent.contractId)));
    expect(await withTransaction(t.sql, (tx) => reviews.markNoticeSent(tx, recent.contractId, 'vendor', 'review_requested'))).toBe(true);
    expect(await withTransaction(t.sql, (tx) => reviews.markNoticeSent(tx, recent.contractId, 'vendor', 'review_requested'))).toBe(false);
    const ended = await reviews.endedWithin(t.sql, 15);
    const row = ended.find((r) => r.contractId === recent.contractId);
    expect(row).toMatchObject({ buyerReviewed: true, vendorReviewed: false, noticesSent: ['review_requested:vendor'], vendorOrgId: vendor.org.id });
    expect(ended.some((r) => r.contractId === old.contractId)).toBe(false);
  });

  it('reads the ended contracts behind the track records, with the commitment and both reviews', async () => {
    const { contractId, orderId } = await endedContract('completed');
    await withTransaction(t.sql, (tx) => reviews.insert(tx, byBuyer(contractId)));
    const rows = await trackRecords.endedContracts(t.sql, { side: 'vendor', orgIds: [vendor.org.id] });
    const row = rows.find((r) => r.orderId === orderId);
    expect(row).toMatchObject({
      outcome: 'completed', committedAccuracy: 99, volumeUnit: 'frames', vendorReview: null,
      buyerReview: { stars: 4.33, quality: 5, timeliness: 4, communication: 4 },
    });
    expect(typeof row!.volumeQuantity).toBe('number');
    expect(await trackRecords.endedContracts(t.sql, { side: 'buyer', orgIds: [vendor.org.id] })).toEqual([]);
    expect((await trackRecords.endedContracts(t.sql)).length).toBeGreaterThanOrEqual(rows.length);
  });

  it('counts accepted batches: on time by the accepted batch, first pass by attempt, accuracy over the accepting inspections', async () => {
    const { contractId, orderId } = await endedContract('completed');
    const sql = t.sql;
    const milestone = async (seq: number, quantity: number, dueDays: number) =>
      (await sql<{ id: string }[]>`
        insert into contract_milestones (contract_id, seq, title, quantity, due_at, amount_fen, since_version)
        values (${contractId}, ${seq}, ${`第 ${seq} 批`}, ${quantity}, now() + ${dueDays} * interval '1 day', 100, 1) returning id`)[0]!.id;
    const batch = async (m: string, attempt: number, status: string, deliveredDays: number, sample: [number, number] | null, outcome: string) => {
      const [d] = await sql<{ id: string }[]>`
        insert into milestone_deliveries (milestone_id, order_id, attempt, status, item_count, delivered_at, review_ends_at)
        values (${m}, ${orderId}, ${attempt}, ${status}, 10, now() + ${deliveredDays} * interval '1 day', now() + ${deliveredDays + 5} * interval '1 day')
        returning id`;
      await sql`
        insert into delivery_decisions (delivery_id, outcome, decided_how, reasons, sample_size, errors)
        values (${d!.id}, ${outcome}, 'buyer', ${outcome === 'rejected' ? '错误率过高' : ''}, ${sample?.[0] ?? null}, ${sample?.[1] ?? null})`;
    };
    const m1 = await milestone(1, 600, 10);
    const m2 = await milestone(2, 400, 10);
    await milestone(3, 100, 10); // never delivered: not counted
    await batch(m1, 1, 'accepted', 5, [200, 2], 'accepted'); // on time, first pass
    await batch(m2, 1, 'rejected', 8, [200, 30], 'rejected'); // on time but rejected …
    await batch(m2, 2, 'accepted', 12, [200, 8], 'accepted'); // … reworked past the due date: late, not first pass
    const [row] = await trackRecords.endedContracts(t.sql, { side: 'vendor', orgIds: [vendor.org.id] }).then((rs) => rs.filter((r) => r.contractId === contractId));
    // accuracy reads the two accepting inspections only: 200 + 200 = 400 sampled, 2 + 8 = 10 errors → 97.5 %;
    // the rejected attempt (200 sampled, 30 errors) counts as rework in first pass (1 of 2), not again in accuracy
    // (over all three it would have read 40 / 600 → 93.33 %)
    expect(row).toMatchObject({ batches: 2, acceptedQuantity: 1000, batchesOnTime: 1, batchesFirstPass: 1, sampled: 400, sampleErrors: 10 });
  });

  it('reads a buyer’s milestone payments with their dates', async () => {
    const { contractId, orderId } = await endedContract('completed');
    const [m] = await t.sql<{ id: string }[]>`
      insert into contract_milestones (contract_id, seq, title, quantity, due_at, amount_fen, since_version)
      values (${contractId}, 1, '全部', 100, now(), 100, 1) returning id`;
    await t.sql`
      insert into milestone_payments (milestone_id, order_id, buyer_org_id, vendor_org_id, amount_fen, status, accepted_on, due_on,
                                      invoice_number, invoice_date, paid_on)
      values (${m!.id}, ${orderId}, ${buyer.org.id}, ${vendor.org.id}, 100, 'paid', '2026-09-01', '2026-10-01', 'INV-1', '2026-09-02', '2026-10-04')`;
    const rows = await trackRecords.buyerPayments(t.sql, buyer.org.id);
    expect(rows.find((r) => r.orderId === orderId)).toMatchObject({ status: 'paid', dueOn: '2026-10-01', paidOn: '2026-10-04' });
  });
});
