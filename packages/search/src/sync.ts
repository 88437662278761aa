import { randomUUID } from 'node:crypto';
import { type OutboxRow, outbox, policyServiceSource, SEARCH_AGGREGATES, type SearchAggregate, searchSource, type Sql } from '@annex/db';
import {
  type Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError, type Task,
} from 'meilisearch';
import { checkIndex } from './check.ts';
import type { SearchService } from './client.ts';
import { DOCUMENT_MAPPING, toCatalogueDocument, toOrderDocument, toPolicyServiceDocument, toVendorDocument } from './documents.ts';
import { f } from './filters.ts';
import { ensureSearchKey } from './keys.ts';
import { applyIndexSettings, applySettingsTo, INDEX_NAMES, type IndexName, isIndexNotFound } from './settings.ts';

/** Which index holds each aggregate. */
export const AGGREGATE_INDEX: Record<SearchAggregate, IndexName> = {
  order: 'orders',
  vendor: 'vendors',
  catalogue: 'catalogue',
  policyService: 'policy_services',
};

/** Aggregates whose source tables exist. */
export const SYNCED_AGGREGATES: readonly SearchAggregate[] = ['order', 'vendor', 'catalogue', 'policyService'];

const TOPIC_AGGREGATE = new Map<string, SearchAggregate>(
  (Object.keys(SEARCH_AGGREGATES) as SearchAggregate[]).map((a) => [SEARCH_AGGREGATES[a].topic, a] as const),
);

/** The aggregate whose documents an index holds, if it is synced from the database. */
export function aggregateOf(name: IndexName): SearchAggregate {
  return (Object.keys(AGGREGATE_INDEX) as SearchAggregate[]).find((a) => AGGREGATE_INDEX[a] === name) as SearchAggregate;
}

/** A pino-like logger (the API passes its own). */
export type SyncLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
const quiet: SyncLogger = { info() {}, warn() {}, error() {} };

/** What the sync functions work with. */
export type SyncContext = { sql: Sql; search: SearchService; now?: () => Date };

/** One aggregate's current state: its document (null: must not be in the index) and its version. */
export type LoadedDocument = { id: string; version: number; doc: { id: string; version: number } | null };

/** Meilisearch cannot be reached, timed out, or failed on its side: retry later. */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof MeilisearchRequestError ||
    error instanceof MeilisearchRequestTimeOutError ||
    error instanceof MeilisearchTaskTimeOutError ||
    (error instanceof MeilisearchApiError && (error.response?.status ?? 0) >= 500)
  );
}

/** Reads the aggregates' current state from PostgreSQL and maps it to documents (one snapshot per call). */
export async function loadDocuments(ctx: SyncContext, aggregate: SearchAggregate, ids: readonly string[]): Promise<LoadedDocument[]> {
  const now = ctx.now?.() ?? new Date();
  if (aggregate === 'order') {
    return (await searchSource.orders(ctx.sql, ids)).map((r) => ({ id: r.id, version: r.version, doc: toOrderDocument(r.row, r.version) }));
  }
  if (aggregate === 'vendor') {
    return (await searchSource.vendors(ctx.sql, ids)).map((r) => ({ id: r.id, version: r.version, doc: toVendorDocument(r.row, r.version, now) }));
  }
  if (aggregate === 'catalogue') {
    return (await searchSource.catalogue(ctx.sql, ids)).map((r) => ({ id: r.id, version: r.version, doc: toCatalogueDocument(r.row, r.version) }));
  }
  if (aggregate === 'policyService') {
    return (await policyServiceSource.byIds(ctx.sql, ids)).map((r) => ({ id: r.id, version: r.version, doc: toPolicyServiceDocument(r.row, r.version) }));
  }
  // no source table yet: nothing of this kind can exist, so nothing may stay in the index
  return ids.map((id) => ({ id, version: 0, doc: null }));
}

