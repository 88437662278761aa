import { hashPassword, takeRegistrationSlot, verifyAgainstDummy, verifyPassword } from '@annex/auth';
import type { LoginRequest, Me, RegisterRequest, RegistrationReceived } from '@annex/contracts';
import { CONSTRAINTS, audit, isUniqueViolation, notifications, organisations, users, withTransaction } from '@annex/db';
import { type UsccProblem, parseUscc } from '@annex/domain';
import { AppError } from '../errors.ts';
import type { Deps, RequestMeta } from './context.ts';
import { assertPasswordPolicy, passwordUnderThrottle, tooManyRequests } from './guards.ts';
import { toMe } from './presenters.ts';

/** What the user is told about a USCC that fails validation. */
export const USCC_MESSAGES: Record<UsccProblem, string> = {
  empty: 'the unified social credit code is missing',
  length: 'a unified social credit code has exactly 18 characters',
  characters: 'the code contains characters a unified social credit code never uses (I, O, S, V, Z or symbols)',
  division: 'characters 3 to 8 must be the six digits of an administrative division',
  checksum: 'the check character (the 18th) does not match: the code is mistyped',
};

/** The answer to every valid registration (see RegistrationReceived). */
export const REGISTRATION_RECEIVED: RegistrationReceived = {
  status: 'received',
  detail:
    'If neither this e-mail address nor this organisation was registered, the account exists now: sign in with them. ' +
    'Otherwise nothing was changed: sign in to the existing account, or ask the alliance secretariat.',
};

/**
 * Creates a user, their organisation (vendors: pending, empty capability profile) and its audit record,
 * unless the e-mail address or the USCC is registered already. Both outcomes answer alike after the same
 * work (the password is hashed either way, the insert decides), and each network address has a budget.
 */
export async function register(deps: Deps, input: RegisterRequest, meta: RequestMeta): Promise<RegistrationReceived> {
  const uscc = parseUscc(input.organisation.uscc);
  if (!uscc.ok) {
    const message = USCC_MESSAGES[uscc.problem];
    throw new AppError('invalid_uscc', message, { errors: [{ path: 'organisation.uscc', message }] });
  }
  assertPasswordPolicy(input.password, input.email, 'password');
  const slot = await takeRegistrationSlot(deps.sql, meta.ip, deps.now());
  if (!slot.allowed) throw tooManyRequests('too many registrations from your network address', slot.retryAfterSeconds);
  const passwordHash = await hashPassword(input.password);

  const o = input.organisation;
  await withTransaction(deps.sql, async (tx) => {
    const user = await users.create(tx, { email: input.email, passwordHash, displayName: input.displayName });
    const org = await organisations.create(tx, {
      kind: o.kind, name: o.name, uscc: uscc.code, contactName: o.contactName, contactPhone: o.contactPhone,
      county: o.county ?? null,
    });
    await organisations.addMember(tx, { userId: user.id, orgId: org.id, role: 'owner' });
    await audit.append(tx, {
      actorUserId: user.id, actorOrgId: org.id, entityType: 'organisation', entityId: org.id, action: 'registered',
      after: { kind: org.kind, name: org.name, uscc: org.uscc, verification: org.verification?.status ?? null },
      requestId: meta.requestId,
    });
  }).catch((err: unknown) => {
    if (!isUniqueViolation(err, CONSTRAINTS.usersEmail) && !isUniqueViolation(err, CONSTRAINTS.organisationsUscc)) throw err;
  });
  return REGISTRATION_RECEIVED;
}

/** Checks e-mail and password under the throttle and starts a session. */
export async function login(deps: Deps, input: LoginRequest, meta: RequestMeta): Promise<{ me: Me; token: string; expiresAt: Date }> {
  const user = await users.findByEmail(deps.sql, input.email);
  // unknown addresses take as long as wrong passwords, so timing does not reveal which accounts exist
  const passwordOk = await passwordUnderThrottle(deps, input.email, meta.ip, () =>
    user ? verifyPassword(user.passwordHash, input.password) : verifyAgainstDummy(input.password));
  if (!user || !passwordOk) throw new AppError('invalid_credentials', 'the e-mail address or the password is wrong');
  const membership = await organisations.membershipOf(deps.sql, user.id);
  const org = membership ? await organisations.findById(deps.sql, membership.orgId) : null;
  if (!membership || !org) throw new AppError('forbidden', 'your account belongs to no organisation');
  const session = await deps.sessions.create(user.id, { orgKind: org.kind, userAgent: meta.userAgent, ip: meta.ip, now: deps.now() });
  return { me: toMe(user, org, membership.role, await notifications.unreadCount(deps.sql, user.id)), token: session.token, expiresAt: session.expiresAt };
}

/** Ends the caller's session, if any. */
export async function logout(deps: Deps, sessionId: string | null): Promise<void> {
  if (sessionId) await deps.sessions.invalidate(sessionId);
}
