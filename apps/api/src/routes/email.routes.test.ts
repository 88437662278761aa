import { notifications } from '@annex/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp, signInSecretariat } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t?.close());

type Kind = { kind: string; mode: string; defaultMode: string };
const modeOf = (json: { kinds: Kind[] }, kind: string) => json.kinds.find((k) => k.kind === kind)?.mode;

describe('e-mail settings: /me/email', () => {
  it('shows every kind with its default, and keeps the user’s choices and language', async () => {
    const v = await registerAs(t.app, 'vendor');
    const first = await call(t.app, 'GET', '/api/v1/me/email', { cookie: v.cookie });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ email: v.me.user.email, language: 'zh-CN' });
    expect(first.json.kinds.find((k: Kind) => k.kind === 'deadline_soon')).toEqual({ kind: 'deadline_soon', mode: 'immediate', defaultMode: 'immediate' });
    expect(modeOf(first.json, 'question_answered')).toBe('off');

    const put = await call(t.app, 'PUT', '/api/v1/me/email', {
      cookie: v.cookie, body: { language: 'en', modes: { deadline_soon: 'off', question_answered: 'digest' } },
    });
    expect(put.status).toBe(200);
    expect(put.json.language).toBe('en');
    expect(modeOf(put.json, 'deadline_soon')).toBe('off');
    expect(modeOf(put.json, 'question_answered')).toBe('digest');
    // a later change of one kind leaves the others as they were
    await call(t.app, 'PUT', '/api/v1/me/email', { cookie: v.cookie, body: { modes: { deadline_soon: 'immediate' } } });
    const after = (await call(t.app, 'GET', '/api/v1/me/email', { cookie: v.cookie })).json;
    expect([after.language, modeOf(after, 'deadline_soon'), modeOf(after, 'question_answered')]).toEqual(['en', 'immediate', 'digest']);

    // and the queue follows them: the digest kind waits for the digest, in English
    await notifications.insertMany(t.db.sql, [{ recipient: { userId: v.me.user.id }, kind: 'question_answered', payload: { orderTitle: 'X' } }]);
    const [row] = await t.db.sql<{ status: string; language: string }[]>`select status, language from email_outbox where user_id = ${v.me.user.id}`;
    expect(row).toEqual({ status: 'digest', language: 'en' });
  });

  it('refuses an unknown kind, mode or language, and anonymous callers', async () => {
    const v = await registerAs(t.app, 'buyer');
    for (const body of [{ modes: { no_such_kind: 'off' } }, { modes: { deadline_soon: 'weekly' } }, { language: 'fr' }, { extra: 1 }]) {
      const r = await call(t.app, 'PUT', '/api/v1/me/email', { cookie: v.cookie, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
    expect((await call(t.app, 'GET', '/api/v1/me/email')).status).toBe(401);
  });
});

describe('the mail viewer: /admin/mail', () => {
  it('lists the outbox newest first for the secretariat, with the bodies of one e-mail', async () => {
    const v = await registerAs(t.app, 'vendor');
    await notifications.insertMany(t.db.sql, [{ recipient: { userId: v.me.user.id }, kind: 'award_final', payload: { orderTitle: 'Y' } }]);
    const s = await signInSecretariat(t.app, t.db);
    const list = await call(t.app, 'GET', '/api/v1/admin/mail', { cookie: s.cookie });
    expect(list.status).toBe(200);
    expect(list.json.transport).toBe('log');
    const mine = list.json.items.find((i: { recipient: string }) => i.recipient === v.me.user.email);
    expect(mine).toMatchObject({ kind: 'award_final', status: 'pending', subject: null, attempts: 0 });
    const one = await call(t.app, 'GET', `/api/v1/admin/mail/${mine.id}`, { cookie: s.cookie });
    expect(one.json).toMatchObject({ id: mine.id, textBody: null });
    expect((await call(t.app, 'GET', '/api/v1/admin/mail/abc', { cookie: s.cookie })).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/admin/mail', { cookie: v.cookie })).status).toBe(403);
  });

  it('filters by status and by a part of the recipient\'s address', async () => {
    const v = await registerAs(t.app, 'vendor');
    await notifications.insertMany(t.db.sql, [{ recipient: { userId: v.me.user.id }, kind: 'award_final', payload: { orderTitle: 'Z' } }]);
    const s = await signInSecretariat(t.app, t.db);
    const get = async (query: string) => call(t.app, 'GET', `/api/v1/admin/mail?${query}`, { cookie: s.cookie });
    const part = v.me.user.email.split('@')[0]!.toUpperCase();
    const mine = await get(`to=${encodeURIComponent(part)}`);
    expect(mine.json.items.map((i: { recipient: string }) => i.recipient)).toEqual([v.me.user.email]);
    expect((await get(`to=${encodeURIComponent(part)}&status=pending`)).json.items).toHaveLength(1);
    expect((await get(`to=${encodeURIComponent(part)}&status=sent`)).json.items).toEqual([]);
    const failed = await get('status=failed');
    expect(failed.json.items.every((i: { status: string }) => i.status === 'failed')).toBe(true);
    expect((await get('status=bounced')).status).toBe(400);
  });
});
