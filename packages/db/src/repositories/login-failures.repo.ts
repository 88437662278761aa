import { type Db, withTransaction } from '../client.ts';
import { normalizeEmail } from './users.repo.ts';

/** What the login throttle decides from: failures inside the window, by account, source and the pair of both. */
export type LoginFailureFacts = {
  pairFailures: number;
  lastPairFailureAt: Date | null;
  sourceFailures: number;
  /** time of the source's `sourceNth` most recent failure (null when it has fewer) */
  sourceNthAt: Date | null;
  accountFailures: number;
  /** time of the account's `accountNth` most recent failure (null when it has fewer) */
  accountNthAt: Date | null;
};

/**
 * Failed logins, kept in PostgreSQL so throttling holds across API processes. `ip` holds the throttle's
 * source key (an IPv4 address or an IPv6 /64). An attempt is recorded before its password is checked
 * and removed again if it is refused or succeeds, so concurrent attempts count against each other.
 */
export const loginFailures = {
  /** Records an attempt for this e-mail (normalised) and source at `at`; returns its id. */
  async record(db: Db, email: string, source: string, at: Date): Promise<number> {
    const [row] = await db<{ id: number }[]>`
      insert into login_failures (email, ip, at) values (${normalizeEmail(email)}, ${source}, ${at}) returning id`;
    return row!.id;
  },

  /** The facts after `since`, leaving out the attempt `excludeId` (the one being decided). */
  async facts(
    db: Db, o: { email: string; source: string; since: Date; excludeId: number; sourceNth: number; accountNth: number },
  ): Promise<LoginFailureFacts> {
    const email = normalizeEmail(o.email);
    const [row] = await db<LoginFailureFacts[]>`
      with recent as (
        select email, ip, at, id from login_failures
        where (email = ${email} or ip = ${o.source}) and at > ${o.since} and id <> ${o.excludeId}
      )
      select
        (select count(*)::int from recent where email = ${email} and ip = ${o.source}) as pair_failures,
        (select max(at) from recent where email = ${email} and ip = ${o.source}) as last_pair_failure_at,
        (select count(*)::int from recent where ip = ${o.source}) as source_failures,
        (select at from recent where ip = ${o.source} order by at desc, id desc
          offset ${o.sourceNth - 1}::int limit 1) as source_nth_at,
        (select count(*)::int from recent where email = ${email}) as account_failures,
        (select at from recent where email = ${email} order by at desc, id desc
          offset ${o.accountNth - 1}::int limit 1) as account_nth_at`;
    return row!;
  },

  /** Removes one recorded attempt (it was refused, so it never reached the password). */
  async remove(db: Db, id: number): Promise<void> {
    await db`delete from login_failures where id = ${id}`;
  },

  /** Forgets the failures of this e-mail from this source (after a successful login there); returns how many. */
  async clearPair(db: Db, email: string, source: string): Promise<number> {
    const res = await db`delete from login_failures where email = ${normalizeEmail(email)} and ip = ${source}`;
    return res.count;
  },

  /** Housekeeping: deletes failures older than `before`; returns how many. */
  async deleteOlderThan(db: Db, before: Date): Promise<number> {
    const res = await db`delete from login_failures where at < ${before}`;
    return res.count;
  },
};

/** Registrations per source, for the registration throttle. */
export const registrationAttempts = {
  /**
   * Takes one of the source's `budget` registrations per window (after `since`) and records it at `at`;
   * when none is left, records nothing and returns when the oldest counted one was made. Serialised per
   * source (advisory lock), so concurrent requests cannot overdraw the budget.
   */
  async take(db: Db, o: { source: string; at: Date; since: Date; budget: number }): Promise<{ ok: true } | { ok: false; oldestAt: Date }> {
    return await withTransaction(db, async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`annex.registration:${o.source}`}))`;
      const counted = await tx<{ at: Date }[]>`
        select at from registration_attempts where source = ${o.source} and at > ${o.since}
        order by at desc limit ${o.budget}`;
      if (counted.length >= o.budget) return { ok: false, oldestAt: counted.at(-1)!.at } as const;
      await tx`insert into registration_attempts (source, at) values (${o.source}, ${o.at})`;
      return { ok: true } as const;
    });
  },

  /** Housekeeping: deletes attempts older than `before`; returns how many. */
  async deleteOlderThan(db: Db, before: Date): Promise<number> {
    const res = await db`delete from registration_attempts where at < ${before}`;
    return res.count;
  },
};
