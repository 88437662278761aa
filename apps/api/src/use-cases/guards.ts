import { PASSWORD_PROBLEM_MESSAGES, type ThrottleReason, beginLoginAttempt, checkPasswordPolicy } from '@annex/auth';
import { InvalidCursorError } from '@annex/db';
import { type OrderStatus, statusesFor } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';

type Member = NonNullable<AuthContext['membership']>;

/** The caller's membership; a signed-in user always has one, but the data model allows none. */
export function requireMembership(auth: AuthContext): Member {
  if (!auth.membership) throw new AppError('forbidden', 'your account belongs to no organisation');
  return auth.membership;
}

/** Only users of an organisation of this kind. */
export function requireOrgKind(auth: AuthContext, kind: Member['kind'], what: string): Member {
  const m = requireMembership(auth);
  if (m.kind !== kind) throw new AppError('forbidden', `only ${kind} organisations can ${what}`);
  return m;
}

/** Only the organisation's owners. */
export function requireOwner(auth: AuthContext, what: string): Member {
  const m = requireMembership(auth);
  if (m.role !== 'owner') throw new AppError('forbidden', `only the organisation's owner can ${what}`);
  return m;
}

/**
 * Bidding must be open, by the order's effective status now (the database re-checks under the order's lock):
 * every change of a bid and of its files.
 */
export function requireBiddingOpen(o: { status: OrderStatus }): void {
  if (!statusesFor('bid').includes(o.status)) throw new AppError('bidding_closed', `bidding is closed (the order is ${o.status})`);
}

/** 429 too_many_requests with Retry-After. */
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new AppError('too_many_requests', `${detail}; try again in ${retryAfterSeconds} s`, { headers: { 'Retry-After': String(retryAfterSeconds) } });

/** Rejects a password that breaks the policy with 422 weak_password. */
export function assertPasswordPolicy(password: string, email: string, path: string): void {
  const policy = checkPasswordPolicy(password, email);
  if (!policy.ok) {
    const message = PASSWORD_PROBLEM_MESSAGES[policy.error];
    throw new AppError('weak_password', message, { errors: [{ path, message }] });
  }
}

const THROTTLED: Record<ThrottleReason, string> = {
  pair: 'too many failed sign-in attempts for this account from your network address',
  source: 'too many failed sign-in attempts from your network address',
  account: 'too many failed sign-in attempts for this account, some from your network address (another network is not held up)',
};

/**
 * Checks a password under the login throttle (429 with Retry-After while it says wait) and records the
 * outcome: a failure counts for this account and this address, a success clears what this address had.
 */
export async function passwordUnderThrottle(deps: Deps, email: string, ip: string, check: () => Promise<boolean>): Promise<boolean> {
  const attempt = await beginLoginAttempt(deps.sql, email, ip, deps.now());
  if (!attempt.allowed) throw tooManyRequests(THROTTLED[attempt.reason], attempt.retryAfterSeconds);
  const ok = await check();
  await attempt.settle(ok);
  return ok;
}

/** Reads a page by a cursor from the caller: a cursor this API did not issue is 400 validation_failed. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}
