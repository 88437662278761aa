import type { Db } from '../client.ts';

/** A stored Idempotency-Key record. */
export type IdempotencyRow = {
  scope: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  completedAt: Date | null;
  lockedUntil: Date | null;
};

/** What `begin` decided. */
export type IdempotencyBegin =
  /** the caller executes the request, then calls `complete` (or `release` when it failed) */
  | { state: 'new' }
  /** the same request completed before: answer with this again */
  | { state: 'replay'; status: number; body: unknown }
  /** the key was used for a different request (method, path or body): 422 */
  | { state: 'mismatch' }
  /** the first request with this key is still executing outside a transaction (lease not expired): 409 */
  | { state: 'in_progress' };

/** The least time a key is kept (Stripe keeps them 24 h). */
export const IDEMPOTENCY_MIN_RETENTION_SECONDS = 86_400;

/**
 * Idempotency keys with Stripe semantics. Exactly-once with identical replies: run `begin`, the work and
 * `complete` in ONE transaction — a concurrent `begin` with the same key waits on the uncommitted row, then
 * replays the committed response (or, if the first transaction rolled back, executes itself). For work that
 * cannot run in the transaction, call `begin` outside one: concurrent replays get `in_progress` until
 * `complete`, `release`, or the lease (`leaseSeconds`) expires and another request takes over.
 */
export const idempotency = {
  async begin(
    db: Db,
    b: { scope: string; key: string; method: string; path: string; requestHash: string; leaseSeconds?: number },
  ): Promise<IdempotencyBegin> {
    const lease = b.leaseSeconds ?? 60;
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await db`
        insert into idempotency_keys (scope, key, method, path, request_hash, locked_until)
        values (${b.scope}, ${b.key}, ${b.method}, ${b.path}, ${b.requestHash},
                clock_timestamp() + ${lease} * interval '1 second')
        on conflict (scope, key) do nothing
        returning 1`;
      if (inserted.count === 1) return { state: 'new' };
      const [row] = await db<IdempotencyRow[]>`
        select * from idempotency_keys where scope = ${b.scope} and key = ${b.key} for update`;
      if (!row) continue; // purged in between: insert again
      if (row.method !== b.method || row.path !== b.path || row.requestHash !== b.requestHash) return { state: 'mismatch' };
      if (row.responseStatus !== null) return { state: 'replay', status: row.responseStatus, body: row.responseBody };
      // an abandoned execution (its lease expired): take it over, one taker only
      const taken = await db`
        update idempotency_keys set locked_until = clock_timestamp() + ${lease} * interval '1 second'
        where scope = ${b.scope} and key = ${b.key} and response_status is null
          and (locked_until is null or locked_until <= clock_timestamp())
        returning 1`;
      return taken.count === 1 ? { state: 'new' } : { state: 'in_progress' };
    }
    return { state: 'in_progress' };
  },

  /** Stores the response of the executed request; false if the key is unknown or already completed. */
  async complete(db: Db, c: { scope: string; key: string; status: number; body: unknown }): Promise<boolean> {
    const res = await db`
      update idempotency_keys
      set response_status = ${c.status}, response_body = ${db.json(JSON.parse(JSON.stringify(c.body ?? null)) as never)},
          completed_at = clock_timestamp(), locked_until = null
      where scope = ${c.scope} and key = ${c.key} and response_status is null`;
    return res.count === 1;
  },

  /** Forgets an uncompleted key (the execution failed without a response worth replaying), so a retry runs again. */
  async release(db: Db, scope: string, key: string): Promise<boolean> {
    const res = await db`delete from idempotency_keys where scope = ${scope} and key = ${key} and response_status is null`;
    return res.count === 1;
  },

  /** The record of a key, or null. */
  async get(db: Db, scope: string, key: string): Promise<IdempotencyRow | null> {
    const [row] = await db<IdempotencyRow[]>`select * from idempotency_keys where scope = ${scope} and key = ${key}`;
    return row ?? null;
  },

  /** Deletes keys older than `olderThanSeconds` (never less than 24 h); returns how many. */
  async purge(db: Db, opts: { olderThanSeconds?: number } = {}): Promise<number> {
    const age = Math.max(opts.olderThanSeconds ?? IDEMPOTENCY_MIN_RETENTION_SECONDS, IDEMPOTENCY_MIN_RETENTION_SECONDS);
    const res = await db`delete from idempotency_keys where created_at < now() - ${age} * interval '1 second'`;
    return res.count;
  },
};
