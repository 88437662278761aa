import { MAX_TOKEN_SOURCES, TOKEN_NAME_MAX, TOKEN_SCOPES } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page } from './common.ts';
import { singleLine } from './text.ts';

// API tokens of an organisation (packages/domain api-token.ts): created, listed and revoked by its owner, used by
// machine clients as `Authorization: Bearer annex_…`.

export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

/** A token as its organisation's owner sees it (never its secret). */
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  /** the start of the token's text, to recognise it: `annex_1a2b3c4d…` */
  hint: z.string(),
  scopes: z.array(TokenScopeSchema),
  /** CIDR ranges requests must come from; empty: anywhere */
  allowedSources: z.array(z.string()),
  createdAt: IsoDateTime,
  createdBy: z.object({ id: Id, displayName: z.string() }),
  expiresAt: IsoDateTime,
  /** the last request it authenticated (recorded at most once a minute), and from where */
  lastUsedAt: IsoDateTime.nullable(),
  lastUsedFrom: z.string().nullable(),
  revokedAt: IsoDateTime.nullable(),
  /** live: usable now; expired; revoked */
  status: z.enum(['live', 'expired', 'revoked']),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** GET /organisations/mine/tokens: newest first (at most a few dozen live ones, so no pages). */
export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

/** POST /organisations/mine/tokens. */
export const CreateApiTokenRequest = z.strictObject({
  name: singleLine(1, TOKEN_NAME_MAX),
  scopes: z.array(TokenScopeSchema).min(1, 'choose at least one scope').max(TOKEN_SCOPES.length),
  /** required: at most a year ahead */
  expiresAt: IsoDateTime,
  /** CIDR ranges (203.0.113.0/24, 2001:db8::/32) or single addresses; empty or absent: anywhere */
  allowedSources: z.array(z.string().trim().max(64)).max(MAX_TOKEN_SOURCES).default([]),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

/** The answer to creating a token: the token, and its text, shown this once. */
export const CreatedApiToken = z.object({
  token: ApiToken,
  /** `annex_<id>_<secret>`: store it now, it cannot be shown again */
  secret: z.string(),
});
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

/** One request a token authenticated (or that was refused for it). */
export const ApiTokenUse = z.object({
  at: IsoDateTime,
  method: z.string(),
  /** the route's pattern, e.g. /api/v1/orders/:id/bids */
  route: z.string(),
  status: z.number().int(),
  /** the client's address as the API saw it */
  source: z.string().nullable(),
});
export type ApiTokenUse = z.infer<typeof ApiTokenUse>;

/** GET /organisations/mine/tokens/{id}/usage: newest first, kept 90 days. */
export const ApiTokenUsagePage = Page(ApiTokenUse);
export type ApiTokenUsagePage = z.infer<typeof ApiTokenUsagePage>;

/** Query of the usage log. */
export const ApiTokenUsageQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
});
