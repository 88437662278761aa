import { type Db, withTransaction } from '../client.ts';
import { isUniqueViolation } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { jobs } from './jobs.repo.ts';

/** A user's saved order search (criteria as stored: the normalised typed filters and text). */
export type SavedSearchRow = {
  id: string;
  userId: string;
  orgId: string;
  name: string;
  criteria: Record<string, unknown>;
  notify: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastMatchedAt: Date | null;
};

/** A saved search that wants alerts, with its owner. */
export type AlertingSearchRow = Pick<SavedSearchRow, 'id' | 'userId' | 'name' | 'criteria' | 'createdAt'>;

/** A (saved search, order) pair Meilisearch confirmed, and whether it sends the user a notification. */
export type NewSavedSearchHit = { savedSearchId: string; notified: boolean };

export type SavedSearchWriteResult =
  | { ok: true; row: SavedSearchRow }
  | { ok: false; reason: 'not_found' }
  /** the user has a saved search of this name (letter case ignored) */
  | { ok: false; reason: 'name_taken' };

/** The unique index of (user, lower(name)). */
const NAME_KEY = 'saved_searches_user_name_key';

/** Saved searches and the record of which published orders showed up in them. */
/** The job that alerts saved searches of a newly published order (one per order: dedupe key = order id). */
export const SAVED_SEARCH_ALERT_JOB = 'order.saved_search_alerts';

