import { audit, bids, notifications, amendments } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../lib/zip-fixture.ts';
import { call } from '../test-helpers.ts';
import {
  type Market, PDF_BYTES, as, bidBody, orderBody, seedAwardedOrder, seedBid, seedClosedOrder, seedDraft, seedOpenOrder, setupMarket, upload,
} from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

const HOUR = 3_600_000;
const future = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

/** A draft created through the API by buyer A. */
async function draft(over = {}) {
  const r = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody(over));
  expect(r.status, r.text).toBe(201);
  return r.json;
}

/** An open order created and approved through the API. */
async function openOrder(over = {}, bidHours = 72) {
  const r = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody(over, bidHours));
  expect(r.status, r.text).toBe(201);
  expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${r.json.id}/submit`)).status).toBe(200);
  const ok = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${r.json.id}/review`, { decision: 'approve' });
  expect(ok.status, ok.text).toBe(200);
  return ok.json;
}

describe('POST /orders: bad input never passes and never 5xx', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['money as a float', { budgetTotalFen: 1234.5 }, 400, 'budgetTotalFen'],
    ['negative money', { unitPriceCeilingFen: -1 }, 400, 'unitPriceCeilingFen'],
    ['money above the limit', { budgetTotalFen: 1_000_000_000_001 }, 400, 'budgetTotalFen'],
    ['money as a string', { budgetTotalFen: '1000' }, 400, 'budgetTotalFen'],
    ['an unknown modality', { modality: 'smell' }, 400, 'modality'],
    ['an unknown task type', { taskTypes: ['bbox', 'telepathy'] }, 400, 'taskTypes.1'],
    ['an unknown bidding mode', { biddingMode: 'auction' }, 400, 'biddingMode'],
    ['an unknown field', { discount: 5 }, 400, ''],
    ['a date without offset', { bidDeadline: '2027-01-01T00:00:00' }, 400, 'bidDeadline'],
    ['100 KB of Markdown', { description: `# 规范\n${'很长的说明。'.repeat(17_000)}` }, 400, 'description'],
    ['a bid deadline in the past', { bidDeadline: future(-1) }, 422, 'bidDeadline'],
    ['a bid deadline more than a year out', { bidDeadline: future(24 * 370), deliveryDeadline: future(24 * 400) }, 422, 'bidDeadline'],
    ['a delivery deadline more than two years out', { deliveryDeadline: future(24 * 800) }, 422, 'deliveryDeadline'],
    ['accuracy above 100', { accuracyTarget: 100.5 }, 400, 'accuracyTarget'],
    ['a sampling rule of the old shape', { samplingRule: { samplePercent: 5, confidenceLevel: 95 } }, 400, 'samplingRule.kind'],
    ['an AQL that is no column of GB/T 2828.1', { samplingRule: { kind: 'gbt2828', aql: 2 } }, 400, 'samplingRule.aql'],
    ['a statistical plan expecting 100 %', { samplingRule: { kind: 'statistical', expectedAccuracy: 100, marginPercent: 2, confidence: 95 } }, 400, 'samplingRule.expectedAccuracy'],
  ];
  it.each(cases)('%s → %d', async (_, over, status, path) => {
    const r = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody(over));
    expect(r.status, r.text).toBe(status);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    if (path) expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('keeps Markdown as written and renders it sanitised', async () => {
    const description = '# 标题\n<script>alert("x")</script>\n<img src=x onerror=alert(1)>\n[点我](javascript:alert(1))';
    const o = await draft({ description });
    expect(o.description).toBe(description);
    expect(o.descriptionHtml).toContain('<h1>标题</h1>');
    for (const bad of ['<script', 'onerror', 'href="javascript:']) expect(o.descriptionHtml).not.toContain(bad);
    const again = await as(m.app, null).get(`/api/v1/orders/${o.id}`);
    expect(again.status).toBe(404); // a draft is the buyer's alone
  });

  it('keeps each kind of acceptance rule as sent', async () => {
    for (const rule of [
      { kind: 'fixed', sampleSize: 300 },
      { kind: 'statistical', expectedAccuracy: 97.5, marginPercent: 1.5, confidence: 99 },
      { kind: 'gbt2828', aql: 0.65 },
    ]) expect((await draft({ samplingRule: rule })).samplingRule).toEqual(rule);
  });

  it('saves a half-filled draft', async () => {
    const r = await as(m.app, m.parties.buyerA).post('/api/v1/orders', { title: '先占个位', modality: 'text' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ status: 'draft', volume: null, bidDeadline: null, taskTypes: [] });
  });

  it('is JSON only and needs the public Origin', async () => {
    const r1 = await call(m.app, 'POST', '/api/v1/orders', { cookie: m.parties.buyerA.cookie, raw: 'title=x', contentType: 'application/x-www-form-urlencoded' });
    expect(r1.status).toBe(415);
    const r2 = await call(m.app, 'POST', '/api/v1/orders', { cookie: m.parties.buyerA.cookie, body: orderBody(), origin: 'https://evil.example' });
    expect(r2.status).toBe(403);
    expect(r2.json.code).toBe('csrf_origin_mismatch');
  });
});

