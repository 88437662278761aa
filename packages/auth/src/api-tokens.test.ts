import { apiTokens } from '@annex/db';
import { createOrgWithOwner } from '@annex/db/fixtures.ts';
import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { formatToken } from '@annex/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken, newTokenSecret, takeTokenRequest } from './api-tokens.ts';
import { purgeExpiredAuthRecords } from './housekeeping.ts';

const DAY = 86_400_000;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

/** A token of a new buyer, stored with the given terms; returns its text. */
async function seedToken(terms: { expiresAt?: Date; allowedSources?: string[] } = {}) {
  const { org, owner } = await createOrgWithOwner(db.sql, 'buyer');
  const id = crypto.randomUUID();
  const s = newTokenSecret(id);
  const row = await apiTokens.create(db.sql, {
    id, orgId: org.id, createdBy: owner.id, name: '数据管道', secretSha256: s.secretSha256, scopes: ['orders:read', 'bids:write'],
    allowedSources: terms.allowedSources ?? [], expiresAt: terms.expiresAt ?? new Date(Date.now() + 30 * DAY),
  });
  // the row's id is the database's: the text must carry it
  const text = formatToken(row.id, s.secret);
  return { org, owner, row, text };
}

describe('authenticateApiToken', () => {
  it('accepts the token it was given, as its organisation and creator, with its scopes', async () => {
    const t = await seedToken();
    const r = await authenticateApiToken(db.sql, t.text, '198.51.100.7', new Date());
    expect(r.status).toBe('valid');
    if (r.status !== 'valid') return;
    expect(r.scopes).toEqual(['orders:read', 'bids:write']);
    expect(r.membership).toEqual({ orgId: t.org.id, role: 'owner', orgKind: 'buyer' });
    expect(r.found.user.id).toBe(t.owner.id);
  });

  it('refuses a wrong secret, an unknown id and text that is no token alike', async () => {
    const t = await seedToken();
    const wrong = `${t.text.slice(0, -1)}${t.text.endsWith('a') ? 'b' : 'a'}`;
    const unknown = formatToken(crypto.randomUUID(), 'a'.repeat(52));
    for (const text of [wrong, unknown, 'annex_nonsense', '']) {
      expect(await authenticateApiToken(db.sql, text, '198.51.100.7', new Date())).toEqual({ status: 'invalid' });
    }
  });

  it('refuses a revoked, an expired and a wrongly sourced token, saying which', async () => {
    const now = new Date();
    const revoked = await seedToken();
    await apiTokens.revoke(db.sql, revoked.org.id, revoked.row.id, revoked.owner.id, now);
    expect((await authenticateApiToken(db.sql, revoked.text, '198.51.100.7', now)).status).toBe('revoked');

    const soon = await seedToken({ expiresAt: new Date(now.getTime() + 60_000) });
    expect((await authenticateApiToken(db.sql, soon.text, '198.51.100.7', new Date(now.getTime() + 60_000))).status).toBe('expired');

    const fenced = await seedToken({ allowedSources: ['203.0.113.0/24'] });
    expect((await authenticateApiToken(db.sql, fenced.text, '198.51.100.7', now)).status).toBe('source_not_allowed');
    expect((await authenticateApiToken(db.sql, fenced.text, '::ffff:203.0.113.40', now)).status).toBe('valid');
  });

  it('stops working once its creator has left the organisation', async () => {
    const t = await seedToken();
    await db.sql`delete from memberships where user_id = ${t.owner.id}`;
    expect((await authenticateApiToken(db.sql, t.text, '198.51.100.7', new Date())).status).toBe('creator_left');
  });
});

describe('takeTokenRequest', () => {
  it('counts requests per token per minute and says when the next minute begins', async () => {
    const t = await seedToken();
    const at = new Date('2026-12-07T12:00:50.000Z');
    for (let i = 0; i < 3; i++) expect(await takeTokenRequest(db.sql, t.row, 3, '198.51.100.7', at)).toEqual({ allowed: true });
    expect(await takeTokenRequest(db.sql, t.row, 3, '198.51.100.7', at)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // the next minute starts afresh; another token has its own count
    expect(await takeTokenRequest(db.sql, t.row, 3, '198.51.100.7', new Date('2026-12-07T12:01:00.000Z'))).toEqual({ allowed: true });
    const other = await seedToken();
    expect(await takeTokenRequest(db.sql, other.row, 3, '198.51.100.7', at)).toEqual({ allowed: true });
  });

  it('records the last use at most once a minute', async () => {
    const t = await seedToken();
    const t0 = new Date(Date.now() + 1000);
    await takeTokenRequest(db.sql, t.row, 100, '198.51.100.7', t0);
    const first = await apiTokens.findInOrg(db.sql, t.org.id, t.row.id);
    expect(first?.lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(first?.lastUsedFrom).toBe('198.51.100.7');
    // 30 s later with the row as read then: not due, nothing written
    await takeTokenRequest(db.sql, first!, 100, '198.51.100.8', new Date(t0.getTime() + 30_000));
    expect((await apiTokens.findInOrg(db.sql, t.org.id, t.row.id))?.lastUsedFrom).toBe('198.51.100.7');
    await takeTokenRequest(db.sql, first!, 100, '198.51.100.9', new Date(t0.getTime() + 60_000));
    expect((await apiTokens.findInOrg(db.sql, t.org.id, t.row.id))?.lastUsedFrom).toBe('198.51.100.9');
  });
});

describe('housekeeping of tokens', () => {
  it('drops usage older than 90 days and ended rate windows', async () => {
    const t = await seedToken();
    const now = new Date();
    const log = (at: Date) => apiTokens.logUsage(db.sql, { tokenId: t.row.id, at, method: 'GET', route: '/api/v1/orders', status: 200, source: null });
    await log(new Date(now.getTime() - 91 * DAY));
    await log(new Date(now.getTime() - 89 * DAY));
    await takeTokenRequest(db.sql, t.row, 100, '198.51.100.7', new Date(now.getTime() - 10 * 60_000));
    await takeTokenRequest(db.sql, t.row, 100, '198.51.100.7', now);
    const report = await purgeExpiredAuthRecords(db.sql, now);
    expect(report.tokenUsage).toBeGreaterThanOrEqual(1);
    expect(report.tokenRateWindows).toBeGreaterThanOrEqual(1);
    expect((await apiTokens.usage(db.sql, t.row.id)).items).toHaveLength(1);
    const [w] = await db.sql<{ n: number }[]>`select count(*)::int as n from api_token_rate_windows where token_id = ${t.row.id}`;
    expect(w?.n).toBe(1);
  });
});
