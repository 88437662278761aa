import { createHash } from 'node:crypto';
import { contracts, notifications } from '@annex/db';
import { type ContractTerms, canonicalTerms, suggestMilestones } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkManifest, milestonePath } from '../test-implementation.ts';
import { type Market, type Party, as, seedAttachment, seedClosedOrder, seedInProgressOrder, setupMarket } from '../test-market.ts';

let m: Market;
beforeAll(async () => {
  m = await setupMarket();
});
afterAll(async () => {
  await m?.close();
});

const path = (orderId: string, rest = '') => `/api/v1/orders/${orderId}/contract${rest}`;
const kindsFor = async (p: Party, orderId: string) =>
  (await notifications.listForUser(m.db.sql, p.userId, { limit: 100 })).items.filter((n) => n.orderId === orderId).map((n) => n.kind);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An even plan of `count` batches from now to the deadline of the contract's terms. */
function evenPlan(terms: { priceFen: number; volume: { quantity: number }; deliveryDeadline: string }, count: number, over: Partial<{ priceFen: number; quantity: number }> = {}) {
  return suggestMilestones({
    priceFen: over.priceFen ?? terms.priceFen, quantity: over.quantity ?? terms.volume.quantity, count,
    from: new Date(), deliveryDeadline: new Date(terms.deliveryDeadline), title: (n) => `第 ${n} 批`,
  })!;
}

/** An order in progress with its contract read by the buyer (made on this first access). */
async function draftContract(buyer = m.parties.buyerA) {
  const a = await seedInProgressOrder(m, buyer);
  const r = await as(m.app, buyer).get(path(a.order.id));
  expect(r.status, r.text).toBe(200);
  return { orderId: a.order.id, contract: r.json, award: a };
}

/** A contract in force: the buyer proposed `count` batches, the vendor accepted. */
async function activeContract(count = 2) {
  const d = await draftContract();
  const p = await as(m.app, m.parties.buyerA).post(path(d.orderId, '/terms'), {
    version: d.contract.version, paymentTermsDays: 45, milestones: evenPlan(d.contract.terms, count),
  });
  expect(p.status, p.text).toBe(200);
  const a = await as(m.app, m.parties.vendorA).post(path(d.orderId, '/accept'), { version: p.json.version, ...p.json.pendingProposal });
  expect(a.status, a.text).toBe(200);
  return { orderId: d.orderId, contract: a.json };
}

