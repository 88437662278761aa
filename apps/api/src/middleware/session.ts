import { isApiTokenText } from '@annex/auth';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthContext, AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';
import { authenticateWithApiToken } from '../use-cases/api-token-auth.ts';
import type { Deps } from '../use-cases/context.ts';
import { clientIp } from './client-ip.ts';

/** Appends a Set-Cookie header (several may go out on one response). */
export const setCookie = (c: Context<AppEnv>, serialized: string) => c.header('Set-Cookie', serialized, { append: true });

/**
 * Reads the session token (Authorization: Bearer, else the cookie), validates it and puts the caller
 * on the context. A bearer of the form `annex_…` is an API token instead: it must be valid, within its rate and
 * carry the route's scope, or the request ends here (401, 429, 403). Renewed sessions get a fresh cookie; dead ones get theirs removed. What a signed-in
 * caller is answered, and every response that sets a cookie, must not be kept by any cache.
 */
export function sessionMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await authenticate(deps, c, next);
    if (c.get('auth') || c.res.headers.has('set-cookie')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

/** Puts the caller of a valid session token on the context. */
async function authenticate(deps: Deps, c: Context<AppEnv>, next: () => Promise<void>): Promise<void> {
  c.set('auth', null);
  c.set('authFailure', null);
  c.set('presentedToken', null);
  const bearer = deps.sessions.readBearer(c.req.header('authorization'));
  if (bearer && isApiTokenText(bearer)) {
    const auth = await authenticateWithApiToken(deps, bearer, {
      ip: clientIp(c), method: c.req.method, path: c.req.path.replace(/^\/api\/v1(?=\/|$)/, ''),
      presented: (id) => c.set('presentedToken', { id }),
    });
    c.set('auth', auth);
    return next();
  }
  const token = bearer ?? deps.sessions.readCookie(c.req.header('cookie'));
  if (!token) return next();

  const result = await deps.sessions.validate(token, deps.now());
  if (result.status !== 'valid') {
    c.set('authFailure', result.status);
    if (!bearer) setCookie(c, deps.sessions.blankCookie().serialize());
    return next();
  }
  if (result.renewed && !bearer) setCookie(c, deps.sessions.cookie(token, result.session.idleExpiresAt, deps.now()).serialize());
  const m = result.membership;
  const auth: AuthContext = {
    user: { id: result.user.id, email: result.user.email, displayName: result.user.displayName, createdAt: result.user.createdAt },
    sessionId: result.session.id,
    membership: m ? { orgId: m.orgId, role: m.role, kind: m.orgKind } : null,
    viaBearer: bearer !== null,
    apiToken: null,
  };
  c.set('auth', auth);
  return next();
}

/** The signed-in caller, or 401 (session_expired when the token was known but has run out). */
export function requireAuth(c: Context<AppEnv>): AuthContext {
  const auth = c.get('auth');
  if (auth) return auth;
  if (c.get('authFailure') === 'expired') throw new AppError('session_expired', 'your session has expired; sign in again');
  throw new AppError('unauthenticated', 'sign in first');
}

/** Route middleware form of requireAuth, so 401 comes before any validation error. */
export const authenticated: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireAuth(c);
  await next();
};
