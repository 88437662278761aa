import { ORDER_STATUSES, type OrderStatus } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { CONSTRAINTS, InvalidCursorError, isUniqueViolation } from '../errors.ts';
import {
  createCatalogueEntry, createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, sampleOrderFields, setBidDeadlineFromNow,
} from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { objections } from './objections.repo.ts';
import { orderAttachments } from './order-attachments.repo.ts';
import { amendments } from './order-amendments.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { type OrderRow, orders } from './orders.repo.ts';

let t: TestDatabase;
let buyerOrgId: string;
let buyerUserId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const b = await createOrgWithOwner(t.sql, 'buyer', { name: '星衡智驾' });
  buyerOrgId = b.org.id;
  buyerUserId = b.owner.id;
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400;

async function draft(overrides: Parameters<typeof orders.createDraft>[1] extends infer D ? Partial<D> : never = {}) {
  return await orders.createDraft(t.sql, { ...sampleOrderFields(), buyerOrgId, createdByUserId: buyerUserId, ...overrides });
}

async function statusOf(id: string): Promise<OrderStatus> {
  return ((await orders.getById(t.sql, id)) as OrderRow).status;
}

describe(`orders: drafts (${testBackend()})`, () => {
  it('stores the full DESIGN §2.2 field set and reads it back camelCased with the right JS types', async () => {
    const fields = sampleOrderFields();
    // the same fields (their dates are relative to now: a second call may fall in the next millisecond)
    const entry = await createCatalogueEntry(t.sql);
    const o = await draft({ ...fields, catalogueEntryId: entry.id });
    expect(o).toMatchObject({
      ...fields,
      buyerOrgId, createdByUserId: buyerUserId, status: 'draft', currency: 'CNY', version: 1,
      catalogueEntryId: entry.id,
      reviewReason: null, cancelReason: null, publishedAt: null, submittedAt: null, publicityEndsAt: null,
    });
    expect(o.accuracyTarget).toBe(98.5);
    expect(typeof o.budgetTotalFen).toBe('number');
    // keys inside jsonb stay as written
    expect(o.samplingRule).toEqual({ kind: 'gbt2828', aql: 1.5 });
    expect(await orders.getById(t.sql, o.id)).toEqual(o);
    expect(await orders.getById(t.sql, 'nope')).toBeNull();
  });

  it('saves a half-filled draft with defaults (sealed, internal, remote)', async () => {
    const o = await orders.createDraft(t.sql, { buyerOrgId, title: '先存个草稿', modality: 'text' });
    expect(o).toMatchObject({
      biddingMode: 'sealed', securityLevel: 'internal', workLocation: 'remote', taskTypes: [], tags: [],
      requiredCertifications: [], minHeadcount: 0, volumeQuantity: null, bidDeadline: null, samplingRule: null,
    });
  });

  it('updates a draft only at the expected version, bumping it; arrays and json can be cleared', async () => {
    const o = await draft();
    const r1 = await orders.updateDraft(t.sql, o.id, 1, { title: '改标题', tags: [], samplingRule: null, accuracyTarget: 99.25 });
    expect(r1).toMatchObject({ ok: true, order: { title: '改标题', tags: [], samplingRule: null, accuracyTarget: 99.25, version: 2 } });
    expect(await orders.updateDraft(t.sql, o.id, 1, { title: '迟到的修改' })).toEqual({ ok: false, reason: 'version_conflict', version: 2 });
    // an empty patch still counts as a save
    expect(await orders.updateDraft(t.sql, o.id, 2, {})).toMatchObject({ ok: true, order: { version: 3 } });
    expect(await orders.updateDraft(t.sql, '00000000-0000-4000-8000-000000000000', 1, {})).toEqual({ ok: false, reason: 'not_found' });
    await orders.submit(t.sql, o.id);
    expect(await orders.updateDraft(t.sql, o.id, 4, { title: 'x' })).toEqual({ ok: false, reason: 'invalid_transition', status: 'pending_review' });
  });

  it('refuses values no rule accepts: unknown enums, float money, deadlines out of order, unpaired volume', async () => {
    const bad: Parameters<typeof draft>[0][] = [
      { modality: 'smell' as never },
      { biddingMode: 'auction' as never },
      { securityLevel: 'top_secret' as never },
      { workLocation: 'moon' as never },
      { volumeUnit: 'bytes' as never },
      { volumeQuantity: null },
      { budgetTotalFen: -1 },
      { budgetTotalFen: 1_000_000_000_001 },
      { accuracyTarget: 100.5 },
      { accuracyTarget: 0 },
      { minHeadcount: -1 },
      { questionsCloseAt: new Date(Date.now() + 9 * DAY * 1000) },
      { deliveryDeadline: new Date(Date.now() + DAY * 1000) },
    ];
    for (const b of bad) await expect(draft(b), JSON.stringify(b)).rejects.toThrow();
    await expect(draft({ budgetTotalFen: 12.5 })).rejects.toThrow();
    await expect(draft({ title: '  ' })).rejects.toThrow(/orders_title_check/);
  });

  it('has a status CHECK equal to the domain ORDER_STATUSES', async () => {
    for (const status of ORDER_STATUSES) {
      const extra = status === 'awarded' ? { publicityEndsAt: new Date() } : {};
      await expect(orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId, status, publishedAt: new Date(), ...extra })).resolves.toBeTypeOf('string');
    }
    await expect(orders.create(t.sql, { buyerOrgId, title: 'x', modality: 'text', status: 'archived' })).rejects.toThrow(/orders_status_check/);
    await expect(orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId, status: 'awarded', publishedAt: new Date() }))
      .rejects.toThrow(/orders_publicity_required/);
  });
});

