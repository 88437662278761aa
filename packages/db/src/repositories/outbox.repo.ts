import type { Db } from '../client.ts';

/** A message to deliver after the transaction that wrote it commits. */
export type OutboxMessage = { topic: string; aggregateType: string; aggregateId: string; payload?: unknown };

/** A stored outbox row. */
export type OutboxRow = {
  id: number;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  createdAt: Date;
  availableAt: Date;
  attempts: number;
  processedAt: Date | null;
  lastError: string | null;
};

/** Options of `outbox.claimBatch`. */
export type ClaimOptions = {
  /** only these topics (default: all) */
  topics?: readonly string[];
  /** seconds the claimed rows stay invisible to other workers; a crashed worker's rows come back after it (default 60) */
  leaseSeconds?: number;
};

/** Options of `outbox.markFailed`: retry after min(max, base · 2^(attempts−1)) seconds. */
export type BackoffOptions = { baseSeconds?: number; maxSeconds?: number };

/** The transactional outbox. */
export const outbox = {
  /** Writes a message; call it with the transaction of the change so both commit or neither. */
  async enqueue(db: Db, m: OutboxMessage): Promise<number> {
    const [row] = await db<{ id: number }[]>`
      insert into outbox (topic, aggregate_type, aggregate_id, payload)
      values (${m.topic}, ${m.aggregateType}, ${m.aggregateId}, ${db.json(JSON.parse(JSON.stringify(m.payload ?? {})))})
      returning id`;
    return (row as { id: number }).id;
  },

  /**
   * Claims up to `limit` due messages, oldest first, skipping rows other workers hold (FOR UPDATE SKIP LOCKED):
   * each claimed row's attempts goes up by one and it is leased (hidden) for `leaseSeconds`.
   * Process them outside any transaction, then `markDone` or `markFailed`.
   */
  async claimBatch(db: Db, limit: number, opts: ClaimOptions = {}): Promise<OutboxRow[]> {
    const lease = opts.leaseSeconds ?? 60;
    return await db<OutboxRow[]>`
      update outbox o set attempts = o.attempts + 1,
                          available_at = clock_timestamp() + ${lease} * interval '1 second'
      where o.id in (
        select id from outbox
        where processed_at is null and available_at <= clock_timestamp()
          ${opts.topics ? db`and topic = any(${db.array([...opts.topics])}::text[])` : db``}
        order by available_at, id
        limit ${Math.max(1, Math.trunc(limit))}
        for update skip locked
      )
      returning o.*`.then((rows) => [...rows].sort((a, b) => a.id - b.id));
  },

  /** Marks messages delivered. */
  async markDone(db: Db, ids: number | readonly number[]): Promise<number> {
    const list = typeof ids === 'number' ? [ids] : [...ids];
    if (list.length === 0) return 0;
    const res = await db`
      update outbox set processed_at = clock_timestamp(), last_error = null
      where id = any(${db.array(list)}::bigint[]) and processed_at is null`;
    return res.count;
  },

  /** Records a failed delivery and schedules the retry with exponential backoff; returns when it is due. */
  async markFailed(db: Db, id: number, error: string, backoff: BackoffOptions = {}): Promise<Date | null> {
    const base = backoff.baseSeconds ?? 5;
    const max = backoff.maxSeconds ?? 3600;
    const [row] = await db<{ availableAt: Date }[]>`
      update outbox set
        last_error = ${error.slice(0, 4000)},
        available_at = clock_timestamp()
          + least(${max}::float8, ${base}::float8 * power(2, greatest(attempts - 1, 0))) * interval '1 second'
      where id = ${id} and processed_at is null
      returning available_at`;
    return row?.availableAt ?? null;
  },

  /** How many messages are not yet delivered. */
  async pendingCount(db: Db): Promise<number> {
    const [row] = await db<{ n: number }[]>`select count(*)::int as n from outbox where processed_at is null`;
    return row?.n ?? 0;
  },
};
