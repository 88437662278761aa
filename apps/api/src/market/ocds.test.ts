import { contracts, orders, withTransaction } from '@annex/db';
import type { ContractTerms } from '@annex/domain';
import { setBidDeadlineFromNow } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkManifest, milestonePath, seedActiveContract } from '../test-implementation.ts';
import { call } from '../test-helpers.ts';
import { ocdsPackageProblems as problemsOf } from '../test-ocds.ts';
import { type Market, type Party, as, bidBody, orderBody, seedDraft, seedOpenOrder, setupMarket } from '../test-market.ts';

// Open data: published orders as OCDS 1.1 release packages, validated against the OCDS 1.1.5 release-package
// schema with the release schema resolved by its URL (reference/ocds-1.1.5/, copied unchanged). A sealed order
// goes through the API from posting to a final award; the clock is moved past its publicity window.

const DAY = 86_400_000;
let shift = 0;
let m: Market;
beforeAll(async () => {
  m = await setupMarket({ now: () => new Date(Date.now() + shift) });
}, 120_000);
afterAll(() => m?.close());

/** A sealed order through the API: posted, approved, amended, two bids, closed, awarded to vendor A (the lower). */
async function awardedSealedOrder(buyer: Party, prices: { win: number; lose: number }, over = {}) {
  const { vendorA, vendorB, secretariat } = m.parties;
  const created = await as(m.app, buyer).post('/api/v1/orders', orderBody({ biddingMode: 'sealed', ...over }));
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  expect((await as(m.app, buyer).post(`/api/v1/orders/${id}/submit`)).status).toBe(200);
  expect((await as(m.app, secretariat).post(`/api/v1/admin/orders/${id}/review`, { decision: 'approve' })).status).toBe(200);
  const amended = await as(m.app, buyer).patch(`/api/v1/orders/${id}`, { title: '城市道路图像 2D 框标注（修订）', amendmentReason: '补充遮挡规则' });
  expect(amended.status, amended.text).toBe(200);
  const win = await as(m.app, vendorA).post(`/api/v1/orders/${id}/bids`, bidBody(prices.win));
  expect(win.status, win.text).toBe(201);
  expect((await as(m.app, vendorB).post(`/api/v1/orders/${id}/bids`, bidBody(prices.lose))).status).toBe(201);
  // bidding closes a moment ago: after the bids, as a real deadline would
  await setBidDeadlineFromNow(m.db.sql, id, -1);
  const award = await as(m.app, buyer).post(`/api/v1/orders/${id}/award`, { bidId: win.json.id, reason: '综合评分第一' });
  expect(award.status, award.text).toBe(201);
  return id;
}

const get = (path: string) => call(m.app, 'GET', path);
const tagsOf = (pkg: { releases: { tag: string[] }[] }) => pkg.releases.map((r) => r.tag[0]);

/** Every release of the feed, page by page from the start; the last page's links.next too. */
async function crawl(limit: number, since?: string) {
  const seen: { id: string; date: string; ocid: string }[] = [];
  let next = `/api/v1/ocds/releases?limit=${limit}${since ? `&since=${encodeURIComponent(since)}` : ''}`;
  for (let page = 0; page < 200; page += 1) {
    const r = await get(next);
    expect(r.status, r.text).toBe(200);
    expect(problemsOf(r.json)).toEqual([]);
    seen.push(...r.json.releases);
    next = new URL(r.json.links.next).pathname + new URL(r.json.links.next).search;
    if (r.json.releases.length === 0) return { seen, next };
  }
  throw new Error('the feed did not end');
}