describe(`orders: status machine (${testBackend()})`, () => {
  it('draft → pending_review → (reject → draft) → pending_review → open, stamping and bumping the version', async () => {
    const o = await draft();
    expect(await orders.submit(t.sql, o.id, { expectedVersion: 7 })).toEqual({ ok: false, reason: 'version_conflict', version: 1 });
    const s = await orders.submit(t.sql, o.id, { expectedVersion: 1 });
    expect(s).toMatchObject({ ok: true, order: { status: 'pending_review', version: 2 } });
    expect(s.ok && s.order.submittedAt).toBeInstanceOf(Date);
    expect(await orders.submit(t.sql, o.id)).toEqual({ ok: false, reason: 'invalid_transition', status: 'pending_review' });

    expect(await orders.reject(t.sql, o.id, '预算说明不清')).toMatchObject({ ok: true, order: { status: 'draft', reviewReason: '预算说明不清' } });
    await orders.submit(t.sql, o.id);
    expect(await statusOf(o.id)).toBe('pending_review');
    const a = await orders.approve(t.sql, o.id, { awardWindowSeconds: 30 * DAY });
    expect(a).toMatchObject({ ok: true, order: { status: 'open', reviewReason: null } });
    if (!a.ok) throw new Error('unreachable');
    expect(a.order.publishedAt).toBeInstanceOf(Date);
    expect((a.order.awardWindowEndsAt as Date).getTime() - (a.order.bidDeadline as Date).getTime()).toBe(30 * DAY * 1000);
    expect(await orders.approve(t.sql, o.id, { awardWindowSeconds: 0 })).toEqual({ ok: false, reason: 'invalid_transition', status: 'open' });
  });

  it('refuses to approve an order whose deadline has passed by the database clock', async () => {
    const o = await draft();
    await orders.submit(t.sql, o.id);
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    expect(await orders.approve(t.sql, o.id, { awardWindowSeconds: DAY })).toEqual({
      ok: false, reason: 'deadline_passed', status: 'pending_review',
    });
  });

  it('closes bidding only once the database clock reaches the deadline', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    expect(await timedSteps.closeBidding(t.sql, o.id)).toEqual({ ok: false, reason: 'not_due', status: 'open' });
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    expect(await timedSteps.closeBidding(t.sql, o.id)).toMatchObject({ ok: true, order: { status: 'evaluation' } });
  });

  it('awards from evaluation, or from open once its deadline has passed; never while bidding is open', async () => {
    const open = await createOpenOrder(t.sql, buyerOrgId);
    expect(await orders.markAwarded(t.sql, open.id, { publicitySeconds: 3 * DAY })).toEqual({
      ok: false, reason: 'invalid_transition', status: 'open',
    });
    await setBidDeadlineFromNow(t.sql, open.id, -1);
    const r = await orders.markAwarded(t.sql, open.id, { publicitySeconds: 3 * DAY });
    expect(r).toMatchObject({ ok: true, order: { status: 'awarded' } });
    if (!r.ok) throw new Error('unreachable');
    const now = Date.now();
    expect(Math.abs((r.order.publicityEndsAt as Date).getTime() - (now + 3 * DAY * 1000))).toBeLessThan(5_000);
  });

  it('ends publicity when due and no objection to the active award is pending; an upheld objection reopens evaluation', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const vendor = await createVerifiedVendor(t.sql);
    const loser = await createVerifiedVendor(t.sql);
    const bidIds: string[] = [];
    for (const v of [vendor, loser]) {
      const r = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: o.id, vendorOrgId: v.org.id, ...sampleOffer() }));
      if (r.ok) bidIds.push(r.bid.id);
    }
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    await timedSteps.closeBidding(t.sql, o.id);
    const award = await awards.create(t.sql, { orderId: o.id, bidId: bidIds[0] as string, reason: '综合得分最高' });
    await orders.markAwarded(t.sql, o.id, { publicitySeconds: 60 });
    expect(await timedSteps.endPublicity(t.sql, o.id)).toEqual({ ok: false, reason: 'not_due', status: 'awarded' });

    const filed = await withTransaction(t.sql, (tx) => objections.fileIfOpen(tx, { orderId: o.id, objectorOrgId: loser.org.id, body: '报价低于成本' }));
    expect(filed.ok).toBe(true);
    await t.sql`update orders set publicity_ends_at = clock_timestamp() - interval '1 second' where id = ${o.id}`;
    // pending objection: publicity does not end
    expect(await timedSteps.endPublicity(t.sql, o.id)).toEqual({ ok: false, reason: 'not_due', status: 'awarded' });
    expect((await timedSteps.due(t.sql)).filter((d) => d.orderId === o.id)).toEqual([]);

    // upheld: award cancelled, evaluation again with a fresh award window
    if (!filed.ok) throw new Error('unreachable');
    await objections.decide(t.sql, { objectionId: filed.objection.id, decision: 'upheld', reason: '属实' });
    await awards.cancel(t.sql, { awardId: award.id, reason: '异议成立' });
    const re = await orders.reopenEvaluation(t.sql, o.id, { awardWindowSeconds: 10 * DAY });
    expect(re).toMatchObject({ ok: true, order: { status: 'evaluation', publicityEndsAt: null } });
    if (!re.ok) throw new Error('unreachable');
    expect((re.order.awardWindowEndsAt as Date).getTime()).toBeGreaterThan(Date.now() + 9 * DAY * 1000);

    // the next award stands: publicity ends
    await awards.create(t.sql, { orderId: o.id, bidId: bidIds[1] as string, reason: '递补' });
    await orders.markAwarded(t.sql, o.id, { publicitySeconds: 0 });
    expect(await timedSteps.endPublicity(t.sql, o.id)).toMatchObject({ ok: true, order: { status: 'in_progress' } });
    expect(await orders.complete(t.sql, o.id)).toMatchObject({ ok: true, order: { status: 'completed' } });
  });

  it('cancels from draft, pending_review, open and evaluation only', async () => {
    const cases: [OrderStatus, boolean][] = [
      ['draft', true], ['pending_review', true], ['open', true], ['evaluation', true],
      ['in_progress', false], ['completed', false], ['cancelled', false], ['unsuccessful', false],
    ];
    for (const [status, allowed] of cases) {
      const id = await orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId, status, publishedAt: new Date() });
      const r = await orders.cancel(t.sql, id, '需求取消');
      expect(r.ok, status).toBe(allowed);
      if (r.ok) expect(r.order).toMatchObject({ status: 'cancelled', cancelReason: '需求取消' });
    }
    expect(await orders.cancel(t.sql, 'x', 'r')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('declares an order unsuccessful from evaluation (or open past its deadline) only', async () => {
    const a = await createOpenOrder(t.sql, buyerOrgId);
    expect(await timedSteps.declareUnsuccessful(t.sql, a.id)).toEqual({ ok: false, reason: 'invalid_transition', status: 'open' });
    await setBidDeadlineFromNow(t.sql, a.id, -1);
    expect(await timedSteps.declareUnsuccessful(t.sql, a.id)).toMatchObject({ ok: true, order: { status: 'unsuccessful' } });
  });
});

