import { randomBytes } from 'node:crypto';
import { policyServices, type ServiceVersionFields } from '@annex/db';
import { sampleServiceFields } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIndex } from './check.ts';
import { searchEverything, searchPolicyServices } from './queries.ts';
import { reindex } from './reindex.ts';
import { applyIndexSettings } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

let db: TestDatabase;
let meili: TestMeilisearch;
const ids = new Map<string, string>();

/** A service with the given name, category and agencies, published unless `draft`. */
async function service(key: string, over: Partial<ServiceVersionFields>, draft = false) {
  const s = await policyServices.create(db.sql, {
    code: `${key}-${randomBytes(3).toString('hex')}`, fields: sampleServiceFields(over), effectiveFrom: '2026-01-01', createdBy: null,
  });
  if (!draft) await policyServices.setStatus(db.sql, s.id, ['draft'], 'published');
  ids.set(key, s.id);
}

beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
  const plain = { summary: '协助企业办理。', applicants: '数据标注企业', freeConditions: [], faq: [] };
  await service('compute', { ...plain, name: '省级算力券申领', category: 'compute_voucher', agencies: ['市大数据局', '市财政局'] });
  await service('corpus', { ...plain, name: '省级语料券申领', category: 'corpus_voucher', agencies: ['市大数据局'] });
  await service('hightech', { ...plain, name: '高新技术企业认定', category: 'high_tech', agencies: ['市科技局'] });
  await service('upgrade', { ...plain, name: '升规纳统申报辅导', category: 'above_size', agencies: ['市投资促进局'] });
  await service('rd', { ...plain, name: '研发费用加计扣除辅导', category: 'tax', agencies: ['市科技局', '市财政局'] });
  await service('draft', { ...plain, name: '算力券草稿', category: 'compute_voucher', agencies: ['市大数据局'] }, true);
  await reindex({ sql: db.sql, search: meili }, 'policy_services');
}, 120_000);
afterAll(async () => {
  await Promise.all([db?.close(), meili?.close()]);
});

const names = async (q: string) => (await searchPolicyServices(meili, { q })).hits.map((h) => h.name);

describe('the policy_services index', () => {
  it.each([
    ['算力补贴', '省级算力券申领', 'synonym of 算力券'],
    ['算力券', '省级算力券申领', 'the name'],
    ['高企', '高新技术企业认定', 'abbreviation'],
    ['规上', '升规纳统申报辅导', '规上 / 升规纳统'],
    ['升规', '升规纳统申报辅导', 'short form'],
    ['加计扣除', '研发费用加计扣除辅导', 'part of the name'],
    ['语料补贴', '省级语料券申领', 'synonym of 语料券'],
  ])('%s finds %s first (%s)', async (q, first) => {
    expect((await names(q))[0]).toBe(first);
  });

  it('keeps 语料券 and 算力券 apart, and drafts out', async () => {
    expect(await names('语料券')).not.toContain('省级算力券申领');
    expect(await names('算力券')).not.toContain('算力券草稿');
  });

  it('counts category and agency facets disjunctively', async () => {
    const page = await searchPolicyServices(meili, { category: ['tax'] });
    expect(page.hits.map((h) => h.id)).toEqual([ids.get('rd')]);
    expect(page.facets.category).toMatchObject({ tax: 1, high_tech: 1, compute_voucher: 1 });
    expect(page.facets.agencies).toMatchObject({ 市科技局: 1, 市财政局: 1 });
    const byAgency = await searchPolicyServices(meili, { agencies: ['市科技局'] });
    expect(byAgency.hits.map((h) => h.id).sort()).toEqual([ids.get('hightech'), ids.get('rd')].sort());
  });

  it('indexes no contact and no materials, and appears in the global search', async () => {
    const doc = await meili.client.index(meili.uid('policy_services')).getDocument(ids.get('compute')!);
    expect(Object.keys(doc)).not.toEqual(expect.arrayContaining(['contact']));
    expect(JSON.stringify(doc)).not.toContain('0635');
    expect(doc).toMatchObject({ categoryName: '算力券', agencies: ['市大数据局', '市财政局'], agency: '市大数据局、市财政局' });
    const all = await searchEverything(meili, { q: '算力补贴' });
    expect(all.policyServices.hits[0]?.id).toBe(ids.get('compute'));
  });

  it('is checked and repaired like the other indexes', async () => {
    const ctx = { sql: db.sql, search: meili };
    expect(await checkIndex(ctx, 'policy_services')).toMatchObject({ expected: 5, indexed: 5, missing: [], stale: [], extra: [] });
    await policyServices.setStatus(db.sql, ids.get('corpus')!, ['published'], 'archived');
    expect((await checkIndex(ctx, 'policy_services')).extra).toEqual([ids.get('corpus')]);
    await checkIndex(ctx, 'policy_services', { repair: true });
    expect(await names('语料券')).not.toContain('省级语料券申领');
  });
});
