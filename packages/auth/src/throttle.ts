/**
 * Login throttling. Failures live in PostgreSQL (login_failures) so that every API process
 * sees the same counts; this module holds the rules. No hard lockout: an attacker can slow an
 * account down but never lock its owner out for longer than the cap.
 */
export const THROTTLE_RULES = {
  /** failures are counted over this window */
  windowSeconds: 15 * 60,
  /** failures for one account before the backoff starts */
  freeAccountFailures: 5,
  /** the first wait; doubles with every further failure */
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  /** failures from one IP address allowed in the window */
  maxIpFailures: 30,
} as const;

export type ThrottleFacts = {
  /** failures for this e-mail inside the window, and when the last one happened */
  accountFailures: number;
  lastAccountFailureAt: Date | null;
  /** failures from this IP inside the window */
  ipFailures: number;
  /** when enough of those failures will have left the window to bring the IP back to the limit */
  ipReleaseAt: Date | null;
};

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; reason: 'account' | 'ip'; retryAfterSeconds: number };

/** The wait after `failures` failures of one account: none for the first 5, then 1 s, 2 s, 4 s … capped at 15 min. */
export function accountDelaySeconds(failures: number): number {
  const { freeAccountFailures, baseDelaySeconds, maxDelaySeconds } = THROTTLE_RULES;
  if (failures < freeAccountFailures) return 0;
  const exponent = Math.min(failures - freeAccountFailures, 30);
  return Math.min(baseDelaySeconds * 2 ** exponent, maxDelaySeconds);
}

/** Decides whether a login attempt may be checked now. */
export function decideLoginThrottle(facts: ThrottleFacts, now: Date): ThrottleDecision {
  const waits: { reason: 'account' | 'ip'; until: number }[] = [];
  const delay = accountDelaySeconds(facts.accountFailures);
  if (delay > 0 && facts.lastAccountFailureAt) {
    waits.push({ reason: 'account', until: facts.lastAccountFailureAt.getTime() + delay * 1000 });
  }
  if (facts.ipFailures > THROTTLE_RULES.maxIpFailures && facts.ipReleaseAt) {
    waits.push({ reason: 'ip', until: facts.ipReleaseAt.getTime() });
  }
  const longest = waits
    .filter((w) => w.until > now.getTime())
    .sort((a, b) => b.until - a.until)[0];
  if (!longest) return { allowed: true };
  return {
    allowed: false,
    reason: longest.reason,
    retryAfterSeconds: Math.max(1, Math.ceil((longest.until - now.getTime()) / 1000)),
  };
}