describe(`orders: amendments (${testBackend()})`, () => {
  it('amends an open order: logs the changed fields only, bumps the version', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const later = new Date((o.bidDeadline as Date).getTime() + DAY * 1000);
    const r = await amendments.amendOpen(t.sql, o.id, {
      expectedVersion: o.version, byUserId: buyerUserId, reason: '延期', minBidWindowSeconds: DAY,
      patch: { bidDeadline: later, budgetTotalFen: o.budgetTotalFen, tags: ['自动驾驶'] },
    });
    expect(r).toMatchObject({ ok: true, order: { bidDeadline: later, tags: ['自动驾驶'], version: o.version + 1 } });
    if (!r.ok) throw new Error('unreachable');
    expect(r.amendment?.changes).toEqual({
      bidDeadline: { from: (o.bidDeadline as Date).toISOString(), to: later.toISOString() },
      tags: { from: ['自动驾驶', '激光雷达'], to: ['自动驾驶'] },
    });
    expect(await amendments.list(t.sql, o.id)).toEqual([r.amendment]);
    // nothing changed: nothing logged
    const same = await amendments.amendOpen(t.sql, o.id, { expectedVersion: r.order.version, patch: { tags: ['自动驾驶'] }, minBidWindowSeconds: 0 });
    expect(same).toMatchObject({ ok: true, amendment: null });
    expect(await amendments.amendOpen(t.sql, o.id, { expectedVersion: 1, patch: { title: 'x' }, minBidWindowSeconds: 0 }))
      .toEqual({ ok: false, reason: 'version_conflict', version: r.order.version });
  });

  it('opens a file amendment only while bidding is open with the minimum window left, bumping the version', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    await setBidDeadlineFromNow(t.sql, o.id, 3_600_000);
    const begin = (window: number, id = o.id) => withTransaction(t.sql, (tx) => amendments.beginFileAmendment(tx, id, window));
    expect(await begin(DAY)).toEqual({ ok: false, reason: 'bid_window_too_short' });
    const ok = await begin(60);
    expect(ok.ok && ok.order.version).toBe(o.version + 1);
    await setBidDeadlineFromNow(t.sql, o.id, -1);
    expect(await begin(0)).toEqual({ ok: false, reason: 'deadline_passed', status: 'open' });
    expect(await begin(0, (await draft()).id)).toMatchObject({ ok: false, reason: 'invalid_transition', status: 'draft' });
    expect(await begin(0, '00000000-0000-4000-8000-000000000000')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('keeps the minimum bidding window by the database clock, and refuses after the deadline', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    await setBidDeadlineFromNow(t.sql, o.id, 3_600_000);
    const cur = (await orders.getById(t.sql, o.id)) as OrderRow;
    // an hour left, a day required: the amendment must move the deadline
    expect(await amendments.amendOpen(t.sql, o.id, { expectedVersion: cur.version, patch: { title: '新标题' }, minBidWindowSeconds: DAY }))
      .toEqual({ ok: false, reason: 'bid_window_too_short' });
    const tooSoon = new Date(Date.now() + 2 * 3_600_000);
    expect(await amendments.amendOpen(t.sql, o.id, { expectedVersion: cur.version, patch: { bidDeadline: tooSoon }, minBidWindowSeconds: DAY }))
      .toEqual({ ok: false, reason: 'bid_window_too_short' });
    const ok = await amendments.amendOpen(t.sql, o.id, {
      expectedVersion: cur.version, minBidWindowSeconds: DAY,
      patch: { title: '新标题', bidDeadline: new Date(Date.now() + 2 * DAY * 1000) },
    });
    expect(ok.ok).toBe(true);
    expect((await amendments.list(t.sql, o.id)).length).toBe(1);

    await setBidDeadlineFromNow(t.sql, o.id, -1);
    const v = ((await orders.getById(t.sql, o.id)) as OrderRow).version;
    expect(await amendments.amendOpen(t.sql, o.id, { expectedVersion: v, patch: { title: '太晚' }, minBidWindowSeconds: 0 }))
      .toEqual({ ok: false, reason: 'deadline_passed', status: 'open' });
    const d = await draft();
    expect(await amendments.amendOpen(t.sql, d.id, { expectedVersion: 1, patch: { title: 'x' }, minBidWindowSeconds: 0 }))
      .toEqual({ ok: false, reason: 'invalid_transition', status: 'draft' });
  });
});

