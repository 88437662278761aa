import { createHash, timingSafeEqual } from 'node:crypto';
import { type ApiTokenForRequest, type ApiTokenRow, type Db, apiTokens } from '@annex/db';
import {
  type TokenRefusal, type TokenScope, TOKEN_PREFIX, formatToken, lastUseDue, parseToken, rateVerdict, rateWindowStart, tokenRefusal,
} from '@annex/domain';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

// API tokens (see packages/domain api-token.ts for the rules). The secret is 32 random bytes; the database keeps
// its hex SHA-256. A fast hash is right here and argon2 would be wrong: argon2 slows down guessing of passwords a
// person chose, but nobody can guess 256 random bits however fast the hash is, and argon2's ~60 ms and 19 MB per
// check would be paid on every API request (and handed to anyone who sends made-up tokens as a way to load us).

/** A new token's secret: 32 random bytes (256 bits) in lower-case base32 (52 characters). */
export function generateTokenSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored form of a secret: hex SHA-256. */
export const tokenSecretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether an Authorization bearer value is one of our API tokens (rather than a session token). */
export const isApiTokenText = (bearer: string) => bearer.startsWith(TOKEN_PREFIX);

/** A new token's id, secret and text; the text is shown to its creator once. */
export function newTokenSecret(id: string): { secret: string; secretSha256: string; text: string } {
  const secret = generateTokenSecret();
  return { secret, secretSha256: tokenSecretHash(secret), text: formatToken(id, secret) };
}

export type TokenAuthentication =
  | { status: 'valid'; found: ApiTokenForRequest; scopes: TokenScope[]; membership: NonNullable<ApiTokenForRequest['membership']> }
  /** the token exists and its secret is right, but it may not be used now (its row is given for the usage log) */
  | { status: TokenRefusal | 'creator_left'; token: ApiTokenRow }
  | { status: 'invalid' };

/** Checks an API token's text from a request coming from `ip` at `now`. */
export async function authenticateApiToken(db: Db, text: string, ip: string, now: Date): Promise<TokenAuthentication> {
  const parsed = parseToken(text);
  if (!parsed) return { status: 'invalid' };
  const found = await apiTokens.findForRequest(db, parsed.id);
  if (!found) return { status: 'invalid' };
  const given = Buffer.from(tokenSecretHash(parsed.secret), 'hex');
  const stored = Buffer.from(found.secretSha256, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return { status: 'invalid' };
  const refusal = tokenRefusal(found.token, ip, now);
  if (refusal) return { status: refusal, token: found.token };
  // the creator left the organisation (or moved to another): their tokens stop with them
  if (!found.membership) return { status: 'creator_left', token: found.token };
  return { status: 'valid', found, scopes: found.token.scopes as TokenScope[], membership: found.membership };
}

/**
 * Counts a request of the token against its per-minute limit (in PostgreSQL, so every API process counts in the
 * same window) and records the last use when a minute has passed since the one recorded.
 */
export async function takeTokenRequest(
  db: Db, token: Pick<ApiTokenRow, 'id' | 'lastUsedAt'>, limitPerMinute: number, ip: string, now: Date,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const count = await apiTokens.countRequest(db, {
    tokenId: token.id, windowStart: rateWindowStart(now), touch: lastUseDue(token, now), at: now, from: ip,
  });
  return rateVerdict(count, limitPerMinute, now);
}
