import type { MemberRole, OrgKind } from './organisation.ts';

// API tokens: an organisation's owner gives a machine client (a buyer's data pipeline, a vendor's bidding tool)
// a bearer token. The token acts as its organisation with the rights of a member (never an owner's: a leaked
// token cannot change who owns the organisation or mint more tokens), and only on the route families its
// scopes name. A token never reaches the secretariat's routes, and no secretariat organisation has tokens.

/** Route families a token may be given, each for reading and for writing. */
export const TOKEN_SCOPE_FAMILIES = ['orders', 'bids', 'contracts', 'catalogue', 'policy', 'organisation', 'notifications'] as const;
export type TokenScopeFamily = (typeof TOKEN_SCOPE_FAMILIES)[number];

/** Every scope a token may carry. `webhooks:manage` is for the webhook subscriptions (one scope: reading them is managing them). */
export const TOKEN_SCOPES = [
  ...TOKEN_SCOPE_FAMILIES.flatMap((f) => [`${f}:read`, `${f}:write`] as const),
  'webhooks:manage',
] as const satisfies readonly string[];
export type TokenScope = `${TokenScopeFamily}:${'read' | 'write'}` | 'webhooks:manage';

/** Longest lifetime of a token: a year. A token must be replaced at least that often. */
export const MAX_TOKEN_LIFETIME_DAYS = 365;
/** Shortest lifetime: an hour (anything shorter is a mistake in the form). */
export const MIN_TOKEN_LIFETIME_MS = 3_600_000;
/** Source address ranges one token may name. */
export const MAX_TOKEN_SOURCES = 20;
/** A token's name: 1…80 characters. */
export const TOKEN_NAME_MAX = 80;
/** Live (unrevoked, unexpired) tokens per organisation. */
export const MAX_LIVE_TOKENS = 50;
/** A token's last use is written at most this often (a busy token costs one write a minute). */
export const TOKEN_LAST_USE_INTERVAL_MS = 60_000;
/** How long the usage log keeps a request. */
export const TOKEN_USAGE_RETENTION_DAYS = 90;
/** Default requests per token per minute (the operator's API_TOKEN_RATE_PER_MINUTE overrides it). */
export const DEFAULT_TOKEN_RATE_PER_MINUTE = 600;
/** The rate limit's window: fixed, one minute, aligned to the clock. */
export const TOKEN_RATE_WINDOW_MS = 60_000;

/** What a route asks of a token: one scope, nothing beyond a valid token (public reference data), or never a token. */
export type TokenRequirement = { kind: 'scope'; scope: TokenScope } | { kind: 'open' } | { kind: 'never'; why: 'secretariat' | 'account' };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Route families by path under /api/v1 (route patterns with `:param` or concrete paths alike), first match wins.
 * Anything not listed is `never`: a route added later is closed to tokens until someone places it here.
 */
const ROUTE_FAMILIES: readonly [RegExp, TokenScopeFamily | 'open' | 'webhooks' | 'never-secretariat' | 'never-account'][] = [
  [/^\/admin(\/|$)/, 'never-secretariat'],
  // signing in, the user's own account and sessions, saved searches (a person's alerts), and tokens themselves
  [/^\/auth(\/|$)/, 'never-account'],
  [/^\/me(\/(password|sessions|saved-searches)(\/|$)|$)/, 'never-account'],
  [/^\/organisations\/mine\/tokens(\/|$)/, 'never-account'],
  [/^\/webhooks(\/|$)/, 'webhooks'],
  [/^\/orders\/[^/]+\/contract(\/|$)/, 'contracts'],
  [/^\/orders\/[^/]+\/(bids|comparison)(\/|$)/, 'bids'],
  [/^\/me\/bids(\/|$)/, 'bids'],
  [/^\/orders(\/|$)/, 'orders'],
  [/^\/me\/recommended-orders(\/|$)/, 'orders'],
  [/^\/search\/orders(\/|$)/, 'orders'],
  [/^\/catalogue(\/|$)/, 'catalogue'],
  [/^\/policy(\/|$)/, 'policy'],
  [/^\/(organisations|vendors)(\/|$)/, 'organisation'],
  [/^\/notifications(\/|$)/, 'notifications'],
  // public reference data and helpers that change nothing; the alliance's member directory and industrial bases (their
  // writes are the secretariat's, which has no tokens); the public KPI summary (aggregates only)
  [/^\/(config|uscc|markdown|search|ocds|featured|sitemap|members|industrial-bases|public)(\/|$)/, 'open'],
];