describe(`orders: lists (${testBackend()})`, () => {
  it('lists a buyer’s orders newest first with status filter and cursor pages', async () => {
    const other = (await createOrgWithOwner(t.sql, 'buyer')).org.id;
    await orders.createDraft(t.sql, { buyerOrgId: other, title: '别人的', modality: 'text' });
    const mine = await t.sql<{ id: string }[]>`select id from orders where buyer_org_id = ${buyerOrgId} order by created_at desc, id desc`;
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof orders.listForBuyer>> = await orders.listForBuyer(t.sql, buyerOrgId, { cursor, limit: 4 });
      ids.push(...page.items.map((o) => o.id));
      expect(page.items.every((o) => o.buyerOrgId === buyerOrgId)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(mine.map((r) => r.id));
    const drafts = await orders.listForBuyer(t.sql, buyerOrgId, { status: ['draft'], limit: 100 });
    expect(drafts.items.length).toBeGreaterThan(0);
    expect(drafts.items.every((o) => o.status === 'draft')).toBe(true);
    await expect(orders.listForBuyer(t.sql, buyerOrgId, { cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('sorts a buyer’s orders by last update or by bid deadline (none last), page by page', async () => {
    const b = await createOrgWithOwner(t.sql, 'buyer');
    const hour = 3_600_000;
    const base = Date.now() + 10 * DAY * 1000;
    const made: { id: string; deadline: number | null; updated: number }[] = [];
    for (const [i, deadline] of [base + 3 * hour, null, base + hour, base + 2 * hour, null].entries()) {
      const o = await orders.createDraft(t.sql, { ...sampleOrderFields(), buyerOrgId: b.org.id, createdByUserId: b.owner.id, title: `第${i}单` });
      const updated = Date.now() - (i * 7 % 5) * hour;
      await t.sql`update orders set bid_deadline = ${deadline === null ? null : new Date(deadline)}, updated_at = ${new Date(updated)} where id = ${o.id}`;
      made.push({ id: o.id, deadline, updated });
    }
    const all = async (sort: 'updated' | 'deadline') => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof orders.listForBuyer>> = await orders.listForBuyer(t.sql, b.org.id, { sort, cursor, limit: 2 });
        ids.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await all('updated')).toEqual([...made].sort((x, y) => y.updated - x.updated).map((o) => o.id));
    const byDeadline = await all('deadline');
    expect(byDeadline.slice(0, 3)).toEqual(made.filter((o) => o.deadline !== null).sort((x, y) => x.deadline! - y.deadline!).map((o) => o.id));
    expect(new Set(byDeadline.slice(3))).toEqual(new Set(made.filter((o) => o.deadline === null).map((o) => o.id)));
  });

  it('lists the review queue oldest submission first with the buyer name', async () => {
    const a = await draft({ title: '先交' });
    const b = await draft({ title: '后交' });
    await orders.submit(t.sql, a.id);
    await orders.submit(t.sql, b.id);
    const q = await orders.listPendingReview(t.sql, null, 100);
    const titles = q.items.map((o) => o.title);
    expect(titles.indexOf('先交')).toBeLessThan(titles.indexOf('后交'));
    expect(q.items.every((o) => o.status === 'pending_review' && o.buyerName === '星衡智驾')).toBe(true);
  });

  it('filters the public listing by modality, status and task type; unsuccessful orders are public', async () => {
    const buyer = (await createOrgWithOwner(t.sql, 'buyer', { name: '过滤测试' })).org.id;
    const mk = (modality: 'image' | 'audio', status: OrderStatus, taskTypes: string[]) =>
      orders.create(t.sql, { ...sampleOrderFields(), buyerOrgId: buyer, modality, status, taskTypes: taskTypes as never, publishedAt: new Date() });
    const img = await mk('image', 'open', ['bbox']);
    const aud = await mk('audio', 'open', ['transcription']);
    const failed = await mk('image', 'unsuccessful', ['polygon']);
    await mk('image', 'cancelled', ['bbox']);
    const ours = async (f: Parameters<typeof orders.listPublished>[3]) =>
      (await orders.listPublished(t.sql, null, 100, f)).items.filter((o) => o.buyerOrgId === buyer).map((o) => o.id).sort();
    expect(await ours({})).toEqual([img, aud, failed].sort());
    expect(await ours({ modality: 'image' })).toEqual([img, failed].sort());
    expect(await ours({ status: 'unsuccessful' })).toEqual([failed]);
    expect(await ours({ taskType: 'transcription' })).toEqual([aud]);
    expect(await ours({ modality: 'audio', status: 'evaluation' })).toEqual([]);
  });
});

describe(`orders: attachments (${testBackend()})`, () => {
  it('adds, lists, gets (scoped to the order), measures and deletes files', async () => {
    const o = await draft();
    const other = await draft();
    const file = (n: number) => ({
      orderId: o.id, kind: 'guideline' as const, fileName: `标注规范-v${n}.pdf`, contentType: 'application/pdf',
      sizeBytes: 1000 * n, sha256: 'a'.repeat(63) + String(n), storageKey: `orders/${o.id}/${n}`, uploadedBy: buyerUserId,
    });
    const a1 = await orderAttachments.add(t.sql, file(1));
    const a2 = await orderAttachments.add(t.sql, { ...file(2), kind: 'sample' });
    expect(a1).toMatchObject({ ...file(1), id: expect.any(String), createdAt: expect.any(Date) });
    expect((await orderAttachments.list(t.sql, o.id)).map((a) => a.id)).toEqual([a1.id, a2.id]);
    expect(await orderAttachments.get(t.sql, o.id, a1.id)).toEqual(a1);
    expect(await orderAttachments.get(t.sql, other.id, a1.id)).toBeNull();
    expect(await orderAttachments.usage(t.sql, o.id)).toEqual({ count: 2, bytes: 3000 });
    const dup = await orderAttachments.add(t.sql, { ...file(3), storageKey: a1.storageKey }).catch((e: unknown) => e);
    expect(isUniqueViolation(dup, CONSTRAINTS.orderAttachmentsStorageKey)).toBe(true);
    await expect(orderAttachments.add(t.sql, { ...file(4), kind: 'virus' as never })).rejects.toThrow(/order_attachments_kind_check/);
    await expect(orderAttachments.add(t.sql, { ...file(5), sha256: 'xyz' })).rejects.toThrow(/order_attachments_sha256_check/);
    expect(await orderAttachments.delete(t.sql, other.id, a1.id)).toBeNull();
    expect(await orderAttachments.delete(t.sql, o.id, a1.id)).toEqual(a1);
    expect(await orderAttachments.list(t.sql, o.id)).toEqual([a2]);
  });
});

describe(`orders.dueTransitions (${testBackend()})`, () => {
  it('finds open orders past the deadline, awarded past publicity, evaluation past the award window or without an awardable bid', async () => {
    await t.sql`update orders set status = 'cancelled' where status in ('open', 'evaluation', 'awarded')`;
    const closing = await createOpenOrder(t.sql, buyerOrgId);
    await setBidDeadlineFromNow(t.sql, closing.id, -1000);
    const notYet = await createOpenOrder(t.sql, buyerOrgId);
    const noBids = await createOpenOrder(t.sql, buyerOrgId, { status: 'evaluation', awardWindowEndsAt: new Date(Date.now() + DAY * 1000) });
    await setBidDeadlineFromNow(t.sql, noBids.id, -2000);
    const withBids = await createOpenOrder(t.sql, buyerOrgId);
    const v = await createVerifiedVendor(t.sql);
    await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: withBids.id, vendorOrgId: v.org.id, ...sampleOffer() }));
    await setBidDeadlineFromNow(t.sql, withBids.id, -3000);
    await t.sql`update orders set status = 'evaluation', award_window_ends_at = clock_timestamp() + interval '1 day' where id = ${withBids.id}`;
    const windowOver = await createOpenOrder(t.sql, buyerOrgId, { status: 'evaluation' });
    await setBidDeadlineFromNow(t.sql, windowOver.id, -5000);
    await t.sql`update orders set award_window_ends_at = clock_timestamp() - interval '4 seconds' where id = ${windowOver.id}`;
    const publicityOver = await createOpenOrder(t.sql, buyerOrgId, { status: 'awarded', publicityEndsAt: new Date(Date.now() - 60_000) });
    // a bid never re-confirmed after an amendment is not awardable (domain checkAward): it does not hold the order
    const onlyUnconfirmed = await createOpenOrder(t.sql, buyerOrgId);
    await bids.insertIfOpen(t.sql, { orderId: onlyUnconfirmed.id, vendorOrgId: v.org.id, ...sampleOffer() });
    await bids.markNeedsReconfirm(t.sql, onlyUnconfirmed.id);
    await setBidDeadlineFromNow(t.sql, onlyUnconfirmed.id, -6000);
    await t.sql`update orders set status = 'evaluation', award_window_ends_at = clock_timestamp() + interval '1 day' where id = ${onlyUnconfirmed.id}`;

    const due = await timedSteps.due(t.sql);
    const byId = new Map(due.map((d) => [d.orderId, d.transition]));
    expect(byId.get(closing.id)).toBe('close_bidding');
    expect(byId.get(noBids.id)).toBe('declare_unsuccessful');
    expect(byId.get(windowOver.id)).toBe('declare_unsuccessful');
    expect(byId.get(publicityOver.id)).toBe('end_publicity');
    expect(byId.get(onlyUnconfirmed.id)).toBe('declare_unsuccessful');
    expect(byId.has(notYet.id)).toBe(false);
    expect(byId.has(withBids.id)).toBe(false);
    // earliest due first
    const times = due.map((d) => d.dueAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // "as of" a later instant
    const later = await timedSteps.due(t.sql, { now: new Date(Date.now() + 8 * DAY * 1000) });
    expect(later.find((d) => d.orderId === notYet.id)?.transition).toBe('close_bidding');
    expect(later.find((d) => d.orderId === withBids.id)?.transition).toBe('declare_unsuccessful');
    expect(await timedSteps.due(t.sql, { limit: 2 })).toHaveLength(2);
  });
});

describe(`orders.lockById (${testBackend()})`, () => {
  it('returns the row under a lock inside a transaction', async () => {
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const locked = await withTransaction(t.sql, (tx) => orders.lockById(tx, o.id));
    expect(locked).toEqual(o);
    expect(await withTransaction(t.sql, (tx) => orders.lockById(tx, 'bad'))).toBeNull();
  });

  it('makes a second locker wait until the first commits', async (ctx) => {
    ctx.skip(t.backend === 'pglite', 'needs a PostgreSQL server: PGlite runs one backend, so lock waits cannot be observed');
    const o = await createOpenOrder(t.sql, buyerOrgId);
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const first = withTransaction(t.sql, async (tx) => {
      await orders.lockById(tx, o.id);
      events.push('a locked');
      locked();
      await held;
      await tx`update orders set title = '甲改' where id = ${o.id}`;
      events.push('a commits');
    });
    await isLocked;
    const second = withTransaction(t.sql, async (tx) => {
      const row = await orders.lockById(tx, o.id);
      events.push(`b sees ${row?.title}`);
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['a locked', 'a commits', 'b sees 甲改']);
  });
});