describe('the contract of an awarded order', () => {
  it('is made from the award when publicity ends: parties, price of the winning bid, the order’s terms; draft until the buyer proposes', async () => {
    const { orderId, contract, award } = await draftContract();
    expect(contract).toMatchObject({
      orderId, status: 'draft', buyer: { orgId: m.parties.buyerA.orgId, name: m.parties.buyerA.name }, vendor: { orgId: m.parties.vendorA.orgId },
      terms: {
        priceFen: award.bidA.totalPriceFen, volume: { quantity: award.order.volumeQuantity, unit: award.order.volumeUnit }, paymentTermsDays: 30, milestones: [],
        accuracyTarget: award.order.accuracyTarget, acceptanceRule: award.order.samplingRule, deliveryDeadline: award.order.deliveryDeadline?.toISOString(),
      },
      currentVersion: null, pendingProposal: null, versions: [], milestones: [], viewerRole: 'buyer',
      allowedActions: ['propose_terms', 'propose_termination'],
    });
    expect(contract.history.map((h: { action: string }) => h.action)).toEqual(['contract.created']);
    // read again: the same contract, not a second one
    expect((await as(m.app, m.parties.vendorA).get(path(orderId))).json).toMatchObject({ id: contract.id, viewerRole: 'vendor', allowedActions: ['propose_termination'] });
    expect((await as(m.app, m.parties.secretariat).get(path(orderId))).json).toMatchObject({ id: contract.id, viewerRole: 'secretariat', allowedActions: ['terminate'] });
  });

  it('exists only for its two parties and the secretariat: the losing bidder, other buyers and vendors get 404, the public 401', async () => {
    const { orderId } = await draftContract();
    expect((await as(m.app, m.parties.vendorB).get(path(orderId))).status).toBe(404);
    expect((await as(m.app, m.parties.buyerB).get(path(orderId))).status).toBe(404);
    expect((await as(m.app, m.parties.unverified).get(path(orderId))).status).toBe(404);
    expect((await as(m.app, null).get(path(orderId))).status).toBe(401);
    // the losing bidder may not propose terms to it either: it does not exist for them
    expect((await as(m.app, m.parties.vendorB).post(path(orderId, '/termination'), { version: 1, reason: '想要终止' })).status).toBe(404);
  });

  it('does not exist before the publicity window ends, nor for an order without an award', async () => {
    const closed = await seedClosedOrder(m, m.parties.buyerA);
    const r = await as(m.app, m.parties.buyerA).get(path(closed.order.id));
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('not_found');
    expect((await as(m.app, m.parties.buyerA).get(path('7d6a3c52-9d0e-4a1b-8a2e-3b1f0c9d8e7f'))).status).toBe(404);
    expect((await as(m.app, m.parties.buyerA).get(path('not-a-uuid'))).status).toBe(404);
  });

  it('buyer proposes → vendor asks for changes → buyer proposes again → vendor accepts the hash it read: both acceptances recorded, milestones made', async () => {
    const { orderId, contract } = await draftContract();
    const buyer = as(m.app, m.parties.buyerA);
    const vendor = as(m.app, m.parties.vendorA);
    const v1 = await buyer.post(path(orderId, '/terms'), { version: contract.version, paymentTermsDays: 30, milestones: evenPlan(contract.terms, 1) });
    expect(v1.status, v1.text).toBe(200);
    expect(v1.json).toMatchObject({ status: 'proposed', pendingProposal: { number: 1 }, allowedActions: ['propose_termination'] });
    expect(await kindsFor(m.parties.vendorA, orderId)).toContain('contract_proposed');
    // the hash is SHA-256 of the canonical JSON of exactly the terms shown
    const shown = v1.json.versions[0];
    expect(shown.termsHash).toBe(sha256(canonicalTerms(shown.terms as ContractTerms)));
    expect(shown.buyerAcceptance).toMatchObject({ termsHash: shown.termsHash, userName: expect.any(String) });
    expect(shown.vendorAcceptance).toBeNull();

    expect((await vendor.get(path(orderId))).json.allowedActions).toEqual(['request_changes', 'accept_terms', 'propose_termination']);
    const ch = await vendor.post(path(orderId, '/request-changes'), { version: v1.json.version, number: 1, message: '请分三批交付，账期缩短到 15 天。' });
    expect(ch.status, ch.text).toBe(200);
    expect(ch.json).toMatchObject({ status: 'changes_requested', pendingProposal: null, versions: [{ status: 'changes_requested', changesRequest: { message: '请分三批交付，账期缩短到 15 天。' } }] });
    expect(await kindsFor(m.parties.buyerA, orderId)).toContain('contract_changes_requested');

    const plan = evenPlan(contract.terms, 3);
    const v2 = await buyer.post(path(orderId, '/terms'), { version: ch.json.version, paymentTermsDays: 15, milestones: plan });
    expect(v2.status, v2.text).toBe(200);
    expect(v2.json.pendingProposal.number).toBe(2);
    // accepting the first version's hash now is refused: it is not what waits for an answer
    const old = await vendor.post(path(orderId, '/accept'), { version: v2.json.version, number: 2, termsHash: shown.termsHash });
    expect(old.status).toBe(409);
    expect(old.json.code).toBe('version_conflict');

    const ok = await vendor.post(path(orderId, '/accept'), { version: v2.json.version, ...v2.json.pendingProposal });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ status: 'active', currentVersion: 2, terms: { paymentTermsDays: 15 }, pendingProposal: null, allowedActions: ['propose_change', 'propose_termination'] });
    const agreed = ok.json.versions[1];
    expect(agreed).toMatchObject({ number: 2, status: 'accepted', buyerAcceptance: { termsHash: agreed.termsHash }, vendorAcceptance: { termsHash: agreed.termsHash } });
    expect(ok.json.milestones.map((x: { seq: number; quantity: number; amountFen: number; status: string }) => [x.seq, x.quantity, x.amountFen, x.status]))
      .toEqual(plan.map((p) => [p.seq, p.quantity, p.amountFen, 'planned']));
    expect(ok.json.milestones.reduce((s: number, x: { amountFen: number }) => s + x.amountFen, 0)).toBe(contract.terms.priceFen);
    expect(await kindsFor(m.parties.buyerA, orderId)).toContain('contract_active');
    expect(ok.json.history.map((h: { action: string }) => h.action)).toEqual([
      'contract.created', 'contract.terms_proposed', 'contract.changes_requested', 'contract.terms_proposed', 'contract.accepted',
    ]);
    // the order's timeline shows the contract's steps to its parties, not to the losing bidder
    const seen = async (p: Party) => (await as(m.app, p).get(`/api/v1/orders/${orderId}/timeline`)).json.items.map((e: { action: string }) => e.action);
    expect(await seen(m.parties.vendorA)).toContain('contract.accepted');
    expect((await seen(m.parties.vendorB)).filter((a: string) => a.startsWith('contract.'))).toEqual([]);
  });

  it.each([
    ['shares one fen short of the price', (t: ContractTerms) => evenPlan(t, 2).map((x, i) => (i === 0 ? { ...x, amountFen: x.amountFen - 1 } : x)), 'milestones', 'amount_sum'],
    ['quantities short of the volume', (t: ContractTerms) => evenPlan(t, 2).map((x, i) => (i === 1 ? { ...x, quantity: x.quantity - 1 } : x)), 'milestones', 'quantity_sum'],
    ['a batch due after the delivery deadline', (t: ContractTerms) => evenPlan(t, 2).map((x, i) => (i === 1 ? { ...x, dueAt: new Date(Date.parse(t.deliveryDeadline) + 1000).toISOString() } : x)), 'milestones.1.dueAt', 'due_after_deadline'],
    ['a batch due in the past', (t: ContractTerms) => evenPlan(t, 2).map((x, i) => (i === 0 ? { ...x, dueAt: '2020-01-01T00:00:00Z' } : x)), 'milestones.0.dueAt', 'due_in_past'],
    ['two batches numbered 1', (t: ContractTerms) => evenPlan(t, 2).map((x) => ({ ...x, seq: 1 })), 'milestones.1.seq', 'seq_invalid'],
  ])('refuses terms with %s (422 rule_violation at the path)', async (_, plan, at, error) => {
    const { orderId, contract } = await draftContract();
    const r = await as(m.app, m.parties.buyerA).post(path(orderId, '/terms'), { version: contract.version, paymentTermsDays: 30, milestones: plan(contract.terms) });
    expect(r.status, r.text).toBe(422);
    expect(r.json.code).toBe('rule_violation');
    expect(r.json.errors).toContainEqual({ path: at, message: error });
    expect((await contracts.getByOrderId(m.db.sql, orderId))?.status).toBe('draft');
  });

  it('answers every other mistake with its code', async () => {
    const { orderId, contract } = await draftContract();
    const buyer = as(m.app, m.parties.buyerA);
    const vendor = as(m.app, m.parties.vendorA);
    const body = { version: contract.version, paymentTermsDays: 30, milestones: evenPlan(contract.terms, 2) };
    const cases: [string, Promise<{ status: number; json: { code: string } }>, number, string][] = [
      ['the vendor proposing terms', vendor.post(path(orderId, '/terms'), body), 403, 'forbidden'],
      ['the secretariat proposing terms', as(m.app, m.parties.secretariat).post(path(orderId, '/terms'), body), 403, 'forbidden'],
      ['a stale version', buyer.post(path(orderId, '/terms'), { ...body, version: contract.version + 7 }), 409, 'version_conflict'],
      ['accepting before any proposal', vendor.post(path(orderId, '/accept'), { version: contract.version, number: 1, termsHash: 'a'.repeat(64) }), 409, 'invalid_transition'],
      ['the buyer accepting', buyer.post(path(orderId, '/accept'), { version: contract.version, number: 1, termsHash: 'a'.repeat(64) }), 403, 'forbidden'],
      ['a fractional amount', buyer.post(path(orderId, '/terms'), { ...body, milestones: body.milestones.map((x) => ({ ...x, amountFen: x.amountFen + 0.5 })) }), 400, 'validation_failed'],
      ['账期 over a year', buyer.post(path(orderId, '/terms'), { ...body, paymentTermsDays: 400 }), 400, 'validation_failed'],
      ['no milestones', buyer.post(path(orderId, '/terms'), { ...body, milestones: [] }), 400, 'validation_failed'],
      ['an unknown field', buyer.post(path(orderId, '/terms'), { ...body, priceFen: 1 }), 400, 'validation_failed'],
      ['a guideline of another order', buyer.post(path(orderId, '/terms'), { ...body, guidelineAttachmentId: '7d6a3c52-9d0e-4a1b-8a2e-3b1f0c9d8e7f' }), 422, 'rule_violation'],
      ['asking for changes without a message', vendor.post(path(orderId, '/request-changes'), { version: contract.version, number: 1, message: '  ' }), 400, 'validation_failed'],
      ['a change order before the terms are agreed', buyer.post(path(orderId, '/change-orders'), { version: contract.version, changes: { priceFen: 1 }, reason: '涨价' }), 409, 'invalid_transition'],
      ['a party terminating alone', buyer.post(path(orderId, '/terminate'), { version: contract.version, reason: '不做了' }), 403, 'forbidden'],
      ['answering a termination nobody proposed', vendor.post(path(orderId, '/termination/accept'), { version: contract.version }), 409, 'invalid_transition'],
    ];
    for (const [what, pending, status, code] of cases) {
      const r = await pending;
      expect([what, r.status, r.json.code]).toEqual([what, status, code]);
    }
    // nothing of it changed the contract
    expect((await buyer.get(path(orderId))).json).toMatchObject({ status: 'draft', version: contract.version, versions: [] });
  });

  it('takes a guideline that is a file of the order into the terms', async () => {
    const { orderId, contract } = await draftContract();
    const file = await seedAttachment(m, orderId);
    const r = await as(m.app, m.parties.buyerA).post(path(orderId, '/terms'), {
      version: contract.version, paymentTermsDays: 30, guidelineAttachmentId: file.id, milestones: evenPlan(contract.terms, 1),
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.versions[0].terms.guidelineAttachmentId).toBe(file.id);
  });

  it('replays a write sent again with the same Idempotency-Key; another body under it is 422', async () => {
    const { orderId, contract } = await draftContract();
    const body = { version: contract.version, paymentTermsDays: 30, milestones: evenPlan(contract.terms, 2) };
    const key = { 'idempotency-key': `terms-${orderId}` };
    const first = await as(m.app, m.parties.buyerA).post(path(orderId, '/terms'), body, key);
    const again = await as(m.app, m.parties.buyerA).post(path(orderId, '/terms'), body, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.text).toBe(first.text);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect((await contracts.listVersions(m.db.sql, contract.id))).toHaveLength(1);
    const other = await as(m.app, m.parties.buyerA).post(path(orderId, '/terms'), { ...body, paymentTermsDays: 31 }, key);
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('idempotency_key_reused');
  });
});

