import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../client.ts';
import { CONSTRAINTS, InvalidCursorError, isUniqueViolation } from '../errors.ts';
import {
  anyAgency, createCatalogueEntry, createOrgWithOwner, createVerifiedVendor, randomCatalogueCode, sampleCatalogueFields, sampleOrderFields,
} from '../fixtures.ts';
import { type TestDatabase, createTestDatabase, testBackend } from '../testing.ts';
import { agencies } from './agencies.repo.ts';
import { audit } from './audit.repo.ts';
import { catalogueInterests } from './catalogue-interests.repo.ts';
import { catalogue } from './catalogue.repo.ts';
import { orders } from './orders.repo.ts';
import { searchSource } from './search.repo.ts';

let t: TestDatabase;
let agencyId: string;
const secretariat = { userId: null, orgId: null, requestId: 'req-1' };

beforeAll(async () => {
  t = await createTestDatabase();
  agencyId = (await anyAgency(t.sql)).id;
});
afterAll(async () => {
  await t?.close();
});

/** The outbox rows of the catalogue search for this entry. */
const queued = async (id: string) =>
  (await t.sql<{ n: number }[]>`select count(*)::int as n from outbox where topic = 'search.catalogue' and aggregate_id = ${id}`)[0]!.n;

describe(`catalogue entries (${testBackend()})`, () => {
  it('seeds the city’s agencies, found by full or short name', async () => {
    const all = await agencies.list(t.sql);
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(await agencies.findByName(t.sql, ' 市文旅局 ')).toMatchObject({ name: '聊城市文化和旅游局', kind: 'government' });
    expect(await agencies.findByName(t.sql, '聊城市卫生健康委员会')).toMatchObject({ shortName: '市卫健委' });
    expect(await agencies.findByName(t.sql, '不存在的局')).toBeNull();
  });

  it('stores every field and reads it back by id and by code, with its agency; the creation is audited', async () => {
    const fields = sampleCatalogueFields(agencyId);
    const row = await catalogue.create(t.sql, fields, secretariat);
    expect(row).toMatchObject({ ...fields, status: 'draft', publishedAt: null, archivedAt: null, version: 1 });
    expect(row.agency).toMatchObject({ id: agencyId });
    expect(row.coverageFrom).toBe('2021-09-01');
    expect(await catalogue.getById(t.sql, row.id)).toEqual(row);
    expect(await catalogue.getByCode(t.sql, fields.code)).toEqual(row);
    expect(await catalogue.getById(t.sql, 'nope')).toBeNull();
    const [created] = await audit.listForEntity(t.sql, 'catalogue_entry', row.id);
    expect(created).toMatchObject({ action: 'catalogue.created', requestId: 'req-1', after: { code: fields.code, status: 'draft' } });
  });

  it('refuses a second entry with the same code, and keeps the caller’s transaction usable', async () => {
    const code = randomCatalogueCode();
    await catalogue.create(t.sql, sampleCatalogueFields(agencyId, { code }), secretariat);
    await withTransaction(t.sql, async (tx) => {
      const err = await catalogue.create(tx, sampleCatalogueFields(agencyId, { code }), secretariat).catch((e: unknown) => e);
      expect(isUniqueViolation(err, CONSTRAINTS.catalogueEntriesCode)).toBe(true);
      // the savepoint rolled back: the transaction goes on
      expect(await catalogue.getByCode(tx, code)).not.toBeNull();
    });
  });

  it('refuses values no rule accepts: a bad code, half a volume, coverage ending before it starts, a phone without a name', async () => {
    const bad = [
      { code: 'lc-jy-1' },
      { coverageFrom: '2025-01-01', coverageTo: '2024-01-01' },
    ];
    for (const f of bad) {
      await expect(catalogue.create(t.sql, sampleCatalogueFields(agencyId, f), secretariat)).rejects.toThrow();
    }
    await expect(t.sql`update catalogue_entries set volume_unit = null where code = (select min(code) from catalogue_entries)`).rejects.toThrow();
    await expect(t.sql`update catalogue_entries set contact_name = null where contact_phone is not null`).rejects.toThrow();
  });

  it('updates only what changed, at the expected version, and audits before and after', async () => {
    const row = await createCatalogueEntry(t.sql, { status: 'draft' });
    const same = await catalogue.update(t.sql, row.id, { title: row.title, tags: [...row.tags] }, secretariat);
    expect(same).toMatchObject({ ok: true, changes: {}, row: { version: 1 } });
    const r = await catalogue.update(t.sql, row.id, { title: '中小学课堂教学视频（2025 版）', volume: null, contact: null }, secretariat, { expectedVersion: 1 });
    expect(r).toMatchObject({ ok: true, row: { title: '中小学课堂教学视频（2025 版）', volume: null, contact: null, version: 2 } });
    expect(await catalogue.update(t.sql, row.id, { title: '又改' }, secretariat, { expectedVersion: 1 })).toEqual({
      ok: false, reason: 'version_conflict', version: 2,
    });
    expect(await catalogue.update(t.sql, 'not-a-uuid', { title: 'x' }, secretariat)).toEqual({ ok: false, reason: 'not_found' });
    const edits = (await audit.listForEntity(t.sql, 'catalogue_entry', row.id)).filter((a) => a.action === 'catalogue.edited');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      before: { title: '中小学课堂教学视频', volume: { quantity: 12_000, unit: 'hours' }, contact: { name: '王老师' } },
      after: { title: '中小学课堂教学视频（2025 版）', volume: null, contact: null },
    });
  });

  it('upserts by code: creates, updates what changed, and leaves an identical row alone', async () => {
    const f = sampleCatalogueFields(agencyId);
    expect(await catalogue.upsertByCode(t.sql, f, secretariat, { status: 'published' })).toMatchObject({ outcome: 'created', row: { status: 'published' } });
    expect(await catalogue.upsertByCode(t.sql, f, secretariat)).toMatchObject({ outcome: 'unchanged', row: { version: 1 } });
    const r = await catalogue.upsertByCode(t.sql, { ...f, annotationStatus: 'completed', tags: ['课堂'] }, secretariat);
    expect(r).toMatchObject({ outcome: 'updated', row: { version: 2, annotationStatus: 'completed', status: 'published' } });
    expect(Object.keys(r.changes).sort()).toEqual(['annotationStatus', 'tags']);
    const actions = (await audit.listForEntity(t.sql, 'catalogue_entry', r.row.id)).map((a) => a.action);
    expect(actions).toEqual(['catalogue.created', 'catalogue.imported']);
  });

  it('walks the lifecycle as the domain allows, stamping publication and archiving, and queues search only around publication', async () => {
    const row = await createCatalogueEntry(t.sql, { status: 'draft' });
    expect(await queued(row.id)).toBe(0);
    expect(await catalogue.transition(t.sql, row.id, 'unpublish', secretariat)).toEqual({ ok: false, reason: 'invalid_transition', status: 'draft' });
    const published = await catalogue.transition(t.sql, row.id, 'publish', secretariat);
    expect(published).toMatchObject({ ok: true, row: { status: 'published', archivedAt: null } });
    const firstPublished = published.ok ? published.row.publishedAt : null;
    expect(firstPublished).toBeInstanceOf(Date);
    expect(await queued(row.id)).toBe(1);
    expect(await catalogue.transition(t.sql, row.id, 'archive', secretariat, { reason: '数据已停止更新' })).toMatchObject({ ok: true, row: { status: 'archived' } });
    expect(await catalogue.transition(t.sql, row.id, 'publish', secretariat)).toMatchObject({ ok: true, row: { status: 'published', publishedAt: firstPublished } });
    expect(await catalogue.transition(t.sql, row.id, 'unpublish', secretariat)).toMatchObject({ ok: true, row: { status: 'draft' } });
    // a draft's edit is not the index's business
    const before = await t.sql<{ n: number }[]>`select count(*)::int as n from search_versions where aggregate_id = ${row.id}`;
    const v0 = (await searchSource.versions(t.sql, 'catalogue', [row.id])).get(row.id);
    await catalogue.update(t.sql, row.id, { title: '草稿改名' }, secretariat);
    expect((await searchSource.versions(t.sql, 'catalogue', [row.id])).get(row.id)).toBe(v0);
    expect(before[0]!.n).toBe(1);
    const actions = (await audit.listForEntity(t.sql, 'catalogue_entry', row.id)).map((a) => a.action);
    expect(actions).toEqual([
      'catalogue.created', 'catalogue.published', 'catalogue.archived', 'catalogue.published', 'catalogue.unpublished', 'catalogue.edited',
    ]);
  });

  it('moves the annotation status as the domain allows, per mover, and audits it with the order that moved it', async () => {
    const row = await createCatalogueEntry(t.sql);
    const orderId = '00000000-0000-4000-8000-000000000001';
    expect(await catalogue.setAnnotationStatus(t.sql, row.id, 'completed', 'award', secretariat)).toEqual({
      ok: false, reason: 'invalid_transition', status: 'pending',
    });
    expect(await catalogue.setAnnotationStatus(t.sql, row.id, 'in_progress', 'award', secretariat, { orderId })).toMatchObject({
      ok: true, row: { annotationStatus: 'in_progress', version: 2 },
    });
    // a second award leaves an entry being annotated as it is
    expect(await catalogue.setAnnotationStatus(t.sql, row.id, 'in_progress', 'award', secretariat)).toMatchObject({ ok: false });
    expect(await catalogue.setAnnotationStatus(t.sql, row.id, 'completed', 'secretariat', secretariat, { note: '成果已验收' })).toMatchObject({
      ok: true, row: { annotationStatus: 'completed' },
    });
    const moves = (await audit.listForEntity(t.sql, 'catalogue_entry', row.id)).filter((a) => a.action === 'catalogue.annotation_status');
    expect(moves.map((a) => a.after)).toEqual([
      { annotationStatus: 'in_progress', by: 'award', orderId },
      { annotationStatus: 'completed', by: 'secretariat', note: '成果已验收' },
    ]);
  });

  it('lists with filters and text, by last change or by code, in keyset pages', async () => {
    const tag = `标签${Date.now()}`;
    const wl = (await agencies.findByName(t.sql, '市文旅局'))!;
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await createCatalogueEntry(t.sql, {
        status: i === 4 ? 'draft' : 'published',
        fields: { code: `LC-WL-9${String(i).padStart(3, '0')}${Date.now() % 1000}`, sector: 'culture_tourism', agencyId: wl.id, tags: [tag] },
      }));
    }
    const published = await catalogue.list(t.sql, { q: tag, status: ['published'] }, { sort: 'code', limit: 2 });
    expect(published.items.map((r) => r.code)).toEqual(made.slice(0, 2).map((r) => r.code));
    const next = await catalogue.list(t.sql, { q: tag, status: ['published'] }, { sort: 'code', limit: 2, cursor: published.nextCursor });
    expect(next.items.map((r) => r.code)).toEqual(made.slice(2, 4).map((r) => r.code));
    expect(next.nextCursor).toBeNull();
    // newest change first; the agency's short name and a filter on it
    const byAgency = await catalogue.list(t.sql, { q: '市文旅局', agencyId: [wl.id], sector: ['culture_tourism'] }, { limit: 3 });
    expect(byAgency.items.map((r) => r.id)).toEqual(made.slice(2).reverse().map((r) => r.id));
    const rest = await catalogue.list(t.sql, { q: '市文旅局', agencyId: [wl.id], sector: ['culture_tourism'] }, { limit: 3, cursor: byAgency.nextCursor });
    expect(rest.items.map((r) => r.id)).toEqual(made.slice(0, 2).reverse().map((r) => r.id));
    // wildcards are taken literally; an unknown agency id matches nothing
    expect((await catalogue.list(t.sql, { q: '%' })).items).toEqual([]);
    expect((await catalogue.list(t.sql, { agencyId: ['not-a-uuid'] })).items).toEqual([]);
    await expect(catalogue.list(t.sql, {}, { cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(await catalogue.codesStartingWith(t.sql, 'LC-WL-9')).toEqual(made.map((r) => r.code));
  });

  it('links orders to entries and counts them; an order keeps its link only to an existing entry', async () => {
    const entry = await createCatalogueEntry(t.sql);
    const buyer = await createOrgWithOwner(t.sql, 'buyer');
    const o = await orders.createDraft(t.sql, { ...sampleOrderFields(), buyerOrgId: buyer.org.id, catalogueEntryId: entry.id });
    expect((await catalogue.orders(t.sql, entry.id)).map((r) => [r.id, r.buyerName])).toEqual([[o.id, buyer.org.name]]);
    expect((await catalogue.orderCounts(t.sql, [entry.id])).get(entry.id)).toBe(1);
    await expect(orders.createDraft(t.sql, { ...sampleOrderFields(), buyerOrgId: buyer.org.id, catalogueEntryId: '00000000-0000-4000-8000-0000000000ff' }))
      .rejects.toThrow();
  });
});

