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
});