describe('change orders', () => {
  it('the vendor proposes more volume at a higher price with a new plan; the buyer accepts: version 2 in force, milestone ids kept', async () => {
    const { orderId, contract } = await activeContract(2);
    const vendor = as(m.app, m.parties.vendorA);
    const buyer = as(m.app, m.parties.buyerA);
    const priceFen = contract.terms.priceFen + 1_000_001;
    const quantity = contract.terms.volume.quantity + 10_000;
    const plan = evenPlan(contract.terms, 2, { priceFen, quantity });
    const p = await vendor.post(path(orderId, '/change-orders'), { version: contract.version, changes: { priceFen, volumeQuantity: quantity, milestones: plan }, reason: '增加 1 万帧夜间场景' });
    expect(p.status, p.text).toBe(200);
    const co = p.json.changeOrders[0];
    expect(co).toMatchObject({ proposedBy: 'vendor', status: 'proposed', baseVersion: 1, changes: { priceFen, volume: { quantity, unit: contract.terms.volume.unit } } });
    expect(await kindsFor(m.parties.buyerA, orderId)).toContain('change_order_proposed');
    expect((await buyer.get(path(orderId))).json.allowedActions).toEqual(['accept_change', 'decline_change', 'propose_termination']);

    const second = await buyer.post(path(orderId, '/change-orders'), { version: p.json.version, changes: { paymentTermsDays: 10 }, reason: 'x' });
    expect(second.status).toBe(400); // paymentTermsDays is not a change order field
    const third = await buyer.post(path(orderId, '/change-orders'), { version: p.json.version, changes: { deliveryDeadline: contract.terms.deliveryDeadline }, reason: '再提一项' });
    expect([third.status, third.json.code]).toEqual([409, 'invalid_transition']);
    const own = await vendor.post(path(orderId, `/change-orders/${co.id}/accept`), { version: p.json.version });
    expect([own.status, own.json.code]).toEqual([403, 'forbidden']);

    const ok = await buyer.post(path(orderId, `/change-orders/${co.id}/accept`), { version: p.json.version, message: '同意' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ status: 'active', currentVersion: 2, terms: { priceFen, volume: { quantity } }, changeOrders: [{ status: 'accepted', resultVersion: 2 }] });
    expect(ok.json.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([[1, 'superseded'], [2, 'accepted']]);
    const v2 = ok.json.versions[1];
    expect(v2.changeOrderId).toBe(co.id);
    expect(v2.termsHash).toBe(sha256(canonicalTerms(v2.terms)));
    expect([v2.buyerAcceptance.termsHash, v2.vendorAcceptance.termsHash]).toEqual([v2.termsHash, v2.termsHash]);
    expect(ok.json.milestones.map((x: { id: string }) => x.id)).toEqual(contract.milestones.map((x: { id: string }) => x.id));
    expect(ok.json.milestones.map((x: { amountFen: number }) => x.amountFen)).toEqual(plan.map((x) => x.amountFen));
    expect(await kindsFor(m.parties.vendorA, orderId)).toContain('change_order_decided');
    const answered = await buyer.post(path(orderId, `/change-orders/${co.id}/decline`), { version: ok.json.version });
    expect([answered.status, answered.json.code]).toEqual([409, 'invalid_transition']);
  });

  it('declined and withdrawn change orders leave the terms; unknown ones are 404', async () => {
    const { orderId, contract } = await activeContract(1);
    const buyer = as(m.app, m.parties.buyerA);
    const vendor = as(m.app, m.parties.vendorA);
    const later = new Date(Date.parse(contract.terms.deliveryDeadline) + 7 * 86_400_000).toISOString();
    const a = await buyer.post(path(orderId, '/change-orders'), { version: contract.version, changes: { deliveryDeadline: later }, reason: '推迟一周' });
    expect(a.status, a.text).toBe(200);
    const d = await vendor.post(path(orderId, `/change-orders/${a.json.changeOrders[0].id}/decline`), { version: a.json.version, message: '人员已排满' });
    expect(d.status, d.text).toBe(200);
    expect(d.json).toMatchObject({ currentVersion: 1, terms: { deliveryDeadline: contract.terms.deliveryDeadline }, changeOrders: [{ status: 'declined', decisionMessage: '人员已排满' }] });
    expect(await kindsFor(m.parties.buyerA, orderId)).toContain('change_order_decided');

    const b = await buyer.post(path(orderId, '/change-orders'), { version: d.json.version, changes: { deliveryDeadline: later }, reason: '再议' });
    const notYours = await vendor.post(path(orderId, `/change-orders/${b.json.changeOrders[1].id}/withdraw`), { version: b.json.version });
    expect([notYours.status, notYours.json.code]).toEqual([403, 'forbidden']);
    const w = await buyer.post(path(orderId, `/change-orders/${b.json.changeOrders[1].id}/withdraw`), { version: b.json.version });
    expect(w.status, w.text).toBe(200);
    expect(w.json.changeOrders[1].status).toBe('withdrawn');
    expect((await buyer.post(path(orderId, '/change-orders/7d6a3c52-9d0e-4a1b-8a2e-3b1f0c9d8e7f/accept'), { version: w.json.version })).status).toBe(404);
  });

  it.each([
    ['a price change without a new plan', (t: ContractTerms) => ({ priceFen: t.priceFen + 100 }), 'changes.milestones', 'milestones_required'],
    ['the values already in force', (t: ContractTerms) => ({ deliveryDeadline: t.deliveryDeadline }), 'changes', 'no_changes'],
    ['an earlier deadline that strands the last batch', (t: ContractTerms) => ({ deliveryDeadline: new Date(Date.parse(t.deliveryDeadline) - 86_400_000).toISOString() }), 'changes.milestones.0.dueAt', 'due_after_deadline'],
  ])('refuses %s (422)', async (_, changes, at, error) => {
    const { orderId, contract } = await activeContract(1);
    const r = await as(m.app, m.parties.buyerA).post(path(orderId, '/change-orders'), { version: contract.version, changes: changes(contract.terms), reason: '调整' });
    expect(r.status, r.text).toBe(422);
    expect(r.json.errors).toContainEqual({ path: at, message: error });
  });

  it('leaves a delivered batch as it is: a re-split touching it is 422, a change of the batches after it goes through', async () => {
    const { orderId, contract } = await activeContract(2);
    const [first, second] = contract.milestones;
    const delivered = await as(m.app, m.parties.vendorA).post(`${milestonePath(orderId, first.id)}/deliveries`, linkManifest(first.quantity));
    expect(delivered.status, delivered.text).toBe(201);
    const version = (await as(m.app, m.parties.buyerA).get(path(orderId))).json.version;
    const resplit = contract.terms.milestones.map((x: { amountFen: number }, i: number) => ({ ...x, amountFen: x.amountFen + (i === 0 ? -1 : 1) }));
    const refused = await as(m.app, m.parties.buyerA).post(path(orderId, '/change-orders'), { version, changes: { milestones: resplit }, reason: '调整金额' });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.errors).toContainEqual({ path: 'changes.milestones.0', message: 'milestone_frozen' });
    const earlier = new Date(Date.parse(second.dueAt) - 86_400_000).toISOString();
    const plan = contract.terms.milestones.map((x: { seq: number }) => (x.seq === 2 ? { ...x, dueAt: earlier } : x));
    const ok = await as(m.app, m.parties.buyerA).post(path(orderId, '/change-orders'), { version, changes: { milestones: plan }, reason: '第二批提前一天' });
    expect(ok.status, ok.text).toBe(200);
  });

  it('refuses an empty change order (400)', async () => {
    const { orderId, contract } = await activeContract(1);
    expect((await as(m.app, m.parties.buyerA).post(path(orderId, '/change-orders'), { version: contract.version, changes: {}, reason: '无' })).status).toBe(400);
  });
});

