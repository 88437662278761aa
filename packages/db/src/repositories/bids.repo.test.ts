import { BID_STATUSES } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sql, createSql, withTransaction } from '../client.ts';
import { CONSTRAINTS, isUniqueViolation } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { type BidGuardOptions, type BidWriteResult, type NewBid, bids } from './bids.repo.ts';
import { audit } from './audit.repo.ts';
import { notifications } from './notifications.repo.ts';
import { amendments } from './order-amendments.repo.ts';
import { orders } from './orders.repo.ts';

let t: TestDatabase;
let buyerOrgId: string;
const vendors: { id: string; name: string }[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  buyerOrgId = (await createOrgWithOwner(t.sql, 'buyer')).org.id;
  for (let i = 0; i < 20; i++) {
    const v = await createVerifiedVendor(t.sql, { name: `服务商 ${String(i).padStart(2, '0')}` });
    vendors.push({ id: v.org.id, name: v.org.name });
  }
});
afterAll(async () => {
  await t?.close();
});

const vendor = (i: number) => (vendors[i] as { id: string }).id;
const place = (db: Sql, b: NewBid, opts?: BidGuardOptions) =>
  withTransaction(db, (tx) => bids.insertIfOpen(tx, b, opts));
function okBid(r: BidWriteResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}`);
  return r.bid;
}

describe(`bids: placing (${testBackend()})`, () => {
  it('accepts a bid while open, stamping submittedAt with the database clock, with revision 1 and its snapshot', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const before = Date.now();
    const bid = okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer(80_000_000) }));
    expect(bid).toMatchObject({
      orderId: o.id, vendorOrgId: vendor(0), status: 'active', totalPriceFen: 80_000_000, unitPriceFen: 650,
      committedAccuracy: 99, revision: 1, withdrawnAt: null, quoteLines: [{ item: '3D 框', quantity: 120_000, unitPriceFen: 650 }],
    });
    expect(bid.submittedAt.getTime()).toBeGreaterThanOrEqual(before - 2_000);
    expect(bid.updatedAt).toEqual(bid.submittedAt);
    expect(await bids.revisions(t.sql, bid.id)).toEqual([{
      bidId: bid.id, revision: 1, createdAt: bid.submittedAt,
      snapshot: {
        status: 'active', totalPriceFen: 80_000_000, unitPriceFen: 650, deliveryDays: 30, teamSize: 60, committedAccuracy: 99,
        proposal: '双人复核，每日抽检 5%', quoteLines: [{ item: '3D 框', quantity: 120_000, unitPriceFen: 650 }],
      },
    }]);
    expect(await bids.getById(t.sql, bid.id)).toEqual(bid);
  });

  it('keeps one live bid per vendor: a second bid is already_bid; after withdrawing, the vendor may bid again', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const first = okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(1), ...sampleOffer() }));
    expect(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(1), ...sampleOffer(1) })).toEqual({
      ok: false, reason: 'already_bid', bidId: first.id,
    });
    const w = await withTransaction(t.sql, (tx) => bids.withdrawIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(1) }));
    expect(w).toMatchObject({ ok: true, bid: { id: first.id, status: 'withdrawn' } });
    expect(await withTransaction(t.sql, (tx) => bids.withdrawIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(1) }))).toEqual({ ok: false, reason: 'no_bid' });
    expect(await bids.mine(t.sql, o.id, vendor(1))).toMatchObject({ id: first.id, status: 'withdrawn' });
    expect(await bids.countForOrder(t.sql, o.id)).toBe(0);
    const second = okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(1), ...sampleOffer(70_000_000) }));
    expect(second.id).not.toBe(first.id);
    expect(await bids.mine(t.sql, o.id, vendor(1))).toMatchObject({ id: second.id, status: 'active' });
    expect((await bids.listForOrder(t.sql, o.id)).map((b) => b.id)).toEqual([second.id]);
    expect((await bids.listForOrder(t.sql, o.id, { includeWithdrawn: true })).map((b) => b.id)).toEqual([first.id, second.id]);
    expect(await bids.mine(t.sql, o.id, vendor(2))).toBeNull();
  });

  it('refuses bids once the database clock reaches the deadline, and on orders that are not open', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const deadline = await setBidDeadlineFromNow(t.sql, o.id, -1);
    const r = await place(t.sql, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer() });
    expect(r).toMatchObject({ ok: false, reason: 'bidding_closed', status: 'open', bidDeadline: deadline });
    if (r.ok || r.reason !== 'bidding_closed') throw new Error('unreachable');
    expect((r.checkedAt as Date).getTime()).toBeGreaterThanOrEqual(deadline.getTime());

    for (const status of ['draft', 'pending_review', 'evaluation', 'cancelled'] as const) {
      const other = await createOpenOrder(t.sql, buyerOrgId, { status });
      expect(await place(t.sql, { orderId: other.id, vendorOrgId: vendor(0), ...sampleOffer() })).toMatchObject({
        ok: false, reason: 'bidding_closed', status,
      });
    }
    expect(await place(t.sql, { orderId: '00000000-0000-4000-8000-000000000000', vendorOrgId: vendor(0), ...sampleOffer() }))
      .toEqual({ ok: false, reason: 'order_not_found' });
    expect(await place(t.sql, { orderId: 'x', vendorOrgId: vendor(0), ...sampleOffer() })).toEqual({ ok: false, reason: 'order_not_found' });
    expect(await bids.countForOrder(t.sql, o.id)).toBe(0);
  });

  it('refuses a bid made against an older version of the order', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    expect(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer() }, { expectedOrderVersion: o.version + 1 }))
      .toEqual({ ok: false, reason: 'order_changed', orderVersion: o.version });
    expect((await place(t.sql, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer() }, { expectedOrderVersion: o.version })).ok).toBe(true);
  });

  it('enforces the table rules: statuses of the domain, positive fen, one live bid per vendor even without the repository', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const b = okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(3), ...sampleOffer() }));
    for (const status of BID_STATUSES) {
      await t.sql`update bids set status = ${status}, withdrawn_at = ${status === 'withdrawn' ? new Date() : null},
                                  disqualified_reason = ${status === 'disqualified' ? 'r' : null} where id = ${b.id}`;
    }
    await expect(t.sql`update bids set status = 'lost', withdrawn_at = null where id = ${b.id}`).rejects.toThrow(/bids_status_check/);
    await t.sql`update bids set status = 'active', withdrawn_at = null, disqualified_reason = null where id = ${b.id}`;
    const raw = (price: number) => t.sql`
      insert into bids (order_id, vendor_org_id, total_price_fen, unit_price_fen, delivery_days, team_size, committed_accuracy,
                        submitted_at, updated_at)
      values (${o.id}, ${vendor(3)}, ${price}, 1, 1, 1, 99, now(), now())`;
    await expect(raw(0)).rejects.toThrow(/bids_total_price_check/);
    const dup = await raw(100).catch((e: unknown) => e);
    expect(isUniqueViolation(dup, CONSTRAINTS.bidsOneLivePerVendor)).toBe(true);
  });
});

describe(`bids: one statement with its effects, on the pool (${testBackend()})`, () => {
  it('writes the bid, its audit record and the notification together; nothing of them when refused', async () => {
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const o = await createOpenOrder(t.sql, buyer.org.id);
    okBid(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(2), ...sampleOffer() }));
    const effects = (action: string) => ({
      audit: { actorUserId: null, actorOrgId: vendor(3), action, requestId: 'req-1' },
      notify: { orgId: buyer.org.id, kind: 'bid_received', payload: { orderTitle: o.title }, withBidCount: true },
    });
    // on the pool (not in a transaction): a statement of its own
    const bid = okBid(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(3), ...sampleOffer() }, { lock: 'share', ...effects('bid.submitted') }));
    expect(await audit.listForEntity(t.sql, 'order', o.id)).toEqual([expect.objectContaining({
      actorOrgId: vendor(3), action: 'bid.submitted', requestId: 'req-1', before: null,
      after: { bidId: bid.id, status: 'active', revision: 1 },
    })]);
    const inbox = await notifications.listForUser(t.sql, buyer.owner.id);
    expect(inbox.items).toEqual([expect.objectContaining({
      kind: 'bid_received', orgId: buyer.org.id, orderId: o.id, payload: { orderTitle: o.title, bidCount: 2 },
    })]);
    // a revision and a withdrawal count the live bids as they leave them
    const withdrawn = await bids.withdrawIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(3) }, { lock: 'share', ...effects('bid.withdrawn') });
    expect(withdrawn).toMatchObject({ ok: true, bid: { status: 'withdrawn' } });
    expect((await notifications.listForUser(t.sql, buyer.owner.id)).items[0]?.payload).toEqual({ orderTitle: o.title, bidCount: 1 });
    // refused: no bid, no audit record, no notification
    await setBidDeadlineFromNow(t.sql, o.id, -1000);
    expect(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(4), ...sampleOffer() }, effects('bid.submitted')))
      .toMatchObject({ ok: false, reason: 'bidding_closed' });
    expect((await audit.listForEntity(t.sql, 'order', o.id)).map((e) => e.action)).toEqual(['bid.submitted', 'bid.withdrawn']);
    expect((await notifications.listForUser(t.sql, buyer.owner.id)).items).toHaveLength(2);
    expect(await bids.countForOrder(t.sql, o.id)).toBe(1);
  });

  it('reads the revision history of the bid `mine` finds', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    expect(await bids.revisionsOfMine(t.sql, o.id, vendor(5))).toEqual([]);
    const b = okBid(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(5), ...sampleOffer() }));
    okBid(await bids.updateIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(5), ...sampleOffer(5) }));
    expect(await bids.revisionsOfMine(t.sql, o.id, vendor(5))).toEqual(await bids.revisions(t.sql, b.id));
    expect((await bids.revisionsOfMine(t.sql, o.id, vendor(5))).map((r) => r.revision)).toEqual([1, 2]);
  });
});

describe(`bids: files (${testBackend()})`, () => {
  const file = (orderId: string, vendorOrgId: string, name = '技术方案.pdf') => ({
    orderId, vendorOrgId, fileName: name, contentType: 'application/pdf', sizeBytes: 1234, sha256: 'a'.repeat(64),
    storageKey: `key-${Math.random()}`,
  });

  it('adds files to the live bid while open, lists, gets and removes them; refuses without a live bid or after the deadline', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    expect(await bids.addAttachmentIfOpen(t.sql, file(o.id, vendor(6)))).toEqual({ ok: false, reason: 'no_bid' });
    const bid = okBid(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(6), ...sampleOffer() }));
    const added = await bids.addAttachmentIfOpen(t.sql, file(o.id, vendor(6)), { lock: 'share' });
    if (!added.ok) throw new Error(added.reason);
    expect(added.attachment).toMatchObject({ bidId: bid.id, orderId: o.id, fileName: '技术方案.pdf', sizeBytes: 1234, uploadedBy: null });
    const second = await bids.addAttachmentIfOpen(t.sql, file(o.id, vendor(6), '报价单.pdf'));
    if (!second.ok) throw new Error(second.reason);
    expect(await bids.attachmentsOf(t.sql, [bid.id])).toEqual([added.attachment, second.attachment]);
    expect(await bids.attachmentsOfMine(t.sql, o.id, vendor(6))).toEqual([added.attachment, second.attachment]);
    expect(await bids.attachmentUsage(t.sql, bid.id)).toEqual({ count: 2, bytes: 2468 });
    expect(await bids.getAttachment(t.sql, o.id, bid.id, added.attachment.id)).toEqual(added.attachment);
    expect(await bids.getAttachment(t.sql, o.id, bid.id, '00000000-0000-4000-8000-000000000000')).toBeNull();
    // only the bid's own vendor removes it
    expect(await bids.deleteAttachmentIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(7), attachmentId: added.attachment.id }))
      .toEqual({ ok: false, reason: 'no_attachment' });
    expect(await bids.deleteAttachmentIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(6), attachmentId: added.attachment.id }))
      .toEqual({ ok: true, attachment: added.attachment });
    await setBidDeadlineFromNow(t.sql, o.id, -1000);
    expect(await bids.addAttachmentIfOpen(t.sql, file(o.id, vendor(6)))).toMatchObject({ ok: false, reason: 'bidding_closed' });
    expect(await bids.deleteAttachmentIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(6), attachmentId: second.attachment.id }))
      .toMatchObject({ ok: false, reason: 'bidding_closed' });
    expect(await bids.attachmentsOf(t.sql, [bid.id])).toEqual([second.attachment]);
  });

  it('keeps a file with its bid and its order (the pair is one foreign key)', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const other = await createOpenOrder(t.sql, buyerOrgId);
    const bid = okBid(await bids.insertIfOpen(t.sql, { orderId: o.id, vendorOrgId: vendor(8), ...sampleOffer() }));
    const err = await t.sql`
      insert into bid_attachments (bid_id, order_id, file_name, content_type, size_bytes, sha256, storage_key)
      values (${bid.id}, ${other.id}, 'x.pdf', 'application/pdf', 1, ${'b'.repeat(64)}, 'k-mismatch')`.catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/bid_attachments_bid_fkey/);
  });
});

describe(`bids: editing (${testBackend()})`, () => {
  it('edits create revisions with snapshots; expectedRevision guards lost updates', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const b = okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(4), ...sampleOffer(90_000_000) }));
    const edit = (price: number, expectedRevision?: number) =>
      withTransaction(t.sql, (tx) => bids.updateIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(4), ...sampleOffer(price) }, { expectedRevision }));
    const r2 = okBid(await edit(85_000_000, 1));
    expect(r2).toMatchObject({ id: b.id, revision: 2, totalPriceFen: 85_000_000, submittedAt: b.submittedAt });
    expect(r2.updatedAt.getTime()).toBeGreaterThanOrEqual(b.updatedAt.getTime());
    expect(await edit(84_000_000, 1)).toEqual({ ok: false, reason: 'revision_conflict', revision: 2 });
    okBid(await edit(83_000_000));
    expect((await bids.revisions(t.sql, b.id)).map((r) => [r.revision, r.snapshot.totalPriceFen])).toEqual([
      [1, 90_000_000], [2, 85_000_000], [3, 83_000_000],
    ]);
    expect(await withTransaction(t.sql, (tx) => bids.updateIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(5), ...sampleOffer() })))
      .toEqual({ ok: false, reason: 'no_bid' });
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    expect(await edit(1)).toMatchObject({ ok: false, reason: 'bidding_closed' });
    expect(await withTransaction(t.sql, (tx) => bids.withdrawIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(4) })))
      .toMatchObject({ ok: false, reason: 'bidding_closed' });
    expect((await bids.getById(t.sql, b.id))?.revision).toBe(3);
  });

  it('after an amendment bids need re-confirming; re-confirming or editing makes them active again', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    for (const i of [6, 7, 8]) okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(i), ...sampleOffer() }));
    await withTransaction(t.sql, (tx) => bids.withdrawIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(8) }));
    expect((await bids.markNeedsReconfirm(t.sql, o.id)).sort()).toEqual([vendor(6), vendor(7)].sort());
    const statuses = async () => Object.fromEntries((await bids.listForOrder(t.sql, o.id, { includeWithdrawn: true })).map((b) => [b.vendorOrgId, b.status]));
    expect(await statuses()).toEqual({ [vendor(6)]: 'needs_reconfirm', [vendor(7)]: 'needs_reconfirm', [vendor(8)]: 'withdrawn' });

    const rc = await withTransaction(t.sql, (tx) => bids.reconfirmIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(6) }));
    expect(rc).toMatchObject({ ok: true, bid: { status: 'active', revision: 1 } });
    expect(rc.ok && rc.bid.reconfirmedAt).toBeInstanceOf(Date);
    // idempotent on an active bid; nothing to re-confirm for a withdrawn one
    expect((await withTransaction(t.sql, (tx) => bids.reconfirmIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(6) }))).ok).toBe(true);
    expect(await withTransaction(t.sql, (tx) => bids.reconfirmIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(8) })))
      .toEqual({ ok: false, reason: 'no_bid' });
    okBid(await withTransaction(t.sql, (tx) => bids.updateIfOpen(tx, { orderId: o.id, vendorOrgId: vendor(7), ...sampleOffer(1_000) })));
    expect(await statuses()).toEqual({ [vendor(6)]: 'active', [vendor(7)]: 'active', [vendor(8)]: 'withdrawn' });
  });
});

describe(`bids: lists and outcomes (${testBackend()})`, () => {
  it('lists with vendor names, counts live bids per order, names the bidders, and pages a vendor’s bids', async () => {
    const a = await createOpenOrder(t.sql, buyerOrgId, { title: '订单 A' });
    const b = await createOpenOrder(t.sql, buyerOrgId, { title: '订单 B' });
    const empty = await createOpenOrder(t.sql, buyerOrgId);
    for (const i of [9, 10]) okBid(await place(t.sql, { orderId: a.id, vendorOrgId: vendor(i), ...sampleOffer() }));
    okBid(await place(t.sql, { orderId: b.id, vendorOrgId: vendor(9), ...sampleOffer() }));
    expect((await bids.listForOrder(t.sql, a.id)).map((x) => x.vendorName)).toEqual(['服务商 09', '服务商 10']);
    expect(await bids.countsForOrders(t.sql, [a.id, b.id, empty.id, 'bad'])).toEqual({ [a.id]: 2, [b.id]: 1, [empty.id]: 0 });
    expect(await bids.bidderOrgIds(t.sql, a.id)).toEqual([vendor(9), vendor(10)]);

    const page1 = await bids.listForVendor(t.sql, vendor(9), { limit: 1 });
    expect(page1.items[0]).toMatchObject({ orderTitle: '订单 B', orderStatus: 'open', orderBiddingMode: 'sealed' });
    expect(page1.items[0]?.orderBidDeadline).toBeInstanceOf(Date);
    const page2 = await bids.listForVendor(t.sql, vendor(9), { cursor: page1.nextCursor, limit: 1 });
    expect(page2.items.map((x) => x.orderTitle)).toEqual(['订单 A']);
    // by deadline, soonest first, page by page; and by bid status
    await setBidDeadlineFromNow(t.sql, b.id, 3_600_000);
    await setBidDeadlineFromNow(t.sql, a.id, 7_200_000);
    const soonest = await bids.listForVendor(t.sql, vendor(9), { sort: 'deadline', limit: 1 });
    const next = await bids.listForVendor(t.sql, vendor(9), { sort: 'deadline', cursor: soonest.nextCursor, limit: 1 });
    expect([...soonest.items, ...next.items].map((x) => x.orderTitle)).toEqual(['订单 B', '订单 A']);
    expect(next.nextCursor).toBeNull();
    expect((await bids.listForVendor(t.sql, vendor(9), { status: 'withdrawn' })).items).toEqual([]);
    expect((await bids.listForVendor(t.sql, vendor(9), { status: 'active' })).items).toHaveLength(2);
  });

  it('records the award outcome, clears it when the award is cancelled, and disqualifies with a reason', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const ids = [];
    for (const i of [11, 12, 13]) ids.push(okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(i), ...sampleOffer() })).id);
    const [w, l1, l2] = ids as [string, string, string];
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    const dq = await bids.disqualify(t.sql, { orderId: o.id, bidId: l2, reason: '资质证书过期', by: null });
    expect(dq).toMatchObject({ status: 'disqualified', disqualifiedReason: '资质证书过期' });
    expect(await bids.disqualify(t.sql, { orderId: o.id, bidId: l2, reason: 'again' })).toBeNull();

    const outcome = await bids.setAwardOutcome(t.sql, o.id, w);
    expect(outcome.winner).toMatchObject({ id: w, status: 'awarded' });
    expect(outcome.notAwardedVendorOrgIds).toEqual([vendor(12)]);
    expect((await bids.getById(t.sql, l1))?.status).toBe('not_awarded');
    expect((await bids.getById(t.sql, l2))?.status).toBe('disqualified');
    // the disqualified bid cannot win
    expect(await bids.setAwardOutcome(t.sql, o.id, l2)).toEqual({ winner: null, notAwardedVendorOrgIds: [] });

    expect(await bids.clearAwardOutcome(t.sql, o.id)).toBe(2);
    expect((await bids.getById(t.sql, w))?.status).toBe('active');
    const again = await bids.setAwardOutcome(t.sql, o.id, l1);
    expect(again.winner?.id).toBe(l1);
    expect(again.notAwardedVendorOrgIds).toEqual([vendor(11)]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Race tests: only a PostgreSQL server has truly concurrent backends.

const SKIP_REASON = 'needs a PostgreSQL server: PGlite runs one backend, so concurrency proves nothing there';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const lock of ['update', 'share'] as const) describe(`bids: the deadline under concurrency, order row FOR ${lock.toUpperCase()} (${testBackend()})`, () => {
  it('reads the clock after the order lock is granted: a bid waiting for the lock across the deadline is refused', async (ctx) => {
    ctx.skip(t.backend === 'pglite', SKIP_REASON);
    const o = await createOpenOrder(t.sql, buyerOrgId);
    await setBidDeadlineFromNow(t.sql, o.id, 300);
    const pool = createSql(t.url, { max: 2 });
    try {
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = withTransaction(pool, async (tx) => {
        await orders.lockById(tx, o.id);
        locked();
        await sleep(600); // hold the order row across the deadline
      });
      await isLocked;
      // issued well before the deadline, but it only gets the lock after it
      const r = await place(pool, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer() }, { lock });
      await holder;
      expect(r).toMatchObject({ ok: false, reason: 'bidding_closed' });
      expect(await bids.countForOrder(t.sql, o.id)).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('judges the order as it is once the lock is held: a cancellation or amendment committed meanwhile refuses the bid', async (ctx) => {
    ctx.skip(t.backend === 'pglite', SKIP_REASON);
    const pool = createSql(t.url, { max: 4 });
    try {
      for (const change of ['cancel', 'amend'] as const) {
        const o = await createOpenOrder(t.sql, buyerOrgId);
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => {
          locked = r;
        });
        const holder = withTransaction(pool, async (tx) => {
          await orders.lockById(tx, o.id);
          locked();
          await sleep(300);
          if (change === 'cancel') expect((await orders.cancel(tx, o.id, '需求取消')).ok).toBe(true);
          else {
            const a = await amendments.amendOpen(tx, o.id, { expectedVersion: o.version, patch: { title: '修订后的标题' }, minBidWindowSeconds: 0 });
            expect(a.ok).toBe(true);
          }
        });
        await isLocked;
        // sent while the row is locked: its statement starts (and takes its snapshot) before the change commits
        const r = await bids.insertIfOpen(pool, { orderId: o.id, vendorOrgId: vendor(0), ...sampleOffer() }, { lock, expectedOrderVersion: o.version });
        await holder;
        expect(r, change).toMatchObject(change === 'cancel' ? { ok: false, reason: 'bidding_closed', status: 'cancelled' } : { ok: false, reason: 'order_changed' });
        expect(await bids.countForOrder(t.sql, o.id)).toBe(0);
      }
    } finally {
      await pool.end();
    }
  });

  it('2,000 bid attempts from 20 vendors around one deadline: none accepted at or after it, every acknowledged bid stored', { timeout: 180_000 }, async (ctx) => {
    ctx.skip(t.backend === 'pglite', SKIP_REASON);
    const pool = createSql(t.url, { max: 40 });
    try {
      await pool`select 1`; // open the pool
      await Promise.all(Array.from({ length: 40 }, () => pool`select pg_sleep(0.01)`));
      // A round whose attempts all land on one side of the deadline (a starved machine starts them late) proves
      // nothing about the race; it is checked like any other, then run again with more time before the deadline.
      let round = { acknowledged: 0, refused: 0 };
      for (const leadMs of [400, 1_200, 3_000]) {
        round = await deadlineRound(pool, leadMs);
        if (round.acknowledged > 0 && round.refused > 0) break;
      }
      expect(round.acknowledged).toBeGreaterThan(0);
      expect(round.refused).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });

  /** 2,000 distinct (order, vendor) attempts spread over the deadline ± ¾ of `leadMs`; checks what was stored. */
  async function deadlineRound(pool: Sql, leadMs: number): Promise<{ acknowledged: number; refused: number }> {
    const ORDERS = 100; // 20 vendors × 100 orders
    const orderIds: string[] = [];
    for (let i = 0; i < ORDERS; i++) orderIds.push((await createOpenOrder(t.sql, buyerOrgId, { title: `竞速 ${i}` })).id);
    const [row] = await t.sql<{ deadline: Date }[]>`
      update orders set bid_deadline = c.d, questions_close_at = least(questions_close_at, c.d)
      from (select clock_timestamp() + ${leadMs} * interval '1 millisecond' as d) c
      where id = any(${t.sql.array(orderIds)}::uuid[])
      returning c.d as deadline`;
    const localDeadline = Date.now() + leadMs;
    const spreadMs = leadMs * 0.75;
    const attempts = orderIds.flatMap((orderId) => vendors.map((v) => ({ orderId, vendorOrgId: v.id })));
    const acknowledged: string[] = [];
    const refused: { checkedAt: Date | null }[] = [];
    const other: string[] = [];
    await Promise.all(attempts.map(async (a) => {
      await sleep(Math.max(0, localDeadline - spreadMs + Math.random() * 2 * spreadMs - Date.now()));
      try {
        // half in a transaction of the caller, half as a statement of their own on the pool
        const b = { ...a, ...sampleOffer(1_000_000 + Math.floor(Math.random() * 1000)) };
        const r = Math.random() < 0.5 ? await place(pool, b, { lock }) : await bids.insertIfOpen(pool, b, { lock });
        if (r.ok) acknowledged.push(r.bid.id);
        else if (r.reason === 'bidding_closed') refused.push({ checkedAt: r.checkedAt });
        else other.push(r.reason);
      } catch (err) {
        other.push(String(err));
      }
    }));
    console.log(`race (FOR ${lock}, ${leadMs} ms lead): ${acknowledged.length} accepted, ${refused.length} refused as late (deadline ${row?.deadline.toISOString()})`);
    expect(other).toEqual([]);
    expect(acknowledged.length + refused.length).toBe(2_000);
    const [gap] = await t.sql<{ lastMs: number | null }[]>`
      select (select extract(epoch from (max(o.bid_deadline) - max(b.submitted_at))) * 1000 from bids b join orders o on o.id = b.order_id
              where o.id = any(${t.sql.array(orderIds)}::uuid[]))::float8 as last_ms`;
    console.log(`race (FOR ${lock}): the last accepted bid was ${gap?.lastMs?.toFixed(2)} ms before the deadline`);
    const [check] = await t.sql<{ stored: number; late: number; lateRevisions: number; revisions: number }[]>`
      select count(*)::int as stored,
             count(*) filter (where b.submitted_at >= o.bid_deadline)::int as late,
             (select count(*)::int from bid_revisions r join bids b2 on b2.id = r.bid_id join orders o2 on o2.id = b2.order_id
              where o2.id = any(${t.sql.array(orderIds)}::uuid[]) and r.created_at >= o2.bid_deadline) as late_revisions,
             (select count(*)::int from bid_revisions r join bids b2 on b2.id = r.bid_id
              where b2.order_id = any(${t.sql.array(orderIds)}::uuid[])) as revisions
      from bids b join orders o on o.id = b.order_id
      where o.id = any(${t.sql.array(orderIds)}::uuid[])`;
    expect(check).toEqual({ stored: acknowledged.length, late: 0, lateRevisions: 0, revisions: acknowledged.length });
    const stored = await t.sql<{ id: string }[]>`select id from bids where id = any(${t.sql.array(acknowledged)}::uuid[])`;
    expect(stored.length).toBe(acknowledged.length);
    // every refusal was decided at or after the deadline by the database clock
    const deadlineMs = (row as { deadline: Date }).deadline.getTime();
    expect(refused.filter((r) => (r.checkedAt as Date).getTime() < deadlineMs)).toEqual([]);
    return { acknowledged: acknowledged.length, refused: refused.length };
  }

  it('one hot order, 20 vendors editing until the deadline: every acknowledged revision stored, none at or after it', async (ctx) => {
    ctx.skip(t.backend === 'pglite', SKIP_REASON);
    const o = await createOpenOrder(t.sql, buyerOrgId);
    for (let i = 0; i < 20; i++) okBid(await place(t.sql, { orderId: o.id, vendorOrgId: vendor(i), ...sampleOffer() }));
    const pool = createSql(t.url, { max: 20 });
    try {
      // open all 20 connections first: the time before the deadline is for editing, not for connecting
      await Promise.all(vendors.map(() => pool`select pg_sleep(0.01)`));
      await setBidDeadlineFromNow(t.sql, o.id, 1_500);
      const acked = new Map<string, number>();
      const errors: string[] = [];
      await Promise.all(vendors.map(async (v) => {
        for (;;) {
          try {
            const r = await withTransaction(pool, (tx) =>
              bids.updateIfOpen(tx, { orderId: o.id, vendorOrgId: v.id, ...sampleOffer(2_000_000 + Math.floor(Math.random() * 1e6)) }, { lock }));
            if (!r.ok) {
              if (r.reason !== 'bidding_closed') errors.push(r.reason);
              return;
            }
            acked.set(v.id, (acked.get(v.id) ?? 0) + 1);
          } catch (err) {
            errors.push(String(err));
            return;
          }
        }
      }));
      expect(errors).toEqual([]);
      const rows = await t.sql<{ vendorOrgId: string; revision: number; revisions: number; late: number }[]>`
        select b.vendor_org_id, b.revision, count(r.*)::int as revisions,
               count(*) filter (where r.created_at >= o.bid_deadline or b.updated_at >= o.bid_deadline)::int as late
        from bids b join orders o on o.id = b.order_id join bid_revisions r on r.bid_id = b.id
        where b.order_id = ${o.id}
        group by b.id, b.vendor_org_id, b.revision`;
      let total = 0;
      for (const r of rows) {
        const n = acked.get(r.vendorOrgId) ?? 0;
        total += n;
        expect(r).toEqual({ vendorOrgId: r.vendorOrgId, revision: 1 + n, revisions: 1 + n, late: 0 });
      }
      console.log(`hot order (FOR ${lock}): ${total} acknowledged edits by 20 vendors before the deadline`);
      expect(total).toBeGreaterThan(20);
    } finally {
      await pool.end();
    }
  });
});
