import { audit, notifications } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-helpers.ts';
import { type Market, ROLES, type Role, as, bidBody, closeBidding, seedOpenOrder, setupMarket, upload } from '../test-market.ts';

// A sealed bid's amount is seen by nobody but its own vendor before the deadline — not the buyer, not the
// secretariat, not other vendors, not the public — in no response and in no log line.

const SENTINEL = 7_654_321;
const REVISED = 8_765_432;
const forms = (fen: number) => [String(fen), (fen / 100).toFixed(2), (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })];
const leaks = (text: string) => [...forms(SENTINEL), ...forms(REVISED)].filter((f) => text.includes(f));

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(() => m?.close());

describe('sealed-bid leak test', () => {
  it('no response to anyone but the bidder, and no log line, carries the amount before the deadline', async () => {
    const { buyerA, vendorA, vendorB, secretariat } = m.parties;
    const order = await seedOpenOrder(m, buyerA, { budgetTotalFen: 9_999_999 });
    const seen: { who: string; what: string; text: string }[] = [];
    const record = (who: string, what: string, r: { text: string }) => seen.push({ who, what, text: r.text });

    const mine = await as(m.app, vendorA).post(`/api/v1/orders/${order.id}/bids`, bidBody(SENTINEL), { 'idempotency-key': 'leak-test' });
    expect(mine.status, mine.text).toBe(201);
    expect(mine.text).toContain(String(SENTINEL));
    // what everyone else does meanwhile
    record('vendorB', 'bid', await as(m.app, vendorB).post(`/api/v1/orders/${order.id}/bids`, bidBody(9_000_000)));
    const q = await as(m.app, vendorB).post(`/api/v1/orders/${order.id}/questions`, { body: '是否接受分批交付？' });
    record('vendorB', 'ask', q);
    record('buyerA', 'answer', await as(m.app, buyerA).post(`/api/v1/orders/${order.id}/questions/${q.json.id}/answer`, { answer: '接受' }));
    record('buyerA', 'amend', await as(m.app, buyerA).patch(`/api/v1/orders/${order.id}`, { tags: ['自动驾驶', '修订'] }));
    const revised = await as(m.app, vendorA).patch(`/api/v1/orders/${order.id}/bids/mine`, { totalPriceFen: REVISED });
    expect(revised.status, revised.text).toBe(200);
    const bidId = mine.json.id as string;
    // a quote as a file of the bid: an amount too
    const quote = new TextEncoder().encode(`报价明细\n总价（分）：${SENTINEL}\n`);
    const file = await upload(m.app, `/api/v1/orders/${order.id}/bids/mine/attachments`, vendorA.cookie, { name: '报价明细.txt', bytes: quote, type: 'text/plain' });
    expect(file.status, file.text).toBe(201);

    // every GET of the API, by every caller but the bidder, with this order's ids
    const doc = m.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const gets = Object.entries(doc.paths ?? {}).filter(([, item]) => item && 'get' in item).map(([p]) => p);
    const ids: Record<string, string> = { id: order.id, qid: q.json.id, bidId, attachmentId: file.json.id, orgId: vendorA.orgId };
    for (const role of ROLES.filter((r): r is Exclude<Role, 'vendorA'> => r !== 'vendorA')) {
      for (const template of gets) {
        const path = template.replace(/\{(\w+)\}/g, (_, k: string) => (k === 'id' && template.startsWith('/api/v1/vendors') ? vendorA.orgId : ids[k] ?? order.id));
        const r = await call(m.app, 'GET', path, { cookie: m.cookieOf(role) });
        // this market runs without search: readiness and the search routes honestly answer 503 for it, nothing else may
        const withoutSearch = r.status === 503 && ['search_unavailable', 'service_unavailable'].includes(r.json?.code);
        if (!withoutSearch) expect(r.status, `${role} GET ${path}`).toBeLessThan(500);
        record(role, `GET ${path}`, r);
      }
      for (const extra of [`/api/v1/orders?scope=mine`, '/api/v1/notifications?limit=100', `/api/v1/orders/${order.id}/comparison?price=100`]) {
        record(role, `GET ${extra}`, await call(m.app, 'GET', extra, { cookie: m.cookieOf(role) }));
      }
    }
    const leaked = seen.filter((s) => leaks(s.text).length > 0).map((s) => `${s.who} ${s.what}`);
    expect(leaked).toEqual([]);
    expect(seen.length).toBeGreaterThan(100);

    // nor in the log, the audit trail or anyone's inbox (the bidder's own requests included)
    expect(leaks(JSON.stringify(m.logs))).toEqual([]);
    expect(leaks(JSON.stringify(await audit.listForEntity(m.db.sql, 'order', order.id)))).toEqual([]);
    for (const p of [buyerA, vendorB, secretariat]) {
      expect(leaks(JSON.stringify(await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })))).toEqual([]);
    }

    // after the deadline the buyer and the secretariat see it
    await closeBidding(m, order.id);
    const after = await as(m.app, buyerA).get(`/api/v1/orders/${order.id}/bids`);
    expect(after.text).toContain(String(REVISED));
    const other = await as(m.app, vendorB).get(`/api/v1/orders/${order.id}/bids`);
    expect(leaks(other.text)).toEqual([]);
    // and the bid's files with it; other vendors never
    const fileUrl = file.json.url as string;
    expect((await as(m.app, buyerA).get(fileUrl)).text).toContain(String(SENTINEL));
    expect(leaks((await as(m.app, vendorB).get(fileUrl)).text)).toEqual([]);
  });

  it('an order cancelled before its deadline keeps its sealed bids sealed, also once the deadline has passed', async () => {
    const { buyerA, vendorA, vendorB, secretariat } = m.parties;
    const order = await seedOpenOrder(m, buyerA, { budgetTotalFen: 9_999_999 });
    const bid = await as(m.app, vendorA).post(`/api/v1/orders/${order.id}/bids`, bidBody(SENTINEL), { 'idempotency-key': 'leak-cancel' });
    expect(bid.status, bid.text).toBe(201);
    const cancelled = await as(m.app, buyerA).post(`/api/v1/orders/${order.id}/cancel`, { reason: '需求变更，取消采购' });
    expect(cancelled.status, cancelled.text).toBe(200);
    const reads = async () => {
      const texts: string[] = [];
      for (const p of [buyerA, secretariat, vendorB]) {
        for (const path of [`/api/v1/orders/${order.id}`, `/api/v1/orders/${order.id}/bids`, `/api/v1/orders/${order.id}/comparison`]) {
          const r = await call(m.app, 'GET', path, { cookie: p.cookie });
          expect(r.status, `GET ${path}`).toBeLessThan(500);
          if (path.endsWith(order.id)) expect(r.json.permissions.seeBids, `seeBids on ${path}`).toBe(false);
          texts.push(r.text);
        }
      }
      return leaks(texts.join('\n'));
    };
    expect(await reads()).toEqual([]);
    // the deadline passes after the cancellation: closeBidding puts it 1 s before now, so let more than 1 s go by
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await closeBidding(m, order.id);
    expect(await reads()).toEqual([]);
  });
});
