import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINTS, isUniqueViolation } from '../errors.ts';
import { sampleServiceFields } from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { policyServices } from './policy-services.repo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const code = () => `svc-${randomBytes(4).toString('hex')}`;
const outboxRows = async (id: string) =>
  (await t.sql<{ n: number }[]>`select count(*)::int as n from outbox where topic = 'search.policy_service' and aggregate_id = ${id}`)[0]?.n ?? 0;

describe(`policy services (${testBackend()})`, () => {
  it('creates a draft with its first version and reads it back as written', async () => {
    const fields = sampleServiceFields();
    const s = await policyServices.create(t.sql, { code: code(), fields, effectiveFrom: '2026-01-01', createdBy: null });
    expect(s).toMatchObject({ status: 'draft', currentVersion: 1, publishedAt: null });
    // jsonb keeps its keys (templateFileId, anyOf) and arrays come back as arrays
    expect(s.current).toMatchObject({ ...fields, version: 1, effectiveFrom: '2026-01-01', serviceId: s.id });
    expect(s.current.createdAt).toBeInstanceOf(Date);
    expect(await policyServices.get(t.sql, s.id)).toEqual(s);
    expect(await policyServices.getByCode(t.sql, s.code)).toEqual(s);
    expect(await policyServices.get(t.sql, 'nope')).toBeNull();
  });

  it('refuses a taken code as a typed unique violation, leaving no half service behind', async () => {
    const c = code();
    await policyServices.create(t.sql, { code: c, fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
    const err = await policyServices.create(t.sql, { code: c, fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null }).catch((e: unknown) => e);
    expect(isUniqueViolation(err, CONSTRAINTS.policyServicesCode)).toBe(true);
  });

  it('edits a draft in place, and refuses to once it is published', async () => {
    const s = await policyServices.create(t.sql, { code: code(), fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
    const edited = await policyServices.updateDraft(t.sql, s.id, sampleServiceFields({ name: '升规纳统辅导（修订）' }), '2026-02-01');
    expect(edited?.current).toMatchObject({ version: 1, name: '升规纳统辅导（修订）', effectiveFrom: '2026-02-01' });
    await policyServices.setStatus(t.sql, s.id, ['draft'], 'published');
    expect(await policyServices.updateDraft(t.sql, s.id, sampleServiceFields(), '2026-02-01')).toBeNull();
  });

  it('adds versions to a published service; the old ones stay readable; a stale edit is refused', async () => {
    const s = await policyServices.create(t.sql, { code: code(), fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
    expect(await policyServices.addVersion(t.sql, s.id, 1, sampleServiceFields(), '2026-03-01', null)).toBeNull(); // still a draft
    const published = await policyServices.setStatus(t.sql, s.id, ['draft'], 'published');
    expect(published).toMatchObject({ status: 'published' });
    expect(published?.publishedAt).toBeInstanceOf(Date);
    const v2 = await policyServices.addVersion(t.sql, s.id, 1, sampleServiceFields({ timeLimitDays: 15 }), '2026-03-01', null);
    expect(v2).toMatchObject({ currentVersion: 2, current: { version: 2, timeLimitDays: 15, effectiveFrom: '2026-03-01' } });
    expect(await policyServices.addVersion(t.sql, s.id, 1, sampleServiceFields(), '2026-03-02', null)).toBeNull();
    expect((await policyServices.listVersions(t.sql, s.id)).map((v) => [v.version, v.timeLimitDays])).toEqual([[2, 15], [1, 10]]);
    expect(await policyServices.getVersion(t.sql, s.id, 1)).toMatchObject({ version: 1, timeLimitDays: 10 });
    expect(await policyServices.getVersion(t.sql, s.id, 3)).toBeNull();
  });

  it('publishes and archives only from the right status', async () => {
    const s = await policyServices.create(t.sql, { code: code(), fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
    expect(await policyServices.setStatus(t.sql, s.id, ['published'], 'archived')).toBeNull();
    await policyServices.setStatus(t.sql, s.id, ['draft'], 'published');
    expect(await policyServices.setStatus(t.sql, s.id, ['published'], 'archived')).toMatchObject({ status: 'archived' });
  });

  it('queues a published service for search in the writer’s transaction, never a draft', async () => {
    const s = await policyServices.create(t.sql, { code: code(), fields: sampleServiceFields(), effectiveFrom: '2026-01-01', createdBy: null });
    await policyServices.updateDraft(t.sql, s.id, sampleServiceFields({ name: '草稿改名' }), '2026-01-01');
    expect(await outboxRows(s.id)).toBe(0);
    await policyServices.setStatus(t.sql, s.id, ['draft'], 'published');
    expect(await outboxRows(s.id)).toBe(1);
    await policyServices.addVersion(t.sql, s.id, 1, sampleServiceFields({ name: '新版本' }), '2026-02-01', null);
    await policyServices.setStatus(t.sql, s.id, ['published'], 'archived');
    // pending rows of one aggregate coalesce into one; its version moved with each change
    expect(await outboxRows(s.id)).toBe(1);
    const [v] = await t.sql<{ version: number }[]>`select version from search_versions where aggregate_type = 'policy_service' and aggregate_id = ${s.id}`;
    expect(v?.version).toBeGreaterThan(0);
  });

  it('lists by status, category and agency, page by page', async () => {
    const agency = `测试局${randomBytes(3).toString('hex')}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await policyServices.create(t.sql, {
        code: code(), fields: sampleServiceFields({ name: `服务${i}`, agencies: [agency], category: i === 2 ? 'tax' : 'above_size' }),
        effectiveFrom: '2026-01-01', createdBy: null,
      });
      await policyServices.setStatus(t.sql, s.id, ['draft'], 'published');
      ids.push(s.id);
    }
    const first = await policyServices.list(t.sql, { statuses: ['published'], agency }, null, 2);
    expect(first.items.map((s) => s.id)).toEqual(ids.slice(0, 2));
    const second = await policyServices.list(t.sql, { statuses: ['published'], agency }, first.nextCursor, 2);
    expect(second).toMatchObject({ items: [{ id: ids[2] }], nextCursor: null });
    expect((await policyServices.list(t.sql, { statuses: ['published'], agency, category: 'tax' })).items.map((s) => s.id)).toEqual([ids[2]]);
    expect((await policyServices.list(t.sql, { statuses: ['draft'], agency })).items).toEqual([]);
    expect(await policyServices.agencies(t.sql)).toContain(agency);
    expect((await policyServices.listPublished(t.sql)).map((s) => s.id)).toEqual(expect.arrayContaining(ids));
  });
});