/** What a token needs for `method` on `path` (the part after /api/v1). */
export function tokenRequirement(method: string, path: string): TokenRequirement {
  const family = ROUTE_FAMILIES.find(([re]) => re.test(path))?.[1];
  if (!family || family === 'never-account') return { kind: 'never', why: 'account' };
  if (family === 'never-secretariat') return { kind: 'never', why: 'secretariat' };
  if (family === 'open') return { kind: 'open' };
  if (family === 'webhooks') return { kind: 'scope', scope: 'webhooks:manage' };
  return { kind: 'scope', scope: `${family}:${READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write'}` };
}

/** Whether an organisation may have tokens and this member may manage them: owners of any kind but the secretariat. */
export function canManageTokens(m: { kind: OrgKind | string; role: MemberRole }): boolean {
  return m.kind !== 'secretariat' && m.role === 'owner';
}

/** The role a token acts with: a member's, whatever its creator's. */
export const TOKEN_ROLE: MemberRole = 'member';

// ---------------------------------------------------------------------------------------------------------------
// The token's text: `annex_<id>_<secret>`. The id (the row's uuid without dashes) finds the row; the secret, 32
// random bytes in base32, is compared by its hash. The prefix lets secret scanners recognise a leaked token.

/** The prefix of every token. */
export const TOKEN_PREFIX = 'annex_';
const TOKEN_TEXT = /^annex_([0-9a-f]{32})_([a-z2-7]{52})$/;

/** The token's text for its row id and secret. */
export function formatToken(id: string, secret: string): string {
  return `${TOKEN_PREFIX}${id.replaceAll('-', '').toLowerCase()}_${secret}`;
}

/** The row id (as a uuid) and secret of a token's text, or null for anything else. */
export function parseToken(text: string): { id: string; secret: string } | null {
  const m = TOKEN_TEXT.exec(text);
  if (!m) return null;
  const h = m[1]!;
  return { id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, secret: m[2]! };
}

/** What a token's owner can see of it without the secret: the prefix and the start of the id. */
export const tokenHint = (id: string) => `${TOKEN_PREFIX}${id.replaceAll('-', '').slice(0, 8)}…`;

// ---------------------------------------------------------------------------------------------------------------
// Creating a token

export type TokenRequestError =
  | 'no_scopes' | 'unknown_scope' | 'expiry_too_soon' | 'expiry_too_late' | 'too_many_sources' | 'invalid_source';

/** A token's requested terms, as typed. */
export type TokenTerms = { scopes: readonly string[]; expiresAt: Date; allowedSources: readonly string[] };

