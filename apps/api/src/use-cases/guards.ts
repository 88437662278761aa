import { type OrderStatus, statusesFor } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';

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
