import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from './client.ts';
import { ensureSearchKey, searchKeyOf, searchKeyUid } from './keys.ts';
import { applyIndexSettings, INDEX_NAMES } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

let meili: TestMeilisearch;
beforeAll(async () => {
  // what is tested is the key, not the request timeout: a busy machine may take longer than 0.6 s to refuse
  meili = await startTestMeilisearch({ queryTimeoutMs: 30_000 });
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
});
afterAll(async () => {
  await meili?.close();
});

const refusal = async (work: Promise<unknown>) => {
  const error = (await work.then(() => null, (e: unknown) => e)) as { response?: { status: number }; cause?: { code?: string } } | null;
  return error ? `${error.response?.status} ${error.cause?.code}` : 'allowed';
};

describe('the search-only key', () => {
  it('is the key Meilisearch holds for the derived uid, limited to searching our indexes', async () => {
    expect(searchKeyUid(meili.prefix)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(searchKeyUid(meili.prefix)).not.toBe(searchKeyUid('other_'));
    const key = await meili.client.getKey(searchKeyUid(meili.prefix));
    expect(key.key).toBe(searchKeyOf(meili.masterKey, meili.prefix));
    expect(key.key).toBe(meili.searchKey);
    expect(key.actions).toEqual(['search']);
    expect([...key.indexes].sort()).toEqual(INDEX_NAMES.map((n) => meili.uid(n)).sort());
  });

  it('lets the query clients search but not write, change settings or read keys', async () => {
    const orders = meili.uid('orders');
    await meili.client.index(orders).addDocuments([{ id: 'k1', title: '点云标注' }]).waitTask();
    for (const client of [meili.queryClient, meili.jobQueryClient]) {
      expect((await client.index(orders).search('点云')).hits.map((h) => h.id)).toContain('k1');
      expect(await refusal(client.index(orders).addDocuments([{ id: 'k2', title: 'x' }]))).toBe('403 invalid_api_key');
      expect(await refusal(client.index(orders).deleteAllDocuments())).toBe('403 invalid_api_key');
      expect(await refusal(client.index(orders).updateSettings({ searchableAttributes: ['id'] }))).toBe('403 invalid_api_key');
      expect(await refusal(client.getKeys())).toBe('403 invalid_api_key');
      expect(await refusal(client.createIndex(`${meili.prefix}evil`))).toBe('403 invalid_api_key');
    }
    // another deployment's index on the same server is out of its reach
    await meili.client.createIndex(`${meili.prefix}x_other`, { primaryKey: 'id' }).waitTask();
    expect(await refusal(meili.queryClient.index(`${meili.prefix}x_other`).search(''))).toBe('403 invalid_api_key');
    await meili.client.deleteIndex(`${meili.prefix}x_other`).waitTask();
  });

  it('is created once, and made again with the same value when its rights differ', async () => {
    const uid = searchKeyUid(meili.prefix);
    await ensureSearchKey(meili);
    const before = await meili.client.getKey(uid);
    await ensureSearchKey(meili);
    expect((await meili.client.getKey(uid)).createdAt).toEqual(before.createdAt);
    await meili.client.deleteKey(uid);
    await meili.client.createKey({ uid, actions: ['*'], indexes: ['*'], expiresAt: null });
    await ensureSearchKey(meili);
    const again = await meili.client.getKey(uid);
    expect(again.actions).toEqual(['search']);
    expect(again.key).toBe(before.key);
  });

  it('is not needed where Meilisearch runs without a master key', async () => {
    const open = createSearch({ url: meili.url });
    expect(open.searchKey).toBeUndefined();
    await expect(ensureSearchKey(open)).resolves.toBeUndefined();
  });
});
