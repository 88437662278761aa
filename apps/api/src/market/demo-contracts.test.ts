import { ContractImplementation, ContractReviews, MilestoneImplementation, OrderContract, TrackRecord } from '@annex/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORDER_STATES } from '../cli/demo-orders.ts';
import { seedDemoMarket } from '../cli/seed.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { TEST_CONFIG, call, sessionCookie, setupApp } from '../test-helpers.ts';

// The contract stage of the demo market as its parties read it through the API (what the contract, milestone and
// review pages show): every answer is what the contracts describe, and each side is asked to do what the state
// says is its turn.

let t: Awaited<ReturnType<typeof setupApp>>;
let app: Awaited<ReturnType<typeof setupApp>>['app'];
let password = '';
let orderIds: string[] = [];
const cookies = new Map<string, string>();

beforeAll(async () => {
  t = await setupApp();
  const seeded = await seedDemoMarket(t.db.sql, TEST_CONFIG, new Date(), createMemoryFileStorage());
  if (!seeded.created) throw new Error('the demo market was not seeded');
  ({ password, orderIds } = seeded);
  app = t.make();
}, 120_000);
afterAll(() => t?.close());

const orderIn = (state: (typeof DEMO_ORDER_STATES)[number], nth = 0) => orderIds.filter((_, i) => DEMO_ORDER_STATES[i] === state)[nth]!;

async function get(email: string, path: string) {
  let cookie = cookies.get(email);
  if (!cookie) {
    const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status, login.text).toBe(200);
    cookie = sessionCookie(login.res)!;
    cookies.set(email, cookie);
  }
  const r = await call(app, 'GET', path, { cookie });
  expect(r.status, `${path}: ${r.text}`).toBe(200);
  return r.json;
}

const YANCHUAN = 'buyer.yanchuan@annex.local';
const XINGHENG = 'buyer.xingheng@annex.local';

describe('the demo contracts as their parties read them', () => {
  it('the worked contract: agreed by both, batch 1 paid, batch 2 reworked and the buyer’s turn, batch 3 the vendor’s', async () => {
    const id = orderIn('in_progress');
    const contract = OrderContract.parse(await get(YANCHUAN, `/api/v1/orders/${id}/contract`));
    // the second version, after the vendor asked for changes to the first
    expect(contract).toMatchObject({ status: 'active', currentVersion: 2, pendingProposal: null });
    expect(contract.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(contract.milestones).toHaveLength(3);
    const overview = ContractImplementation.parse(await get(YANCHUAN, `/api/v1/orders/${id}/contract/implementation`));
    expect(overview.milestones.map((m) => [m.status, m.attempts, m.reworks, m.payment?.status ?? null]))
      .toEqual([['accepted', 1, 0, 'confirmed'], ['delivered', 2, 1, null], ['awaiting_delivery', 0, 0, null]]);
    expect(overview.totals).toMatchObject({ acceptedFen: overview.milestones[0]!.amountFen, paidFen: overview.milestones[0]!.amountFen, overdueFen: 0 });
    const [, second, third] = overview.milestones;
    const buyerSees = MilestoneImplementation.parse(await get(YANCHUAN, `/api/v1/orders/${id}/contract/milestones/${second!.milestoneId}/implementation`));
    expect(buyerSees.permissions).toMatchObject({ startInspection: true, accept: true });
    const vendorSees = MilestoneImplementation.parse(
      await get('vendor.yunhe@annex.local', `/api/v1/orders/${id}/contract/milestones/${third!.milestoneId}/implementation`));
    expect(vendorSees.permissions.deliver).toBe(true);
  });

  it('the other contract: the buyer is inspecting its first batch, errors recorded, the decision its to make', async () => {
    const id = orderIn('in_progress', 1);
    const overview = ContractImplementation.parse(await get(XINGHENG, `/api/v1/orders/${id}/contract/implementation`));
    const first = overview.milestones[0]!;
    expect(first.status).toBe('under_inspection');
    const m = MilestoneImplementation.parse(await get(XINGHENG, `/api/v1/orders/${id}/contract/milestones/${first.milestoneId}/implementation`));
    expect(m.permissions).toMatchObject({ recordErrors: true, accept: true, reject: true });
  });

  it('the completed contract: both reviews revealed to both sides, the vendor’s record counts the order', async () => {
    const id = orderIn('completed');
    const reviews = ContractReviews.parse(await get('vendor.huiyan@annex.local', `/api/v1/orders/${id}/contract/reviews`));
    expect(reviews).toMatchObject({ contractStatus: 'completed', revealed: true });
    expect(reviews.buyer.review?.ratings).toEqual({ quality: 5, timeliness: 5, communication: 4 });
    expect(reviews.vendor.review?.body.length).toBeGreaterThan(20);
    const contract = OrderContract.parse(await get(YANCHUAN, `/api/v1/orders/${id}/contract`));
    const record = TrackRecord.parse(await get(YANCHUAN, `/api/v1/organisations/${contract.vendor.orgId}/track-record`));
    if (record.kind !== 'vendor') throw new Error('a vendor’s record was expected');
    expect(record.hasRecord).toBe(true);
    expect(record.volume.items.map((o) => o.orderId)).toEqual([id]);
    expect(record.rating.items.map((o) => o.orderId)).toEqual([id]);
    expect(record.firstPass).toMatchObject({ good: 2, count: 2 });
  });
});
