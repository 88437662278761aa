import type { EmailLanguage } from '@annex/domain';
import { beijingTime, notificationPath, notificationSentence } from './notification-text.ts';

/** A written e-mail: subject, plain text and HTML. */
export type MailContent = { subject: string; textBody: string; htmlBody: string };

/** What an e-mail about one notification is written from. */
export type NotificationMailInput = {
  notificationId: number;
  kind: string;
  payload: Record<string, unknown>;
  orderId: string | null;
  language: EmailLanguage;
  displayName: string;
  /** the public origin links point at */
  origin: string;
  /** the page that turns this kind off */
  unsubscribeUrl: string;
};

/** The words around the notifications (the notifications' own sentences are in notification-sentences.ts). */
const WORDS = {
  'zh-CN': {
    site: '数据标注订单对接服务平台',
    greeting: (name: string) => `${name}，您好：`,
    open: '查看详情',
    why: '您收到这封邮件，是因为您开启了此类通知的邮件提醒。',
    unsubscribe: '不再接收此类邮件',
    settings: '邮件设置',
    digestSubject: (n: number) => `今日通知摘要（${n} 条）`,
    digestIntro: (n: number) => `自上次摘要以来，您有 ${n} 条通知：`,
    digestWhy: '您收到这封摘要，是因为您选择了按日汇总部分通知。',
    unsubscribeDigest: '不再接收每日摘要',
    automatic: '此邮件由系统自动发送，请勿直接回复。',
  },
  en: {
    site: 'Data Annotation Order Exchange',
    greeting: (name: string) => `Hello ${name},`,
    open: 'Open',
    why: 'You receive this e-mail because e-mail is on for this kind of notification.',
    unsubscribe: 'Stop e-mails of this kind',
    settings: 'E-mail settings',
    digestSubject: (n: number) => `Your daily summary (${n} notification${n === 1 ? '' : 's'})`,
    digestIntro: (n: number) => `You have ${n} notification${n === 1 ? '' : 's'} since the last summary:`,
    digestWhy: 'You receive this summary because you chose a daily summary for some notifications.',
    unsubscribeDigest: 'Stop the daily summary',
    automatic: 'This e-mail was sent automatically; replies are not read.',
  },
} as const;

/** The path of the user's e-mail settings page. */
export const EMAIL_SETTINGS_PATH = '/settings/email';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe for HTML (payloads hold what users typed: titles, reasons, names). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/** A subject line: one line, at most 150 characters. */
function subjectLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 150 ? `${line.slice(0, 149)}…` : line;
}

// pages that mark the notification read when opened with ?n=
const MARKS_READ = /^\/(orders|policy\/cases|announcements|events)\//;

/** The absolute link to a notification's page. */
function itemUrl(origin: string, n: { id: number; kind: string; orderId: string | null; payload: Record<string, unknown> }): string {
  const path = notificationPath(n);
  return `${origin}${path}${MARKS_READ.test(path) ? `?n=${n.id}` : ''}`;
}

/** The shared HTML frame: the site's name, the body, the footer with the unsubscribe and settings links. */
function layout(lang: EmailLanguage, body: string, footer: { why: string; unsubscribeUrl: string; unsubscribe: string; settingsUrl: string }): string {
  const w = WORDS[lang];
  const link = 'color:#1d4ed8';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(w.site)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;color:#111827">
<div style="max-width:600px;margin:0 auto;padding:24px 16px">
<div style="font-size:14px;font-weight:600;color:#374151;padding-bottom:12px">${escapeHtml(w.site)}</div>
<div style="background:#ffffff;border-radius:8px;padding:24px;font-size:15px;line-height:1.6">
${body}
</div>
<div style="font-size:12px;color:#6b7280;padding:16px 4px;line-height:1.5">
<p style="margin:0 0 6px">${escapeHtml(footer.why)}</p>
<p style="margin:0 0 6px"><a href="${escapeHtml(footer.unsubscribeUrl)}" style="${link}">${escapeHtml(footer.unsubscribe)}</a> · <a href="${escapeHtml(footer.settingsUrl)}" style="${link}">${escapeHtml(w.settings)}</a></p>
<p style="margin:0">${escapeHtml(w.automatic)}</p>
</div>
</div>
</body></html>
`;
}

const button = (href: string, label: string) =>
  `<p style="margin:20px 0 0"><a href="${escapeHtml(href)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:8px 16px;border-radius:6px">${escapeHtml(label)}</a></p>`;

/** The e-mail copy of one notification, in the recipient's language. */
export function renderNotificationMail(m: NotificationMailInput): MailContent {
  const w = WORDS[m.language];
  const sentence = notificationSentence(m.kind, m.payload, m.language);
  const url = itemUrl(m.origin, { id: m.notificationId, kind: m.kind, orderId: m.orderId, payload: m.payload });
  const settingsUrl = `${m.origin}${EMAIL_SETTINGS_PATH}`;
  const textBody = [
    w.greeting(m.displayName), '', sentence, '', `${w.open}: ${url}`, '', '--', w.why,
    `${w.unsubscribe}: ${m.unsubscribeUrl}`, `${w.settings}: ${settingsUrl}`, w.automatic, '',
  ].join('\n');
  const body = `<p style="margin:0 0 12px">${escapeHtml(w.greeting(m.displayName))}</p>
<p style="margin:0">${escapeHtml(sentence)}</p>
${button(url, w.open)}`;
  const htmlBody = layout(m.language, body, { why: w.why, unsubscribeUrl: m.unsubscribeUrl, unsubscribe: w.unsubscribe, settingsUrl });
  return { subject: subjectLine(sentence), textBody, htmlBody };
}

/** One notification told in a digest. */
export type DigestItem = { id: number; kind: string; payload: Record<string, unknown>; orderId: string | null; createdAt: Date };

/** The daily digest of a user's notifications, oldest first. */
export function renderDigestMail(m: {
  items: readonly DigestItem[];
  language: EmailLanguage;
  displayName: string;
  origin: string;
  unsubscribeUrl: string;
}): MailContent {
  const w = WORDS[m.language];
  const settingsUrl = `${m.origin}${EMAIL_SETTINGS_PATH}`;
  const lines = m.items.map((n) => ({
    time: beijingTime(n.createdAt.toISOString()),
    sentence: notificationSentence(n.kind, n.payload, m.language),
    url: itemUrl(m.origin, n),
  }));
  const textBody = [
    w.greeting(m.displayName), '', w.digestIntro(lines.length), '',
    ...lines.flatMap((l) => [`- ${l.time} ${l.sentence}`, `  ${l.url}`]),
    '', '--', w.digestWhy, `${w.unsubscribeDigest}: ${m.unsubscribeUrl}`, `${w.settings}: ${settingsUrl}`, w.automatic, '',
  ].join('\n');
  const list = lines
    .map((l) => `<li style="margin:0 0 12px"><span style="color:#6b7280;font-size:13px">${escapeHtml(l.time)}</span><br><a href="${escapeHtml(l.url)}" style="color:#111827">${escapeHtml(l.sentence)}</a></li>`)
    .join('\n');
  const body = `<p style="margin:0 0 12px">${escapeHtml(w.greeting(m.displayName))}</p>
<p style="margin:0 0 12px">${escapeHtml(w.digestIntro(lines.length))}</p>
<ul style="margin:0;padding-left:20px">
${list}
</ul>`;
  const htmlBody = layout(m.language, body, { why: w.digestWhy, unsubscribeUrl: m.unsubscribeUrl, unsubscribe: w.unsubscribeDigest, settingsUrl });
  return { subject: w.digestSubject(lines.length), textBody, htmlBody };
}
