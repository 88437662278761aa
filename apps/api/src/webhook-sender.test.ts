import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@annex/auth';
import { createSql, webhooks } from '@annex/db';
import { notificationKindsOf, type WebhookEventType } from '@annex/domain';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from './test-helpers.ts';
import { ON_SERVER, type Market, type Party, bidBody, seedOpenOrder, setupMarket } from './test-market.ts';
import { startWebhookSender } from './webhook-sender.ts';

// The sender against real HTTP receivers started here (node:http), over the test database.

type Received = { headers: Record<string, string | string[] | undefined>; body: string };

/** A receiver on 127.0.0.1 answering each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[] = [204]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/annex`, port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let m: Market;
const log = pino({ level: 'silent' });
const open: { close: () => Promise<void> }[] = [];
beforeAll(async () => {
  m = await setupMarket();
}, 120_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await m?.close();
});

async function subscribe(p: Party, url: string, types: WebhookEventType[], secret = 'whsec_test') {
  return await webhooks.create(m.db.sql, { orgId: p.orgId, url, description: '', eventTypes: types, notificationKinds: notificationKindsOf(types), secret, createdBy: p.userId });
}

/** Makes every pending delivery due now (time passes). */
const dueNow = () => m.db.sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`;

async function bidOnNewOrder(buyer: Party, vendor: Party, totalPriceFen: number) {
  const order = await seedOpenOrder(m, buyer);
  const r = await call(m.app, 'POST', `/api/v1/orders/${order.id}/bids`, { cookie: vendor.cookie, body: bidBody(totalPriceFen) });
  expect(r.status).toBe(201);
  return order;
}

describe('webhook deliveries', () => {
  it('signs each delivery, retries after a 500 and succeeds; a sealed bid’s amount is never in the body', async () => {
    const { buyerA, vendorA } = m.parties;
    const r = await receiver([500, 200]);
    open.push(r);
    const sub = await subscribe(buyerA, r.url, ['bid.received']);
    const order = await bidOnNewOrder(buyerA, vendorA, 7_654_321);
    const sender = startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: true, loop: false });

    expect(await sender.pass()).toMatchObject({ attempted: 1, succeeded: 0 });
    const [first] = (await webhooks.listDeliveries(m.db.sql, sub.id)).items;
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    // the retry waits its turn: 30 s after the first failure
    expect(first!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(20_000);
    expect(await sender.pass()).toMatchObject({ attempted: 0 });
    await dueNow();
    expect(await sender.pass()).toMatchObject({ attempted: 1, succeeded: 1 });

    expect(r.received).toHaveLength(2);
    for (const got of r.received) {
      const header = String(got.headers['annex-signature']);
      expect(verifyWebhookSignature(header, got.body, 'whsec_test', Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhookSignature(header, got.body, 'whsec_wrong', Math.floor(Date.now() / 1000))).toBe(false);
      const event = JSON.parse(got.body);
      expect(event).toMatchObject({ type: 'bid.received', organisationId: buyerA.orgId, data: { orderId: order.id } });
      expect(got.headers['annex-event-id']).toBe(event.id);
      // sealed: the buyer learns that a bid came, not its amount or its vendor, before the deadline
      expect(got.body).not.toContain('7654321');
      expect(got.body).not.toContain(vendorA.name);
    }
    const [done] = (await webhooks.listDeliveries(m.db.sql, sub.id)).items;
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, lastStatus: 200 });
    expect((await webhooks.attemptsOf(m.db.sql, [done!.id])).map((a) => a.responseStatus)).toEqual([500, 200]);
  });

  it('after a rotation both secrets sign until the overlap ends', async () => {
    const { buyerB, vendorB } = m.parties;
    const r = await receiver();
    open.push(r);
    const sub = await subscribe(buyerB, r.url, ['bid.received'], 'whsec_old');
    await webhooks.rotateSecret(m.db.sql, sub.id, 'whsec_new', new Date(Date.now() + 3_600_000));
    await bidOnNewOrder(buyerB, vendorB, 5_000_000);
    await startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: true, loop: false }).pass();
    const got = r.received.at(-1)!;
    const header = String(got.headers['annex-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(header, got.body, 'whsec_old', now)).toBe(true);
    expect(verifyWebhookSignature(header, got.body, 'whsec_new', now)).toBe(true);
    await webhooks.remove(m.db.sql, sub.id);
  });

  it('stopping cuts off a POST the receiver holds and gives the delivery back, due now and not counted as an attempt', async () => {
    const { buyerB, vendorB } = m.parties;
    let heard = 0;
    const held = createServer(() => { heard += 1; }); // never answers
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((r) => { held.closeAllConnections(); held.close(() => r()); }) });
    const sub = await subscribe(buyerB, `http://127.0.0.1:${(held.address() as AddressInfo).port}/annex`, ['bid.received']);
    await bidOnNewOrder(buyerB, vendorB, 5_100_000);
    const sender = startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: true, intervalMs: 60_000 });
    for (const until = Date.now() + 5000; heard === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toBe(1);
    const t0 = performance.now();
    await sender.stop();
    expect(performance.now() - t0).toBeLessThan(1000);
    const [delivery] = (await webhooks.listDeliveries(m.db.sql, sub.id)).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
    expect(delivery!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // another sender takes it at once
    const r = await receiver();
    open.push(r);
    await webhooks.update(m.db.sql, sub.id, { url: r.url });
    expect(await startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: true, loop: false }).pass()).toMatchObject({ attempted: 1, succeeded: 1 });
    await webhooks.remove(m.db.sql, sub.id);
  });

  it('disables a subscription that keeps failing and tells the organisation’s owners', async () => {
    const { buyerA, vendorB } = m.parties;
    const r = await receiver([503]);
    open.push(r);
    const sub = await subscribe(buyerA, r.url, ['bid.received']);
    await bidOnNewOrder(buyerA, vendorB, 6_000_000);
    const sender = startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: true, loop: false, disablePolicy: { failures: 3, afterMs: 0 } });
    for (let i = 0; i < 3; i++) {
      await dueNow();
      await sender.pass();
    }
    const [row] = await webhooks.listForOrg(m.db.sql, buyerA.orgId).then((l) => l.filter((s) => s.id === sub.id));
    expect(row).toMatchObject({ active: false, disabledReason: 'failing', consecutiveFailures: 3 });
    // disabled: nothing more is sent
    await dueNow();
    expect(await sender.pass()).toMatchObject({ attempted: 0 });
    expect(r.received).toHaveLength(3);
    const inbox = await call(m.app, 'GET', '/api/v1/notifications', { cookie: buyerA.cookie });
    // (an earlier test may have disabled another subscription of the same buyer: this one's notice)
    const notice = inbox.json.items.find((n: { kind: string; payload: { subscriptionId?: string } }) => n.kind === 'webhook_disabled' && n.payload.subscriptionId === sub.id);
    expect(notice?.payload).toMatchObject({ subscriptionId: sub.id, failures: 3 });
    await webhooks.remove(m.db.sql, sub.id);
  });

  it('refuses loopback destinations unless the operator allows them, also when a name resolves to one at delivery', async () => {
    const { buyerB, vendorA } = m.parties;
    const r = await receiver();
    open.push(r);
    const byAddress = await subscribe(buyerB, r.url, ['bid.received']);
    const byName = await subscribe(buyerB, `http://localhost:${r.port}/annex`, ['bid.received']);
    await bidOnNewOrder(buyerB, vendorA, 5_500_000);
    await startWebhookSender({ sql: m.db.sql, logger: log, allowPrivate: false, loop: false }).pass();
    expect(r.received).toHaveLength(0);
    for (const sub of [byAddress, byName]) {
      const [d] = (await webhooks.listDeliveries(m.db.sql, sub.id)).items;
      expect(d).toMatchObject({ status: 'pending', lastStatus: null });
      expect(d!.lastError).toMatch(/destination refused/);
      await webhooks.remove(m.db.sql, sub.id);
    }
  });
});

describe.skipIf(!ON_SERVER)('two senders on the PostgreSQL server', () => {
  it('deliver each event once', async () => {
    const { buyerB, vendorB } = m.parties;
    const r = await receiver();
    open.push(r);
    const sub = await subscribe(buyerB, r.url, ['bid.received']);
    for (let i = 0; i < 5; i++) await bidOnNewOrder(buyerB, vendorB, 5_000_000 + i);
    const [pool1, pool2] = [createSql(m.db.url, { max: 4 }), createSql(m.db.url, { max: 4 })];
    try {
      const senders = [pool1, pool2].map((sql) => startWebhookSender({ sql, logger: log, allowPrivate: true, loop: false, batchSize: 2 }));
      for (let round = 0; round < 5; round++) await Promise.all(senders.flatMap((s) => [s.pass(), s.pass()]));
    } finally {
      await Promise.all([pool1.end({ timeout: 5 }), pool2.end({ timeout: 5 })]);
    }
    const ids = r.received.map((x) => String(x.headers['annex-delivery-id']));
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    const page = await webhooks.listDeliveries(m.db.sql, sub.id);
    expect(page.items.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
  });
});