/** One page of everything that should be indexed, in id order, as documents (reindex). */
export async function pageDocuments(
  ctx: SyncContext,
  aggregate: SearchAggregate,
  after: string | null,
  limit: number,
): Promise<{ rows: number; lastId: string | null; docs: { id: string; version: number }[] }> {
  const now = ctx.now?.() ?? new Date();
  const page =
    aggregate === 'order'
      ? (await searchSource.orderPage(ctx.sql, after, limit)).map((r) => ({ id: r.id, doc: toOrderDocument(r.row, r.version) }))
      : aggregate === 'vendor'
        ? (await searchSource.vendorPage(ctx.sql, after, limit)).map((r) => ({ id: r.id, doc: toVendorDocument(r.row, r.version, now) }))
        : aggregate === 'catalogue'
          ? (await searchSource.cataloguePage(ctx.sql, after, limit)).map((r) => ({ id: r.id, doc: toCatalogueDocument(r.row, r.version) }))
          : aggregate === 'policyService'
            ? (await policyServiceSource.page(ctx.sql, after, limit)).map((r) => ({ id: r.id, doc: toPolicyServiceDocument(r.row, r.version) }))
            : [];
  return { rows: page.length, lastId: page.at(-1)?.id ?? null, docs: page.flatMap((p) => (p.doc ? [p.doc] : [])) };
}

/** How many documents of index `uid` another mapping than this code's wrote (0 when the index does not exist). */
export async function olderMapping(ctx: SyncContext, uid: string): Promise<number> {
  try {
    const r = await ctx.search.client.index(uid).search('', { filter: `NOT ${f.eq('mapping', DOCUMENT_MAPPING)}`, limit: 0 });
    return r.estimatedTotalHits ?? 0;
  } catch (error) {
    if (isIndexNotFound(error)) return 0;
    throw error;
  }
}

async function succeeded(task: Promise<Task>, what: string): Promise<void> {
  const done = await task;
  if (done.status !== 'succeeded') {
    throw new Error(`Meilisearch task ${done.uid} (${what}) ${done.status}: ${done.error?.message ?? 'no reason given'}`);
  }
}

// How long to wait for a document task, and how often to ask: the client's default 50 ms between asks would add
// 25 ms to every change's way to the index on average, and asking is cheap.
const TASK_WAIT = { timeout: 60_000, interval: 10 };

/** Writes documents and deletions to index `uid` and waits until Meilisearch has applied both. */
export async function writeDocuments(client: Meilisearch, uid: string, loaded: readonly LoadedDocument[]): Promise<void> {
  const docs = loaded.flatMap((l) => (l.doc ? [l.doc] : []));
  const gone = loaded.filter((l) => !l.doc).map((l) => l.id);
  const index = client.index(uid);
  const waits: Promise<void>[] = [];
  if (docs.length > 0) {
    waits.push(succeeded(index.addDocuments(docs, { primaryKey: 'id' }).waitTask(TASK_WAIT), `add ${docs.length} to ${uid}`));
  }
  if (gone.length > 0) {
    waits.push(
      (async () => {
        try {
          await succeeded(index.deleteDocuments(gone).waitTask(TASK_WAIT), `delete ${gone.length} from ${uid}`);
        } catch (error) {
          // nothing to delete from an index that is not there
          if (!isIndexNotFound(error) && !/index_not_found|Index `.*` not found/.test(String((error as Error).message))) throw error;
        }
      })(),
    );
  }
  await Promise.all(waits);
}

/**
 * Sends the current state of these aggregates to their index and, once Meilisearch has applied it,
 * reads their versions again: `current` were still at the version sent (the index now shows the latest
 * state), `superseded` changed meanwhile and must be sent again (a stale write may have landed last).
 */
export async function pushAggregates(
  ctx: SyncContext,
  aggregate: SearchAggregate,
  ids: readonly string[],
  uid = ctx.search.uid(AGGREGATE_INDEX[aggregate]),
): Promise<{ current: string[]; superseded: string[] }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { current: [], superseded: [] };
  const loaded = await loadDocuments(ctx, aggregate, unique);
  await writeDocuments(ctx.search.client, uid, loaded);
  const now = await searchSource.versions(ctx.sql, aggregate, unique);
  const sent = new Map(loaded.map((l) => [l.id, l.version]));
  const current: string[] = [];
  const superseded: string[] = [];
  for (const id of unique) ((now.get(id) ?? 0) === (sent.get(id) ?? 0) ? current : superseded).push(id);
  return { current, superseded };
}

/** Pushes until every aggregate is current or `rounds` are spent; returns those still superseded. */
export async function pushUntilCurrent(
  ctx: SyncContext,
  aggregate: SearchAggregate,
  ids: readonly string[],
  rounds = 3,
  uid?: string,
): Promise<string[]> {
  let pending = [...new Set(ids)];
  for (let round = 0; round < rounds && pending.length > 0; round++) {
    pending = (await pushAggregates(ctx, aggregate, pending, uid)).superseded;
  }
  return pending;
}

