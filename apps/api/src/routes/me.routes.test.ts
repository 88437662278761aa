import { notifications } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, call, registerAs, sessionCookie, setupApp } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t?.close());

const login = async (email: string, password = PASSWORD, userAgent = 'vitest') => {
  const r = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'user-agent': userAgent } });
  return { status: r.status, cookie: sessionCookie(r.res) };
};

describe('GET /me', () => {
  it('answers the caller', async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    const r = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(me);
  });

  it("carries the bell's count: the caller's unread notifications, as the inbox counts them", async () => {
    const { cookie, me } = await registerAs(t.app, 'vendor');
    await notifications.insertMany(t.db.sql, [1, 2, 3].map((n) => ({ recipient: { userId: me.user.id }, kind: 'order_match', payload: { orderTitle: `样例 ${n}`, score: 0.9 } })));
    const inbox = await call(t.app, 'GET', '/api/v1/notifications?limit=1', { cookie });
    await call(t.app, 'POST', '/api/v1/notifications/read', { cookie, body: { ids: [inbox.json.items[0].id] } });
    const r = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(r.json.unreadNotifications).toBe(2);
    expect((await call(t.app, 'GET', '/api/v1/notifications?limit=1', { cookie })).json.unreadCount).toBe(2);
  });

  it('tells caches to keep nothing a signed-in caller is answered, errors too, and nothing that sets a cookie', async () => {
    const { cookie, email } = await registerAs(t.app, 'vendor');
    for (const path of ['/api/v1/me', '/api/v1/orders', '/api/v1/orders/00000000-0000-4000-8000-000000000000']) {
      const r = await call(t.app, 'GET', path, { cookie });
      expect(r.res.headers.get('cache-control'), path).toBe('no-store');
    }
    const signIn = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(signIn.res.headers.get('cache-control')).toBe('no-store');
    // a public page read anonymously may be cached
    expect((await call(t.app, 'GET', '/api/v1/orders')).res.headers.get('cache-control')).toBeNull();
  });

  it('is 401 unauthenticated without a session and for an unknown token', async () => {
    for (const cookie of [null, 'annex_session=notatokenweknow']) {
      const r = await call(t.app, 'GET', '/api/v1/me', { cookie });
      expect(r.status).toBe(401);
      expect(r.json.code).toBe('unauthenticated');
    }
  });

  it('is 401 session_expired for an idle-expired session, which is deleted and its cookie cleared', async () => {
    const { cookie, me } = await registerAs(t.app, 'buyer');
    await t.db.sql`update sessions set idle_expires_at = now() - interval '1 minute' where user_id = ${me.user.id}`;
    const r = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('session_expired');
    expect(r.res.headers.getSetCookie().join()).toMatch(/annex_session=;.*Max-Age=0/);
    const [row] = await t.db.sql`select count(*)::int as n from sessions where user_id = ${me.user.id}`;
    expect(row?.n).toBe(0);
  });

  it('is 401 session_expired past the absolute lifetime, however recently used', async () => {
    const { cookie, me } = await registerAs(t.app, 'buyer');
    await t.db.sql`update sessions set absolute_expires_at = now() - interval '1 second' where user_id = ${me.user.id}`;
    const r = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(r.json.code).toBe('session_expired');
  });

  it('renews the idle expiry at most hourly and then re-sends the cookie', async () => {
    const { cookie, me } = await registerAs(t.app, 'buyer');
    const quiet = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(quiet.res.headers.getSetCookie()).toEqual([]);
    await t.db.sql`update sessions set last_seen_at = now() - interval '2 hours' where user_id = ${me.user.id}`;
    const renewed = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(renewed.status).toBe(200);
    expect(renewed.res.headers.getSetCookie()[0]).toMatch(/^annex_session=[a-z2-7]{32};.*Max-Age=604800/);
    const [row] = await t.db.sql`select last_seen_at > now() - interval '1 minute' as fresh from sessions where user_id = ${me.user.id}`;
    expect(row?.fresh).toBe(true);
  });
});

