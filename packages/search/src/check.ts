import { searchSource } from '@annex/db';
import { DOCUMENT_MAPPING } from './documents.ts';
import type { IndexName } from './settings.ts';
import { isIndexNotFound } from './settings.ts';
import { aggregateOf, pushUntilCurrent, SYNCED_AGGREGATES, type SyncContext } from './sync.ts';

/** What `search:check` found in one index, and what it repaired. */
export type CheckReport = {
  index: string;
  /** documents PostgreSQL says should be there */
  expected: number;
  /** documents the index holds */
  indexed: number;
  /** should be there, are not */
  missing: string[];
  /** there, but at another version than the database's, or written by another mapping */
  stale: string[];
  /** there, but should not be (unpublished, suspended, deleted, lapsed) */
  extra: string[];
  /** documents written or deleted by the repair */
  repaired: number;
  /** still differing after the repair (changed during it; their outbox rows finish the job) */
  unresolved: string[];
};

const PAGE = 1000;

/**
 * Every document id in the index with its version (empty when the index does not exist); -1 for a document
 * written by another mapping (DOCUMENT_MAPPING), so it counts as stale whatever its version.
 */
export async function indexedVersions(ctx: SyncContext, uid: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const index = ctx.search.client.index(uid);
  type Indexed = { id: string; version?: number; mapping?: string };
  for (let offset = 0; ; offset += PAGE) {
    let page: { results: Indexed[] };
    try {
      page = await index.getDocuments<Indexed>({ fields: ['id', 'version', 'mapping'], limit: PAGE, offset });
    } catch (error) {
      if (isIndexNotFound(error)) return out;
      throw error;
    }
    for (const d of page.results) out.set(String(d.id), d.mapping === DOCUMENT_MAPPING ? Number(d.version ?? -1) : -1);
    if (page.results.length < PAGE) return out;
  }
}

/**
 * Compares an index with PostgreSQL by id and version: missing, stale and extra documents. With `repair`,
 * sends the current state of each of them (the same version-checked path as the worker).
 */
export async function checkIndex(
  ctx: SyncContext,
  name: IndexName,
  opts: { repair?: boolean; uid?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<CheckReport> {
  const uid = opts.uid ?? ctx.search.uid(name);
  const aggregate = aggregateOf(name);
  // the index first: a change committed while we read it then shows as stale, not as silently missed
  const indexed = await indexedVersions(ctx, uid);
  const expected = SYNCED_AGGREGATES.includes(aggregate)
    ? new Map((await searchSource.expected(ctx.sql, aggregate)).map((e) => [e.id, e.version]))
    : new Map<string, number>();
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [id, version] of expected) {
    const have = indexed.get(id);
    if (have === undefined) missing.push(id);
    else if (have !== version) stale.push(id);
  }
  const extra = [...indexed.keys()].filter((id) => !expected.has(id));
  const report: CheckReport = {
    index: uid, expected: expected.size, indexed: indexed.size, missing, stale, extra, repaired: 0, unresolved: [],
  };
  if (!opts.repair) return report;
  const todo = [...missing, ...stale, ...extra];
  for (let i = 0; i < todo.length; i += 500) {
    const chunk = todo.slice(i, i + 500);
    report.unresolved.push(...(await pushUntilCurrent(ctx, aggregate, chunk, 3, uid)));
    report.repaired += chunk.length;
    opts.onProgress?.(Math.min(i + chunk.length, todo.length), todo.length);
  }
  return report;
}
