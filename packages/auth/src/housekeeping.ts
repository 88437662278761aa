import { type Db, loginFailures, sessions } from '@annex/db';
import { THROTTLE_RULES } from './throttle.ts';

/**
 * How long failed logins are kept. Throttling reads only the last 15 minutes; a day more leaves
 * room to look into an attack after the fact without letting the table grow for ever.
 */
export const LOGIN_FAILURE_RETENTION_SECONDS = THROTTLE_RULES.windowSeconds + 86_400;

/** What one housekeeping pass removed. */
export type AuthHousekeepingReport = { sessions: number; loginFailures: number };

/**
 * Deletes sessions past either expiry and failed logins older than the retention. Validation
 * already refuses expired sessions, so this only keeps the tables small; run it periodically
 * (hourly is plenty) from any process — running it twice or in parallel is harmless.
 * `now` defaults to the database clock for sessions and the process clock for the retention.
 */
export async function purgeExpiredAuthRecords(db: Db, now?: Date): Promise<AuthHousekeepingReport> {
  const cutoff = new Date((now ?? new Date()).getTime() - LOGIN_FAILURE_RETENTION_SECONDS * 1000);
  const removedSessions = await sessions.deleteExpired(db, now);
  const removedFailures = await loginFailures.deleteOlderThan(db, cutoff);
  return { sessions: removedSessions, loginFailures: removedFailures };
}
