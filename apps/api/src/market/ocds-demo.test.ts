import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMarket } from '../cli/seed.ts';
import { DEMO_ORDER_STATES } from '../cli/demo-orders.ts';
import { createMemoryFileStorage } from '../lib/storage.ts';
import { TEST_CONFIG, call, setupApp } from '../test-helpers.ts';
import { ocdsPackageProblems } from '../test-ocds.ts';

// The open-data feed over the demo market as the first start seeds it (its histories written as the use cases
// would have written them): every page validates against the OCDS 1.1.5 schemas, every order that was ever
// published is there and no other, releases come in date order and none precedes its tender, and nothing of the
// demo's contacts appears.

type Contract = { status: string; implementation?: { milestones: { status: string }[]; transactions: unknown[] } };
type Release = { ocid: string; id: string; date: string; tag: string[]; bids?: unknown; contracts?: Contract[] };
let t: Awaited<ReturnType<typeof setupApp>>;
let orderIds: string[] = [];
const releases: Release[] = [];

beforeAll(async () => {
  t = await setupApp();
  const seeded = await seedDemoMarket(t.db.sql, TEST_CONFIG, new Date(), createMemoryFileStorage());
  if (!seeded.created) throw new Error('the demo market was not seeded');
  orderIds = seeded.orderIds;
  // a minute on, so the feed's settling time has passed for everything the seed wrote
  const app = t.make({}, () => new Date(Date.now() + 60_000));
  let next = '/api/v1/ocds/releases?limit=7';
  for (let page = 0; page < 100; page += 1) {
    const r = await call(app, 'GET', next);
    expect(r.status, r.text).toBe(200);
    expect(ocdsPackageProblems(r.json), next).toEqual([]);
    releases.push(...r.json.releases);
    if (r.json.releases.length === 0) return;
    next = new URL(r.json.links.next).pathname + new URL(r.json.links.next).search;
  }
  throw new Error('the feed did not end');
}, 180_000);
afterAll(() => t?.close());

const ordersOf = (rs: readonly Release[]) => new Set(rs.map((r) => r.ocid.slice('ocds-test01-'.length)));

describe('the open data of the demo market', () => {
  it('holds every demo order, each once per release, in date order', () => {
    expect(orderIds).toHaveLength(DEMO_ORDER_STATES.length);
    expect([...ordersOf(releases)].sort()).toEqual([...orderIds].sort());
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
    const dates = releases.map((r) => r.date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('no release of an order precedes its tender', () => {
    for (const id of orderIds) {
      const own = releases.filter((r) => r.ocid.endsWith(id));
      expect(own[0]?.tag, id).toEqual(['tender']);
    }
  });

  it('shows the stages the demo has: awards, the final award of the order in progress, a cancellation, an unsuccessful tender', () => {
    const tags = new Set(releases.flatMap((r) => r.tag));
    for (const tag of ['tender', 'tenderUpdate', 'award', 'awardUpdate', 'tenderCancellation']) expect(tags, tag).toContain(tag);
    // the awarded order is in publicity with an objection: its losing amounts are not out
    const awarded = orderIds[DEMO_ORDER_STATES.indexOf('awarded')]!;
    expect(releases.filter((r) => r.ocid.endsWith(awarded)).some((r) => r.bids)).toBe(false);
    const inProgress = orderIds[DEMO_ORDER_STATES.indexOf('in_progress')]!;
    expect(releases.filter((r) => r.ocid.endsWith(inProgress)).at(-1)?.bids).toBeDefined();
  });

  it('shows the contracts: signed, their implementation as batches are accepted and paid, the completed one ended', () => {
    const of = (state: (typeof DEMO_ORDER_STATES)[number], nth = 0) => {
      const id = orderIds.filter((_, i) => DEMO_ORDER_STATES[i] === state)[nth]!;
      return releases.filter((r) => r.ocid.endsWith(id));
    };
    const tags = (rs: readonly Release[]) => rs.flatMap((r) => r.tag);
    // the worked contract: one batch accepted and paid so far, two still scheduled
    const worked = of('in_progress');
    expect(tags(worked)).toEqual(expect.arrayContaining(['contract', 'implementation', 'implementationUpdate']));
    const now = worked.at(-1)!.contracts![0]!;
    expect(now.status).toBe('active');
    expect(now.implementation!.milestones.map((m) => m.status)).toEqual(['met', 'scheduled', 'scheduled']);
    expect(now.implementation!.transactions).toHaveLength(1);
    // the contract with a batch under inspection is signed, nothing of it met yet
    const inspected = of('in_progress', 1);
    expect(tags(inspected)).toContain('contract');
    expect(tags(inspected)).not.toContain('implementation');
    // the completed one: every milestone met and paid, the contract closed
    const completed = of('completed');
    expect(tags(completed)).toEqual(expect.arrayContaining(['contract', 'implementation', 'contractTermination']));
    const last = completed.at(-1)!.contracts![0]!;
    expect(last.status).toBe('terminated');
    expect(last.implementation!.milestones.every((m) => m.status === 'met')).toBe(true);
    expect(last.implementation!.transactions).toHaveLength(2);
  });

  it('carries no contact of the demo: phones, e-mail addresses, credit codes', async () => {
    const text = JSON.stringify(releases);
    const orgs = await t.db.sql<{ contactPhone: string | null; contactName: string | null; uscc: string | null }[]>`
      select contact_phone, contact_name, uscc from organisations`;
    const emails = (await t.db.sql<{ email: string }[]>`select email from users`).map((u) => u.email);
    const secrets = [...orgs.flatMap((o) => [o.contactPhone, o.contactName, o.uscc]), ...emails].filter((s): s is string => !!s);
    expect(secrets.length).toBeGreaterThan(10);
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});