/** Options of the sync worker. */
export type SearchSyncOptions = SyncContext & {
  logger?: SyncLogger;
  /** outbox rows per round (default 500) */
  batchSize?: number;
  /**
   * rounds under way at once (default 3): while one waits for Meilisearch to apply its batch, the next is claimed and
   * sent, and Meilisearch applies the batches that queued meanwhile together — one index write for many changes
   */
  concurrency?: number;
  /**
   * pause when there is nothing to do and notifications do not wake the worker, and between probes while Meilisearch
   * is down (default 200 ms)
   */
  pollMs?: number;
  /** wake on the outbox's notifications (LISTEN, migration 0028) instead of polling every `pollMs` (default true) */
  listen?: boolean;
  /** pause when there is nothing to do while notifications wake the worker: the safety net's poll (default 2 s) */
  idlePollMs?: number;
  /** how long the worker waits for its own test notification before it falls back to polling (default 3 s) */
  listenProbeMs?: number;
  /** how long claimed rows stay hidden from other workers (default 60 s) */
  leaseSeconds?: number;
  /** retry delays after a failure: min(max, base · 2^(attempts−1)) seconds (default 1 s … 30 s) */
  backoff?: { baseSeconds: number; maxSeconds: number };
  /** how often the indexes are checked to exist with their settings (default 5 s); a missing or recreated one is rebuilt */
  indexCheckMs?: number;
  /** how often document counts are compared with PostgreSQL's (default 60 s, and at start); a short index is repaired */
  countCheckMs?: number;
};

/** Result of one round of the worker. */
export type SyncRound = { claimed: number; done: number; retried: number; failed: number };

/** The sync worker: outbox → Meilisearch. */
export type SearchSync = {
  /** Runs the loop in the background until `stop()`. */
  start(): void;
  /** Finishes the current round and stops. */
  stop(): Promise<void>;
  /** One round: claim a batch, push it, mark it. */
  runOnce(): Promise<SyncRound>;
  /** Rounds until no row is due (rows waiting for a retry are left). */
  drain(): Promise<void>;
  /** Checks every index exists with its settings; rebuilds one that is missing or was recreated. */
  checkIndexes(): Promise<void>;
  /** Wakes a sleeping loop (e.g. right after a write in tests). */
  wake(): void;
  /**
   * Whether notifications wake the worker: 'pending' until its test notification came back or not, 'on', or
   * 'polling' (disabled, or they do not reach it).
   */
  readonly wakeUp: 'pending' | 'on' | 'polling';
};

/**
 * The worker that keeps Meilisearch in step with PostgreSQL. Any number of them may run (one per API
 * process): rows are claimed with FOR UPDATE SKIP LOCKED and a lease, and a row is marked done only when
 * Meilisearch applied the state of the version that is still current — so nothing is lost across crashes,
 * restarts, Meilisearch outages or races between workers.
 */