describe(`catalogue interests (${testBackend()})`, () => {
  it('keeps one interest per vendor and entry, lists leads with the vendor, and audits each change on the entry', async () => {
    const entry = await createCatalogueEntry(t.sql);
    const a = await createVerifiedVendor(t.sql, { name: '水城标注' });
    const b = await createVerifiedVendor(t.sql, { name: '运河数据' });
    const actor = { userId: a.owner.id, orgId: a.org.id };
    const first = await catalogueInterests.put(t.sql, entry.id, a.org.id, { note: '有教育视频经验', headcount: 30, dailyItems: null }, actor);
    expect(first).toMatchObject({ created: true, row: { headcount: 30, dailyItems: null } });
    const again = await catalogueInterests.put(t.sql, entry.id, a.org.id, { note: '可加派人手', headcount: 50, dailyItems: 2000 }, actor);
    expect(again).toMatchObject({ created: false, row: { note: '可加派人手', headcount: 50, dailyItems: 2000 } });
    await catalogueInterests.put(t.sql, entry.id, b.org.id, { note: '', headcount: 10, dailyItems: 500 }, { userId: b.owner.id, orgId: b.org.id });

    const leads = await catalogueInterests.listForEntry(t.sql, entry.id);
    expect(leads.map((l) => [l.vendorName, l.headcount, l.verificationStatus])).toEqual([['运河数据', 10, 'verified'], ['水城标注', 50, 'verified']]);
    expect(leads[1]).toMatchObject({ contactName: '张三', vendorCounty: '371502' });
    expect(await catalogueInterests.vendorOrgIds(t.sql, entry.id)).toEqual([a.org.id, b.org.id]);
    expect((await catalogueInterests.counts(t.sql, [entry.id])).get(entry.id)).toBe(2);
    expect((await catalogueInterests.listForVendor(t.sql, a.org.id)).map((i) => i.entryCode)).toEqual([entry.code]);

    expect(await catalogueInterests.remove(t.sql, entry.id, a.org.id, actor)).toBe(true);
    expect(await catalogueInterests.remove(t.sql, entry.id, a.org.id, actor)).toBe(false);
    expect(await catalogueInterests.get(t.sql, entry.id, a.org.id)).toBeNull();
    const actions = (await audit.listForEntity(t.sql, 'catalogue_entry', entry.id)).map((x) => x.action);
    expect(actions).toEqual([
      'catalogue.created', 'catalogue.interest_registered', 'catalogue.interest_changed', 'catalogue.interest_registered',
      'catalogue.interest_withdrawn',
    ]);
  });
});

