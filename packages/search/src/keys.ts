import { createHash, createHmac } from 'node:crypto';
import { MeilisearchApiError } from 'meilisearch';
import type { SearchService } from './client.ts';
import { INDEX_NAMES } from './settings.ts';

// The API searches with a key that can only search our indexes: a leak through a search request (or the process
// that makes it) cannot write, delete or read settings and keys. Meilisearch makes an API key's value from its uid
// and the master key (HMAC-SHA256), so every process holding the master key knows the search key without asking.

/** The uid of the search-only key of the indexes with `prefix`: a UUID derived from the prefix, the same in every process. */
export function searchKeyUid(prefix: string): string {
  const h = createHash('sha256').update(`annex search-only key ${prefix}`).digest('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The value of that key under `masterKey`, as Meilisearch computes it. */
export const searchKeyOf = (masterKey: string, prefix: string): string =>
  createHmac('sha256', masterKey).update(searchKeyUid(prefix)).digest('hex');

const isCode = (error: unknown, code: string) => error instanceof MeilisearchApiError && error.cause?.code === code;

/**
 * Creates the search-only key in Meilisearch unless it is there with the same rights; recreated (same uid, same
 * value) when our index names changed. Needs the master key; nothing to do when Meilisearch runs without one.
 */
export async function ensureSearchKey(search: SearchService): Promise<void> {
  if (!search.searchKey) return;
  const uid = searchKeyUid(search.prefix);
  const rights = { actions: ['search'], indexes: INDEX_NAMES.map((name) => search.uid(name)) };
  const existing = await search.client.getKey(uid).catch((error: unknown) => {
    if (isCode(error, 'api_key_not_found')) return null;
    throw error;
  });
  const same = (a: string[], b: string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');
  let key = existing?.key;
  if (!existing || !same(existing.actions, rights.actions) || !same(existing.indexes, rights.indexes)) {
    if (existing) await search.client.deleteKey(uid);
    const created = await search.client
      .createKey({ uid, name: `annex search ${search.prefix}`.trim(), description: 'Searches of the Annex API; cannot write', ...rights, expiresAt: null })
      .catch(async (error: unknown) => {
        // another process created it at the same moment
        if (isCode(error, 'api_key_already_exists')) return search.client.getKey(uid);
        throw error;
      });
    key = created.key;
  }
  if (key !== search.searchKey) {
    throw new Error(`Meilisearch gave the search key ${uid} another value than the one derived from the master key: searches would be refused`);
  }
}
