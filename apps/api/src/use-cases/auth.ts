import {
  PASSWORD_PROBLEM_MESSAGES, checkLoginThrottle, checkPasswordPolicy, clearLoginFailures, hashPassword,
  recordLoginFailure, verifyAgainstDummy, verifyPassword,
} from '@annex/auth';
import type { LoginRequest, Me, RegisterRequest } from '@annex/contracts';
import { CONSTRAINTS, audit, isUniqueViolation, organisations, users, withTransaction } from '@annex/db';
import { type UsccProblem, parseUscc } from '@annex/domain';
import { AppError } from '../errors.ts';
import type { Deps, RequestMeta } from './context.ts';
import { toMe } from './presenters.ts';

/** What the user is told about a USCC that fails validation. */
export const USCC_MESSAGES: Record<UsccProblem, string> = {
  empty: 'the unified social credit code is missing',
  length: 'a unified social credit code has exactly 18 characters',
  characters: 'the code contains characters a unified social credit code never uses (I, O, S, V, Z or symbols)',
  division: 'characters 3 to 8 must be the six digits of an administrative division',
  checksum: 'the check character (the 18th) does not match: the code is mistyped',
};

const emailTaken = () =>
  new AppError('email_taken', 'an account with this e-mail address exists already', [{ path: 'email', message: 'already registered' }]);
const usccTaken = () =>
  new AppError('uscc_taken', 'an organisation with this unified social credit code is registered already', [
    { path: 'organisation.uscc', message: 'already registered' },
  ]);

/** Rejects a password that breaks the policy with 422 weak_password. */
export function assertPasswordPolicy(password: string, email: string, path: string): void {
  const policy = checkPasswordPolicy(password, email);
  if (!policy.ok) {
    const message = PASSWORD_PROBLEM_MESSAGES[policy.error];
    throw new AppError('weak_password', message, [{ path, message }]);
  }
}

/** Creates a user, their organisation (vendors: pending, empty capability profile) and a session. */
export async function register(deps: Deps, input: RegisterRequest, meta: RequestMeta): Promise<{ me: Me; token: string; expiresAt: Date }> {
  const uscc = parseUscc(input.organisation.uscc);
  if (!uscc.ok) {
    const message = USCC_MESSAGES[uscc.problem];
    throw new AppError('invalid_uscc', message, [{ path: 'organisation.uscc', message }]);
  }
  assertPasswordPolicy(input.password, input.email, 'password');
  // cheap checks first, so a taken address costs no hashing; the constraints below settle races
  if (await users.findByEmail(deps.sql, input.email)) throw emailTaken();
  if (await organisations.usccExists(deps.sql, uscc.code)) throw usccTaken();
  const passwordHash = await hashPassword(input.password);

  const o = input.organisation;
  const { user, org } = await withTransaction(deps.sql, async (tx) => {
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
    return { user, org };
  }).catch((err: unknown) => {
    if (isUniqueViolation(err, CONSTRAINTS.usersEmail)) throw emailTaken();
    if (isUniqueViolation(err, CONSTRAINTS.organisationsUscc)) throw usccTaken();
    throw err;
  });

  const session = await deps.sessions.create(user.id, { orgKind: org.kind, userAgent: meta.userAgent, ip: meta.ip, now: deps.now() });
  return { me: toMe(user, org, 'owner'), token: session.token, expiresAt: session.expiresAt };
}

/** Rejects with 429 and Retry-After while the throttle says wait. */
export async function assertNotThrottled(deps: Deps, email: string, ip: string): Promise<void> {
  const decision = await checkLoginThrottle(deps.sql, email, ip, deps.now());
  if (!decision.allowed) {
    const who = decision.reason === 'account' ? 'this account' : 'your network address';
    throw new AppError(
      'too_many_requests',
      `too many failed sign-in attempts for ${who}; try again in ${decision.retryAfterSeconds} s`,
      undefined,
      { 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }
}

/** Checks e-mail and password under the throttle and starts a session. */
export async function login(deps: Deps, input: LoginRequest, meta: RequestMeta): Promise<{ me: Me; token: string; expiresAt: Date }> {
  await assertNotThrottled(deps, input.email, meta.ip);
  const user = await users.findByEmail(deps.sql, input.email);
  // unknown addresses take as long as wrong passwords, so timing does not reveal which accounts exist
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk) {
    await recordLoginFailure(deps.sql, input.email, meta.ip, deps.now());
    throw new AppError('invalid_credentials', 'the e-mail address or the password is wrong');
  }
  const membership = await organisations.membershipOf(deps.sql, user.id);
  const org = membership ? await organisations.findById(deps.sql, membership.orgId) : null;
  if (!membership || !org) throw new AppError('forbidden', 'your account belongs to no organisation');
  await clearLoginFailures(deps.sql, input.email);
  const session = await deps.sessions.create(user.id, { orgKind: org.kind, userAgent: meta.userAgent, ip: meta.ip, now: deps.now() });
  return { me: toMe(user, org, membership.role), token: session.token, expiresAt: session.expiresAt };
}

/** Ends the caller's session, if any. */
export async function logout(deps: Deps, sessionId: string | null): Promise<void> {
  if (sessionId) await deps.sessions.invalidate(sessionId);
}