/** The order followed its contract: terminated, in the public list under that status, with its audit record. */
async function expectOrderTerminated(orderId: string, by: Party) {
  const order = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${orderId}`);
  expect(order.json.status).toBe('terminated');
  const listed = await as(m.app, m.parties.vendorB).get('/api/v1/orders?status=terminated&limit=100');
  expect(listed.status, listed.text).toBe(200);
  expect(listed.json.items.map((o: { id: string }) => o.id)).toContain(orderId);
  const timeline = await as(m.app, m.parties.buyerA).get(`/api/v1/orders/${orderId}/timeline`);
  const entry = timeline.json.items.find((e: { action: string }) => e.action === 'order.terminated');
  expect(entry).toMatchObject({ changes: expect.arrayContaining([{ field: 'status', before: 'in_progress', after: 'terminated' }]) });
  expect(entry.actor.orgName).toBe(by.name);
}

describe('termination', () => {
  it('by agreement: the buyer proposes, the vendor declines; the vendor proposes, the buyer accepts; then nothing more changes it', async () => {
    const { orderId, contract } = await activeContract(1);
    const buyer = as(m.app, m.parties.buyerA);
    const vendor = as(m.app, m.parties.vendorA);
    const p = await buyer.post(path(orderId, '/termination'), { version: contract.version, reason: '项目预算被削减' });
    expect(p.status, p.text).toBe(200);
    expect(await kindsFor(m.parties.vendorA, orderId)).toContain('termination_proposed');
    const own = await buyer.post(path(orderId, '/termination/accept'), { version: p.json.version });
    expect([own.status, own.json.code]).toEqual([403, 'forbidden']);
    const d = await vendor.post(path(orderId, '/termination/decline'), { version: p.json.version, message: '已投入人力' });
    expect(d.status, d.text).toBe(200);
    expect(d.json).toMatchObject({ status: 'active', terminations: [{ status: 'declined', proposedBy: 'buyer', decisionMessage: '已投入人力' }] });

    const q = await vendor.post(path(orderId, '/termination'), { version: d.json.version, reason: '双方协商一致' });
    const again = await buyer.post(path(orderId, '/termination'), { version: q.json.version, reason: '重复' });
    expect([again.status, again.json.code]).toEqual([409, 'invalid_transition']);
    const a = await buyer.post(path(orderId, '/termination/accept'), { version: q.json.version, message: '同意' });
    expect(a.status, a.text).toBe(200);
    expect(a.json).toMatchObject({ status: 'terminated', allowedActions: [], terminatedAt: expect.any(String) });
    expect(await kindsFor(m.parties.vendorA, orderId)).toContain('termination_decided');
    await expectOrderTerminated(orderId, m.parties.buyerA);
    const after = await buyer.post(path(orderId, '/change-orders'), { version: a.json.version, changes: { priceFen: 1 }, reason: '晚了' });
    expect([after.status, after.json.code]).toEqual([409, 'invalid_transition']);
  });

  it('withdrawn by its proposer', async () => {
    const { orderId, contract } = await draftContract();
    const p = await as(m.app, m.parties.vendorA).post(path(orderId, '/termination'), { version: contract.version, reason: '人手不足' });
    const notYours = await as(m.app, m.parties.buyerA).post(path(orderId, '/termination/withdraw'), { version: p.json.version });
    expect([notYours.status, notYours.json.code]).toEqual([403, 'forbidden']);
    const w = await as(m.app, m.parties.vendorA).post(path(orderId, '/termination/withdraw'), { version: p.json.version });
    expect(w.status, w.text).toBe(200);
    expect(w.json).toMatchObject({ status: 'draft', terminations: [{ status: 'withdrawn' }] });
  });

  it('by the secretariat on a dispute, with a reason: open proposals lapse and both parties are told', async () => {
    const { orderId, contract } = await activeContract(1);
    const later = new Date(Date.parse(contract.terms.deliveryDeadline) + 86_400_000).toISOString();
    const co = await as(m.app, m.parties.buyerA).post(path(orderId, '/change-orders'), { version: contract.version, changes: { deliveryDeadline: later }, reason: '延期' });
    const noReason = await as(m.app, m.parties.secretariat).post(path(orderId, '/terminate'), { version: co.json.version, reason: '' });
    expect(noReason.status).toBe(400);
    const t = await as(m.app, m.parties.secretariat).post(path(orderId, '/terminate'), { version: co.json.version, reason: '经调解，双方争议无法解决' });
    expect(t.status, t.text).toBe(200);
    expect(t.json).toMatchObject({
      status: 'terminated', changeOrders: [{ status: 'withdrawn' }], terminations: [{ kind: 'secretariat', proposedBy: 'secretariat', status: 'accepted', reason: '经调解，双方争议无法解决' }],
    });
    expect(await kindsFor(m.parties.buyerA, orderId)).toContain('contract_terminated');
    expect(await kindsFor(m.parties.vendorA, orderId)).toContain('contract_terminated');
    expect(t.json.history.at(-1)).toMatchObject({ action: 'contract.terminated', actor: { kind: 'secretariat' }, reason: '经调解，双方争议无法解决' });
    await expectOrderTerminated(orderId, m.parties.secretariat);
    const twice = await as(m.app, m.parties.secretariat).post(path(orderId, '/terminate'), { version: t.json.version, reason: '再次' });
    expect([twice.status, twice.json.code]).toEqual([409, 'invalid_transition']);
  });
});

describe('my contracts (GET /contracts)', () => {
  type Item = { id: string; orderId: string; side: string | null; status: string };
  const list = async (p: Party, query = '') => {
    const r = await as(m.app, p).get(`/api/v1/contracts?limit=100${query}`);
    expect(r.status, r.text).toBe(200);
    return r.json.items as Item[];
  };

  it('lists the caller organisation’s contracts with its side, by status and side; others see none of them; the secretariat all', async () => {
    const { orderId, contract } = await activeContract(1);
    const drafted = await draftContract();
    const mine = (items: Item[]) => items.filter((i) => i.id === contract.id || i.id === drafted.contract.id);
    expect(mine(await list(m.parties.buyerA)).map((i) => [i.orderId, i.side, i.status]).sort()).toEqual(
      [[orderId, 'buyer', 'active'], [drafted.orderId, 'buyer', 'draft']].sort(),
    );
    expect(mine(await list(m.parties.vendorA)).map((i) => i.side)).toEqual(['vendor', 'vendor']);
    expect(mine(await list(m.parties.buyerA, '&status=active')).map((i) => i.id)).toEqual([contract.id]);
    expect(mine(await list(m.parties.buyerA, '&side=vendor'))).toEqual([]);
    expect(mine(await list(m.parties.vendorA, '&side=vendor&status=draft')).map((i) => i.id)).toEqual([drafted.contract.id]);
    expect(mine(await list(m.parties.buyerB))).toEqual([]);
    expect(mine(await list(m.parties.vendorB))).toEqual([]);
    expect(mine(await list(m.parties.secretariat)).map((i) => i.side)).toEqual([null, null]);
  });

  it('pages newest first with a cursor; a cursor it did not issue is 400', async () => {
    await draftContract();
    const all = await list(m.parties.buyerA);
    const first = await as(m.app, m.parties.buyerA).get('/api/v1/contracts?limit=1');
    expect(first.json.items.map((i: Item) => i.id)).toEqual([all[0]!.id]);
    const second = await as(m.app, m.parties.buyerA).get(`/api/v1/contracts?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.items.map((i: Item) => i.id)).toEqual([all[1]!.id]);
    const bad = await as(m.app, m.parties.buyerA).get('/api/v1/contracts?cursor=nonsense');
    expect([bad.status, bad.json.code]).toEqual([400, 'validation_failed']);
    const badStatus = await as(m.app, m.parties.buyerA).get('/api/v1/contracts?status=signed');
    expect(badStatus.status).toBe(400);
  });
});

describe('the acceptance rule in effect', () => {
  it('is the terms’ own rule, or the default plan when they name none — said with its source, as inspections follow it', async () => {
    const d = await draftContract();
    expect(d.contract.terms.ruleInEffect.source).toBe(d.contract.terms.acceptanceRule ? 'contract' : 'default');
    await m.db.sql`update contracts set acceptance_rule = null where id = ${d.contract.id}`;
    const r = await as(m.app, m.parties.vendorA).get(path(d.orderId));
    const target = r.json.terms.accuracyTarget;
    expect(r.json.terms).toMatchObject({
      acceptanceRule: null,
      ruleInEffect: { source: 'default', rule: { kind: 'statistical', expectedAccuracy: Math.min(99.9, target), marginPercent: 2, confidence: 95 } },
    });
    await m.db.sql`update contracts set acceptance_rule = ${m.db.sql.json({ kind: 'gbt2828', aql: 1 })} where id = ${d.contract.id}`;
    const own = await as(m.app, m.parties.buyerA).get(path(d.orderId));
    expect(own.json.terms.ruleInEffect).toEqual({ source: 'contract', rule: { kind: 'gbt2828', aql: 1 } });
  });
});