export const savedSearches = {
  /** Schedules the alert job of a newly published order at `runAt` (in the publishing transaction; once per order). */
  async scheduleAlerts(db: Db, orderId: string, runAt: Date): Promise<void> {
    await jobs.schedule(db, { kind: SAVED_SEARCH_ALERT_JOB, dedupeKey: orderId, runAt, payload: { orderId } });
  },

  /**
   * Locks the user's row for the rest of the transaction, so that counting their saved searches and adding
   * one cannot interleave with another request of the same user (the limit holds under concurrency).
   */
  async lockOwner(tx: Db, userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const [row] = await tx`select 1 from users where id = ${userId} for update`;
    return Boolean(row);
  },

  /** How many saved searches a user has. */
  async countForUser(db: Db, userId: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    const [row] = await db<{ n: number }[]>`select count(*)::int as n from saved_searches where user_id = ${userId}`;
    return row?.n ?? 0;
  },

  /** Saves a search; `name_taken` when the user already has one of that name. */
  async create(
    db: Db,
    s: { userId: string; orgId: string; name: string; criteria: Record<string, unknown>; notify: boolean },
  ): Promise<SavedSearchWriteResult> {
    const [row] = await db<SavedSearchRow[]>`
      insert into saved_searches (user_id, org_id, name, criteria, notify)
      values (${s.userId}, ${s.orgId}, ${s.name}, ${db.json(s.criteria as never)}, ${s.notify})
      on conflict (user_id, lower(name)) do nothing
      returning *`;
    return row ? { ok: true, row } : { ok: false, reason: 'name_taken' };
  },

  /** A user's saved searches, newest first. */
  async listForUser(db: Db, userId: string, limit = 100): Promise<SavedSearchRow[]> {
    if (!isUuid(userId)) return [];
    return await db<SavedSearchRow[]>`
      select * from saved_searches where user_id = ${userId}
      order by created_at desc, id desc
      limit ${Math.max(1, Math.trunc(limit))}`;
  },

  /** One of the user's saved searches, or null (also for another user's). */
  async getForUser(db: Db, userId: string, id: string): Promise<SavedSearchRow | null> {
    if (!isUuid(userId) || !isUuid(id)) return null;
    const [row] = await db<SavedSearchRow[]>`select * from saved_searches where id = ${id} and user_id = ${userId}`;
    return row ?? null;
  },

  /** Renames and/or switches the alert of one of the user's saved searches. */
  async update(db: Db, userId: string, id: string, patch: { name?: string; notify?: boolean }): Promise<SavedSearchWriteResult> {
    if (!isUuid(userId) || !isUuid(id)) return { ok: false, reason: 'not_found' };
    try {
      // a savepoint (or a transaction of its own): a refused name leaves the caller's transaction usable
      const [row] = await withTransaction(db, (tx) => tx<SavedSearchRow[]>`
        update saved_searches set
          name = coalesce(${patch.name ?? null}, name),
          notify = coalesce(${patch.notify ?? null}::boolean, notify),
          updated_at = clock_timestamp()
        where id = ${id} and user_id = ${userId}
        returning *`);
      return row ? { ok: true, row } : { ok: false, reason: 'not_found' };
    } catch (err) {
      if (isUniqueViolation(err, NAME_KEY)) return { ok: false, reason: 'name_taken' };
      throw err;
    }
  },

  /** Deletes one of the user's saved searches; false when there is none of theirs with that id. */
  async delete(db: Db, userId: string, id: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(id)) return false;
    const res = await db`delete from saved_searches where id = ${id} and user_id = ${userId}`;
    return res.count === 1;
  },

  /**
   * The saved searches that want alerts, of users who still belong to a vendor organisation, by id.
   * Read in pages of `limit` after the id `after`.
   */
  async alerting(db: Db, opts: { after?: string | null; limit?: number } = {}): Promise<AlertingSearchRow[]> {
    const limit = Math.max(1, Math.trunc(opts.limit ?? 5000));
    const after = opts.after && isUuid(opts.after) ? opts.after : null;
    return await db<AlertingSearchRow[]>`
      select s.id, s.user_id, s.name, s.criteria, s.created_at
      from saved_searches s
      join memberships m on m.user_id = s.user_id
      join organisations o on o.id = m.org_id and o.kind = 'vendor'
      where s.notify ${after ? db`and s.id > ${after}::uuid` : db``}
      order by s.id
      limit ${limit}`;
  },

  /** Of these users, those who already have an order_match or saved_search_match notification about the order. */
  async usersToldAbout(db: Db, orderId: string, userIds: readonly string[]): Promise<Set<string>> {
    const ids = userIds.filter(isUuid);
    if (!isUuid(orderId) || ids.length === 0) return new Set();
    const rows = await db<{ userId: string }[]>`
      select distinct user_id from notifications
      where order_id = ${orderId} and kind in ('order_match', 'saved_search_match')
        and user_id in (select x::uuid from jsonb_array_elements_text(${db.json(ids as never)}::jsonb) as x)`;
    return new Set(rows.map((r) => r.userId));
  },

  /** The saved searches already recorded as showing the order (by an earlier run of the alert job). */
  async hitsForOrder(db: Db, orderId: string): Promise<{ savedSearchId: string; notified: boolean }[]> {
    if (!isUuid(orderId)) return [];
    return await db<{ savedSearchId: string; notified: boolean }[]>`
      select saved_search_id, notified from saved_search_hits where order_id = ${orderId}`;
  },

  /**
   * Records that the order shows up in these saved searches, each pair once ever, and stamps their
   * lastMatchedAt; returns the pairs this call recorded (a pair recorded before is left as it was).
   */
  async recordHits(db: Db, orderId: string, hits: readonly NewSavedSearchHit[]): Promise<NewSavedSearchHit[]> {
    const list = hits.filter((h) => isUuid(h.savedSearchId));
    if (!isUuid(orderId) || list.length === 0) return [];
    const rows = await db<NewSavedSearchHit[]>`
      with added as (
        insert into saved_search_hits (saved_search_id, order_id, notified)
        select h.saved_search_id, ${orderId}, h.notified
        from jsonb_to_recordset(${db.json(list.map((h) => ({ saved_search_id: h.savedSearchId, notified: h.notified })) as never)}::jsonb)
          as h(saved_search_id uuid, notified boolean)
        join saved_searches s on s.id = h.saved_search_id
        on conflict (saved_search_id, order_id) do nothing
        returning saved_search_id, notified
      ), stamped as (
        update saved_searches s set last_matched_at = clock_timestamp() from added a where s.id = a.saved_search_id
      )
      select saved_search_id, notified from added`;
    return [...rows];
  },
};
