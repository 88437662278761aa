import { type Db, loginFailures } from '@annex/db';
import { THROTTLE_RULES, type ThrottleDecision, decideLoginThrottle } from './throttle.ts';

const windowStart = (now: Date) => new Date(now.getTime() - THROTTLE_RULES.windowSeconds * 1000);

/** Reads the recent failures of this e-mail and IP from PostgreSQL and decides whether to check the password. */
export async function checkLoginThrottle(db: Db, email: string, ip: string, now: Date = new Date()): Promise<ThrottleDecision> {
  const since = windowStart(now);
  const [accountFailures, lastAccountFailureAt, ipFailures] = await Promise.all([
    loginFailures.countRecentForEmail(db, email, since),
    loginFailures.lastForEmail(db, email),
    loginFailures.countRecentForIp(db, ip, since),
  ]);
  const ipReleaseAt =
    ipFailures > THROTTLE_RULES.maxIpFailures
      ? await loginFailures.ipReleaseAt(db, ip, since, THROTTLE_RULES.maxIpFailures, THROTTLE_RULES.windowSeconds)
      : null;
  return decideLoginThrottle({ accountFailures, lastAccountFailureAt, ipFailures, ipReleaseAt }, now);
}

/** Records a failed attempt (also for unknown e-mails, so probing them is throttled alike). */
export function recordLoginFailure(db: Db, email: string, ip: string, now: Date = new Date()): Promise<void> {
  return loginFailures.record(db, email, ip, now);
}

/** A successful login forgets the account's failures (the IP's stay: they count other accounts too). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await loginFailures.clearForEmail(db, email);
}
