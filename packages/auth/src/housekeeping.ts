import { type Db, apiTokens, loginFailures, registrationAttempts, sessions } from '@annex/db';
import { TOKEN_RATE_WINDOW_MS, TOKEN_USAGE_RETENTION_DAYS } from '@annex/domain';
import { REGISTRATION_RULES, THROTTLE_RULES } from './throttle.ts';

/**
 * How long failed logins are kept. Throttling reads only the last 15 minutes; a day more leaves
 * room to look into an attack after the fact without letting the table grow for ever.
 */
export const LOGIN_FAILURE_RETENTION_SECONDS = THROTTLE_RULES.windowSeconds + 86_400;

/** Registrations are counted over an hour; a day more, as for failed logins. */
const REGISTRATION_RETENTION_SECONDS = REGISTRATION_RULES.windowSeconds + 86_400;

/** What one housekeeping pass removed. */
export type AuthHousekeepingReport = {
  sessions: number; loginFailures: number; registrationAttempts: number; tokenUsage: number; tokenRateWindows: number;
};

/**
 * Deletes sessions past either expiry, failed logins, registrations and API token usage older than their retention,
 * and API token rate windows that have ended. Validation
 * already refuses expired sessions, so this only keeps the tables small; run it periodically
 * (hourly is plenty) from any process — running it twice or in parallel is harmless.
 * `now` defaults to the database clock for sessions and the process clock for the retention.
 */
export async function purgeExpiredAuthRecords(db: Db, now?: Date): Promise<AuthHousekeepingReport> {
  const before = (seconds: number) => new Date((now ?? new Date()).getTime() - seconds * 1000);
  return {
    sessions: await sessions.deleteExpired(db, now),
    loginFailures: await loginFailures.deleteOlderThan(db, before(LOGIN_FAILURE_RETENTION_SECONDS)),
    registrationAttempts: await registrationAttempts.deleteOlderThan(db, before(REGISTRATION_RETENTION_SECONDS)),
    tokenUsage: await apiTokens.deleteUsageBefore(db, before(TOKEN_USAGE_RETENTION_DAYS * 86_400)),
    // a window is read only while it is the current minute; one more minute covers clocks a little apart
    tokenRateWindows: await apiTokens.deleteWindowsBefore(db, before((2 * TOKEN_RATE_WINDOW_MS) / 1000)),
  };
}