describe('submit, review, edit, cancel', () => {
  it('submit lists what a draft still lacks (422) and refuses a second submit (409)', async () => {
    const half = await as(m.app, m.parties.buyerA).post('/api/v1/orders', { title: '未完成的订单', modality: 'image' });
    const r = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${half.json.id}/submit`);
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('rule_violation');
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['volume', 'bidDeadline', 'deliveryDeadline', 'accuracyTarget', 'taskTypes', 'budgetTotalFen']),
    );
    const o = await draft();
    expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/submit`)).status).toBe(200);
    // the secretariat is told there is an order to review
    const inbox = await notifications.listForUser(m.db.sql, m.parties.secretariat.userId);
    expect(inbox.items[0]).toMatchObject({ kind: 'order_submitted', orderId: o.id, orgId: m.parties.secretariat.orgId, payload: { orderTitle: o.title } });
    const twice = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/submit`);
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('invalid_transition');
    const edit = await as(m.app, m.parties.buyerA).patch(`/api/v1/orders/${o.id}`, { title: '审核中修改' });
    expect(edit.status).toBe(409);
  });

  it('checks the order of the deadlines when they are saved, also against those saved before', async () => {
    const r = await as(m.app, m.parties.buyerA).post('/api/v1/orders', orderBody({ questionsCloseAt: future(80), bidDeadline: future(72) }));
    expect(r.status, r.text).toBe(422);
    expect(r.json.errors[0].path).toBe('questionsCloseAt');
    const o = await draft();
    const p = await as(m.app, m.parties.buyerA).patch(`/api/v1/orders/${o.id}`, { deliveryDeadline: future(10) });
    expect(p.status, p.text).toBe(422);
    expect(p.json.errors[0].path).toBe('deliveryDeadline');
  });

  it('the secretariat rejects with a reason (back to draft, buyer told) or approves (open, published)', async () => {
    const o = await draft();
    await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/submit`);
    const noReason = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${o.id}/review`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const rejected = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${o.id}/review`, { decision: 'reject', reason: '预算与数据量不匹配' });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: 'draft', reviewReason: '预算与数据量不匹配' });
    const inbox = await notifications.listForUser(m.db.sql, m.parties.buyerA.userId);
    expect(inbox.items[0]).toMatchObject({ kind: 'order_rejected', orderId: o.id, payload: { reason: '预算与数据量不匹配' } });
    const reviewDraft = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${o.id}/review`, { decision: 'approve' });
    expect(reviewDraft.status).toBe(404); // drafts are the buyer's own
    await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/submit`);
    const approved = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${o.id}/review`, { decision: 'approve' });
    expect(approved.json).toMatchObject({ status: 'open', reviewReason: null });
    const listed = await as(m.app, null).get('/api/v1/orders?modality=image&taskType=bbox');
    expect(listed.json.items.map((i: { id: string }) => i.id)).toContain(o.id);
    const mine = await as(m.app, m.parties.buyerA).get('/api/v1/orders?scope=mine&status=open');
    expect(mine.json.items.map((i: { id: string }) => i.id)).toContain(o.id);
    const soonest = await as(m.app, m.parties.buyerA).get('/api/v1/orders?scope=mine&sort=deadline&limit=100');
    const deadlines = soonest.json.items.map((i: { bidDeadline: string | null }) => i.bidDeadline).filter(Boolean);
    expect(deadlines).toEqual([...deadlines].sort());
    // published orders sort as the search does; the buyer's own list filters by status only
    expect((await as(m.app, null).get('/api/v1/orders?sort=updated')).status).toBe(400);
    const searchingMine = await as(m.app, m.parties.buyerA).get('/api/v1/orders?scope=mine&q=点云');
    expect(searchingMine.status).toBe(400);
    expect(searchingMine.json.errors[0].path).toBe('query.scope');
  });

  it('approval re-checks the deadlines (an order whose deadline passed during review is 422)', async () => {
    const o = await seedDraft(m, m.parties.buyerA, 'pending_review');
    await m.db.sql`select 1`; // the deadline lies 7 days out; make a stale one instead:
    const stale = await seedOpenOrder(m, m.parties.buyerA, {
      status: 'pending_review', publishedAt: null, questionsCloseAt: new Date(Date.now() + 1000), bidDeadline: new Date(Date.now() + 1500),
    });
    await new Promise((r) => setTimeout(r, 1600));
    const r = await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${stale.id}/review`, { decision: 'approve' });
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('rule_violation');
    expect((await as(m.app, m.parties.secretariat).post(`/api/v1/admin/orders/${o.id}/review`, { decision: 'approve' })).status).toBe(200);
  });

  it('cancel needs a reason, tells the bidders, and is refused after an award', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    expect((await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/cancel`, {})).status).toBe(400);
    const r = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${o.id}/cancel`, { reason: '项目取消' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'cancelled', cancelReason: '项目取消' });
    const inbox = await notifications.listForUser(m.db.sql, m.parties.vendorA.userId);
    expect(inbox.items[0]).toMatchObject({ kind: 'order_cancelled', orderId: o.id });
    const awarded = await seedAwardedOrder(m, m.parties.buyerA);
    const late = await as(m.app, m.parties.buyerA).post(`/api/v1/orders/${awarded.order.id}/cancel`, { reason: '反悔' });
    expect(late.status).toBe(409);
  });
});