describe('sessions', () => {
  it('lists own sessions with the current one marked, newest use first', async () => {
    const { cookie, email } = await registerAs(t.app, 'buyer');
    const second = await login(email, PASSWORD, 'Mozilla/5.0 (iPhone)');
    const r = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie: second.cookie });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(2);
    expect(r.json.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const current = r.json.items.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ userAgent: 'Mozilla/5.0 (iPhone)', id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(r.json)).not.toContain(cookie.split('=')[1]);
  });

  it('revokes one of your own sessions; that session is then refused', async () => {
    const { cookie, email } = await registerAs(t.app, 'buyer');
    const other = await login(email);
    const list = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie });
    const otherId = list.json.items.find((s: { current: boolean }) => !s.current).id;
    const r = await call(t.app, 'DELETE', `/api/v1/me/sessions/${otherId}`, { cookie });
    expect(r.status).toBe(204);
    const revoked = await call(t.app, 'GET', '/api/v1/me', { cookie: other.cookie });
    expect(revoked.status).toBe(401);
    expect(revoked.json.code).toBe('unauthenticated');
    expect((await call(t.app, 'GET', '/api/v1/me', { cookie })).status).toBe(200);
  });

  it("answers another user's session with 404, and leaves it alone", async () => {
    const alice = await registerAs(t.app, 'buyer');
    const bob = await registerAs(t.app, 'vendor');
    const bobs = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie: bob.cookie });
    const r = await call(t.app, 'DELETE', `/api/v1/me/sessions/${bobs.json.items[0].id}`, { cookie: alice.cookie });
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('not_found');
    expect((await call(t.app, 'GET', '/api/v1/me', { cookie: bob.cookie })).status).toBe(200);
  });

  it('revoking the current session clears the cookie; a malformed id is 400', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    const list = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie });
    const bad = await call(t.app, 'DELETE', '/api/v1/me/sessions/not-a-session', { cookie });
    expect(bad.status).toBe(400);
    const r = await call(t.app, 'DELETE', `/api/v1/me/sessions/${list.json.items[0].id}`, { cookie });
    expect(r.status).toBe(204);
    expect(r.res.headers.getSetCookie().join()).toMatch(/annex_session=;/);
    expect((await call(t.app, 'GET', '/api/v1/me', { cookie })).status).toBe(401);
  });

  it('needs a session', async () => {
    expect((await call(t.app, 'GET', '/api/v1/me/sessions')).status).toBe(401);
    expect((await call(t.app, 'DELETE', `/api/v1/me/sessions/${'a'.repeat(64)}`)).status).toBe(401);
  });
});

describe('POST /me/password', () => {
  const NEW = 'Another-Long-Passphrase-9';

  it('changes the password, ends every session and continues in a fresh one', async () => {
    const { cookie, email } = await registerAs(t.app, 'vendor');
    const other = await login(email);
    const r = await call(t.app, 'POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword: NEW }, cookie });
    expect(r.status).toBe(204);
    const fresh = sessionCookie(r.res);
    expect(fresh).toMatch(/^annex_session=[a-z2-7]{32}$/);
    expect(fresh).not.toBe(cookie);
    expect(r.res.headers.get('cache-control')).toBe('no-store');
    expect((await call(t.app, 'GET', '/api/v1/me', { cookie: fresh })).status).toBe(200);
    for (const old of [cookie, other.cookie]) expect((await call(t.app, 'GET', '/api/v1/me', { cookie: old })).status).toBe(401);
    const sessions = await call(t.app, 'GET', '/api/v1/me/sessions', { cookie: fresh });
    expect(sessions.json.items).toHaveLength(1);
    expect((await login(email)).status).toBe(401);
    expect((await login(email, NEW)).status).toBe(200);
  });

  it('refuses a wrong current password with 422 wrong_password', async () => {
    const { cookie, email } = await registerAs(t.app, 'buyer');
    const r = await call(t.app, 'POST', '/api/v1/me/password', { body: { currentPassword: 'not-my-password', newPassword: NEW }, cookie });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'wrong_password', errors: [{ path: 'currentPassword' }] });
    expect((await login(email)).status).toBe(200);
  });

  it('applies the password policy to the new password', async () => {
    const { cookie, email } = await registerAs(t.app, 'buyer');
    for (const newPassword of ['iloveyou', email]) {
      const r = await call(t.app, 'POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword }, cookie });
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({ code: 'weak_password', errors: [{ path: 'newPassword' }] });
    }
    const short = await call(t.app, 'POST', '/api/v1/me/password', { body: { currentPassword: PASSWORD, newPassword: 'short' }, cookie });
    expect(short.status).toBe(400);
  });

  it('needs a session before anything else', async () => {
    const r = await call(t.app, 'POST', '/api/v1/me/password', { body: { nonsense: true } });
    expect(r.status).toBe(401);
  });
});
