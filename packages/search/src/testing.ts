import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSearch, type SearchService } from './client.ts';
import { type EmbeddedMeilisearch, freePort, startEmbeddedMeilisearch } from './embedded.ts';
import { ensureSearchKey, searchKeyUid } from './keys.ts';

/** A Meilisearch for tests, with a unique index prefix so runs on a shared server never collide. */
export type TestMeilisearch = SearchService & {
  masterKey: string;
  /** Prefix for index names, e.g. `t_1a2b3c_`; `uid()` and the sync functions use it. */
  prefix: string;
  backend: 'server' | 'embedded';
  /** Embedded only: stops the server (its URL refuses connections until `resume()`). */
  suspend(): Promise<void>;
  /** Embedded only: starts it again on the same port and data. */
  resume(): Promise<void>;
  close(): Promise<void>;
};

/**
 * MEILI_URL + MEILI_MASTER_KEY from the environment when set, else the embedded binary in a
 * temporary directory. `close()` deletes this run's indexes (server) or stops and removes it (embedded).
 */
export async function startTestMeilisearch(options: { queryTimeoutMs?: number } = {}): Promise<TestMeilisearch> {
  const prefix = `t_${randomBytes(4).toString('hex')}_`;
  const url = process.env.MEILI_URL;
  if (url) {
    const masterKey = process.env.MEILI_MASTER_KEY ?? '';
    const search = createSearch({ url, masterKey, prefix, queryTimeoutMs: options.queryTimeoutMs });
    await ensureSearchKey(search);
    const unsupported = async () => {
      throw new Error('suspend/resume need the embedded Meilisearch (unset MEILI_URL)');
    };
    return {
      ...search,
      masterKey,
      prefix,
      backend: 'server',
      suspend: unsupported,
      resume: unsupported,
      async close() {
        const { results } = await search.client.getRawIndexes({ limit: 1000 });
        for (const index of results.filter((i) => i.uid.startsWith(prefix))) {
          await search.client.deleteIndex(index.uid).waitTask();
        }
        if (search.searchKey) await search.client.deleteKey(searchKeyUid(prefix));
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'annex-meili-'));
  const port = await freePort();
  let server: EmbeddedMeilisearch | null = await startEmbeddedMeilisearch({ dataDir, port, binary: process.env.MEILI_BINARY });
  const search = createSearch({ url: server.url, masterKey: server.masterKey, prefix, queryTimeoutMs: options.queryTimeoutMs });
  await ensureSearchKey(search);
  return {
    ...search,
    masterKey: server.masterKey,
    prefix,
    backend: 'embedded',
    async suspend() {
      await server?.stop();
      server = null;
    },
    async resume() {
      server ??= await startEmbeddedMeilisearch({ dataDir, port, binary: process.env.MEILI_BINARY });
    },
    async close() {
      await server?.stop();
      server = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
