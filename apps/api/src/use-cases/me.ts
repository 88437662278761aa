import { hashPassword, verifyPassword } from '@annex/auth';
import type { ChangePasswordRequest, Me, Session } from '@annex/contracts';
import { audit, notifications, organisations, sessions, users, withTransaction } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import type { Deps, RequestMeta } from './context.ts';
import { assertPasswordPolicy, passwordUnderThrottle, requireMembership } from './guards.ts';
import { toMe, toSession } from './presenters.ts';

/** The caller, their organisation and role. */
export async function getMe(deps: Deps, auth: AuthContext): Promise<Me> {
  const m = requireMembership(auth);
  const [org, unread] = await Promise.all([organisations.findById(deps.sql, m.orgId), notifications.unreadCount(deps.sql, auth.user.id)]);
  if (!org) throw new AppError('not_found', 'your organisation no longer exists');
  return toMe(auth.user, org, m.role, unread);
}

/**
 * Replaces the password after checking the current one and ends every session of the user, this one
 * included; the caller continues in a fresh session (a token someone copied before the change is dead).
 */
export async function changePassword(
  deps: Deps, auth: AuthContext, input: ChangePasswordRequest, meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date }> {
  const user = await users.findById(deps.sql, auth.user.id);
  if (!user) throw new AppError('unauthenticated', 'sign in again');
  // guessing the current password through a stolen session is throttled like a login
  if (!(await passwordUnderThrottle(deps, user.email, meta.ip, () => verifyPassword(user.passwordHash, input.currentPassword)))) {
    throw new AppError('wrong_password', 'the current password is wrong', { errors: [{ path: 'currentPassword', message: 'wrong password' }] });
  }
  assertPasswordPolicy(input.newPassword, user.email, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(deps.sql, async (tx) => {
    await users.updatePasswordHash(tx, user.id, passwordHash);
    await sessions.deleteAllForUser(tx, user.id);
    await audit.append(tx, {
      actorUserId: user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'user', entityId: user.id,
      action: 'password_changed', requestId: meta.requestId,
    });
  });
  const session = await deps.sessions.create(user.id, {
    orgKind: auth.membership?.kind ?? null, userAgent: meta.userAgent, ip: meta.ip, now: deps.now(),
  });
  return { token: session.token, expiresAt: session.expiresAt };
}

/** The caller's live sessions, the current one marked. */
export async function listSessions(deps: Deps, auth: AuthContext): Promise<{ items: Session[] }> {
  const list = await deps.sessions.list(auth.user.id, deps.now());
  return { items: list.map((s) => toSession(s, auth.sessionId)) };
}

/** Ends one of the caller's sessions; another user's session is "not found". Returns whether it was the current one. */
export async function revokeSession(deps: Deps, auth: AuthContext, id: string): Promise<{ current: boolean }> {
  const row = await sessions.findById(deps.sql, id);
  if (!row || row.userId !== auth.user.id) throw new AppError('not_found', 'you have no session with this id');
  await deps.sessions.invalidate(row.id);
  return { current: row.id === auth.sessionId };
}
