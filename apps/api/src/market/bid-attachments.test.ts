import { audit, bids } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Market, PDF_BYTES, as, closeBidding, seedBid, seedBidAttachment, seedOpenOrder, setupMarket, upload,
} from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

const filesPath = (orderId: string) => `/api/v1/orders/${orderId}/bids/mine/attachments`;

describe('bid attachments', () => {
  it('the vendor adds files to its live bid; they come with its bid and download as files', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    const a = await seedBidAttachment(m, o.id, m.parties.vendorA, '技术方案 v2.pdf');
    expect(a).toMatchObject({ fileName: '技术方案 v2.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.byteLength });
    expect(a.url).toMatch(new RegExp(`^/api/v1/orders/${o.id}/bids/[0-9a-f-]{36}/attachments/${a.id}$`));
    const mine = await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/bids/mine`);
    expect(mine.json.attachments).toEqual([a]);
    // a revision keeps the files
    const revised = await as(m.app, m.parties.vendorA).patch(`/api/v1/orders/${o.id}/bids/mine`, { teamSize: 31 });
    expect(revised.status, revised.text).toBe(200);
    expect(revised.json.attachments).toEqual([a]);
    const file = await as(m.app, m.parties.vendorA).get(a.url);
    expect(file.status).toBe(200);
    expect(file.res.headers.get('content-type')).toBe('application/pdf');
    expect(file.res.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await (await m.app.request(a.url, { headers: { cookie: m.parties.vendorA.cookie } })).arrayBuffer())).toEqual(PDF_BYTES);
    // recorded without its name (a file name may carry a price)
    const added = (await audit.listForEntity(m.db.sql, 'order', o.id)).filter((e) => e.action === 'bid.attachment_added');
    expect(added).toEqual([expect.objectContaining({ actorOrgId: m.parties.vendorA.orgId, after: expect.objectContaining({ attachmentId: a.id }) })]);
    expect(JSON.stringify(added)).not.toContain('技术方案');
  });

  it('a sealed bid\'s files: not to the buyer or the secretariat before the deadline (403), never to other vendors (404)', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    await seedBid(m, o.id, m.parties.vendorB);
    const a = await seedBidAttachment(m, o.id, m.parties.vendorA);
    for (const p of [m.parties.buyerA, m.parties.secretariat]) {
      const r = await as(m.app, p).get(a.url);
      expect(r.status, r.text).toBe(403);
      expect(r.json.code).toBe('bids_sealed');
    }
    for (const p of [m.parties.vendorB, m.parties.buyerB, m.parties.unverified]) expect((await as(m.app, p).get(a.url)).status).toBe(404);
    expect((await as(m.app, null).get(a.url)).status).toBe(401);
    await closeBidding(m, o.id);
    for (const p of [m.parties.buyerA, m.parties.secretariat]) expect((await as(m.app, p).get(a.url)).status).toBe(200);
    expect((await as(m.app, m.parties.vendorB).get(a.url)).status).toBe(404);
    const list = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${o.id}/bids`);
    const byVendor = new Map(list.json.items.map((b: { vendorOrgId: string; attachments: unknown[] }) => [b.vendorOrgId, b.attachments]));
    expect(byVendor.get(m.parties.vendorA.orgId)).toEqual([a]);
    expect(byVendor.get(m.parties.vendorB.orgId)).toEqual([]);
  });

  it("an open-mode bid's files are the buyer's to see at once, as its amounts are", async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA, { biddingMode: 'open' });
    await seedBid(m, o.id, m.parties.vendorA);
    const a = await seedBidAttachment(m, o.id, m.parties.vendorA);
    expect((await as(m.app, m.parties.buyerA).get(a.url)).status).toBe(200);
    expect((await as(m.app, m.parties.secretariat).get(a.url)).status).toBe(403);
    expect((await as(m.app, m.parties.vendorB).get(a.url)).status).toBe(404);
  });

  it('only with a live bid, before the deadline, files of the accepted kinds', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const pdf = { name: '报价单.pdf', bytes: PDF_BYTES, type: 'application/pdf' };
    expect((await upload(m.app, filesPath(o.id), m.parties.vendorA.cookie, pdf)).status).toBe(404);
    expect((await upload(m.app, filesPath(o.id), m.parties.buyerA.cookie, pdf)).status).toBe(403);
    await seedBid(m, o.id, m.parties.vendorA);
    const exe = await upload(m.app, filesPath(o.id), m.parties.vendorA.cookie, { name: 'setup.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0]) });
    expect(exe.status).toBe(415);
    const empty = await upload(m.app, filesPath(o.id), m.parties.vendorA.cookie, { name: 'a.pdf', bytes: new Uint8Array() });
    expect(empty.status).toBe(400);
    const json = await as(m.app, m.parties.vendorA).post(filesPath(o.id), { file: 'x' });
    expect(json.status).toBe(415);
    const withdrawn = await as(m.app, m.parties.vendorA).delete(`/api/v1/orders/${o.id}/bids/mine`);
    expect(withdrawn.status).toBe(200);
    expect((await upload(m.app, filesPath(o.id), m.parties.vendorA.cookie, pdf)).status).toBe(404);
    const o2 = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o2.id, m.parties.vendorA);
    await closeBidding(m, o2.id);
    const late = await upload(m.app, filesPath(o2.id), m.parties.vendorA.cookie, pdf);
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('bidding_closed');
  });

  it('the vendor removes its files before the deadline; another vendor cannot', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    await seedBid(m, o.id, m.parties.vendorA);
    await seedBid(m, o.id, m.parties.vendorB);
    const a = await seedBidAttachment(m, o.id, m.parties.vendorA);
    const b = await seedBidAttachment(m, o.id, m.parties.vendorA, '资质证书.pdf');
    expect((await as(m.app, m.parties.vendorB).delete(`${filesPath(o.id)}/${a.id}`)).status).toBe(404);
    expect((await as(m.app, m.parties.buyerA).delete(`${filesPath(o.id)}/${a.id}`)).status).toBe(403);
    expect((await as(m.app, m.parties.vendorA).delete(`${filesPath(o.id)}/${a.id}`)).status).toBe(204);
    expect((await as(m.app, m.parties.vendorA).get(a.url)).status).toBe(404);
    expect((await as(m.app, m.parties.vendorA).get(`/api/v1/orders/${o.id}/bids/mine`)).json.attachments).toEqual([b]);
    expect((await as(m.app, m.parties.vendorA).delete(`${filesPath(o.id)}/${a.id}`)).status).toBe(404);
    await closeBidding(m, o.id);
    const late = await as(m.app, m.parties.vendorA).delete(`${filesPath(o.id)}/${b.id}`);
    expect(late.status).toBe(409);
    expect((await as(m.app, m.parties.vendorA).get(b.url)).status).toBe(200);
  });

  it('a bid holds at most 10 files', async () => {
    const o = await seedOpenOrder(m, m.parties.buyerA);
    const bid = await seedBid(m, o.id, m.parties.vendorB);
    for (let i = 0; i < 10; i++) await seedBidAttachment(m, o.id, m.parties.vendorB, `附件 ${i}.pdf`);
    const r = await upload(m.app, filesPath(o.id), m.parties.vendorB.cookie, { name: '第 11 个.pdf', bytes: PDF_BYTES, type: 'application/pdf' });
    expect(r.status).toBe(422);
    expect(await bids.attachmentUsage(m.db.sql, bid.id)).toEqual({ count: 10, bytes: 10 * PDF_BYTES.byteLength });
  });
});