describe('amendments of an open order', () => {
  it('are logged, ask bidders to re-confirm, and tell them', async () => {
    const o = await openOrder();
    const bid = await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${o.id}/bids`, bidBody());
    expect(bid.status, bid.text).toBe(201);
    const r = await as(m.app, m.parties.buyerA).patch(`/api/v1/orders/${o.id}`, { budgetTotalFen: 12_000_000, amendmentReason: '追加预算' });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 'open', budgetTotalFen: 12_000_000, amendmentCount: 1 });
    expect(await amendments.list(m.db.sql, o.id)).toEqual([
      expect.objectContaining({ reason: '追加预算', changes: { budgetTotalFen: { from: 10_000_000, to: 12_000_000 } } }),
    ]);
    expect((await bids.mine(m.db.sql, o.id, m.parties.vendorA.orgId))?.status).toBe('needs_reconfirm');
    const inbox = await notifications.listForUser(m.db.sql, m.parties.vendorA.userId);
    expect(inbox.items[0]).toMatchObject({ kind: 'order_amended', payload: { fields: ['budgetTotalFen'], needsReconfirm: true } });
    const entry = (await audit.listForEntity(m.db.sql, 'order', o.id)).at(-1);
    expect(entry).toMatchObject({ action: 'order.amended', before: { budgetTotalFen: 10_000_000 }, after: { budgetTotalFen: 12_000_000, reason: '追加预算' } });
    const re = await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${o.id}/bids/mine/reconfirm`);
    expect(re.status).toBe(200);
    expect(re.json.status).toBe('active');
  });

  it('must leave the minimum bidding window and keep the bidding mode', async () => {
    const strict = m.make({ minBidWindowSeconds: 86_400 });
    const o = await openOrder({}, 72);
    const short = await call(strict, 'PATCH', `/api/v1/orders/${o.id}`, { cookie: m.parties.buyerA.cookie, body: { bidDeadline: future(5), questionsCloseAt: future(4) } });
    expect(short.status, short.text).toBe(422);
    expect(short.json.errors[0].path).toBe('bidDeadline');
    const mode = await as(m.app, m.parties.buyerA).patch(`/api/v1/orders/${o.id}`, { biddingMode: 'open' });
    expect(mode.status).toBe(422);
    expect(mode.json.errors[0].path).toBe('biddingMode');
    const clear = await as(m.app, m.parties.buyerA).patch(`/api/v1/orders/${o.id}`, { volume: null });
    expect(clear.status).toBe(422);
  });
});