export function createSearchSync(options: SearchSyncOptions): SearchSync {
  const log = options.logger ?? quiet;
  const ctx: SyncContext = { sql: options.sql, search: options.search, now: options.now };
  const batchSize = options.batchSize ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const pollMs = options.pollMs ?? 200;
  const idlePollMs = options.idlePollMs ?? 2000;
  const listenProbeMs = options.listenProbeMs ?? 3000;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const backoff = options.backoff ?? { baseSeconds: 1, maxSeconds: 30 };
  const indexCheckMs = options.indexCheckMs ?? 5000;
  const countCheckMs = options.countCheckMs ?? 60_000;
  const topics = SYNCED_AGGREGATES.map((a) => SEARCH_AGGREGATES[a].topic);

  let running = false;
  let loops: Promise<void>[] = [];
  const sleeping = new Set<() => void>();
  // a wake-up that came while the loop was busy: its next pause is skipped
  let woken = false;
  let wakeUp: SearchSync['wakeUp'] = options.listen === false ? 'polling' : 'pending';
  let listener: { unlisten(): Promise<void> } | null = null;
  let listening: Promise<void> | null = null;
  let down = false;
  let lastIndexCheck = Number.NEGATIVE_INFINITY;
  let lastCountCheck = Number.NEGATIVE_INFINITY;
  let settingsApplied = false;
  let mappingChecked = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleeping.delete(done);
        resolve();
      }
      sleeping.add(done);
    });

  function wake(): void {
    if (sleeping.size > 0) for (const done of [...sleeping]) done();
    else woken = true;
  }

  /**
   * LISTENs for the outbox's notifications and checks one of its own comes back: through the embedded database's
   * socket server a notification may never reach the listening connection, and then the worker keeps polling.
   */
  async function listen(): Promise<void> {
    const probe = `probe:${randomUUID()}`;
    let heard = () => {};
    const back = new Promise<boolean>((resolve) => {
      heard = () => resolve(true);
      setTimeout(() => resolve(false), listenProbeMs).unref();
    });
    try {
      listener = await searchSource.listenForChanges(ctx.sql, (topic) => (topic === probe ? heard() : wake()), wake);
      await searchSource.notify(ctx.sql, probe);
      const ok = await back;
      if (ok && running) {
        wakeUp = 'on';
        log.info({ idlePollMs }, 'search sync wakes on outbox notifications');
        return;
      }
      if (!ok) log.warn({ pollMs }, 'outbox notifications do not reach the search sync; it polls instead');
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error), pollMs }, 'search sync cannot LISTEN; it polls instead');
    }
    wakeUp = 'polling';
    await listener?.unlisten().catch(() => {});
    listener = null;
  }

  /** The pause after a round with nothing to do: until the next retry is due or the safety poll when notifications wake us. */
  async function idle(): Promise<void> {
    if (wakeUp !== 'on') return sleep(pollMs);
    const due = await searchSource.nextDueInMs(ctx.sql, topics);
    // rows due but not claimed are held by another worker's claim for a moment: look again shortly
    return sleep(due === null ? idlePollMs : Math.min(idlePollMs, Math.max(due, 50)));
  }

  async function rebuild(name: IndexName, reason: string): Promise<void> {
    const aggregate = aggregateOf(name);
    if (!SYNCED_AGGREGATES.includes(aggregate)) return;
    log.warn({ index: ctx.search.uid(name), reason }, 'search index rebuilt from the database');
    const report = await checkIndex(ctx, name, { repair: true });
    log.info({ index: report.index, missing: report.missing.length, stale: report.stale.length, extra: report.extra.length }, 'search index repaired');
  }

  async function checkIndexes(): Promise<void> {
    lastIndexCheck = Date.now();
    if (!settingsApplied) {
      // at start (and after an outage): the settings of the code, applied where they differ
      for (const change of await applyIndexSettings(ctx.search.client, { prefix: ctx.search.prefix })) {
        log.info({ index: change.index, keys: change.keys }, 'search settings updated');
      }
      await ensureSearchKey(ctx.search);
      settingsApplied = true;
    }
    if (!mappingChecked) {
      // documents written by an older mapping (other terms, raw Markdown): rewritten once, at start
      for (const name of INDEX_NAMES.filter((n) => SYNCED_AGGREGATES.includes(aggregateOf(n)))) {
        const older = await olderMapping(ctx, ctx.search.uid(name));
        if (older > 0) await rebuild(name, `${older} documents were written by an older mapping`);
      }
      mappingChecked = true;
    }
    const countsDue = Date.now() - lastCountCheck >= countCheckMs;
    if (countsDue) lastCountCheck = Date.now();
    const { results } = await ctx.search.client.getRawIndexes({ limit: 1000 });
    for (const name of INDEX_NAMES) {
      const uid = ctx.search.uid(name);
      if (!results.some((i) => i.uid === uid)) {
        await applySettingsTo(ctx.search.client, uid, name);
        await rebuild(name, 'the index was missing');
        continue;
      }
      // A write to a deleted index recreates it with default settings (and Meilisearch may even keep its old
      // createdAt): no filterable attributes is the sign.
      if (((await ctx.search.client.index(uid).getFilterableAttributes()) ?? []).length === 0) {
        await applySettingsTo(ctx.search.client, uid, name);
        await rebuild(name, 'the index was recreated without its settings');
        continue;
      }
      if (!countsDue || !SYNCED_AGGREGATES.includes(aggregateOf(name))) continue;
      // fewer documents than PostgreSQL has, beyond what is still queued: documents were lost
      const { numberOfDocuments } = await ctx.search.client.index(uid).getStats();
      const expected = await searchSource.count(ctx.sql, aggregateOf(name));
      const queued = await searchSource.pendingFor(ctx.sql, aggregateOf(name));
      if (numberOfDocuments + queued < expected) {
        await rebuild(name, `it holds ${numberOfDocuments} of ${expected} documents (${queued} queued)`);
      }
    }
  }

  /** Pushes a group's aggregates and marks its rows: done where the indexed version is current. */
  async function settle(aggregate: SearchAggregate, group: OutboxRow[], round: SyncRound): Promise<void> {
    const left = new Set(await pushUntilCurrent(ctx, aggregate, group.map((r) => r.aggregateId)));
    round.done += await outbox.markDone(ctx.sql, group.filter((r) => !left.has(r.aggregateId)).map((r) => r.id));
    for (const r of group.filter((r) => left.has(r.aggregateId))) {
      // changed again while we synced it, several times in a row: soon once more
      await outbox.markFailed(ctx.sql, r.id, 'changed while it was being indexed', { baseSeconds: 0.2, maxSeconds: 5 });
      round.retried++;
    }
  }

  /** Records a failed delivery on each row; retried with backoff. */
  async function fail(aggregate: SearchAggregate, group: OutboxRow[], error: unknown, round: SyncRound): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    for (const r of group) await outbox.markFailed(ctx.sql, r.id, message, backoff);
    round.failed += group.length;
    if (isUnavailable(error)) {
      if (!down) log.warn({ err: message }, 'Meilisearch is unavailable; search sync paused until it answers');
      down = true;
    } else {
      if (isIndexNotFound(error)) lastIndexCheck = Number.NEGATIVE_INFINITY;
      log.error({ err: message, aggregate, rows: group.length }, 'search sync failed; will retry');
    }
  }

  async function runOnce(): Promise<SyncRound> {
    const rows = await outbox.claimBatch(ctx.sql, batchSize, { topics, leaseSeconds });
    const round: SyncRound = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
    if (rows.length === 0) return round;
    const groups = new Map<SearchAggregate, OutboxRow[]>();
    for (const row of rows) {
      const aggregate = TOPIC_AGGREGATE.get(row.topic);
      if (aggregate) groups.set(aggregate, [...(groups.get(aggregate) ?? []), row]);
    }
    for (const [aggregate, group] of groups) {
      try {
        await settle(aggregate, group, round);
      } catch (error) {
        if (isUnavailable(error) || group.length === 1) {
          await fail(aggregate, group, error, round);
          continue;
        }
        // one document Meilisearch refuses must not hold back the rest of the batch: one by one
        for (const row of group) {
          try {
            await settle(aggregate, [row], round);
          } catch (single) {
            await fail(aggregate, [row], single, round);
          }
        }
      }
    }
    return round;
  }

  async function drain(): Promise<void> {
    for (;;) {
      const round = await runOnce();
      if (round.claimed === 0) return;
    }
  }

  /** One loop of rounds; the first also watches Meilisearch and the indexes, the others only help with the rounds. */
  async function run(k: number): Promise<void> {
    while (running) {
      try {
        if (k > 0 && (down || !settingsApplied)) {
          await sleep(pollMs);
          continue;
        }
        if (down) {
          if (!(await ctx.search.ping())) {
            await sleep(pollMs);
            continue;
          }
          down = false;
          log.info({}, 'Meilisearch answers again; search sync resumes');
          // what failed while it was down is due now, not after its backoff
          await searchSource.retryNow(ctx.sql);
          lastIndexCheck = Number.NEGATIVE_INFINITY;
          settingsApplied = false;
        }
        if (Date.now() - lastIndexCheck >= indexCheckMs) await checkIndexes();
        const round = await runOnce();
        if (round.claimed === 0) await idle();
        else if (round.failed === round.claimed) await sleep(pollMs);
      } catch (error) {
        if (isUnavailable(error)) {
          if (!down) log.warn({ err: (error as Error).message }, 'Meilisearch is unavailable; search sync paused until it answers');
          down = true;
        } else {
          log.error({ err: error instanceof Error ? error.message : String(error) }, 'search sync round failed');
        }
        if (running) await sleep(pollMs);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      if (wakeUp === 'pending') listening = listen();
      loops = Array.from({ length: concurrency }, (_, k) => run(k));
    },
    async stop() {
      running = false;
      for (const done of [...sleeping]) done();
      await Promise.all(loops);
      loops = [];
      await listening;
      listening = null;
      await listener?.unlisten().catch(() => {});
      listener = null;
      if (options.listen !== false) wakeUp = 'pending';
    },
    runOnce,
    drain,
    checkIndexes,
    wake,
    get wakeUp() {
      return wakeUp;
    },
  };
}
