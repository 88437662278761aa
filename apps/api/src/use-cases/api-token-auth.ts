import { authenticateApiToken, takeTokenRequest } from '@annex/auth';
import { apiTokens } from '@annex/db';
import { TOKEN_ROLE, tokenRequirement } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { tooManyRequests } from './guards.ts';
import type { Deps } from './context.ts';

// Authenticating a request by an API token (Authorization: Bearer annex_…). Unlike a stale session cookie, which
// falls back to anonymous, a token that does not work ends the request: a machine client must learn at once that
// its token is refused, rather than read the public view of what it asked for.

const challenge = (error: string, extra = '') => ({ 'WWW-Authenticate': `Bearer realm="annex", error="${error}"${extra}` });

const REFUSED = {
  invalid: ['invalid_token', 'this API token is not valid: check that it was copied whole, or ask an owner of your organisation for a new one'],
  creator_left: ['invalid_token', 'the person who created this API token no longer belongs to its organisation; ask an owner for a new token'],
  revoked: ['token_revoked', 'this API token has been revoked; ask an owner of your organisation for a new one'],
  expired: ['token_expired', 'this API token has expired; ask an owner of your organisation for a new one'],
  source_not_allowed: ['token_source_not_allowed', 'this API token may not be used from your network address'],
} as const;

/**
 * The caller an API token stands for on `method path` (the path under /api/v1): its organisation, as its creator
 * with a member's role. Throws 401 when the token does not work, 429 past its rate, 403 when the route is not
 * for tokens or the token lacks its scope. `presented` learns the token's id once its secret has proved right.
 */
export async function authenticateWithApiToken(
  deps: Deps, text: string, req: { ip: string; method: string; path: string; presented: (id: string) => void },
): Promise<AuthContext> {
  const now = deps.now();
  const result = await authenticateApiToken(deps.sql, text, req.ip, now);
  if (result.status !== 'valid') {
    if (result.status !== 'invalid') req.presented(result.token.id);
    const [code, detail] = REFUSED[result.status];
    const where = result.status === 'source_not_allowed' ? ` (${req.ip})` : '';
    throw new AppError(code, `${detail}${where}`, { headers: challenge('invalid_token') });
  }
  const { found, scopes, membership } = result;
  req.presented(found.token.id);

  const rate = await takeTokenRequest(deps.sql, found.token, deps.config.apiTokenRatePerMinute, req.ip, now);
  if (!rate.allowed) {
    throw tooManyRequests(`this API token may make ${deps.config.apiTokenRatePerMinute} requests a minute`, rate.retryAfterSeconds);
  }

  const need = tokenRequirement(req.method, req.path);
  if (need.kind === 'never') {
    throw new AppError('token_not_allowed', need.why === 'secretariat'
      ? "API tokens never reach the secretariat's routes"
      : 'API tokens cannot sign in, manage a person\'s account or manage tokens; do this signed in, in the browser');
  }
  if (need.kind === 'scope' && !scopes.includes(need.scope)) {
    throw new AppError('insufficient_scope', `this API token lacks the scope ${need.scope} that ${req.method} on this route needs`, {
      headers: challenge('insufficient_scope', `, scope="${need.scope}"`),
    });
  }
  return {
    user: found.user,
    sessionId: '',
    membership: { orgId: membership.orgId, role: TOKEN_ROLE, kind: membership.orgKind as 'buyer' | 'vendor' | 'secretariat' },
    viaBearer: true,
    apiToken: { id: found.token.id, scopes },
  };
}

/** Appends a request of a presented token to its usage log (whatever became of the request). */
export async function logTokenUse(
  deps: Deps, use: { tokenId: string; method: string; route: string; status: number; source: string },
): Promise<void> {
  await apiTokens.logUsage(deps.sql, { ...use, at: deps.now() });
}