describe(`catalogue search source (${testBackend()})`, () => {
  it('reads published entries with their agency and versions, never their contact; an agency’s rename re-queues them', async () => {
    const agency = await agencies.create(t.sql, { name: `聊城市测试数据局${Date.now()}`, shortName: `测试局${Date.now() % 100000}`, nameEn: null, kind: 'government', county: null }, secretariat);
    const pub = await createCatalogueEntry(t.sql, { fields: { agencyId: agency.id } });
    const draft = await createCatalogueEntry(t.sql, { status: 'draft', fields: { agencyId: agency.id } });
    const [p, d] = await searchSource.catalogue(t.sql, [pub.id, draft.id]);
    expect(p!.row).toMatchObject({ code: pub.code, agencyName: agency.name, agencyShortName: agency.shortName, status: 'published' });
    expect(p!.row).not.toHaveProperty('contactName');
    expect(p!.version).toBeGreaterThan(0);
    expect(d).toMatchObject({ version: 0, row: { status: 'draft' } });
    const expected = (await searchSource.expected(t.sql, 'catalogue')).map((e) => e.id);
    expect(expected).toContain(pub.id);
    expect(expected).not.toContain(draft.id);
    expect(await searchSource.count(t.sql, 'catalogue')).toBe(expected.length);
    const page = await searchSource.cataloguePage(t.sql, null, 1000);
    expect(page.map((r) => r.id)).toContain(pub.id);

    const v = p!.version;
    await agencies.update(t.sql, agency.id, { shortName: `新简称${Date.now() % 100000}` }, secretariat);
    expect((await searchSource.versions(t.sql, 'catalogue', [pub.id, draft.id])).get(pub.id)).toBeGreaterThan(v);
    expect((await searchSource.versions(t.sql, 'catalogue', [draft.id])).get(draft.id)).toBe(0);
  });
});
