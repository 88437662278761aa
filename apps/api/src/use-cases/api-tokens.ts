import { randomUUID } from 'node:crypto';
import { newTokenSecret } from '@annex/auth';
import type { ApiToken, ApiTokenList, ApiTokenUsagePage, CreateApiTokenRequest, CreatedApiToken } from '@annex/contracts';
import { type ApiTokenListRow, type ApiTokenRow, InvalidCursorError, apiTokens, audit, withTransaction } from '@annex/db';
import { type TokenRequestError, type TokenScope, MAX_LIVE_TOKENS, MAX_TOKEN_LIFETIME_DAYS, canManageTokens, checkTokenTerms, tokenHint } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireMembership } from './guards.ts';
import { notify } from './notify.ts';

// API tokens of an organisation (issue 11): its owner creates them (the secret is shown once), lists them with their
// last use, revokes them and reads each one's usage log. Tokens themselves never reach these routes.

/** Only an owner of an organisation that may have tokens (any but the secretariat). */
function requireTokenManager(auth: AuthContext, what: string) {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', "the secretariat's organisation has no API tokens: its work is done signed in");
  if (!canManageTokens(m)) throw new AppError('forbidden', `only an owner of the organisation can ${what}`);
  return m;
}

const TERMS_MESSAGES: Record<TokenRequestError, string> = {
  no_scopes: 'choose at least one scope',
  unknown_scope: 'not a scope of the API',
  expiry_too_soon: 'a token must live at least an hour',
  expiry_too_late: `a token may live at most ${MAX_TOKEN_LIFETIME_DAYS} days`,
  too_many_sources: 'at most 20 address ranges',
  invalid_source: 'not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32; host bits must be zero)',
};

const statusOf = (t: ApiTokenRow, now: Date): ApiToken['status'] =>
  t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : 'live';

/** The owner's view of a token. */
function toApiToken(t: ApiTokenRow, createdByName: string, now: Date): ApiToken {
  return {
    id: t.id,
    name: t.name,
    hint: tokenHint(t.id),
    scopes: t.scopes as TokenScope[],
    allowedSources: t.allowedSources,
    createdAt: t.createdAt.toISOString(),
    createdBy: { id: t.createdBy, displayName: createdByName },
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    lastUsedFrom: t.lastUsedFrom,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status: statusOf(t, now),
  };
}

/** What the audit log keeps of a token (never its hash). */
const audited = (t: ApiTokenRow) => ({
  name: t.name, scopes: t.scopes, allowedSources: t.allowedSources, expiresAt: t.expiresAt, revokedAt: t.revokedAt,
});

/** GET /organisations/mine/tokens: the organisation's tokens, newest first. */
export async function listApiTokens(deps: Deps, auth: AuthContext): Promise<ApiTokenList> {
  const m = requireTokenManager(auth, 'see its API tokens');
  const now = deps.now();
  return { items: (await apiTokens.listForOrg(db(deps), m.orgId)).map((r: ApiTokenListRow) => toApiToken(r, r.createdByName, now)) };
}

/** POST /organisations/mine/tokens: a new token; its text is in this answer only. */
export async function createApiToken(deps: Deps, auth: AuthContext, body: CreateApiTokenRequest, meta: RequestMeta): Promise<CreatedApiToken> {
  const m = requireTokenManager(auth, 'create API tokens');
  const now = deps.now();
  const scopes = [...new Set(body.scopes)];
  const allowedSources = [...new Set(body.allowedSources.filter((s) => s !== ''))];
  const problems = checkTokenTerms({ scopes, expiresAt: new Date(body.expiresAt), allowedSources }, now);
  if (problems.length > 0) {
    const errors = problems.map((p) => ({ path: p.path, message: TERMS_MESSAGES[p.error] }));
    throw new AppError('validation_failed', `the token's terms are invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  const id = randomUUID();
  const secret = newTokenSecret(id);
  const row = await withTransaction(db(deps), async (tx) => {
    await apiTokens.lockOrg(tx, m.orgId);
    if ((await apiTokens.countLive(tx, m.orgId, now)) >= MAX_LIVE_TOKENS) {
      throw new AppError('token_limit_reached', `an organisation keeps at most ${MAX_LIVE_TOKENS} live API tokens; revoke one it no longer uses first`);
    }
    const created = await apiTokens.create(tx, {
      id, orgId: m.orgId, createdBy: auth.user.id, name: body.name, secretSha256: secret.secretSha256, scopes, allowedSources,
      expiresAt: new Date(body.expiresAt), createdAt: now,
    });
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'api_token', entityId: id, action: 'created',
      after: audited(created), requestId: meta.requestId,
    });
    await notify(tx, [{
      to: { orgId: m.orgId }, kind: 'api_token_created', orderId: null,
      payload: { tokenId: id, tokenName: created.name, by: auth.user.displayName },
    }]);
    return created;
  });
  return { token: toApiToken(row, auth.user.displayName, now), secret: secret.text };
}

/** POST /organisations/mine/tokens/{id}/revoke: refused from the next request on. */
export async function revokeApiToken(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<ApiToken> {
  const m = requireTokenManager(auth, 'revoke API tokens');
  const now = deps.now();
  const result = await withTransaction(db(deps), async (tx) => {
    const r = await apiTokens.revoke(tx, m.orgId, id, auth.user.id, now);
    if (!r) {
      if (await apiTokens.findInOrg(tx, m.orgId, id)) throw new AppError('invalid_transition', 'this API token is already revoked');
      throw new AppError('not_found', 'no API token of your organisation with this id');
    }
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'api_token', entityId: id, action: 'revoked',
      before: audited(r.before), after: audited(r.after), requestId: meta.requestId,
    });
    await notify(tx, [{
      to: { orgId: m.orgId }, kind: 'api_token_revoked', orderId: null,
      payload: { tokenId: id, tokenName: r.after.name, by: auth.user.displayName },
    }]);
    return (await apiTokens.findInOrg(tx, m.orgId, id))!;
  });
  return toApiToken(result, result.createdByName, now);
}

/** GET /organisations/mine/tokens/{id}/usage: the token's requests, newest first (90 days). */
export async function apiTokenUsage(
  deps: Deps, auth: AuthContext, id: string, query: { cursor?: string; limit?: number },
): Promise<ApiTokenUsagePage> {
  const m = requireTokenManager(auth, "read an API token's usage");
  if (!(await apiTokens.findInOrg(db(deps), m.orgId, id))) throw new AppError('not_found', 'no API token of your organisation with this id');
  try {
    const page = await apiTokens.usage(db(deps), id, { cursor: query.cursor ?? null, limit: query.limit });
    return {
      items: page.items.map((u) => ({ at: u.at.toISOString(), method: u.method, route: u.route, status: u.status, source: u.source })),
      nextCursor: page.nextCursor,
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}
