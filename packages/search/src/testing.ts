import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSearch, type SearchService } from './client.ts';
import { startEmbeddedMeilisearch } from './embedded.ts';

/** A Meilisearch for tests, with a unique index prefix so runs on a shared server never collide. */
export type TestMeilisearch = SearchService & {
  masterKey: string;
  /** Prefix for index names, e.g. `t_1a2b3c_`; pass it to applyIndexSettings. */
  prefix: string;
  backend: 'server' | 'embedded';
  close(): Promise<void>;
};

/**
 * MEILI_URL + MEILI_MASTER_KEY from the environment when set, else the embedded binary in a
 * temporary directory. `close()` deletes this run's indexes (server) or stops and removes it (embedded).
 */
export async function startTestMeilisearch(): Promise<TestMeilisearch> {
  const prefix = `t_${randomBytes(4).toString('hex')}_`;
  const url = process.env.MEILI_URL;
  if (url) {
    const masterKey = process.env.MEILI_MASTER_KEY ?? '';
    const search = createSearch({ url, masterKey });
    return {
      ...search,
      masterKey,
      prefix,
      backend: 'server',
      async close() {
        const { results } = await search.client.getRawIndexes({ limit: 1000 });
        for (const index of results.filter((i) => i.uid.startsWith(prefix))) {
          await search.client.deleteIndex(index.uid).waitTask();
        }
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'annex-meili-'));
  const server = await startEmbeddedMeilisearch({ dataDir, binary: process.env.MEILI_BINARY });
  const search = createSearch({ url: server.url, masterKey: server.masterKey });
  return {
    ...search,
    masterKey: server.masterKey,
    prefix,
    backend: 'embedded',
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
