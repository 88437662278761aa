import { EMPTY_CAPABILITY_PROFILE } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINTS, InvalidCursorError, UniqueViolation, isUniqueViolation } from '../errors.ts';
import { createOrgWithOwner, randomEmail, randomUscc, sampleCapabilities } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { organisations } from './organisations.repo.ts';
import { users } from './users.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const future = () => new Date(Date.now() + 365 * 86_400_000);

describe(`organisations (${testBackend()})`, () => {
  it('creates a buyer without a vendor profile', async () => {
    const uscc = randomUscc();
    const o = await organisations.create(t.sql, { kind: 'buyer', name: '甲公司', uscc, contactPhone: '13800000000' });
    expect(o).toMatchObject({ kind: 'buyer', name: '甲公司', uscc, contactPhone: '13800000000', county: null });
    expect(o.verification).toBeNull();
    expect(o.capabilities).toBeNull();
    expect(await organisations.findById(t.sql, o.id)).toEqual(o);
    expect(await organisations.findByUscc(t.sql, uscc.toLowerCase())).toEqual(o);
  });

  it('creates a vendor with a pending verification and its capability profile', async () => {
    const caps = sampleCapabilities();
    const o = await organisations.create(t.sql, {
      kind: 'vendor', name: '乙标注', uscc: randomUscc(), county: '371502', capabilities: caps,
    });
    expect(o.verification).toMatchObject({ status: 'pending', verifiedUntil: null, reason: null });
    expect(o.verification?.submittedAt).toBeInstanceOf(Date);
    // task-type keys keep their underscores: no camelCasing inside jsonb
    expect(o.capabilities).toEqual(caps);
    const bare = await organisations.create(t.sql, { kind: 'vendor', name: '丙', uscc: randomUscc(), county: '371503' });
    expect(bare.capabilities).toEqual(EMPTY_CAPABILITY_PROFILE);
  });

  it('refuses a duplicate USCC as a typed unique violation', async () => {
    const uscc = randomUscc();
    await organisations.create(t.sql, { kind: 'buyer', name: 'A', uscc });
    const err = await organisations.create(t.sql, { kind: 'buyer', name: 'B', uscc }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UniqueViolation);
    expect(isUniqueViolation(err, CONSTRAINTS.organisationsUscc)).toBe(true);
  });

  it('enforces the table rules: USCC shape, USCC for buyers and vendors, county for vendors', async () => {
    await expect(organisations.create(t.sql, { kind: 'buyer', name: 'X', uscc: 'IOZSV0000000000000' })).rejects.toThrow(/organisations_uscc_format/);
    await expect(organisations.create(t.sql, { kind: 'buyer', name: 'X', uscc: null })).rejects.toThrow(/organisations_uscc_required/);
    await expect(organisations.create(t.sql, { kind: 'vendor', name: 'X', uscc: randomUscc() })).rejects.toThrow(/organisations_vendor_county/);
    const sec = await organisations.create(t.sql, { kind: 'secretariat', name: '联盟秘书处', uscc: null });
    expect(sec.uscc).toBeNull();
  });

  it('updates only the given fields', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'vendor');
    const updated = await organisations.update(t.sql, org.id, { name: '新名字', contactName: null });
    expect(updated).toMatchObject({ name: '新名字', contactName: null, contactPhone: org.contactPhone, county: org.county });
    expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(org.updatedAt.getTime());
    expect(await organisations.update(t.sql, org.id, {})).toEqual(updated);
    expect(await organisations.update(t.sql, '00000000-0000-4000-8000-000000000000', { name: 'x' })).toBeNull();
  });

  it('replaces capabilities of vendors only', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'vendor');
    const caps = { ...sampleCapabilities(), headcount: 7, taskTypes: ['ner' as const], dailyCapacity: { ner: 5 } };
    expect(await organisations.setCapabilities(t.sql, org.id, caps)).toBe(true);
    expect((await organisations.findById(t.sql, org.id))?.capabilities).toEqual(caps);
    const { org: buyer } = await createOrgWithOwner(t.sql, 'buyer');
    expect(await organisations.setCapabilities(t.sql, buyer.id, caps)).toBe(false);
  });

  it('writes verification decisions, guarded by the expected status', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'vendor');
    const until = future();
    const v = await organisations.setVerification(
      t.sql, org.id, { status: 'verified', verifiedUntil: until, reason: null }, { expectedStatus: 'pending' });
    expect(v).toMatchObject({ status: 'verified', verifiedUntil: until, reason: null });
    // a second decision made from the stale 'pending' view is refused
    expect(await organisations.setVerification(
      t.sql, org.id, { status: 'rejected', verifiedUntil: null, reason: 'x' }, { expectedStatus: 'pending' })).toBeNull();
    await expect(organisations.setVerification(t.sql, org.id, { status: 'suspended', verifiedUntil: until, reason: null }))
      .rejects.toThrow(/vendor_profiles_reason_required/);
  });

  it('re-applying puts the vendor at the end of the queue', async () => {
    const { org } = await createOrgWithOwner(t.sql, 'vendor');
    await organisations.setVerification(t.sql, org.id, { status: 'rejected', verifiedUntil: null, reason: '材料不全' });
    const before = (await organisations.findById(t.sql, org.id))?.verification?.submittedAt as Date;
    await new Promise((r) => setTimeout(r, 5));
    const v = await organisations.setVerification(t.sql, org.id, { status: 'pending', verifiedUntil: null, reason: null });
    expect(v?.submittedAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it('lists the queue by status with the owner e-mail, paging stably by (submitted_at, id)', async () => {
    const status = 'suspended';
    const created: string[] = [];
    for (let i = 0; i < 11; i++) {
      const email = randomEmail('owner');
      const { org } = await createOrgWithOwner(t.sql, 'vendor', { email });
      await organisations.setVerification(t.sql, org.id, { status, verifiedUntil: future(), reason: '抽查' });
      created.push(org.id);
    }
    // equal timestamps and timestamps apart by microseconds inside one millisecond
    const stamps = ['2026-01-01 00:00:00.000001+00', '2026-01-01 00:00:00.000002+00', '2026-01-01 00:00:00.000002+00'];
    for (const [i, id] of created.entries()) {
      await t.sql`update vendor_profiles set submitted_at = ${stamps[i % 3] ?? ''}::timestamptz where org_id = ${id}`;
    }
    const expected = (await t.sql<{ orgId: string }[]>`
      select org_id from vendor_profiles where verification_status = ${status} order by submitted_at, org_id`).map((r) => r.orgId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof organisations.listVendorsByStatus>> =
        await organisations.listVendorsByStatus(t.sql, status, cursor, 4);
      expect(page.items.length).toBeLessThanOrEqual(4);
      for (const item of page.items) {
        expect(item.verification.status).toBe(status);
        expect(item.ownerEmail).toMatch(/^owner-/);
      }
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(created.length);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(organisations.listVendorsByStatus(t.sql, 'pending', 'bogus', 10)).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('records memberships: one organisation per user, owners listed first', async () => {
    const { org, owner } = await createOrgWithOwner(t.sql, 'buyer');
    const member = await users.create(t.sql, { email: randomEmail(), passwordHash: 'h', displayName: '成员' });
    await organisations.addMember(t.sql, { userId: member.id, orgId: org.id, role: 'member' });
    expect(await organisations.membershipOf(t.sql, owner.id)).toMatchObject({
      userId: owner.id, orgId: org.id, role: 'owner', orgKind: 'buyer', orgName: org.name,
    });
    expect((await organisations.listMembers(t.sql, org.id)).map((m) => [m.userId, m.role])).toEqual([
      [owner.id, 'owner'], [member.id, 'member'],
    ]);
    const { org: other } = await createOrgWithOwner(t.sql, 'buyer');
    const err = await organisations.addMember(t.sql, { userId: member.id, orgId: other.id, role: 'member' }).catch((e: unknown) => e);
    expect(isUniqueViolation(err, CONSTRAINTS.membershipsUser)).toBe(true);
    expect(await organisations.membershipOf(t.sql, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('lists the ids of every organisation of a kind, oldest first', async () => {
    const before = await organisations.listIdsOfKind(t.sql, 'secretariat');
    const { org: a } = await createOrgWithOwner(t.sql, 'secretariat');
    const { org: b } = await createOrgWithOwner(t.sql, 'secretariat');
    await createOrgWithOwner(t.sql, 'buyer');
    expect(await organisations.listIdsOfKind(t.sql, 'secretariat')).toEqual([...before, a.id, b.id]);
    expect(await organisations.listIdsOfKind(t.sql, 'buyer')).not.toContain(a.id);
  });
});
