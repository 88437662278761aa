import type { Db } from '../client.ts';
import { normalizeEmail } from './users.repo.ts';

/** Failed logins, kept in PostgreSQL so throttling holds across API processes. */
export const loginFailures = {
  /** Records a failed login for this e-mail (normalised) and IP at `at` (default: the database clock). */
  async record(db: Db, email: string, ip: string, at?: Date): Promise<void> {
    await db`
      insert into login_failures (email, ip, at)
      values (${normalizeEmail(email)}, ${ip}, coalesce(${at ?? null}::timestamptz, now()))`;
  },

  /** Failures for this e-mail at or after `since`. */
  async countRecentForEmail(db: Db, email: string, since: Date): Promise<number> {
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from login_failures where email = ${normalizeEmail(email)} and at >= ${since}`;
    return row?.n ?? 0;
  },

  /** Failures from this IP at or after `since`. */
  async countRecentForIp(db: Db, ip: string, since: Date): Promise<number> {
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from login_failures where ip = ${ip} and at >= ${since}`;
    return row?.n ?? 0;
  },

  /** Time of the latest failure for this e-mail, or null. */
  async lastForEmail(db: Db, email: string): Promise<Date | null> {
    const [row] = await db<{ at: Date | null }[]>`
      select max(at) as at from login_failures where email = ${normalizeEmail(email)}`;
    return row?.at ?? null;
  },

  /** Forgets the failures of this e-mail (after a successful login); returns how many. */
  async clearForEmail(db: Db, email: string): Promise<number> {
    const res = await db`delete from login_failures where email = ${normalizeEmail(email)}`;
    return res.count;
  },

  /**
   * When this IP's failures at or after `since` fall back to `allowed`: the moment the oldest surplus
   * failure leaves the `windowSeconds` window; null while they are within `allowed`. (Added by the API engineer.)
   */
  async ipReleaseAt(db: Db, ip: string, since: Date, allowed: number, windowSeconds: number): Promise<Date | null> {
    const [row] = await db<{ at: Date }[]>`
      select at + ${windowSeconds}::int * interval '1 second' as at from (
        select at, count(*) over () as n, row_number() over (order by at desc, id desc) as rank
        from login_failures where ip = ${ip} and at >= ${since}
      ) f
      where n > ${allowed}::int and rank = ${allowed + 1}::int`;
    return row?.at ?? null;
  },

  /** Housekeeping: deletes failures older than `before`; returns how many. */
  async deleteOlderThan(db: Db, before: Date): Promise<number> {
    const res = await db`delete from login_failures where at < ${before}`;
    return res.count;
  },
};
