import type { ContractTerms } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, withTransaction } from '../client.ts';
import { CONSTRAINTS, UniqueViolation } from '../errors.ts';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleOffer, setBidDeadlineFromNow } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { awards } from './awards.repo.ts';
import { bids } from './bids.repo.ts';
import { contracts } from './contracts.repo.ts';
import { timedSteps } from './order-timed-steps.repo.ts';
import { orders } from './orders.repo.ts';

let t: TestDatabase;
let buyerOrgId: string;
let buyerUserId: string;
let vendorOrgId: string;
let vendorUserId: string;
let secretariatUserId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const buyer = await createOrgWithOwner(t.sql, 'buyer');
  buyerOrgId = buyer.org.id;
  buyerUserId = buyer.owner.id;
  const vendor = await createVerifiedVendor(t.sql, { name: '水城标注' });
  vendorOrgId = vendor.org.id;
  vendorUserId = vendor.owner.id;
  secretariatUserId = (await createOrgWithOwner(t.sql, 'secretariat')).owner.id;
});
afterAll(async () => {
  await t?.close();
});

/** An order awarded to the vendor's bid of `priceFen`, its publicity window already over. */
async function awardedOrder(priceFen = 50_000_000): Promise<string> {
  const order = await createOpenOrder(t.sql, buyerOrgId);
  const bid = await withTransaction(t.sql, (tx) => bids.insertIfOpen(tx, { orderId: order.id, vendorOrgId, ...sampleOffer(priceFen) }));
  if (!bid.ok) throw new Error(bid.reason);
  await setBidDeadlineFromNow(t.sql, order.id, -1);
  await timedSteps.closeBidding(t.sql, order.id);
  await withTransaction(t.sql, async (tx) => {
    await awards.create(tx, { orderId: order.id, bidId: bid.bid.id, reason: '综合评分第一' });
    await orders.markAwarded(tx, order.id, { publicitySeconds: 0 });
    await bids.setAwardOutcome(tx, order.id, bid.bid.id);
  });
  return order.id;
}

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const HASH_C = 'c'.repeat(64);

function termsOf(priceFen: number, quantity: number, plan: [title: string, quantity: number, amountFen: number][]): ContractTerms {
  return {
    priceFen, volume: { quantity, unit: 'frames' }, accuracyTarget: 98, acceptanceRule: { kind: 'fixed', sampleSize: 200 },
    deliveryDeadline: '2027-06-30T00:00:00.000Z', paymentTermsDays: 45, guidelineAttachmentId: null,
    milestones: plan.map(([title, q, amountFen], i) => ({ seq: i + 1, title, quantity: q, dueAt: `2027-0${i + 3}-01T00:00:00.000Z`, amountFen })),
  };
}