describe('attachments', () => {
  it('stores a file checked by content and serves it as an attachment', async () => {
    const o = await draft();
    const up = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: '标注规范 v2.pdf', bytes: PDF_BYTES });
    expect(up.status, up.text).toBe(201);
    expect(up.json).toMatchObject({ kind: 'guideline', fileName: '标注规范 v2.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.byteLength });
    const dl = await m.app.request(up.json.url, { headers: { cookie: m.parties.buyerA.cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PDF_BYTES);
    const page = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}`);
    expect(page.json.attachments).toHaveLength(1);
    const docx = makeZip({
      '[Content_Types].xml': '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      'word/document.xml': '<w/>',
    });
    const up2 = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: '样例.docx', bytes: docx }, 'sample');
    expect(up2.status, up2.text).toBe(201);
    const csv = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: 'labels.csv', bytes: new TextEncoder().encode('id,label\n1,car\n') });
    expect(csv.json.contentType).toBe('text/csv; charset=utf-8');
    const del = await as(m.app, m.parties.buyerA).delete(up2.json.url);
    expect(del.status).toBe(204);
  });

  it.each([
    ['an executable named .pdf', 'tool.pdf', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]), 415],
    ['HTML named .txt? no: HTML named .html', 'page.html', new TextEncoder().encode('<html><script>alert(1)</script>'), 415],
    ['a PDF named .png', 'x.png', PDF_BYTES, 415],
    ['an empty file', 'empty.txt', new Uint8Array(0), 400],
    ['a name with a right-to-left override', 'scan\u202Efdp.pdf', PDF_BYTES, 400],
    ['a name with an escape character', 'scan\u001b[2J.pdf', PDF_BYTES, 400],
  ])('refuses %s', async (_, name, bytes, status) => {
    const o = await draft();
    const r = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name, bytes });
    expect(r.status, r.text).toBe(status);
  });

  it('says which character of a file name is refused, and drops zero-width ones', async () => {
    const o = await draft();
    const bidi = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: 'scan\u202Efdp.pdf', bytes: PDF_BYTES });
    expect(bidi.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'file', message: 'the file name must not contain direction control characters (found U+202E)' }],
    });
    const zw = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: '标注\u200b规范\ufeff.pdf', bytes: PDF_BYTES });
    expect(zw.json.fileName).toBe('标注规范.pdf');
  });

  it('refuses files over 20 MB (413), JSON bodies (415), foreign origins (403) and orders past bidding (409)', async () => {
    const o = await draft();
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(PDF_BYTES);
    const r = await upload(m.app, `/api/v1/orders/${o.id}/attachments`, m.parties.buyerA.cookie, { name: 'big.pdf', bytes: big });
    expect(r.status).toBe(413);
    const json = await call(m.app, 'POST', `/api/v1/orders/${o.id}/attachments`, { cookie: m.parties.buyerA.cookie, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.set('file', new File([PDF_BYTES], 'a.pdf'));
    const foreign = await m.app.request(`/api/v1/orders/${o.id}/attachments`, {
      method: 'POST', body: form, headers: { cookie: m.parties.buyerA.cookie, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const closed = await seedClosedOrder(m, m.parties.buyerA);
    const late = await upload(m.app, `/api/v1/orders/${closed.order.id}/attachments`, m.parties.buyerA.cookie, { name: 'a.pdf', bytes: PDF_BYTES });
    expect(late.status).toBe(409);
  });

  it('changes the files of an open order as an amendment: logged, bids re-confirmed, bidders told', async () => {
    const o = await openOrder();
    await seedBid(m, o.id, m.parties.vendorA);
    const path = `/api/v1/orders/${o.id}/attachments`;
    const tooShort = await upload(m.app, path, m.parties.buyerA.cookie, { name: '规范 v3.pdf', bytes: PDF_BYTES }, 'guideline', { reason: 'x' });
    expect(tooShort.status).toBe(400);
    const up = await upload(m.app, path, m.parties.buyerA.cookie, { name: '规范 v3.pdf', bytes: PDF_BYTES }, 'guideline', { reason: '补充遮挡样例的说明' });
    expect(up.status, up.text).toBe(201);
    const mine = await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/bids/mine`);
    expect(mine.json.status).toBe('needs_reconfirm');
    const told = (await notifications.listForUser(m.db.sql, m.parties.vendorA.userId)).items.find((n) => n.kind === 'order_amended' && n.orderId === o.id);
    expect(told?.payload).toMatchObject({ fields: ['attachments'], reason: '补充遮挡样例的说明', needsReconfirm: true });
    const logged = await amendments.list(m.db.sql, o.id);
    expect(logged.at(-1)?.changes).toEqual({ attachments: { from: [], to: ['规范 v3.pdf'] } });
    expect((await as(m.app, m.parties.vendorA).post(`/api/v1/orders/${o.id}/bids/mine/reconfirm`)).status).toBe(200);
    const del = await as(m.app, m.parties.buyerA).delete(`${up.json.url}?reason=${encodeURIComponent('上传错了版本')}`);
    expect(del.status, del.text).toBe(204);
    expect((await amendments.list(m.db.sql, o.id)).at(-1)?.changes).toEqual({ attachments: { from: ['规范 v3.pdf'], to: [] } });
    expect((await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/bids/mine`)).json.status).toBe('needs_reconfirm');
    // a published order is public, its files are not another buyer's to change
    expect((await as(m.app, m.parties.buyerB).delete(`${up.json.url}`)).status).toBe(403);
  });
});
