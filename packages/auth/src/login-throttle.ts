import { type Db, loginFailures, registrationAttempts } from '@annex/db';
import { REGISTRATION_RULES, THROTTLE_RULES, type ThrottleDecision, decideLoginThrottle, throttleSource } from './throttle.ts';

const secondsBefore = (now: Date, s: number) => new Date(now.getTime() - s * 1000);
const secondsUntil = (from: Date, until: Date) => Math.max(1, Math.ceil((until.getTime() - from.getTime()) / 1000));

/** A login attempt under the throttle: refused (with the wait), or allowed and to be settled once the password is checked. */
export type LoginAttempt =
  | (ThrottleDecision & { allowed: false })
  | { allowed: true; settle(passwordOk: boolean): Promise<void> };

/**
 * Starts a login attempt for this e-mail from this IP. The attempt is written as a failure before
 * the decision, so that concurrent attempts (several API processes) count against each other; it is
 * taken back if refused, kept if the password proves wrong, and a right password forgets the pair's failures.
 */
export async function beginLoginAttempt(db: Db, email: string, ip: string, now: Date = new Date()): Promise<LoginAttempt> {
  const source = throttleSource(ip);
  const { windowSeconds, sourceBudget, accountBudget } = THROTTLE_RULES;
  const id = await loginFailures.record(db, email, source, now);
  const f = await loginFailures.facts(db, {
    email, source, since: secondsBefore(now, windowSeconds), excludeId: id, sourceNth: sourceBudget, accountNth: accountBudget,
  });
  const release = (nthAt: Date | null) => (nthAt ? new Date(nthAt.getTime() + windowSeconds * 1000) : null);
  const decision = decideLoginThrottle(
    {
      pairFailures: f.pairFailures, lastPairFailureAt: f.lastPairFailureAt,
      sourceFailures: f.sourceFailures, sourceReleaseAt: release(f.sourceNthAt),
      accountFailures: f.accountFailures, accountReleaseAt: release(f.accountNthAt),
    },
    now,
  );
  if (!decision.allowed) {
    await loginFailures.remove(db, id);
    return decision;
  }
  return {
    allowed: true,
    async settle(passwordOk) {
      if (passwordOk) await loginFailures.clearPair(db, email, source);
    },
  };
}

/** Takes one of this IP's registrations for the hour, or says how long until the next one is free. */
export async function takeRegistrationSlot(db: Db, ip: string, now: Date = new Date()): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const { windowSeconds, perSource } = REGISTRATION_RULES;
  const r = await registrationAttempts.take(db, {
    source: throttleSource(ip), at: now, since: secondsBefore(now, windowSeconds), budget: perSource,
  });
  if (r.ok) return { allowed: true };
  return { allowed: false, retryAfterSeconds: secondsUntil(now, new Date(r.oldestAt.getTime() + windowSeconds * 1000)) };
}
