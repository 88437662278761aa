import { describe, expect, it } from 'vitest';
import {
  TOKEN_SCOPES, canManageTokens, checkTokenTerms, formatToken, lastUseDue, parseCidr, parseToken, rateVerdict, rateWindowStart,
  sourceAllowed, tokenRefusal, tokenRequirement,
} from './api-token.ts';

describe('tokenRequirement', () => {
  it.each([
    // [method, path under /api/v1, requirement]
    ['GET', '/orders', 'orders:read'],
    ['GET', '/orders/:id', 'orders:read'],
    ['POST', '/orders', 'orders:write'],
    ['POST', '/orders/:id/questions', 'orders:write'],
    ['POST', '/orders/:id/award', 'orders:write'],
    ['GET', '/orders/:id/bids', 'bids:read'],
    ['GET', '/orders/:id/comparison', 'bids:read'],
    ['POST', '/orders/:id/bids', 'bids:write'],
    ['DELETE', '/orders/:id/bids/mine', 'bids:write'],
    ['GET', '/me/bids', 'bids:read'],
    ['GET', '/me/recommended-orders', 'orders:read'],
    ['GET', '/search/orders', 'orders:read'],
    ['GET', '/orders/:id/contract', 'contracts:read'],
    ['POST', '/orders/:id/contract/milestones/:mid/deliveries', 'contracts:write'],
    ['PUT', '/catalogue/:id/interest', 'catalogue:write'],
    ['GET', '/policy/services', 'policy:read'],
    ['POST', '/policy/cases', 'policy:write'],
    ['GET', '/organisations/mine', 'organisation:read'],
    ['POST', '/organisations/mine/membership', 'organisation:write'],
    ['PATCH', '/organisations/mine', 'organisation:write'],
    ['GET', '/vendors/:id', 'organisation:read'],
    ['POST', '/notifications/read', 'notifications:write'],
    ['GET', '/webhooks', 'webhooks:manage'],
    ['POST', '/webhooks/:id/rotate', 'webhooks:manage'],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(tokenRequirement(method, path)).toEqual({ kind: 'scope', scope });
  });

  it.each([
    ['GET', '/config'], ['GET', '/uscc/check'], ['POST', '/markdown/preview'], ['GET', '/search'], ['GET', '/ocds/releases'],
    ['GET', '/featured'], ['GET', '/sitemap'],
    ['GET', '/members'], ['GET', '/industrial-bases/:id'], ['GET', '/public/kpi-summary'],
  ])('%s %s needs only a valid token', (method, path) => {
    expect(tokenRequirement(method, path)).toEqual({ kind: 'open' });
  });

  it.each([
    ['GET', '/admin/vendors', 'secretariat'],
    ['POST', '/admin/memberships/:orgId/decision', 'secretariat'],
    ['POST', '/admin/orders/:id/review', 'secretariat'],
    ['POST', '/auth/login', 'account'],
    ['GET', '/me', 'account'],
    ['POST', '/me/password', 'account'],
    ['DELETE', '/me/sessions/:id', 'account'],
    ['GET', '/me/saved-searches', 'account'],
    ['POST', '/organisations/mine/tokens', 'account'],
    ['GET', '/organisations/mine/tokens/:id/usage', 'account'],
    // a family nobody has placed yet is closed
    ['GET', '/statistics', 'account'],
  ])('%s %s is never for a token (%s)', (method, path, why) => {
    expect(tokenRequirement(method, path)).toEqual({ kind: 'never', why });
  });
});

describe('scopes', () => {
  it('are a read and a write scope per family, and webhooks:manage', () => {
    expect(TOKEN_SCOPES).toHaveLength(15);
    expect(TOKEN_SCOPES).toContain('webhooks:manage');
  });
});

describe('canManageTokens', () => {
  it.each([
    ['buyer', 'owner', true], ['vendor', 'owner', true], ['buyer', 'member', false], ['secretariat', 'owner', false],
  ] as const)('%s %s → %s', (kind, role, want) => expect(canManageTokens({ kind, role })).toBe(want));
});

describe('token text', () => {
  const id = '0190a8f2-1c3b-7d4e-8f90-123456789abc';
  const secret = 'a'.repeat(52);
  it('round-trips', () => {
    expect(formatToken(id, secret)).toBe(`annex_0190a8f21c3b7d4e8f90123456789abc_${secret}`);
    expect(parseToken(formatToken(id, secret))).toEqual({ id, secret });
  });
  it.each([['session-token'], [`annex_${'0'.repeat(31)}_${secret}`], [`annex_${'0'.repeat(32)}_${'A'.repeat(52)}`], [`annex_${'0'.repeat(32)}_${secret}x`]])(
    '%s is not a token', (text) => expect(parseToken(text)).toBeNull(),
  );
});

