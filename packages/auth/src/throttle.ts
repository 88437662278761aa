/**
 * Login and registration throttling: the rules, free of I/O. The counts live in PostgreSQL (see
 * login-throttle.ts) so that every API process sees the same. Nobody can lock an owner out:
 *
 * - a failure counts against the pair (account, source): after 5 the pair waits 1 s, 2 s, 4 s … at
 *   most 15 min from its last failure. Guessing one account from one address slows down; nobody else does.
 * - a source (IPv4 address, IPv6 /64) may fail 30 times in 15 minutes across all accounts (spraying).
 * - an account may fail 10 times in 15 minutes from all sources together. Past that, a source that has
 *   failed on it in the window waits until the account is back within its budget or the source's own
 *   failures have left the window; a source without recent failures still has its password checked,
 *   so the owner signs in from anywhere they have not mistyped, and each guessing address gets one try.
 */
export const THROTTLE_RULES = {
  /** failures are counted over this sliding window */
  windowSeconds: 15 * 60,
  /** failures of one (account, source) pair before the backoff starts */
  freePairFailures: 5,
  /** the first wait; doubles with every further failure of the pair */
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  /** failures one source may make in the window, across accounts */
  sourceBudget: 30,
  /** failures one account may take in the window from all sources before tried sources must wait */
  accountBudget: 10,
} as const;

/** Registrations one source may make per window. */
export const REGISTRATION_RULES = { windowSeconds: 60 * 60, perSource: 20 } as const;

export type ThrottleFacts = {
  /** failures of this account from this source inside the window, and when the last one was */
  pairFailures: number;
  lastPairFailureAt: Date | null;
  /** failures from this source inside the window, and when it is back within its budget */
  sourceFailures: number;
  sourceReleaseAt: Date | null;
  /** failures of this account inside the window, and when it is back within its budget */
  accountFailures: number;
  accountReleaseAt: Date | null;
};

export type ThrottleReason = 'pair' | 'source' | 'account';
export type ThrottleDecision = { allowed: true } | { allowed: false; reason: ThrottleReason; retryAfterSeconds: number };

/** The wait after `failures` failures of one pair: none for the first 5, then 1 s, 2 s, 4 s … capped at 15 min. */
export function pairDelaySeconds(failures: number): number {
  const { freePairFailures, baseDelaySeconds, maxDelaySeconds } = THROTTLE_RULES;
  if (failures < freePairFailures) return 0;
  const exponent = Math.min(failures - freePairFailures, 30);
  return Math.min(baseDelaySeconds * 2 ** exponent, maxDelaySeconds);
}

/** Decides whether a login attempt may have its password checked now. */
export function decideLoginThrottle(facts: ThrottleFacts, now: Date): ThrottleDecision {
  const { sourceBudget, accountBudget, windowSeconds } = THROTTLE_RULES;
  const waits: { reason: ThrottleReason; until: number }[] = [];
  const delay = pairDelaySeconds(facts.pairFailures);
  if (delay > 0 && facts.lastPairFailureAt) waits.push({ reason: 'pair', until: facts.lastPairFailureAt.getTime() + delay * 1000 });
  if (facts.sourceFailures >= sourceBudget && facts.sourceReleaseAt) waits.push({ reason: 'source', until: facts.sourceReleaseAt.getTime() });
  if (facts.accountFailures >= accountBudget && facts.accountReleaseAt && facts.lastPairFailureAt) {
    const pairForgotten = facts.lastPairFailureAt.getTime() + windowSeconds * 1000;
    waits.push({ reason: 'account', until: Math.min(facts.accountReleaseAt.getTime(), pairForgotten) });
  }
  const longest = waits.filter((w) => w.until > now.getTime()).sort((a, b) => b.until - a.until)[0];
  if (!longest) return { allowed: true };
  return {
    allowed: false,
    reason: longest.reason,
    retryAfterSeconds: Math.max(1, Math.ceil((longest.until - now.getTime()) / 1000)),
  };
}

/**
 * The key failures are counted under for an address: IPv4 as is, IPv6 by its /64 (one subscriber
 * gets a whole /64, so single IPv6 addresses cost an attacker nothing).
 */
export function throttleSource(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => (g.replace(/^0+(?=.)/, '') || '0')).join(':')}::/64`;
}