describe(`contracts (${testBackend()})`, () => {
  it('makes one contract per order from the active award: parties, price of the bid, the order terms; again returns it', async () => {
    const orderId = await awardedOrder(50_000_000);
    const order = await orders.getById(t.sql, orderId);
    const first = await contracts.createForOrder(t.sql, orderId);
    expect(first?.created).toBe(true);
    expect(first?.contract).toMatchObject({
      orderId, buyerOrgId, vendorOrgId, status: 'draft', priceFen: 50_000_000, volumeQuantity: order?.volumeQuantity,
      volumeUnit: order?.volumeUnit, accuracyTarget: order?.accuracyTarget, deliveryDeadline: order?.deliveryDeadline,
      paymentTermsDays: 30, currentVersion: null, version: 1,
    });
    const again = await contracts.createForOrder(t.sql, orderId);
    expect(again).toEqual({ contract: first?.contract, created: false });
    expect(await contracts.getByOrderId(t.sql, orderId)).toEqual(first?.contract);
  });

  it('makes no contract for an order without an active award', async () => {
    const order = await createOpenOrder(t.sql, buyerOrgId);
    expect(await contracts.createForOrder(t.sql, order.id)).toBeNull();
    expect(await contracts.createForOrder(t.sql, 'not-a-uuid')).toBeNull();
  });

  it('proposal → changes requested → proposal → acceptance: versions kept, the second in force with its milestones', async () => {
    const orderId = await awardedOrder(30_000_000);
    const c = (await contracts.createForOrder(t.sql, orderId))!.contract;
    const v1 = termsOf(30_000_000, 1000, [['全部', 1000, 30_000_000]]);
    const p1 = await withTransaction(t.sql, (tx) => contracts.proposeVersion(tx, { contractId: c.id, expectedVersion: c.version, terms: v1, termsHash: HASH_A, proposedBy: buyerUserId }));
    expect(p1).toMatchObject({ ok: true, contract: { status: 'proposed', version: 2 }, value: { number: 1, status: 'proposed', buyerAcceptedHash: HASH_A, buyerAcceptedBy: buyerUserId } });
    // a stale version changes nothing
    const stale = await withTransaction(t.sql, (tx) => contracts.requestChanges(tx, { contractId: c.id, expectedVersion: 1, number: 1, message: '分两批', by: vendorUserId }));
    expect(stale).toEqual({ ok: false, reason: 'stale' });
    const ch = await withTransaction(t.sql, (tx) => contracts.requestChanges(tx, { contractId: c.id, expectedVersion: 2, number: 1, message: '分两批', by: vendorUserId }));
    expect(ch).toMatchObject({ ok: true, contract: { status: 'changes_requested', version: 3 }, value: { status: 'changes_requested', changesMessage: '分两批' } });

    const v2 = termsOf(30_000_000, 1000, [['第一批', 400, 12_000_000], ['第二批', 600, 18_000_000]]);
    await withTransaction(t.sql, (tx) => contracts.proposeVersion(tx, { contractId: c.id, expectedVersion: 3, terms: v2, termsHash: HASH_B, proposedBy: buyerUserId }));
    // the vendor was shown other terms: refused
    expect(await withTransaction(t.sql, (tx) => contracts.acceptProposal(tx, { contractId: c.id, expectedVersion: 4, number: 2, termsHash: HASH_A, by: vendorUserId })))
      .toEqual({ ok: false, reason: 'stale' });
    const acc = await withTransaction(t.sql, (tx) => contracts.acceptProposal(tx, { contractId: c.id, expectedVersion: 4, number: 2, termsHash: HASH_B, by: vendorUserId }));
    expect(acc).toMatchObject({ ok: true, contract: { status: 'active', currentVersion: 2, paymentTermsDays: 45, acceptanceRule: { kind: 'fixed', sampleSize: 200 } }, value: { status: 'accepted', vendorAcceptedHash: HASH_B } });
    expect((await contracts.listVersions(t.sql, c.id)).map((v) => [v.number, v.status])).toEqual([[1, 'changes_requested'], [2, 'accepted']]);
    expect((await contracts.listMilestones(t.sql, c.id)).map((m) => [m.seq, m.title, m.quantity, m.amountFen, m.status])).toEqual([
      [1, '第一批', 400, 12_000_000, 'planned'], [2, '第二批', 600, 18_000_000, 'planned'],
    ]);
  });

  it('a change order accepted makes version n+1, keeps milestone ids by seq, cancels a dropped batch; one open at a time', async () => {
    const orderId = await awardedOrder(30_000_000);
    const c = (await contracts.createForOrder(t.sql, orderId))!.contract;
    const v1 = termsOf(30_000_000, 1000, [['第一批', 400, 12_000_000], ['第二批', 300, 9_000_000], ['第三批', 300, 9_000_000]]);
    await withTransaction(t.sql, (tx) => contracts.proposeVersion(tx, { contractId: c.id, expectedVersion: 1, terms: v1, termsHash: HASH_A, proposedBy: buyerUserId }));
    await withTransaction(t.sql, (tx) => contracts.acceptProposal(tx, { contractId: c.id, expectedVersion: 2, number: 1, termsHash: HASH_A, by: vendorUserId }));
    const before = await contracts.listMilestones(t.sql, c.id);

    const changes = { priceFen: 36_000_000, volume: { quantity: 1200, unit: 'frames' as const }, milestones: [] };
    const co = await withTransaction(t.sql, (tx) => contracts.proposeChangeOrder(tx, { contractId: c.id, expectedVersion: 3, baseVersion: 1, side: 'vendor', by: vendorUserId, changes, reason: '增加 200 帧' }));
    expect(co).toMatchObject({ ok: true, value: { status: 'proposed', baseVersion: 1, proposedBySide: 'vendor' } });
    const second = await withTransaction(t.sql, (tx) => contracts.proposeChangeOrder(tx, { contractId: c.id, expectedVersion: 4, baseVersion: 1, side: 'buyer', by: buyerUserId, changes: {}, reason: '另一项' }))
      .catch((e: unknown) => e);
    expect(second).toBeInstanceOf(UniqueViolation);
    expect((second as UniqueViolation).constraint).toBe(CONSTRAINTS.changeOrdersOneOpen);

    const v2 = termsOf(36_000_000, 1200, [['第一批', 600, 18_000_000], ['第二批', 600, 18_000_000]]);
    const coId = co.ok ? co.value.id : '';
    const acc = await withTransaction(t.sql, (tx) => contracts.acceptChangeOrder(tx, { contractId: c.id, expectedVersion: 4, changeOrderId: coId, terms: v2, termsHash: HASH_C, by: buyerUserId, message: '同意' }));
    expect(acc).toMatchObject({
      ok: true, contract: { status: 'active', currentVersion: 2, priceFen: 36_000_000, volumeQuantity: 1200 },
      value: { changeOrder: { status: 'accepted', resultVersion: 2, decidedBy: buyerUserId }, version: { number: 2, status: 'accepted', changeOrderId: coId, vendorAcceptedBy: vendorUserId, buyerAcceptedBy: buyerUserId } },
    });
    expect((await contracts.listVersions(t.sql, c.id)).map((v) => [v.number, v.status])).toEqual([[1, 'superseded'], [2, 'accepted']]);
    const after = await contracts.listMilestones(t.sql, c.id);
    expect(after.map((m) => [m.id, m.quantity, m.status, m.sinceVersion])).toEqual([
      [before[0]!.id, 600, 'planned', 2], [before[1]!.id, 600, 'planned', 2], [before[2]!.id, 300, 'cancelled', 2],
    ]);
    // answered already: a second answer changes nothing
    expect(await withTransaction(t.sql, (tx) => contracts.closeChangeOrder(tx, { contractId: c.id, expectedVersion: 5, changeOrderId: coId, status: 'declined', by: buyerUserId, message: null })))
      .toEqual({ ok: false, reason: 'stale' });
  });

  it('termination by agreement, by the secretariat, and completion only from active', async () => {
    const orderId = await awardedOrder();
    const c = (await contracts.createForOrder(t.sql, orderId))!.contract;
    expect(await contracts.markCompleted(t.sql, c.id)).toBeNull();
    const p = await withTransaction(t.sql, (tx) => contracts.proposeTermination(tx, { contractId: c.id, expectedVersion: 1, side: 'buyer', by: buyerUserId, reason: '项目取消' }));
    expect(p).toMatchObject({ ok: true, value: { kind: 'agreement', status: 'proposed', proposedBySide: 'buyer' } });
    const pid = p.ok ? p.value.id : '';
    const declined = await withTransaction(t.sql, (tx) => contracts.closeTermination(tx, { contractId: c.id, expectedVersion: 2, terminationId: pid, status: 'declined', by: vendorUserId, message: '不同意' }));
    expect(declined).toMatchObject({ ok: true, contract: { status: 'draft' }, value: { status: 'declined' } });
    await withTransaction(t.sql, (tx) => contracts.proposeTermination(tx, { contractId: c.id, expectedVersion: 3, side: 'vendor', by: vendorUserId, reason: '人手不足' }));
    const ended = await withTransaction(t.sql, (tx) => contracts.terminateBySecretariat(tx, { contractId: c.id, expectedVersion: 4, by: secretariatUserId, reason: '争议裁定' }));
    expect(ended).toMatchObject({ ok: true, contract: { status: 'terminated' }, value: { kind: 'secretariat', status: 'accepted' } });
    expect((await contracts.listTerminations(t.sql, c.id)).map((x) => [x.proposedBySide, x.status])).toEqual([
      ['buyer', 'declined'], ['vendor', 'withdrawn'], ['secretariat', 'accepted'],
    ]);
    expect(await withTransaction(t.sql, (tx) => contracts.terminateBySecretariat(tx, { contractId: c.id, expectedVersion: 5, by: secretariatUserId, reason: 'again' })))
      .toEqual({ ok: false, reason: 'stale' });

    const other = (await contracts.createForOrder(t.sql, await awardedOrder()))!.contract;
    await withTransaction(t.sql, (tx) => contracts.proposeVersion(tx, { contractId: other.id, expectedVersion: 1, terms: termsOf(50_000_000, 1000, [['全部', 1000, 50_000_000]]), termsHash: HASH_A, proposedBy: buyerUserId }));
    await withTransaction(t.sql, (tx) => contracts.acceptProposal(tx, { contractId: other.id, expectedVersion: 2, number: 1, termsHash: HASH_A, by: vendorUserId }));
    expect(await contracts.markCompleted(t.sql, other.id)).toMatchObject({ status: 'completed' });
    expect(await contracts.markCompleted(t.sql, other.id)).toBeNull();
  });

  it('the tables hold their rules themselves: one contract per order, amounts ≥ 0, one version in force, agreed terms hashed alike', async () => {
    const orderId = await awardedOrder();
    const c = (await contracts.createForOrder(t.sql, orderId))!.contract;
    const refused = async (q: Promise<unknown>) => (await q.then(() => null, (e: { constraint_name?: string }) => e.constraint_name ?? 'error'));
    expect(await refused(t.sql`
      insert into contracts (order_id, award_id, buyer_org_id, vendor_org_id, price_fen, volume_quantity, volume_unit, accuracy_target, delivery_deadline)
      select order_id, award_id, buyer_org_id, vendor_org_id, price_fen, volume_quantity, volume_unit, accuracy_target, delivery_deadline
      from contracts where id = ${c.id}`)).toBe('contracts_order_key');
    expect(await refused(t.sql`update contracts set price_fen = -1 where id = ${c.id}`)).toBe('contracts_price_check');
    expect(await refused(t.sql`update contracts set status = 'active' where id = ${c.id}`)).toBe('contracts_in_force');
    expect(await refused(t.sql`
      insert into contract_milestones (contract_id, seq, title, quantity, due_at, amount_fen, since_version)
      values (${c.id}, 1, '第一批', 10, now(), -5, 1)`)).toBe('contract_milestones_amount_check');
    const terms = t.sql.json({ priceFen: 1 } as never);
    expect(await refused(t.sql`
      insert into contract_versions (contract_id, number, terms, terms_hash, status, buyer_accepted_at, buyer_accepted_hash, vendor_accepted_at, vendor_accepted_hash)
      values (${c.id}, 1, ${terms}::jsonb, ${HASH_A}, 'accepted', now(), ${HASH_A}, now(), ${HASH_B})`)).toBe('contract_versions_agreed');
    await t.sql`
      insert into contract_versions (contract_id, number, terms, terms_hash, status, buyer_accepted_at, buyer_accepted_hash, vendor_accepted_at, vendor_accepted_hash)
      values (${c.id}, 1, ${terms}::jsonb, ${HASH_A}, 'accepted', now(), ${HASH_A}, now(), ${HASH_A})`;
    expect(await refused(t.sql`
      insert into contract_versions (contract_id, number, terms, terms_hash, status, buyer_accepted_at, buyer_accepted_hash, vendor_accepted_at, vendor_accepted_hash)
      values (${c.id}, 2, ${terms}::jsonb, ${HASH_B}, 'accepted', now(), ${HASH_B}, now(), ${HASH_B})`)).toBe('contract_versions_one_accepted');
    expect(await refused(t.sql`
      insert into contract_versions (contract_id, number, terms, terms_hash) values (${c.id}, 1, ${terms}::jsonb, ${HASH_C})`)).toBe('contract_versions_pkey');
  });

  // PGlite has one connection: only the server shows what two truly concurrent creations do
  it.runIf(testBackend() === 'postgres')('two concurrent creations for one order make one contract', async () => {
    const orderId = await awardedOrder();
    const a = createSql(t.url, t.clientOptions);
    const b = createSql(t.url, t.clientOptions);
    try {
      const made = await Promise.all([contracts.createForOrder(a, orderId), contracts.createForOrder(b, orderId)]);
      expect(made.map((m) => m?.created).sort()).toEqual([false, true]);
      expect(made[0]?.contract.id).toBe(made[1]?.contract.id);
      const [n] = await t.sql<{ count: number }[]>`select count(*)::int from contracts where order_id = ${orderId}`;
      expect(n?.count).toBe(1);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