describe('checkTokenTerms', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
  it.each([
    [{ scopes: ['orders:read'], expiresAt: inDays(30), allowedSources: [] }, []],
    [{ scopes: ['orders:read'], expiresAt: inDays(366), allowedSources: ['203.0.113.0/24', '2001:db8::/32'] }, []],
    [{ scopes: [], expiresAt: inDays(30), allowedSources: [] }, ['no_scopes']],
    [{ scopes: ['orders:delete'], expiresAt: inDays(30), allowedSources: [] }, ['unknown_scope']],
    // 30 minutes: shorter than the hour a token lives at least
    [{ scopes: ['bids:read'], expiresAt: new Date(now.getTime() + 1_800_000), allowedSources: [] }, ['expiry_too_soon']],
    [{ scopes: ['bids:read'], expiresAt: inDays(367), allowedSources: [] }, ['expiry_too_late']],
    [{ scopes: ['bids:read'], expiresAt: inDays(1), allowedSources: ['10.0.0.1/8'] }, ['invalid_source']],
    [{ scopes: ['bids:read'], expiresAt: inDays(1), allowedSources: Array(21).fill('10.0.0.1') }, ['too_many_sources']],
  ])('%o → %o', (terms, errors) => {
    expect(checkTokenTerms(terms, now).map((p) => p.error)).toEqual(errors);
  });
});

describe('CIDR', () => {
  it.each([
    ['203.0.113.0/24', true], ['203.0.113.7', true], ['0.0.0.0/0', true], ['::/0', true], ['2001:db8::/32', true], ['::1', true],
    ['::ffff:10.0.0.0/104', true], ['10.0.0.1/8', false], ['10.0.0/8', false], ['256.0.0.0/8', false], ['10.0.0.0/33', false],
    ['2001:db8::1::2', false], ['2001:db8::/129', false], ['01.2.3.4', false], ['example.com', false], ['', false],
  ])('%s parses: %s', (text, ok) => expect(parseCidr(text) !== null).toBe(ok));

  it.each([
    ['203.0.113.9', ['203.0.113.0/24'], true],
    ['203.0.114.9', ['203.0.113.0/24'], false],
    // Node reports IPv4 peers of a dual-stack socket as IPv4-mapped IPv6
    ['::ffff:203.0.113.9', ['203.0.113.0/24'], true],
    ['2001:db8:1::5', ['2001:db8::/32'], true],
    ['2001:db9::5', ['2001:db8::/32'], false],
    ['127.0.0.1', ['::1'], false],
    ['unknown', ['0.0.0.0/0'], false],
    ['unknown', [], true],
  ])('%s in %o: %s', (ip, ranges, want) => expect(sourceAllowed(ip, ranges)).toBe(want));
});

describe('tokenRefusal', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const live = { expiresAt: new Date('2027-01-01T00:00:00Z'), revokedAt: null, allowedSources: [], lastUsedAt: null };
  it.each([
    [live, '198.51.100.1', null],
    [{ ...live, revokedAt: now }, '198.51.100.1', 'revoked'],
    [{ ...live, expiresAt: now }, '198.51.100.1', 'expired'],
    [{ ...live, allowedSources: ['203.0.113.0/24'] }, '198.51.100.1', 'source_not_allowed'],
  ])('%o from %s → %s', (t, ip, want) => expect(tokenRefusal(t, ip, now)).toBe(want));
});

describe('last use and rate window', () => {
  const now = new Date('2026-12-07T12:00:45.500Z');
  it('writes the last use at most once a minute', () => {
    expect(lastUseDue({ lastUsedAt: null }, now)).toBe(true);
    expect(lastUseDue({ lastUsedAt: new Date(now.getTime() - 59_999) }, now)).toBe(false);
    expect(lastUseDue({ lastUsedAt: new Date(now.getTime() - 60_000) }, now)).toBe(true);
  });
  it('counts in fixed minutes and says when the next begins', () => {
    expect(rateWindowStart(now).toISOString()).toBe('2026-12-07T12:00:00.000Z');
    expect(rateVerdict(600, 600, now)).toEqual({ allowed: true });
    // 12:00:45.5 → the next window opens at 12:01:00, 14.5 s later: 15 s rounded up
    expect(rateVerdict(601, 600, now)).toEqual({ allowed: false, retryAfterSeconds: 15 });
  });
});
