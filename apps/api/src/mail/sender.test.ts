import type { AddressInfo } from 'node:net';
import { type Sql, createSql, email, notifications } from '@annex/db';
import { createOrgWithOwner } from '@annex/db/fixtures.ts';
import { testBackend } from '@annex/db/testing.ts';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, call, setupApp } from '../test-helpers.ts';
import { type MailerContext, queueDueDigests, sendDueEmails } from './sender.ts';
import { logTransport, smtpTransport } from './transport.ts';

// A real SMTP server (smtp-server) receives what the sender sends through nodemailer; mailparser reads it back.

type Received = { to: string[]; mail: ParsedMail };
let received: Received[] = [];
/** replies by recipient, used up one per attempt: a temporary 451 before acceptance, a permanent 550 */
const replies = new Map<string, number[]>();

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, cb) {
    const code = replies.get(address.address)?.shift();
    if (code) {
      const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'greylisted, try again later'), { responseCode: code });
      return cb(err);
    }
    cb();
  },
  onData(stream, session, cb) {
    simpleParser(stream).then((mail) => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
      cb();
    }, cb);
  },
});

let t: Awaited<ReturnType<typeof setupApp>>;
let ctx: MailerContext;
const FROM = '数据标注订单对接服务平台 <noreply@annex.test>';
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await setupApp();
  ctx = { sql: t.db.sql, transport: smtpTransport(`smtp://127.0.0.1:${port}`, FROM), logger: silent, origin: ORIGIN, from: FROM };
});
afterAll(async () => {
  ctx?.transport.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  replies.clear();
});

const header = (m: ParsedMail, name: string) => m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? null;
const outboxOf = (sql: Sql, userId: string) =>
  sql<{ id: number; kind: string; status: string; attempts: number; lastError: string | null }[]>`
    select id, kind, status, attempts, last_error from email_outbox where user_id = ${userId} order by id`;
/** The token of the unsubscribe page's link in a plain-text body. */
const tokenIn = (text: string) => decodeURIComponent(/\/email\/unsubscribe\?t=([^\s]+)/.exec(text)?.[1] ?? '');

