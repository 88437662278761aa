import { searchSource } from '@annex/db';
import type { Task } from 'meilisearch';
import { type CheckReport, checkIndex } from './check.ts';
import { applySettingsTo, type IndexName, isIndexNotFound } from './settings.ts';
import { aggregateOf, pageDocuments, type SyncContext } from './sync.ts';

/** Progress of a rebuild: documents Meilisearch has indexed of those to write. */
export type ReindexProgress = { phase: 'indexing' | 'swapping' | 'catching-up' | 'done'; done: number; total: number };

/** What a rebuild did. */
export type ReindexResult = {
  index: string;
  documents: number;
  /** wall time of the whole rebuild, ms */
  ms: number;
  /** changes made while it ran, caught up after the swap */
  catchUp: CheckReport;
};

async function succeeded(task: Promise<Task>, what: string): Promise<void> {
  const done = await task;
  if (done.status !== 'succeeded') throw new Error(`Meilisearch task ${done.uid} (${what}) ${done.status}: ${done.error?.message ?? ''}`);
}

/**
 * Rebuilds index `name` from PostgreSQL into a fresh index with the current settings, swaps it in
 * atomically (searches see the old index until the swap, the new one after) and deletes the old one.
 * Changes committed during the rebuild are caught up after the swap by a version check.
 */
export async function reindex(
  ctx: SyncContext,
  name: IndexName,
  opts: { batchSize?: number; onProgress?: (p: ReindexProgress) => void } = {},
): Promise<ReindexResult> {
  const started = performance.now();
  const client = ctx.search.client;
  const uid = ctx.search.uid(name);
  const fresh = `${uid}__rebuild_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const aggregate = aggregateOf(name);
  const batchSize = opts.batchSize ?? 2000;
  const total = await searchSource.count(ctx.sql, aggregate);
  const progress = (phase: ReindexProgress['phase'], done: number) => opts.onProgress?.({ phase, done, total });

  // settings before documents: Meilisearch indexes each document once instead of twice
  await applySettingsTo(client, fresh, name);
  try {
    let written = 0;
    let queued = 0;
    const inFlight: { task: Promise<void>; size: number }[] = [];
    const settle = async () => {
      const first = inFlight.shift();
      if (!first) return;
      await first.task;
      written += first.size;
      progress('indexing', written);
    };
    progress('indexing', 0);
    let after: string | null = null;
    for (;;) {
      const page = await pageDocuments(ctx, aggregate, after, batchSize);
      if (page.rows === 0) break;
      after = page.lastId;
      const docs = page.docs;
      if (docs.length > 0) {
        const enqueued = client.index(fresh).addDocuments(docs, { primaryKey: 'id' });
        const task = succeeded(enqueued.waitTask({ timeout: 600_000 }), `add ${docs.length} to ${fresh}`);
        task.catch(() => {});
        inFlight.push({ task, size: docs.length });
        queued += docs.length;
        // Meilisearch batches queued additions itself; a few in flight keep it busy without piling up memory
        if (inFlight.length >= 8) await settle();
      }
      if (page.rows < batchSize) break;
    }
    while (inFlight.length > 0) await settle();

    progress('swapping', written);
    // the live index may not exist yet (first run, or deleted): an empty one takes the swap
    await applySettingsTo(client, uid, name);
    await succeeded(client.swapIndexes([{ indexes: [uid, fresh], rename: false }]).waitTask({ timeout: 120_000 }), `swap ${uid}`);
    // `fresh` now holds the old documents
    await succeeded(client.deleteIndex(fresh).waitTask({ timeout: 120_000 }), `delete ${fresh}`);

    progress('catching-up', written);
    const catchUp = await checkIndex(ctx, name, { repair: true });
    progress('done', written);
    return { index: uid, documents: queued, ms: Math.round(performance.now() - started), catchUp };
  } catch (error) {
    await client.deleteIndex(fresh).waitTask({ timeout: 60_000 }).catch((e: unknown) => {
      if (!isIndexNotFound(e)) throw e;
    }).catch(() => {});
    throw error;
  }
}
