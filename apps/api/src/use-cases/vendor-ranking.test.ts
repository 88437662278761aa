import { matching, organisations } from '@annex/db';
import { createVerifiedVendor } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase, testBackend } from '@annex/db/testing.ts';
import {
  type CapabilityProfile, type Certification, type MatchOrder, MODALITIES, type OrderTerms, profileRequirements, rankVendors, type TaskType,
} from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankedVendorsFor } from './vendor-ranking.ts';
import { withTrackRecords } from './track-record-view.ts';

let t: TestDatabase;
const vendorIds: string[] = [];
const now = new Date();
const day = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString().slice(0, 10);

// A deterministic market of vendors on both sides of every hard filter: modalities and task types, certifications
// valid, expired or missing, headcounts around the minimum, with and without a secure room, suspended and lapsed
// verifications, and profiles stored before some fields existed.
const TASKS: TaskType[] = ['bbox', 'polygon', 'cuboid_3d', 'ner', 'transcription', 'classification'];
const CERTS: Certification[] = ['iso27001', 'mlps3', 'iso9001', 'dcmm'];

function profile(i: number): CapabilityProfile {
  const modalities = [MODALITIES[i % MODALITIES.length]!, MODALITIES[(i * 7 + 2) % MODALITIES.length]!];
  const taskTypes = [TASKS[i % TASKS.length]!, TASKS[(i * 5 + 1) % TASKS.length]!, ...(i % 3 === 0 ? [TASKS[(i + 2) % TASKS.length]!] : [])];
  return {
    modalities: [...new Set(modalities)],
    taskTypes: [...new Set(taskTypes)],
    headcount: [0, 19, 20, 21, 80, 300][i % 6]!,
    dailyCapacity: Object.fromEntries(taskTypes.map((task, k) => [task, ((i * 37 + k * 11) % 50) * 100])),
    certifications: i % 4 === 0 ? [] : [
      { name: CERTS[i % CERTS.length]!, expiresOn: i % 5 === 0 ? day(-1) : day(30) },
      ...(i % 7 === 0 ? [{ name: CERTS[(i + 1) % CERTS.length]!, expiresOn: day(0) }] : []),
    ],
    secureRoom: i % 2 === 0,
    tools: ['cvat'],
    yearsActive: i % 9,
    revenueBand: 'lt1m',
    aboveDesignatedSize: false,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 72; i++) {
    const v = await createVerifiedVendor(t.sql, { name: `匹配服务商${i}` });
    await organisations.setCapabilities(t.sql, v.org.id, profile(i));
    await organisations.update(t.sql, v.org.id, { county: ['371502', '371581', '371521', '371522'][i % 4]! });
    if (i % 11 === 5) await organisations.setVerification(t.sql, v.org.id, { status: 'suspended', verifiedUntil: new Date(now.getTime() + 86_400_000), reason: '违规' });
    if (i % 13 === 6) await organisations.setVerification(t.sql, v.org.id, { status: 'verified', verifiedUntil: new Date(now.getTime() - 1000), reason: null });
    // stored before headcount, certifications and the secure room were asked for
    if (i % 17 === 3) await t.sql`update vendor_profiles set capabilities = capabilities - '{headcount,certifications,secureRoom}'::text[] where org_id = ${v.org.id}`;
    vendorIds.push(v.org.id);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const terms = (o: Partial<OrderTerms>): OrderTerms => ({
  modality: 'image', taskTypes: ['bbox'], volume: { quantity: 200_000, unit: 'items' }, unitPriceCeilingFen: null,
  budgetTotalFen: 1_000_000, biddingMode: 'sealed', questionsCloseAt: new Date(now.getTime() + 86_400_000),
  bidDeadline: new Date(now.getTime() + 7 * 86_400_000), deliveryDeadline: new Date(now.getTime() + 37 * 86_400_000),
  accuracyTarget: 97, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
  requiredCertifications: [], minHeadcount: 0, requiresSecureRoom: false, ...o,
});

const orders = (): MatchOrder[] => [
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: '371502', terms: terms({}) },
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: null, terms: terms({ modality: 'point_cloud', taskTypes: ['cuboid_3d'], minHeadcount: 20 }) },
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: '371581', terms: terms({ securityLevel: 'confidential' }) },
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: '371521', terms: terms({ modality: 'text', taskTypes: ['ner', 'classification'], requiredCertifications: ['iso9001'] }) },
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: '371502', terms: terms({ requiredCertifications: ['iso27001', 'mlps3'], workLocation: 'vendor_secure_room' }) },
  { buyerOrgId: '00000000-0000-4000-8000-000000000001', buyerCounty: '371502', terms: terms({ modality: 'audio', taskTypes: ['transcription'], requiresSecureRoom: true, minHeadcount: 21 }) },
  // a vendor is never matched to its own order
  { buyerOrgId: vendorIds[0]!, buyerCounty: '371502', terms: terms({ modality: MODALITIES[0], taskTypes: ['bbox'] }) },
];

describe(`matching reads only the vendors it can score (${testBackend()})`, () => {
  it('ranks exactly as scoring every verified vendor did, for orders asking for each hard filter', async () => {
    const everyVendor = await withTrackRecords(t.sql, await matching.candidates(t.sql), now);
    let compared = 0;
    for (const order of orders()) {
      const before = rankVendors(order, everyVendor, now);
      const after = await rankedVendorsFor(t.sql, order, now, Number.POSITIVE_INFINITY, { listedOnly: false });
      expect(after.map((m) => [m.item.orgId, m.score, m.reasons])).toEqual(before.map((m) => [m.item.orgId, m.score, m.reasons]));
      const limited = await rankedVendorsFor(t.sql, order, now, 3, { listedOnly: false });
      expect(limited.map((m) => m.item.orgId)).toEqual(before.slice(0, 3).map((m) => m.item.orgId));
      compared += before.length;
    }
    // the fixture lets some vendors through every filter and keeps others out of each
    expect(compared).toBeGreaterThan(10);
    expect(compared).toBeLessThan(orders().length * everyVendor.length);
  });

  it('reads the profiles of the eligible vendors alone, fewer than cover the modality and task types', async () => {
    const everyVendor = await withTrackRecords(t.sql, await matching.candidates(t.sql), now);
    let covering = 0;
    let read = 0;
    for (const order of orders()) {
      const { modality, taskTypes } = order.terms;
      covering += (await matching.verifiedVendors(t.sql, { modality, taskTypes })).length;
      const rows = await matching.verifiedVendors(t.sql, {
        modality, taskTypes, excludeOrgId: order.buyerOrgId, requirements: profileRequirements(order.terms, now),
      });
      read += rows.length;
      expect(rows.map((r) => r.orgId).sort()).toEqual(rankVendors(order, everyVendor, now).map((m) => m.item.orgId).sort());
    }
    expect(read).toBeLessThan(covering);
  });
});
