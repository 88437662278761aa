import { agencies, catalogue } from '@annex/db';
import { createCatalogueEntry } from '@annex/db/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '@annex/db/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIndex } from './check.ts';
import { reindex } from './reindex.ts';
import { applyIndexSettings } from './settings.ts';
import { createSearchSync } from './sync.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

// The catalogue reaches its index through the trigger outbox like orders: published entries are in it, an entry
// unpublished or archived leaves it, an agency's rename rewrites its entries; reindex and search:check cover it.

let db: TestDatabase;
let meili: TestMeilisearch;
beforeAll(async () => {
  [db, meili] = await Promise.all([createTestDatabase(), startTestMeilisearch()]);
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
});
afterAll(async () => {
  await Promise.all([db?.close(), meili?.close()]);
});

const actor = { userId: null, orgId: null };
const doc = (id: string) => meili.client.index(meili.uid('catalogue')).getDocument(id).catch(() => null);

describe('catalogue search sync', () => {
  it('indexes published entries without their contact, follows edits and renames, and removes what leaves publication', async () => {
    const w = createSearchSync({ sql: db.sql, search: meili, pollMs: 30 });
    const agency = await agencies.create(db.sql, { name: '聊城市文化和旅游局测试', shortName: '文旅测试', nameEn: null, kind: 'government', county: null }, actor);
    const pub = await createCatalogueEntry(db.sql, { fields: { agencyId: agency.id, title: '景区客流监控视频', sector: 'culture_tourism' } });
    const draft = await createCatalogueEntry(db.sql, { status: 'draft', fields: { agencyId: agency.id } });
    await w.drain();
    const indexed = await doc(pub.id);
    expect(indexed).toMatchObject({ code: pub.code, title: '景区客流监控视频', agencyName: '聊城市文化和旅游局测试', sector: 'culture_tourism' });
    expect(JSON.stringify(indexed)).not.toContain('0635-8888888');
    expect(indexed).not.toHaveProperty('accessConditions');
    expect(await doc(draft.id)).toBeNull();

    await catalogue.update(db.sql, pub.id, { title: '重点景区客流监控视频' }, actor);
    await agencies.update(db.sql, agency.id, { shortName: '市文旅局测试' }, actor);
    await w.drain();
    expect(await doc(pub.id)).toMatchObject({ title: '重点景区客流监控视频', agencyShortName: '市文旅局测试' });

    await catalogue.transition(db.sql, pub.id, 'archive', actor);
    await w.drain();
    expect(await doc(pub.id)).toBeNull();
    await catalogue.transition(db.sql, pub.id, 'publish', actor);
    await catalogue.transition(db.sql, draft.id, 'publish', actor);
    await w.drain();
    expect(await doc(draft.id)).not.toBeNull();
    await catalogue.transition(db.sql, draft.id, 'unpublish', actor);
    await w.drain();
    expect(await doc(draft.id)).toBeNull();
    expect(await doc(pub.id)).not.toBeNull();
  });

  it('is rebuilt by reindex and repaired by search:check', async () => {
    const extra = await createCatalogueEntry(db.sql);
    const published = (await catalogue.list(db.sql, { status: ['published'] }, { limit: 100 })).items.length;
    const r = await reindex({ sql: db.sql, search: meili }, 'catalogue');
    expect(r.documents).toBe(published);
    // a document lost from the index is found missing and written again
    await meili.client.index(meili.uid('catalogue')).deleteDocument(extra.id).waitTask();
    const check = await checkIndex({ sql: db.sql, search: meili }, 'catalogue', { repair: true });
    expect(check.missing).toEqual([extra.id]);
    expect(await doc(extra.id)).not.toBeNull();
    const again = await checkIndex({ sql: db.sql, search: meili }, 'catalogue');
    expect(again.missing.length + again.stale.length + again.extra.length).toBe(0);
  });
});
