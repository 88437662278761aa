import type { Db } from '../client.ts';

/** A scheduled job. */
export type JobRow = {
  id: number;
  kind: string;
  dedupeKey: string | null;
  payload: Record<string, unknown>;
  runAt: Date;
  lockedUntil: Date | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
  failedAt: Date | null;
};

/** A job to schedule. With `dedupeKey`, scheduling the same (kind, dedupeKey) again moves the pending job. */
export type NewJob = { kind: string; runAt: Date; payload?: Record<string, unknown>; dedupeKey?: string | null };

/** Time-driven work, safe with several workers: claimed with FOR UPDATE SKIP LOCKED and leased. */
export const jobs = {
  /** Schedules a job (or moves the pending one with the same kind and dedupeKey); returns it. */
  async schedule(db: Db, j: NewJob): Promise<JobRow> {
    const payload = db.json(JSON.parse(JSON.stringify(j.payload ?? {})) as never);
    const [row] = await db<JobRow[]>`
      insert into jobs (kind, dedupe_key, payload, run_at)
      values (${j.kind}, ${j.dedupeKey ?? null}, ${payload}, ${j.runAt})
      on conflict (kind, dedupe_key) where dedupe_key is not null and done_at is null and failed_at is null
      do update set run_at = excluded.run_at, payload = excluded.payload, attempts = 0, last_error = null
      returning *`;
    return row as JobRow;
  },

  /**
   * Claims up to `limit` due jobs (run_at ≤ clock), earliest first, skipping rows other workers hold: each
   * claimed job's attempts goes up by one and it is leased for `leaseSeconds` (a crashed worker's job comes
   * back after it). Then `complete` or `fail` each.
   */
  async claimDue(db: Db, limit: number, opts: { kinds?: readonly string[]; leaseSeconds?: number } = {}): Promise<JobRow[]> {
    const lease = opts.leaseSeconds ?? 60;
    const rows = await db<JobRow[]>`
      update jobs j set attempts = j.attempts + 1, locked_until = clock_timestamp() + ${lease} * interval '1 second'
      where j.id in (
        select id from jobs
        where done_at is null and failed_at is null and run_at <= clock_timestamp()
          and (locked_until is null or locked_until <= clock_timestamp())
          ${opts.kinds ? db`and kind = any(${db.array([...opts.kinds])}::text[])` : db``}
        order by run_at, id
        limit ${Math.max(1, Math.trunc(limit))}
        for update skip locked
      )
      returning j.*`;
    return [...rows].sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  },

  /** Marks a job done. */
  async complete(db: Db, id: number): Promise<boolean> {
    const res = await db`
      update jobs set done_at = clock_timestamp(), locked_until = null, last_error = null
      where id = ${id} and done_at is null and failed_at is null`;
    return res.count === 1;
  },

  /**
   * Records a failure: retried after min(max, base · 2^(attempts−1)) seconds, or given up (failedAt set)
   * once `maxAttempts` is reached. Returns when it runs again, or null when given up.
   */
  async fail(
    db: Db,
    id: number,
    error: string,
    opts: { baseSeconds?: number; maxSeconds?: number; maxAttempts?: number } = {},
  ): Promise<Date | null> {
    const base = opts.baseSeconds ?? 5;
    const max = opts.maxSeconds ?? 3600;
    const maxAttempts = opts.maxAttempts ?? 10;
    const [row] = await db<{ runAt: Date; failedAt: Date | null }[]>`
      update jobs set
        last_error = ${error.slice(0, 4000)},
        locked_until = null,
        failed_at = case when attempts >= ${maxAttempts} then clock_timestamp() end,
        run_at = case when attempts >= ${maxAttempts} then run_at else clock_timestamp()
          + least(${max}::float8, ${base}::float8 * power(2, greatest(attempts - 1, 0))) * interval '1 second' end
      where id = ${id} and done_at is null and failed_at is null
      returning run_at, failed_at`;
    return row && row.failedAt === null ? row.runAt : null;
  },

  /** Deletes the pending job of (kind, dedupeKey), e.g. when an order is cancelled; returns how many. */
  async cancel(db: Db, kind: string, dedupeKey: string): Promise<number> {
    const res = await db`
      delete from jobs where kind = ${kind} and dedupe_key = ${dedupeKey} and done_at is null and failed_at is null`;
    return res.count;
  },

  /** How many jobs are pending (of a kind). */
  async pendingCount(db: Db, kind?: string): Promise<number> {
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from jobs where done_at is null and failed_at is null
        ${kind ? db`and kind = ${kind}` : db``}`;
    return row?.n ?? 0;
  },
};
