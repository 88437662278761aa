import { audit, notifications } from '@annex/db';
import { drawSample, shanghaiDate } from '@annex/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { runDeliveryClock, runPaymentReminders } from '../use-cases/implementation/clock.ts';
import { linkManifest, milestonePath, seedActiveContract, setDueDaysAgo, setReviewEnd } from '../test-implementation.ts';
import { type Market, type Party, PDF_BYTES, as, setupMarket, upload } from '../test-market.ts';

// The delivery of a contract milestone's batches, acceptance by sampling, payment tracking and completion,
// through the API as the two parties and the secretariat use it.

let m: Market;
let buyer: Party;
let vendor: Party;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  m = await setupMarket();
  buyer = m.parties.buyerA;
  vendor = m.parties.vendorA;
});
afterAll(() => m?.close());

const kindsOf = async (p: Party) => (await notifications.listForUser(m.db.sql, p.userId, { limit: 200 })).items.map((n) => n.kind);
const today = () => shanghaiDate(new Date());
/** PUT with a JSON body as a party. */
const put = (path: string, p: Party, body: unknown) => call(m.app, 'PUT', path, { cookie: p.cookie, body });

describe('a milestone from delivery to payment', () => {
  it('delivers, samples, rejects, reworks, accepts, invoices, pays, confirms, and the last confirmation completes the order', async () => {
    const c = await seedActiveContract(m, buyer, { plan: [['第一批', 1000, 3_000_000], ['第二批', 500, 4_000_000]] });
    const [first, second] = c.milestones;
    const p1 = milestonePath(c.orderId, first!.id);

    // others do not know the milestone exists
    for (const other of [m.parties.buyerB, m.parties.vendorB, m.parties.unverified]) expect((await as(m.app, other).get(`${p1}/implementation`)).status).toBe(404);
    expect((await as(m.app, null).get(`${p1}/implementation`)).status).toBe(401);
    const empty = await as(m.app, vendor).get(`${p1}/implementation`);
    expect(empty.json).toMatchObject({ state: { status: 'awaiting_delivery', attempts: 0 }, permissions: { deliver: true, accept: false }, payment: null, reviewWorkingDays: 5 });

    const d1 = await as(m.app, vendor).post(`${p1}/deliveries`, linkManifest());
    expect(d1.status).toBe(201);
    const batch1 = d1.json.deliveries[0];
    expect(batch1).toMatchObject({ attempt: 1, status: 'delivered', itemCount: 1000, vendorQaAccuracy: 99.1 });
    // the window ends at midnight in Shanghai, at least five working days (a week) later; told a day before
    const ends = new Date(batch1.reviewEndsAt);
    expect(ends.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(new Date(batch1.autoAcceptNoticeAt).getTime()).toBe(ends.getTime() - 86_400_000);
    expect(shanghaiDate(new Date(ends.getTime() - 1))).not.toBe(shanghaiDate(ends));
    expect(await kindsOf(buyer)).toContain('batch_delivered');
    // a second batch waits for the decision on the first
    expect((await as(m.app, vendor).post(`${p1}/deliveries`, linkManifest())).status).toBe(409);

    const b1 = `${p1}/deliveries/${batch1.id}`;
    expect((await as(m.app, buyer).post(`${b1}/decision`, { decision: 'reject', reasons: '未抽样' })).status).toBe(409);
    const started = await as(m.app, buyer).post(`${b1}/inspection`);
    expect(started.status).toBe(201);
    const insp = started.json.deliveries[0].inspection;
    expect(insp.plan.sampleSize).toBe(20);
    expect(insp.sampleItems).toHaveLength(20);
    // anyone can draw the sample again from the recorded seed
    expect(insp.sampleItems).toEqual(drawSample(insp.seed, 1000, 20));
    expect(insp.measured).toMatchObject({ errors: 0, accuracy: 100, verdict: 'accept' });
    expect(await kindsOf(vendor)).toContain('batch_inspection_started');
    expect((await as(m.app, buyer).post(`${b1}/inspection`)).status).toBe(409);

    const notDrawn = [...Array(1000).keys()].map((i) => i + 1).find((n) => !insp.sampleItems.includes(n));
    const bad = await put(`${b1}/inspection/errors`, buyer, { errors: [{ itemNumber: notDrawn, note: '漏标' }] });
    expect(bad.status).toBe(422);
    const twice = await put(`${b1}/inspection/errors`, buyer, { errors: [{ itemNumber: insp.sampleItems[0] }, { itemNumber: insp.sampleItems[0] }] });
    expect(twice.status).toBe(422);
    expect((await put(`${b1}/inspection/errors`, vendor, { errors: [] })).status).toBe(403);
    const errs = await put(`${b1}/inspection/errors`, buyer, {
      errors: insp.sampleItems.slice(0, 2).map((itemNumber: number) => ({ itemNumber, note: '框选偏移' })),
    });
    expect(errs.status).toBe(200);
    // 18 of 20 correct: 90 % against a target of 98 %; Wilson 95 % interval about 69.9 %–97.2 %
    const measured = errs.json.deliveries[0].inspection.measured;
    expect(measured).toMatchObject({ errors: 2, accuracy: 90, verdict: 'reject', reason: 'accuracy_below_target' });
    expect(measured.interval.low).toBeCloseTo(69.9, 1);
    expect(measured.interval.high).toBeCloseTo(97.2, 1);
    // a stale version is refused
    expect((await as(m.app, buyer).post(`${b1}/decision`, { decision: 'accept', version: 1 })).json.code).toBe('version_conflict');
    expect((await as(m.app, buyer).post(`${b1}/decision`, { decision: 'reject', reasons: '  ' })).status).toBe(422);
    expect((await as(m.app, vendor).post(`${b1}/decision`, { decision: 'accept' })).status).toBe(403);
    const rejected = await as(m.app, buyer).post(`${b1}/decision`, { decision: 'reject', reasons: '抽检准确率 90%，低于 98%' });
    expect(rejected.status).toBe(200);
    expect(rejected.json.deliveries[0]).toMatchObject({
      status: 'rejected', decision: { outcome: 'rejected', decidedHow: 'buyer', errors: 2, sampleSize: 20, accuracy: 90, suggested: 'reject' },
    });
    expect(await kindsOf(vendor)).toContain('batch_rejected');
    expect((await as(m.app, buyer).post(`${b1}/decision`, { decision: 'accept' })).status).toBe(409);

    const midway = await as(m.app, vendor).get(`/api/v1/orders/${c.orderId}/contract/implementation`);
    expect(midway.json).toMatchObject({
      contractStatus: 'active', complete: false, totals: { amountFen: 7_000_000, acceptedFen: 0, paidFen: 0 },
      milestones: [{ seq: 1, status: 'rejected', attempts: 1, accepted: false, payment: null }, { seq: 2, status: 'awaiting_delivery', attempts: 0 }],
    });

    // rework: attempt 2, accepted without sampling
    const d2 = await as(m.app, vendor).post(`${p1}/deliveries`, linkManifest(1000, { notes: '返工' }));
    expect(d2.status).toBe(201);
    const batch2 = d2.json.deliveries[1];
    expect(batch2.attempt).toBe(2);
    const accepted = await as(m.app, buyer).post(`${p1}/deliveries/${batch2.id}/decision`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.state).toEqual({ status: 'accepted', attempts: 2, reworks: 1, accepted: true });
    const due = new Date(Date.parse(`${today()}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(accepted.json.payment).toMatchObject({ status: 'unpaid', amountFen: 3_000_000, acceptedOn: today(), dueOn: due, overdue: false });
    expect(accepted.json.permissions).toMatchObject({ deliver: false, invoice: false });
    expect((await as(m.app, vendor).get(`${p1}/implementation`)).json.permissions).toMatchObject({ invoice: true, pay: false });

    // payment: 待开票 → 已开票 → 已付款 → 已确认收款
    expect((await as(m.app, buyer).post(`${p1}/payment/pay`, { paidOn: today() })).status).toBe(409);
    expect((await as(m.app, buyer).post(`${p1}/payment/invoice`, { invoiceNumber: 'No.1', invoiceDate: today() })).status).toBe(403);
    expect((await as(m.app, vendor).post(`${p1}/payment/invoice`, { invoiceNumber: 'No.1', invoiceDate: '2099-01-01' })).status).toBe(422);
    const invoiced = await as(m.app, vendor).post(`${p1}/payment/invoice`, { invoiceNumber: '37002612345678', invoiceDate: today() });
    expect(invoiced.json.payment).toMatchObject({ status: 'invoiced', invoiceNumber: '37002612345678', invoiceDate: today() });
    expect((await as(m.app, buyer).post(`${p1}/payment/pay`, { paidOn: today(), version: 1 })).json.code).toBe('version_conflict');
    expect((await as(m.app, buyer).post(`${p1}/payment/pay`, { paidOn: today() })).json.payment).toMatchObject({ status: 'paid', paidOn: today() });
    expect((await as(m.app, buyer).post(`${p1}/payment/confirm`, {})).status).toBe(403);
    expect((await as(m.app, vendor).post(`${p1}/payment/confirm`, {})).json.payment.status).toBe('confirmed');
    expect(await kindsOf(buyer)).toEqual(expect.arrayContaining(['payment_invoiced', 'payment_confirmed']));
    expect(await kindsOf(vendor)).toContain('payment_paid');
    expect((await as(m.app, buyer).get(`/api/v1/orders/${c.orderId}`)).json.status).toBe('in_progress');

    // the second milestone, then the order is completed
    const p2 = milestonePath(c.orderId, second!.id);
    const s2 = await as(m.app, vendor).post(`${p2}/deliveries`, linkManifest(500));
    await as(m.app, buyer).post(`${p2}/deliveries/${s2.json.deliveries[0].id}/decision`, { decision: 'accept' });
    await as(m.app, vendor).post(`${p2}/payment/invoice`, { invoiceNumber: 'No.2', invoiceDate: today() });
    await as(m.app, buyer).post(`${p2}/payment/pay`, { paidOn: today() });
    expect((await as(m.app, vendor).post(`${p2}/payment/confirm`, {})).status).toBe(200);
    expect((await as(m.app, buyer).get(`/api/v1/orders/${c.orderId}`)).json.status).toBe('completed');
    const [contract] = await m.db.sql<{ status: string }[]>`select status from contracts where id = ${c.contractId}`;
    expect(contract?.status).toBe('completed');
    expect(await kindsOf(vendor)).toContain('order_completed');
    // a completed contract takes no more deliveries
    expect((await as(m.app, vendor).post(`${p2}/deliveries`, linkManifest(500))).status).toBe(409);

    const overview = await as(m.app, buyer).get(`/api/v1/orders/${c.orderId}/contract/implementation`);
    expect(overview.json).toMatchObject({
      contractStatus: 'completed', complete: true, totals: { amountFen: 7_000_000, acceptedFen: 7_000_000, paidFen: 7_000_000, overdueFen: 0 },
      milestones: [
        { seq: 1, status: 'accepted', attempts: 2, reworks: 1, accepted: true, payment: { status: 'confirmed', overdue: false } },
        { seq: 2, status: 'accepted', attempts: 1, reworks: 0, payment: { status: 'confirmed' } },
      ],
    });
    expect((await as(m.app, m.parties.vendorB).get(`/api/v1/orders/${c.orderId}/contract/implementation`)).status).toBe(404);

    const actions = (await audit.listForEntity(m.db.sql, 'order', c.orderId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining([
      'delivery.delivered', 'delivery.inspection_started', 'delivery.errors_recorded', 'delivery.rejected', 'delivery.accepted',
      'payment.invoiced', 'payment.paid', 'payment.confirmed', 'order.completed',
    ]));

    // the order's timeline shows the contract stage to its parties only: a losing bidder sees the order, not the deal
    const timeline = async (p: Party) => ((await as(m.app, p).get(`/api/v1/orders/${c.orderId}/timeline`)).json.items as { action: string }[]).map((e) => e.action);
    expect(await timeline(vendor)).toEqual(expect.arrayContaining(['delivery.rejected', 'payment.confirmed']));
    expect(await timeline(m.parties.secretariat)).toContain('delivery.accepted');
    const loser = await timeline(m.parties.vendorB);
    expect(loser).toContain('award.made');
    expect(loser.filter((a) => /^(delivery|payment|contract)\./.test(a))).toEqual([]);

    // the buyer paid both on time
    const record = await as(m.app, vendor).get(`/api/v1/organisations/${buyer.orgId}/payment-record`);
    expect(record.json).toMatchObject({ counted: 2, onTime: 2, onTimeRate: 1, averageDaysLate: null });
  });
});


describe('manifest and files', () => {
  it('refuses incomplete manifests, binds uploaded files, and shows a file to the buyer only once delivered', async () => {
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const codes = async (body: unknown) => {
      const r = await as(m.app, vendor).post(`${p}/deliveries`, body);
      return [r.status, r.json.errors?.[0]?.path];
    };
    expect(await codes(linkManifest(1001))).toEqual([422, 'itemCount']);
    expect(await codes({ itemCount: 10 })).toEqual([422, 'fileIds']);
    expect(await codes(linkManifest(10, { checksum: null }))).toEqual([422, 'checksum']);
    expect(await codes(linkManifest(10, { checksum: 'sha256:nothex' }))).toEqual([422, 'checksum']);
    expect(await codes(linkManifest(10, { vendorQaAccuracy: 101 }))).toEqual([400, 'vendorQaAccuracy']);
    expect((await as(m.app, buyer).post(`${p}/deliveries`, linkManifest())).status).toBe(403);

    const up = await upload(m.app, `${p}/files`, vendor.cookie, { name: '质检报告.pdf', bytes: PDF_BYTES, type: 'application/pdf' });
    expect(up.status).toBe(201);
    expect((await as(m.app, buyer).post(`${p}/files`)).status).not.toBe(201);
    const fileId = up.json.id;
    expect((await as(m.app, buyer).get(`${p}/files/${fileId}`)).status).toBe(404);
    expect((await as(m.app, vendor).get(`${p}/files/${fileId}`)).status).toBe(200);
    const wrong = await as(m.app, vendor).post(`${p}/deliveries`, { itemCount: 10, fileIds: [fileId, crypto.randomUUID()] });
    expect(wrong.status).toBe(422);
    const ok = await as(m.app, vendor).post(`${p}/deliveries`, { itemCount: 10, fileIds: [fileId] });
    expect(ok.status).toBe(201);
    expect(ok.json.deliveries[0].files.map((f: { id: string }) => f.id)).toEqual([fileId]);
    const dl = await as(m.app, buyer).get(`${p}/files/${fileId}`);
    expect(dl.status).toBe(200);
    expect(dl.text).toContain('%PDF');
    expect((await as(m.app, m.parties.buyerB).get(`${p}/files/${fileId}`)).status).toBe(404);
  });
});

describe('disputes', () => {
  /** A milestone with a rejected batch. */
  async function rejectedBatch() {
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const d = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest());
    const b = `${p}/deliveries/${d.json.deliveries[0].id}`;
    await as(m.app, buyer).post(`${b}/inspection`);
    const r = await as(m.app, buyer).post(`${b}/decision`, { decision: 'reject', reasons: '错误率过高' });
    expect(r.status).toBe(200);
    return { c, p, b };
  }

  it('the secretariat overturns a rejection: the batch is accepted and its payment opens', async () => {
    const { p, b } = await rejectedBatch();
    expect((await as(m.app, buyer).post(`${b}/dispute`, { reason: 'x' })).status).toBe(403);
    expect((await as(m.app, vendor).post(`${b}/dispute`, { reason: '' })).status).toBe(400);
    const disputed = await as(m.app, vendor).post(`${b}/dispute`, { reason: '抽中的条目符合标注规范第 3.2 条' });
    expect(disputed.status).toBe(201);
    expect(disputed.json.deliveries[0]).toMatchObject({ status: 'disputed', dispute: { status: 'pending', raisedByRole: 'vendor' } });
    expect(await kindsOf(m.parties.secretariat)).toContain('batch_disputed');
    expect((await as(m.app, vendor).post(`${p}/deliveries`, linkManifest())).status).toBe(409);
    const queue = await as(m.app, m.parties.secretariat).get('/api/v1/admin/implementation-disputes');
    expect(queue.json.items.some((d: { deliveryId: string }) => b.endsWith(d.deliveryId))).toBe(true);
    expect((await as(m.app, buyer).get('/api/v1/admin/implementation-disputes')).status).toBe(403);

    expect((await as(m.app, buyer).post(`${b}/dispute/decision`, { decision: 'overturn', reason: 'x' })).status).toBe(403);
    const decided = await as(m.app, m.parties.secretariat).post(`${b}/dispute/decision`, { decision: 'overturn', reason: '规范未要求' });
    expect(decided.status).toBe(200);
    expect(decided.json.deliveries[0]).toMatchObject({ status: 'accepted', dispute: { status: 'overturned', decisionReason: '规范未要求' } });
    expect(decided.json.payment).toMatchObject({ status: 'unpaid' });
    expect((await as(m.app, m.parties.secretariat).post(`${b}/dispute/decision`, { decision: 'uphold', reason: '再议' })).status).toBe(409);
    expect(await kindsOf(buyer)).toContain('batch_dispute_decided');
  });

  it('an upheld rejection sends the vendor back to rework, and a rejection is disputed once', async () => {
    const { p, b } = await rejectedBatch();
    await as(m.app, vendor).post(`${b}/dispute`, { reason: '不同意' });
    const upheld = await as(m.app, m.parties.secretariat).post(`${b}/dispute/decision`, { decision: 'uphold', reason: '错误属实' });
    expect(upheld.json.deliveries[0]).toMatchObject({ status: 'rejected', dispute: { status: 'upheld' } });
    expect(upheld.json.permissions.dispute).toBe(false);
    expect((await as(m.app, vendor).post(`${b}/dispute`, { reason: '还是不同意' })).status).toBe(409);
    expect((await as(m.app, vendor).post(`${p}/deliveries`, linkManifest())).status).toBe(201);
  });

  it('a payment dispute goes to the secretariat; upheld for the vendor, a payment marked paid is invoiced again', async () => {
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const d = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest());
    expect((await as(m.app, vendor).post(`${p}/payment/dispute`, { reason: '未验收' })).status).toBe(409);
    await as(m.app, buyer).post(`${p}/deliveries/${d.json.deliveries[0].id}/decision`, { decision: 'accept' });
    await as(m.app, vendor).post(`${p}/payment/invoice`, { invoiceNumber: 'No.9', invoiceDate: today() });
    await as(m.app, buyer).post(`${p}/payment/pay`, { paidOn: today() });
    expect((await as(m.app, m.parties.secretariat).post(`${p}/payment/dispute`, { reason: 'x' })).status).toBe(403);
    const filed = await as(m.app, vendor).post(`${p}/payment/dispute`, { reason: '款项未到账' });
    expect(filed.status).toBe(201);
    expect(filed.json.payment.disputes[0]).toMatchObject({ subject: 'payment', status: 'pending', raisedByRole: 'vendor' });
    expect((await as(m.app, buyer).post(`${p}/payment/dispute`, { reason: '已付' })).status).toBe(409);
    expect(await kindsOf(buyer)).toContain('payment_disputed');
    expect((await as(m.app, vendor).post(`${p}/payment/dispute/decision`, { decision: 'upheld', reason: 'x' })).status).toBe(403);
    const decided = await as(m.app, m.parties.secretariat).post(`${p}/payment/dispute/decision`, { decision: 'upheld', reason: '银行回单不符' });
    expect(decided.json.payment).toMatchObject({ status: 'invoiced', paidOn: null, disputes: [{ status: 'upheld' }] });
    expect((await as(m.app, m.parties.secretariat).post(`${p}/payment/dispute/decision`, { decision: 'dismissed', reason: 'x' })).status).toBe(409);
  });
});

describe('the clock', () => {
  it('tells both sides a day before, then accepts a batch nobody decided, and a late decision is refused', async () => {
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const d = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest());
    const id = d.json.deliveries[0].id;
    expect(await runDeliveryClock(m.db.sql, log)).toBe(0);
    await setReviewEnd(m, id, 3_600_000);
    expect(await runDeliveryClock(m.db.sql, log)).toBe(1);
    expect(await runDeliveryClock(m.db.sql, log)).toBe(0);
    expect(await kindsOf(buyer)).toContain('batch_auto_accept_soon');
    expect(await kindsOf(vendor)).toContain('batch_auto_accept_soon');
    await setReviewEnd(m, id, -1000);
    const late = await as(m.app, buyer).post(`${p}/deliveries/${id}/decision`, { decision: 'accept' });
    expect(late.json.code).toBe('review_window_over');
    const acceptedBefore = (await kindsOf(vendor)).filter((k) => k === 'batch_accepted').length;
    expect(await runDeliveryClock(m.db.sql, log)).toBe(1);
    expect(await runDeliveryClock(m.db.sql, log)).toBe(0);
    const view = await as(m.app, buyer).get(`${p}/implementation`);
    expect(view.json.deliveries[0]).toMatchObject({ status: 'auto_accepted', decision: { outcome: 'accepted', decidedHow: 'review_window' } });
    expect(view.json.payment.status).toBe('unpaid');
    expect((await kindsOf(vendor)).filter((k) => k === 'batch_accepted')).toHaveLength(acceptedBefore + 1);
  });

  it('reminds before and after the due date, flags the payment overdue, and the buyer record counts the days late', async () => {
    const before = (await as(m.app, vendor).get(`/api/v1/organisations/${buyer.orgId}/payment-record`)).json;
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const d = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest());
    await as(m.app, buyer).post(`${p}/deliveries/${d.json.deliveries[0].id}/decision`, { decision: 'accept' });
    const reminders = async () => (await runPaymentReminders(m.db.sql, log));
    await setDueDaysAgo(m, c.milestones[0]!.id, -2);
    expect(await reminders()).toBe(1);
    expect(await reminders()).toBe(0);
    expect(await kindsOf(buyer)).toContain('payment_due_soon');
    await setDueDaysAgo(m, c.milestones[0]!.id, 8);
    expect(await reminders()).toBe(1);
    expect(await reminders()).toBe(0);
    const view = (await as(m.app, buyer).get(`${p}/implementation`)).json;
    expect(view.payment).toMatchObject({ overdue: true });
    expect(view.payment.overdueSince).not.toBeNull();
    expect(await kindsOf(vendor)).toContain('payment_overdue');
    const after = (await as(m.app, vendor).get(`/api/v1/organisations/${buyer.orgId}/payment-record`)).json;
    expect(after.overdueNow).toBe(before.overdueNow + 1);
    expect(after.late).toBe(before.late + 1);
    expect((await as(m.app, buyer).get(`/api/v1/organisations/${vendor.orgId}/payment-record`)).status).toBe(404);
    expect((await as(m.app, null).get(`/api/v1/organisations/${buyer.orgId}/payment-record`)).status).toBe(401);
  });
});

describe('errors and replays', () => {
  it('replays a delivery under one Idempotency-Key, refuses another body under it, and answers 404 for a batch of another milestone', async () => {
    const c = await seedActiveContract(m, buyer);
    const [first, second] = c.milestones;
    const p = milestonePath(c.orderId, first!.id);
    const key = { 'idempotency-key': `deliver-${first!.id}` };
    const a = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest(), key);
    const b = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest(), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.deliveries).toHaveLength(1);
    expect(b.json.deliveries[0].id).toBe(a.json.deliveries[0].id);
    expect((await as(m.app, vendor).post(`${p}/deliveries`, linkManifest(999), key)).json.code).toBe('idempotency_key_reused');
    const elsewhere = `${milestonePath(c.orderId, second!.id)}/deliveries/${a.json.deliveries[0].id}`;
    expect((await as(m.app, buyer).post(`${elsewhere}/decision`, { decision: 'accept' })).status).toBe(404);
    // a milestone of another order, and one that does not exist
    const other = await seedActiveContract(m, buyer);
    expect((await as(m.app, buyer).get(`${milestonePath(other.orderId, first!.id)}/implementation`)).status).toBe(404);
    expect((await as(m.app, buyer).get(`${milestonePath(c.orderId, crypto.randomUUID())}/implementation`)).status).toBe(404);
    expect((await as(m.app, buyer).get(`${milestonePath(c.orderId, 'not-a-uuid')}/implementation`)).status).toBe(404);
  });

  it('refuses errors after the window and steps on a terminated contract', async () => {
    const c = await seedActiveContract(m, buyer);
    const p = milestonePath(c.orderId, c.milestones[0]!.id);
    const d = await as(m.app, vendor).post(`${p}/deliveries`, linkManifest());
    const id = d.json.deliveries[0].id;
    const started = await as(m.app, buyer).post(`${p}/deliveries/${id}/inspection`);
    const item = started.json.deliveries[0].inspection.sampleItems[0];
    expect((await put(`${p}/deliveries/${id}/inspection/errors`, buyer, { errors: [{ itemNumber: item }], version: 1 })).json.code).toBe('version_conflict');
    await setReviewEnd(m, id, -1000);
    expect((await put(`${p}/deliveries/${id}/inspection/errors`, buyer, { errors: [{ itemNumber: item }] })).json.code).toBe('review_window_over');
    await m.db.sql`update contracts set status = 'terminated', terminated_at = clock_timestamp() where id = ${c.contractId}`;
    const next = milestonePath(c.orderId, c.milestones[1]!.id);
    const refused = await as(m.app, vendor).post(`${next}/deliveries`, linkManifest());
    expect([refused.status, refused.json.code]).toEqual([409, 'invalid_transition']);
    // the clock leaves a terminated contract's batches alone
    expect(await runDeliveryClock(m.db.sql, log)).toBe(0);
    expect((await as(m.app, buyer).get(`${p}/implementation`)).json.deliveries[0].status).toBe('under_inspection');
  });
});