describe('OCDS release packages', () => {
  it('a sealed order: losing amounts absent during publicity, present once the award is final; every stage there; schema-valid', async () => {
    shift = 0;
    const id = await awardedSealedOrder(m.parties.buyerA, { win: 7_000_000, lose: 9_123_456 });
    const during = await get(`/api/v1/ocds/orders/${id}/releases`);
    expect(during.status, during.text).toBe(200);
    expect(problemsOf(during.json)).toEqual([]);
    expect(tagsOf(during.json)).toEqual(['tender', 'tenderAmendment', 'tenderUpdate', 'award']);
    expect(during.text).not.toContain('91234.56');
    expect(during.text).not.toContain('"bids"');
    const award = during.json.releases.at(-1);
    expect(award.awards).toEqual([expect.objectContaining({ status: 'pending', value: { amount: 70000, currency: 'CNY' } })]);
    expect(award.ocid).toBe(`ocds-test01-${id}`);
    expect(during.json.releases[0].tender.title).toBe('城市道路图像 2D 框标注');
    expect(during.json.releases[1].tender.title).toBe('城市道路图像 2D 框标注（修订）');

    shift = 4 * DAY; // past the three-day publicity window, no objection
    const after = await get(`/api/v1/ocds/orders/${id}/releases`);
    expect(problemsOf(after.json)).toEqual([]);
    expect(tagsOf(after.json)).toEqual(['tender', 'tenderAmendment', 'tenderUpdate', 'award', 'awardUpdate']);
    const final = after.json.releases.at(-1);
    expect(final.bids.details.map((b: { value: unknown }) => b.value)).toEqual([
      { amount: 70000, currency: 'CNY' }, { amount: 91234.56, currency: 'CNY' },
    ]);
    expect(final.tender).toMatchObject({ status: 'complete', numberOfTenderers: 2 });
    expect(final.awards[0].status).toBe('active');
    expect(after.json.extensions).toEqual([expect.stringContaining('ocds_bid_extension')]);
    const roles = Object.fromEntries(final.parties.map((p: { name: string; roles: string[] }) => [p.name, p.roles]));
    expect(roles).toMatchObject({
      [m.parties.buyerA.name]: ['buyer', 'procuringEntity'], [m.parties.vendorA.name]: ['supplier', 'tenderer'],
      [m.parties.vendorB.name]: ['tenderer'], [m.parties.secretariat.name]: ['reviewBody'],
    });
    // the releases before the final award are unchanged: same ids, same dates, still without the losing amount
    expect(after.json.releases.slice(0, 4)).toEqual(during.json.releases);
  });

  it('the contract stage: signed, amended by a change order, completed — each a release after the final award, schema-valid', async () => {
    shift = 0;
    const { buyerA, vendorA } = m.parties;
    const id = await awardedSealedOrder(buyerA, { win: 7_000_000, lose: 8_000_000 });
    // the publicity window ends a moment ago, and the contract is made as its end makes it
    await m.db.sql`update orders set publicity_ends_at = clock_timestamp() - interval '1 millisecond' where id = ${id}`;
    const made = await contracts.createForOrder(m.db.sql, id);
    expect(made?.created).toBe(true);
    const c = made!.contract;
    const due = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const v1: ContractTerms = {
      priceFen: 7_000_000, volume: { quantity: 100_000, unit: 'images' }, accuracyTarget: 97, acceptanceRule: null, deliveryDeadline: due(39),
      paymentTermsDays: 30, guidelineAttachmentId: null, milestones: [
        { seq: 1, title: '第一批', quantity: 50_000, dueAt: due(20), amountFen: 3_500_000 },
        { seq: 2, title: '第二批', quantity: 50_000, dueAt: due(35), amountFen: 3_500_000 },
      ],
    };
    const HASH_1 = 'a'.repeat(64);
    const HASH_2 = 'b'.repeat(64);
    const step = async <T>(write: (tx: Parameters<Parameters<typeof withTransaction>[1]>[0]) => Promise<T>) => await withTransaction(m.db.sql, write);
    const proposed = await step((tx) => contracts.proposeVersion(tx, { contractId: c.id, expectedVersion: c.version, terms: v1, termsHash: HASH_1, proposedBy: buyerA.userId }));
    if (!proposed.ok) throw new Error(proposed.reason);
    const signed = await step((tx) => contracts.acceptProposal(tx, { contractId: c.id, expectedVersion: proposed.contract.version, number: 1, termsHash: HASH_1, by: vendorA.userId }));
    if (!signed.ok) throw new Error(signed.reason);
    const v2: ContractTerms = { ...v1, priceFen: 7_700_000, milestones: [v1.milestones[0]!, { ...v1.milestones[1]!, quantity: 60_000, amountFen: 4_200_000 }] };
    const co = await step((tx) => contracts.proposeChangeOrder(tx, {
      contractId: c.id, expectedVersion: signed.contract.version, baseVersion: 1, side: 'vendor', by: vendorA.userId,
      changes: { priceFen: v2.priceFen, milestones: v2.milestones }, reason: '增加 10% 数据量',
    }));
    if (!co.ok) throw new Error(co.reason);
    const changed = await step((tx) => contracts.acceptChangeOrder(tx, {
      contractId: c.id, expectedVersion: co.contract.version, changeOrderId: co.value.id, terms: v2, termsHash: HASH_2, by: buyerA.userId, message: null,
    }));
    if (!changed.ok) throw new Error(changed.reason);
    expect(await contracts.markCompleted(m.db.sql, c.id)).not.toBeNull();

    const r = await get(`/api/v1/ocds/orders/${id}/releases`);
    expect(problemsOf(r.json)).toEqual([]);
    expect(tagsOf(r.json)).toEqual([
      'tender', 'tenderAmendment', 'tenderUpdate', 'award', 'awardUpdate', 'contract', 'contractAmendment', 'contractTermination',
    ]);
    const [signedRelease, amendedRelease, endedRelease] = r.json.releases.slice(5).map((x: { contracts: Record<string, unknown>[] }) => x.contracts[0]);
    expect(signedRelease).toMatchObject({ id: c.id, awardID: c.awardId, status: 'active', value: { amount: 70000, currency: 'CNY' } });
    const milestoneIds = (await contracts.listMilestones(m.db.sql, c.id)).map((x) => x.id);
    expect(amendedRelease.milestones.map((x: { id: string; value: unknown }) => [x.id, x.value])).toEqual([
      [milestoneIds[0], { amount: 35000, currency: 'CNY' }], [milestoneIds[1], { amount: 42000, currency: 'CNY' }],
    ]);
    expect(amendedRelease.amendments).toEqual([expect.objectContaining({ rationale: '增加 10% 数据量' })]);
    expect(endedRelease.status).toBe('terminated');
    // the contract's releases are in the feed too, in date order, once they are older than the feed's settling time
    shift = 60_000;
    const { seen } = await crawl(3);
    const mine = seen.filter((x) => x.ocid.endsWith(id));
    expect(mine.map((x) => x.id)).toEqual(r.json.releases.map((x: { id: string }) => x.id));
  });

  it('the implementation stage: a batch accepted, its payment recorded — milestone met and a transaction, no invoice number', async () => {
    shift = 0;
    const { buyerA } = m.parties;
    const { orderId, milestones, vendor } = await seedActiveContract(m, buyerA);
    const p1 = milestonePath(orderId, milestones[0]!.id);
    const delivered = await as(m.app, vendor).post(`${p1}/deliveries`, linkManifest());
    expect(delivered.status, delivered.text).toBe(201);
    const accepted = await as(m.app, buyerA).post(`${p1}/deliveries/${delivered.json.deliveries[0].id}/decision`, { decision: 'accept' });
    expect(accepted.status, accepted.text).toBe(200);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // Beijing's date
    expect((await as(m.app, vendor).post(`${p1}/payment/invoice`, { invoiceNumber: '37002612345678', invoiceDate: today })).status).toBe(200);
    expect((await as(m.app, buyerA).post(`${p1}/payment/pay`, { paidOn: today })).status).toBe(200);

    const r = await get(`/api/v1/ocds/orders/${orderId}/releases`);
    expect(problemsOf(r.json)).toEqual([]);
    expect(tagsOf(r.json).slice(-3)).toEqual(['contract', 'implementation', 'implementationUpdate']);
    const [met, paid] = r.json.releases.slice(-2).map((x: { contracts: { implementation: Record<string, unknown[]> }[] }) => x.contracts[0]!.implementation);
    expect(met.milestones.map((x: unknown) => (x as { id: string; status: string }).status)).toEqual(['met', 'scheduled']);
    expect(met.transactions).toEqual([]);
    expect(paid.transactions).toEqual([{
      id: `${milestones[0]!.id}-payment`, date: `${today}T00:00:00+08:00`, value: { amount: 30000, currency: 'CNY' },
      payer: { id: buyerA.orgId, name: buyerA.name }, payee: { id: vendor.orgId, name: vendor.name },
    }]);
    expect(r.text).not.toContain('37002612345678'); // the invoice stays between the parties
    expect(r.text).not.toContain('pan.example.cn'); // and so does the delivered data
  });

  it('the validator can fail: a release without ocid and with a tag that is no array', async () => {
    shift = 4 * DAY;
    const r = await get('/api/v1/ocds/releases?limit=5');
    const doc = structuredClone(r.json);
    expect(doc.releases.length).toBeGreaterThan(0);
    delete doc.releases[0].ocid;
    doc.releases[0].tag = 'tender';
    expect(problemsOf(doc).length).toBeGreaterThanOrEqual(2);
  });

  it('a confidential order: its description in no release, its title there', async () => {
    shift = 0;
    const secret = '绝密图纸编号 XJ-2047 的零件清单';
    const order = await seedOpenOrder(m, m.parties.buyerB, {
      securityLevel: 'confidential', description: secret, title: '某型设备图纸要素标注', publishedAt: new Date(Date.now() - 60_000),
    });
    const one = await get(`/api/v1/ocds/orders/${order.id}/releases`);
    expect(one.status).toBe(200);
    expect(one.json.releases[0].tender.title).toBe('某型设备图纸要素标注');
    expect(one.text).not.toContain('XJ-2047');
    const { seen } = await crawl(100);
    expect(seen.some((r) => r.ocid.endsWith(order.id))).toBe(true);
    expect(JSON.stringify(seen)).not.toContain('XJ-2047');
  });

  it('drafts, orders in review and orders cancelled before publication are nowhere', async () => {
    const { buyerA } = m.parties;
    const draft = await seedDraft(m, buyerA);
    const pending = await seedDraft(m, buyerA, 'pending_review');
    const cancelled = await seedDraft(m, buyerA);
    expect((await as(m.app, buyerA).post(`/api/v1/orders/${cancelled.id}/cancel`, { reason: '需求变更' })).status).toBe(200);
    const { seen } = await crawl(100);
    for (const o of [draft, pending, cancelled]) {
      expect((await get(`/api/v1/ocds/orders/${o.id}/releases`)).status).toBe(404);
      expect(seen.some((r) => r.ocid.endsWith(o.id))).toBe(false);
    }
    expect((await orders.getById(m.db.sql, cancelled.id))?.status).toBe('cancelled');
    expect((await get('/api/v1/ocds/orders/not-an-id/releases')).status).toBe(404);
  });

  it('the feed: pages of 2 give the releases of one page of 100, in order, each once; links.next then waits for news', async () => {
    shift = 0;
    await awardedSealedOrder(m.parties.buyerB, { win: 6_000_000, lose: 6_500_000 });
    shift = 4 * DAY;
    const whole = await get('/api/v1/ocds/releases?limit=100');
    expect(problemsOf(whole.json)).toEqual([]);
    const { seen, next } = await crawl(2);
    expect(seen.map((r) => r.id)).toEqual(whole.json.releases.map((r: { id: string }) => r.id));
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    const dates = seen.map((r) => r.date);
    expect([...dates].sort()).toEqual(dates); // newest last
    // same request, same releases (ids and dates are stable)
    expect((await get('/api/v1/ocds/releases?limit=100')).json.releases).toEqual(whole.json.releases);

    // a release dated within the feed's settling time waits: its transaction might still be committing
    const fresh = await seedOpenOrder(m, m.parties.buyerA, { publishedAt: new Date(Date.now() + shift - 2_000) });
    expect((await get(next)).json.releases).toEqual([]);
    // later it is there: following links.next from the end gives exactly it
    shift += 60_000;
    const news = await get(next);
    expect(news.json.releases.map((r: { id: string; tag: string[] }) => [r.id, r.tag])).toEqual([[`ocds-test01-${fresh.id}-tender`, ['tender']]]);
  });

  it('since as a date-time: releases dated at or after it', async () => {
    const all = (await get('/api/v1/ocds/releases?limit=100')).json.releases as { date: string; id: string }[];
    const middle = all[Math.floor(all.length / 2)]!.date;
    const r = await get(`/api/v1/ocds/releases?limit=100&since=${encodeURIComponent(middle)}`);
    expect(r.status).toBe(200);
    expect(r.json.releases.map((x: { id: string }) => x.id)).toEqual(all.filter((x) => x.date >= middle).map((x) => x.id));
  });

  it('a since that is neither cursor nor date-time is 400 validation_failed', async () => {
    for (const bad of ['yesterday', 'bm90LWEtY3Vyc29y', '2026-13-45T99:00:00Z']) {
      const r = await get(`/api/v1/ocds/releases?since=${encodeURIComponent(bad)}`);
      expect([r.status, r.json.code], bad).toEqual([400, 'validation_failed']);
    }
    expect((await get('/api/v1/ocds/releases?limit=0')).status).toBe(400);
  });

  it('no contact anywhere: no phone, e-mail address or person of the fixture’s organisations', async () => {
    const { seen } = await crawl(100);
    const text = JSON.stringify(seen);
    expect(seen.length).toBeGreaterThan(5);
    const people = await m.db.sql<{ email: string; displayName: string }[]>`select email, display_name from users`;
    const orgs = await m.db.sql<{ contactName: string | null; contactPhone: string | null; uscc: string | null }[]>`
      select contact_name, contact_phone, uscc from organisations`;
    const orgNames = (await m.db.sql<{ name: string }[]>`select name from organisations`).map((o) => o.name);
    const secrets = [
      // a person's name that is also part of an organisation's (the secretariat's user 秘书处) says nothing about the person
      ...people.flatMap((p) => [p.email, orgNames.some((n) => n.includes(p.displayName)) ? null : p.displayName]),
      ...orgs.flatMap((o) => [o.contactName, o.contactPhone, o.uscc]),
    ].filter((s): s is string => !!s);
    expect(secrets).toContain('13800000000');
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    expect(text).not.toMatch(/contactPoint|@/);
  });
});
