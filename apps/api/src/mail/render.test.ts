import { NOTIFICATION_KINDS } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { notificationPath, notificationSentence } from './notification-text.ts';
import { escapeHtml, renderDigestMail, renderNotificationMail } from './render.ts';
import { readUnsubscribeToken, signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.ts';

const ORDER = '0b6f3f4e-6a57-4d2c-9a43-0c1a8e2f5d11';
const MILESTONE = '5f1d0c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const USER = '9d1c6d0a-3f0e-4e43-8a4e-6f3c1b2a9e77';
const base = { notificationId: 42, origin: 'https://annex.example.cn', displayName: '张三', unsubscribeUrl: 'https://annex.example.cn/email/unsubscribe?t=x' };

describe('notification e-mails', () => {
  it('tells a deadline in Chinese with a link to the order that marks it read', () => {
    const m = renderNotificationMail({ ...base, kind: 'deadline_soon', payload: { orderTitle: '点云标注' }, orderId: ORDER, language: 'zh-CN' });
    expect(m.subject).toBe('“点云标注”将在 24 小时内截止投标。');
    expect(m.textBody).toContain('张三，您好：');
    expect(m.textBody).toContain(`https://annex.example.cn/orders/${ORDER}?n=42`);
    expect(m.textBody).toContain('不再接收此类邮件: https://annex.example.cn/email/unsubscribe?t=x');
    expect(m.htmlBody).toContain('<html lang="zh-CN">');
    expect(m.htmlBody).toContain(`href="https://annex.example.cn/orders/${ORDER}?n=42"`);
    expect(m.htmlBody).toContain('https://annex.example.cn/settings/email');
  });

  it('writes English for an English reader, payment steps linking to their milestone', () => {
    const m = renderNotificationMail({
      ...base, kind: 'payment_overdue', language: 'en', orderId: ORDER,
      payload: { orderTitle: 'Lidar boxes', milestoneId: MILESTONE, milestoneName: 'Batch 1', dueOn: '2026-12-01', daysLate: 6 },
    });
    expect(m.subject).toBe('Payment for milestone “Batch 1” of “Lidar boxes” is 6 days overdue (due on 2026-12-01).');
    expect(m.textBody).toContain('Hello 张三,');
    expect(m.textBody).toContain(`/orders/${ORDER}/contract/milestones/${MILESTONE}?n=42`);
    expect(m.htmlBody).toContain('<html lang="en">');
    expect(m.htmlBody).toContain('Stop e-mails of this kind');
  });

  it('escapes what users typed in the HTML, and keeps the subject on one line', () => {
    const m = renderNotificationMail({
      ...base, kind: 'order_rejected', language: 'en', orderId: ORDER,
      payload: { orderTitle: '<script>alert(1)</script>', reason: 'a "b" & c\nBcc: x@evil' },
    });
    expect(m.htmlBody).not.toContain('<script>');
    expect(m.htmlBody).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.htmlBody).toContain('a &quot;b&quot; &amp; c');
    expect(m.subject).not.toMatch(/\n/);
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it.each(NOTIFICATION_KINDS.flatMap((k) => [[k, 'zh-CN'], [k, 'en']] as const))('%s in %s fills every word', (kind, lang) => {
    const s = notificationSentence(kind, {}, lang);
    expect(s.length).toBeGreaterThan(3);
    expect(s).not.toMatch(/\{\w+\}/);
  });

  it('links each kind of item as the inbox does', () => {
    expect(notificationPath({ kind: 'contract_active', orderId: ORDER, payload: {} })).toBe(`/orders/${ORDER}/contract`);
    expect(notificationPath({ kind: 'policy_case_status', orderId: null, payload: { caseId: ORDER } })).toBe(`/policy/cases/${ORDER}`);
    expect(notificationPath({ kind: 'event_published', orderId: null, payload: { eventId: ORDER } })).toBe(`/events/${ORDER}`);
    expect(notificationPath({ kind: 'api_token_created', orderId: null, payload: {} })).toBe('/inbox');
  });
});

describe('digest', () => {
  it('lists the items with their times and links, counted in the subject', () => {
    const at = new Date('2026-12-07T02:30:00Z');
    const m = renderDigestMail({
      ...base, language: 'zh-CN',
      items: [
        { id: 1, kind: 'order_match', payload: { orderTitle: '语音转写', score: 81.24 }, orderId: ORDER, createdAt: at },
        { id: 2, kind: 'question_answered', payload: { orderTitle: '图像分类' }, orderId: ORDER, createdAt: at },
      ],
    });
    expect(m.subject).toBe('今日通知摘要（2 条）');
    expect(m.textBody).toContain('- 2026-12-07 10:30 ');
    expect(m.textBody).toContain('语音转写');
    expect(m.htmlBody.match(/<li /g)).toHaveLength(2);
    expect(m.htmlBody).toContain('不再接收每日摘要');
  });
});

describe('unsubscribe tokens', () => {
  const key = 'a'.repeat(64);
  it('verify under the user’s key only, for the kind signed', () => {
    const token = signUnsubscribeToken(key, USER, 'deadline_soon');
    const t = readUnsubscribeToken(token);
    expect(t).toMatchObject({ userId: USER, kind: 'deadline_soon' });
    if (!t) return;
    expect(verifyUnsubscribeToken(key, t)).toBe(true);
    expect(verifyUnsubscribeToken('b'.repeat(64), t)).toBe(false);
    expect(verifyUnsubscribeToken(key, { ...t, kind: 'award_final' })).toBe(false);
  });
  it.each(['', 'x', `${USER}.deadline_soon`, `${USER}.Deadline.${'a'.repeat(32)}`, `nope.deadline_soon.${'a'.repeat(32)}`, `${USER}.k.${'a'.repeat(31)}`])(
    'refuses the malformed %j', (token) => {
      expect(readUnsubscribeToken(token)).toBeNull();
    });
});
