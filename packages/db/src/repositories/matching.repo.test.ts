import { EMPTY_CAPABILITY_PROFILE } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenOrder, createOrgWithOwner, createVerifiedVendor, sampleCapabilities } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { matching } from './matching.repo.ts';
import { organisations } from './organisations.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe(`matching reads (${testBackend()})`, () => {
  it('reads verified vendors only, with their profiles, optionally covering a modality and task types', async () => {
    const v = await createVerifiedVendor(t.sql, { name: '已认证' });
    const textOnly = await createVerifiedVendor(t.sql);
    await organisations.setCapabilities(t.sql, textOnly.org.id, { ...sampleCapabilities(), modalities: ['text'], taskTypes: ['ner'] });
    const pending = await createOrgWithOwner(t.sql, 'vendor');
    const suspended = await createVerifiedVendor(t.sql);
    await organisations.setVerification(t.sql, suspended.org.id, { status: 'suspended', verifiedUntil: new Date(Date.now() + 86_400_000), reason: '违规' });
    const expired = await createVerifiedVendor(t.sql);
    await organisations.setVerification(t.sql, expired.org.id, { status: 'verified', verifiedUntil: new Date(Date.now() - 1000), reason: null });

    const all = await matching.verifiedVendors(t.sql);
    const ids = all.map((r) => r.orgId);
    expect(ids).toContain(v.org.id);
    expect(ids).toContain(textOnly.org.id);
    for (const out of [pending, suspended, expired]) expect(ids).not.toContain(out.org.id);
    expect(all.find((r) => r.orgId === v.org.id)).toMatchObject({
      county: '371502', verificationStatus: 'verified', capabilities: sampleCapabilities(),
    });
    const names = await matching.vendorNames(t.sql, [v.org.id, textOnly.org.id, 'not-a-uuid']);
    expect(names.get(v.org.id)).toEqual({ name: '已认证', county: '371502' });
    expect(names.size).toBe(2);
    expect(await matching.vendorNames(t.sql, [])).toEqual(new Map());

    const covering = await matching.verifiedVendors(t.sql, { modality: 'point_cloud', taskTypes: ['cuboid_3d', 'bbox'] });
    expect(covering.map((r) => r.orgId)).toContain(v.org.id);
    expect(covering.map((r) => r.orgId)).not.toContain(textOnly.org.id);
    expect(await matching.verifiedVendors(t.sql, { modality: 'point_cloud', taskTypes: ['tracking'] })).toEqual([]);
    // every task type must be offered, any one is not enough; a modality alone is covered by any task type list
    expect((await matching.verifiedVendors(t.sql, { modality: 'image', taskTypes: ['bbox', 'ner'] })).map((r) => r.orgId)).toEqual([]);
    expect((await matching.verifiedVendors(t.sql, { modality: 'text', taskTypes: ['ner'] })).map((r) => r.orgId)).toEqual([textOnly.org.id]);
  });

  it('gives the candidates as the domain ranks them: a profile stored before a field existed has it empty', async () => {
    const v = await createVerifiedVendor(t.sql);
    const { tools: _, ...older } = { ...sampleCapabilities(), modalities: ['audio' as const], taskTypes: ['transcription' as const] };
    await t.sql`update vendor_profiles set capabilities = ${t.sql.json(older)}::jsonb where org_id = ${v.org.id}`;
    const [c] = await matching.candidates(t.sql, { modality: 'audio', taskTypes: ['transcription'] });
    expect(c).toMatchObject({ orgId: v.org.id, county: '371502', record: { hasRecord: false }, verification: { status: 'verified', reason: null } });
    expect(c?.capabilities).toEqual({ ...EMPTY_CAPABILITY_PROFILE, ...older });
    expect(c?.capabilities.tools).toEqual(EMPTY_CAPABILITY_PROFILE.tools);
  });

  it('reads open orders with the buyer name and county, optionally by modality', async () => {
    const b = await createOrgWithOwner(t.sql, 'buyer', { name: '买方' });
    await organisations.update(t.sql, b.org.id, { county: '371581' });
    const o = await createOpenOrder(t.sql, b.org.id);
    const draft = await createOpenOrder(t.sql, b.org.id, { status: 'draft', publishedAt: null });
    const rows = await matching.openOrders(t.sql);
    expect(rows.map((r) => r.id)).toContain(o.id);
    expect(rows.map((r) => r.id)).not.toContain(draft.id);
    expect(rows.find((r) => r.id === o.id)).toMatchObject({ buyerName: '买方', buyerCounty: '371581', taskTypes: ['cuboid_3d', 'tracking'] });
    expect((await matching.openOrders(t.sql, ['text'])).map((r) => r.id)).not.toContain(o.id);
  });
});