describe(`e-mail through a real SMTP server (${testBackend()})`, () => {
  it('sends a notification in Chinese and in English: subject, text, HTML and headers', async () => {
    const zh = await createOrgWithOwner(t.db.sql, 'vendor');
    const en = await createOrgWithOwner(t.db.sql, 'vendor');
    await email.setLanguage(t.db.sql, en.owner.id, 'en');
    await notifications.insertMany(t.db.sql, [
      { recipient: { orgId: zh.org.id }, kind: 'award_final', payload: { orderTitle: '点云 <3D> 标注' } },
      { recipient: { orgId: en.org.id }, kind: 'award_final', payload: { orderTitle: 'Lidar & boxes' } },
      // off by default: stays in the inbox
      { recipient: { orgId: zh.org.id }, kind: 'question_answered', payload: { orderTitle: '点云 <3D> 标注' } },
    ]);

    expect(await sendDueEmails(ctx)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(received).toHaveLength(2);
    const toZh = received.find((r) => r.to.includes(zh.owner.email))?.mail;
    const toEn = received.find((r) => r.to.includes(en.owner.email))?.mail;
    if (!toZh || !toEn) throw new Error('an e-mail is missing');

    expect(toZh.subject).toBe('“点云 <3D> 标注”公示期结束，中标结果生效。');
    expect(toZh.from?.value[0]).toMatchObject({ address: 'noreply@annex.test', name: '数据标注订单对接服务平台' });
    expect(toZh.text).toContain(`${zh.owner.displayName}，您好：`);
    expect(toZh.text).toContain(`${ORIGIN}/inbox`);
    expect(toZh.html).toContain('“点云 &lt;3D&gt; 标注”公示期结束');
    expect(toZh.html).toContain('<html lang="zh-CN">');
    expect(header(toZh, 'content-language')).toBe('zh-CN');
    expect(header(toZh, 'list-unsubscribe')).toMatch(new RegExp(`^<${ORIGIN}/api/v1/email/one-click-unsubscribe\\?t=[^>]+>$`));
    expect(header(toZh, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(toZh.messageId).toMatch(/^<annex-\d+-\d+@annex\.test>$/);

    expect(toEn.subject).toBe('Publicity for “Lidar & boxes” ended; the award is final.');
    expect(toEn.text).toContain(`Hello ${en.owner.displayName},`);
    expect(toEn.text).toContain('Stop e-mails of this kind: ');
    expect(toEn.html).toContain('Lidar &amp; boxes');
    expect(header(toEn, 'content-language')).toBe('en');

    expect(await outboxOf(t.db.sql, zh.owner.id)).toEqual([expect.objectContaining({ kind: 'award_final', status: 'sent', attempts: 1 })]);
  });

  it('tries again after a temporary 451 and then delivers once; never retries a 550', async () => {
    const grey = await createOrgWithOwner(t.db.sql, 'buyer');
    const gone = await createOrgWithOwner(t.db.sql, 'buyer');
    replies.set(grey.owner.email, [451]);
    replies.set(gone.owner.email, [550, 550]);
    await notifications.insertMany(t.db.sql, [
      { recipient: { orgId: grey.org.id }, kind: 'payment_overdue', payload: { orderTitle: 'A', milestoneName: 'M1', dueOn: '2026-12-01', daysLate: 3 } },
      { recipient: { orgId: gone.org.id }, kind: 'payment_overdue', payload: { orderTitle: 'B', milestoneName: 'M1', dueOn: '2026-12-01', daysLate: 3 } },
    ]);

    expect(await sendDueEmails(ctx)).toEqual({ sent: 0, retried: 1, failed: 1 });
    const [waiting] = await outboxOf(t.db.sql, grey.owner.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting?.lastError).toMatch(/451/);
    expect(await outboxOf(t.db.sql, gone.owner.id)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    expect((await outboxOf(t.db.sql, gone.owner.id))[0]?.lastError).toMatch(/550/);

    // the retry is a minute away: nothing is due now
    expect(await sendDueEmails(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    // a minute later
    await t.db.sql`update email_outbox set next_attempt_at = now() - interval '1 second' where id = ${waiting?.id ?? 0} and status = 'pending'`;
    expect((await sendDueEmails(ctx)).sent).toBe(1);
    expect(received.map((r) => r.to)).toEqual([[grey.owner.email]]);
    expect(await outboxOf(t.db.sql, grey.owner.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
    expect(await sendDueEmails(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
  });

  it('the unsubscribe link turns the kind off without signing in, and on again; one-click too', async () => {
    const v = await createOrgWithOwner(t.db.sql, 'vendor');
    await notifications.insertMany(t.db.sql, [{ recipient: { orgId: v.org.id }, kind: 'deadline_soon', payload: { orderTitle: 'C' } }]);
    await sendDueEmails(ctx);
    const mail = received[0]?.mail;
    const token = tokenIn(mail?.text ?? '');
    expect(token).toMatch(/^[0-9a-f-]{36}\.deadline_soon\.[\w-]{32}$/);

    const off = await call(t.app, 'POST', '/api/v1/email/unsubscribe', { body: { token } });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ kind: 'deadline_soon', kinds: ['deadline_soon'], previousMode: 'immediate' });
    expect(off.json.email).toMatch(/^.{1,2}•••@/);
    await notifications.insertMany(t.db.sql, [{ recipient: { orgId: v.org.id }, kind: 'deadline_soon', payload: { orderTitle: 'D' } }]);
    expect((await outboxOf(t.db.sql, v.owner.id)).map((r) => r.kind)).toEqual(['deadline_soon']);

    // a forged or altered token is refused
    const forged = `${token.slice(0, -3)}abc`;
    expect((await call(t.app, 'POST', '/api/v1/email/unsubscribe', { body: { token: forged } })).status).toBe(404);
    expect((await call(t.app, 'POST', '/api/v1/email/unsubscribe', { body: { token: token.replace('deadline_soon', 'award_final') } })).status).toBe(404);

    const on = await call(t.app, 'POST', '/api/v1/email/resubscribe', { body: { token, mode: 'digest' } });
    expect(on.json).toMatchObject({ kind: 'deadline_soon', kinds: ['deadline_soon'] });
    expect(await email.chosenModes(t.db.sql, v.owner.id)).toEqual({ deadline_soon: 'digest' });

    // a mail client's one-click POST: a form, no Origin, no cookie
    const oneClick = header(mail as ParsedMail, 'list-unsubscribe')?.slice(1, -1) ?? '';
    const res = await t.app.request(oneClick.replace(ORIGIN, ''), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await email.chosenModes(t.db.sql, v.owner.id)).toEqual({ deadline_soon: 'off' });
  });

  it('collects the digest kinds of a day into one e-mail at 08:00 Shanghai, once', async () => {
    const v = await createOrgWithOwner(t.db.sql, 'vendor');
    await email.setModes(t.db.sql, v.owner.id, { order_match: 'digest', question_answered: 'digest' });
    await notifications.insertMany(t.db.sql, [
      { recipient: { orgId: v.org.id }, kind: 'order_match', payload: { orderTitle: '语音转写', score: 81 } },
      { recipient: { orgId: v.org.id }, kind: 'question_answered', payload: { orderTitle: '图像分类' } },
    ]);
    expect(await sendDueEmails(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    // today's 08:00 (or yesterday's) is before they were made: not yet
    expect(await queueDueDigests({ ...ctx })).toBe(0);

    const tomorrow = () => new Date(Date.now() + 86_400_000);
    const both = await Promise.all([queueDueDigests({ ...ctx, now: tomorrow }), queueDueDigests({ ...ctx, now: tomorrow })]);
    expect(both[0] + both[1]).toBe(1);
    expect((await sendDueEmails(ctx)).sent).toBe(1);
    expect(received).toHaveLength(1);
    const digest = received[0]?.mail;
    expect(digest?.subject).toBe('今日通知摘要（2 条）');
    expect(digest?.text).toContain('语音转写');
    expect(digest?.text).toContain('图像分类');
    expect(await queueDueDigests({ ...ctx, now: tomorrow })).toBe(0);

    // its link turns the whole digest off
    const off = await call(t.app, 'POST', '/api/v1/email/unsubscribe', { body: { token: tokenIn(digest?.text ?? '') } });
    expect(off.json).toMatchObject({ kind: 'digest', previousMode: 'digest' });
    expect([...off.json.kinds].sort()).toEqual(['order_match', 'question_answered']);
  });

  it('two senders racing send each message once', async () => {
    const { org, owner } = await createOrgWithOwner(t.db.sql, 'buyer');
    const second = createSql(t.db.url, t.db.clientOptions);
    try {
      await notifications.insertMany(
        t.db.sql,
        Array.from({ length: 30 }, (_, i) => ({ recipient: { orgId: org.id }, kind: 'contract_active', payload: { orderTitle: `R${i}`, number: 1 } })),
      );
      const other = { ...ctx, sql: second };
      const passes = await Promise.all([
        sendDueEmails(ctx, 8), sendDueEmails(other, 8), sendDueEmails(ctx, 8), sendDueEmails(other, 8),
        sendDueEmails(ctx, 8), sendDueEmails(other, 8),
      ]);
      expect(passes.reduce((n, p) => n + p.sent, 0)).toBe(30);
      const subjects = received.filter((r) => r.to.includes(owner.email)).map((r) => r.mail.subject);
      expect(subjects).toHaveLength(30);
      expect(new Set(subjects).size).toBe(30);
      expect((await outboxOf(t.db.sql, owner.id)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      await second.end({ timeout: 5 });
    }
  });

  it('without SMTP_URL writes each e-mail to the log and keeps it in the outbox (the mail viewer)', async () => {
    const { org, owner } = await createOrgWithOwner(t.db.sql, 'vendor');
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    await notifications.insertMany(t.db.sql, [{ recipient: { orgId: org.id }, kind: 'bid_awarded', payload: { orderTitle: '日志' } }]);
    expect((await sendDueEmails({ ...ctx, transport: logTransport(log) })).sent).toBeGreaterThanOrEqual(1);
    expect(received).toEqual([]);
    expect(lines.find((l) => l.to === owner.email)).toMatchObject({ subject: expect.stringContaining('日志'), text: expect.stringContaining('日志') });
    const [row] = await t.db.sql<{ status: string; textBody: string }[]>`select status, text_body from email_outbox where user_id = ${owner.id}`;
    expect(row?.status).toBe('sent');
    expect(row?.textBody).toContain('日志');
  });
});