/** Problems of a token's terms at `now`, each with the field it concerns (empty: fine). */
export function checkTokenTerms(t: TokenTerms, now: Date): { error: TokenRequestError; path: string }[] {
  const problems: { error: TokenRequestError; path: string }[] = [];
  if (t.scopes.length === 0) problems.push({ error: 'no_scopes', path: 'scopes' });
  t.scopes.forEach((s, i) => {
    if (!(TOKEN_SCOPES as readonly string[]).includes(s)) problems.push({ error: 'unknown_scope', path: `scopes.${i}` });
  });
  const life = t.expiresAt.getTime() - now.getTime();
  if (life < MIN_TOKEN_LIFETIME_MS) problems.push({ error: 'expiry_too_soon', path: 'expiresAt' });
  // a day's grace, so that "a year from today" picked in a date field in any time zone is accepted
  if (life > (MAX_TOKEN_LIFETIME_DAYS + 1) * 86_400_000) problems.push({ error: 'expiry_too_late', path: 'expiresAt' });
  if (t.allowedSources.length > MAX_TOKEN_SOURCES) problems.push({ error: 'too_many_sources', path: 'allowedSources' });
  t.allowedSources.forEach((s, i) => {
    if (!parseCidr(s)) problems.push({ error: 'invalid_source', path: `allowedSources.${i}` });
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Source addresses: IPv4 and IPv6 ranges in CIDR notation (a bare address is a range of one).

type Address = { v6: boolean; value: bigint };
/** A parsed range: family, network bits and prefix length. */
export type Cidr = Address & { prefix: number };

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let s = text.toLowerCase();
  // a trailing dotted quad (::ffff:10.0.0.1) is the last two groups
  const quad = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const v4 = parseV4(quad[2]!);
    if (v4 === null) return null;
    s = `${quad[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(`0x${g}`);
  }
  return value;
}

const V4_MAPPED = 0xffff00000000n;

/** An address, with IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, as Node reports IPv4 peers on a dual stack) read as IPv4. */
export function parseAddress(text: string): Address | null {
  const t = text.trim().split('%')[0]!;
  const v4 = parseV4(t);
  if (v4 !== null) return { v6: false, value: v4 };
  const v6 = parseV6(t);
  if (v6 === null) return null;
  if (v6 >> 32n === V4_MAPPED >> 32n) return { v6: false, value: v6 & 0xffffffffn };
  return { v6: true, value: v6 };
}

/** A range in CIDR notation (`203.0.113.0/24`, `2001:db8::/32`, or one address), or null. Host bits must be zero. */
export function parseCidr(text: string): Cidr | null {
  const [addr = '', len, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const a = parseAddress(addr);
  if (!a || addr.includes('%')) return null;
  const bits = a.v6 ? 128 : 32;
  if (len !== undefined && !/^(0|[1-9]\d{0,2})$/.test(len)) return null;
  // an IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps
  const mapped = !a.v6 && addr.includes(':') ? 96 : 0;
  const prefix = len === undefined ? bits : Number(len) - mapped;
  if (prefix < 0 || prefix > bits) return null;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((a.value & hostMask) !== 0n) return null;
  return { ...a, prefix };
}

/** Whether `ip` lies in one of the ranges; an empty list allows every address. */
export function sourceAllowed(ip: string, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  const a = parseAddress(ip);
  if (!a) return false;
  return ranges.some((r) => {
    const c = parseCidr(r);
    if (!c || c.v6 !== a.v6) return false;
    const shift = BigInt((a.v6 ? 128 : 32) - c.prefix);
    return a.value >> shift === c.value >> shift;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Using a token

export type TokenState = { expiresAt: Date; revokedAt: Date | null; allowedSources: readonly string[]; lastUsedAt: Date | null };
export type TokenRefusal = 'revoked' | 'expired' | 'source_not_allowed';

/** Whether a stored token may authenticate a request from `ip` at `now`. */
export function tokenRefusal(t: TokenState, ip: string, now: Date): TokenRefusal | null {
  if (t.revokedAt && t.revokedAt <= now) return 'revoked';
  if (now >= t.expiresAt) return 'expired';
  if (!sourceAllowed(ip, t.allowedSources)) return 'source_not_allowed';
  return null;
}

/** Whether this use should be written as the token's last use (at most once a minute). */
export const lastUseDue = (t: Pick<TokenState, 'lastUsedAt'>, now: Date) =>
  !t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() >= TOKEN_LAST_USE_INTERVAL_MS;

/** The start of the rate window `now` falls in. */
export const rateWindowStart = (now: Date) => new Date(Math.floor(now.getTime() / TOKEN_RATE_WINDOW_MS) * TOKEN_RATE_WINDOW_MS);

/** The verdict on a request that is the `count`-th in its window: allowed, or the seconds until the next window. */
export function rateVerdict(count: number, limit: number, now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (count <= limit) return { allowed: true };
  const next = rateWindowStart(now).getTime() + TOKEN_RATE_WINDOW_MS;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)) };
}
