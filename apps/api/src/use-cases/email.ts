import {
  type EmailPreferences, type OutboxMail, type OutboxMailDetail, type OutboxMailList, type OutboxQuery, type ResubscribeRequest, type UnsubscribeResult,
  type UpdateEmailPreferences, NOTIFICATION_KINDS, type NotificationKind,
} from '@annex/contracts';
import { type EmailRow, email, users, withTransaction } from '@annex/db';
import { type EmailMode, defaultEmailMode, effectiveEmailMode } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { readUnsubscribeToken, verifyUnsubscribeToken } from '../mail/unsubscribe-token.ts';
import { type Deps, db } from './context.ts';
import { readPage } from './guards.ts';

// The user's e-mail settings (their own page), the unsubscribe link that works signed out, and the secretariat's
// view of the outbox.

/** GET /me/email: the language and every kind's mode in effect beside its default. */
export async function getEmailPreferences(deps: Deps, auth: AuthContext): Promise<EmailPreferences> {
  const [settings, chosen] = await Promise.all([email.settings(db(deps), auth.user.id), email.chosenModes(db(deps), auth.user.id)]);
  return {
    email: auth.user.email,
    language: settings?.language ?? 'zh-CN',
    kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, mode: effectiveEmailMode(kind, chosen[kind]), defaultMode: defaultEmailMode(kind) })),
  };
}

/** PUT /me/email: the language and the modes of the kinds given. */
export async function updateEmailPreferences(deps: Deps, auth: AuthContext, input: UpdateEmailPreferences): Promise<EmailPreferences> {
  await withTransaction(db(deps), async (tx) => {
    if (input.language) await email.setLanguage(tx, auth.user.id, input.language);
    if (input.modes) await email.setModes(tx, auth.user.id, input.modes as Record<string, EmailMode>);
  });
  return getEmailPreferences(deps, auth);
}

const INVALID_LINK = 'this unsubscribe link is not valid (it may be incomplete, or older than a change of your e-mail settings); sign in and open the e-mail settings instead';

/** The user and kind of a genuine unsubscribe token, else 404. */
async function checkToken(deps: Deps, token: string) {
  const t = readUnsubscribeToken(token);
  const settings = t ? await email.settings(db(deps), t.userId) : null;
  if (!t || !settings || !verifyUnsubscribeToken(settings.unsubscribeKey, t)) throw new AppError('not_found', INVALID_LINK);
  if (t.kind !== 'digest' && !(NOTIFICATION_KINDS as readonly string[]).includes(t.kind)) throw new AppError('not_found', INVALID_LINK);
  const user = await users.findById(db(deps), t.userId);
  if (!user) throw new AppError('not_found', INVALID_LINK);
  return { userId: t.userId, kind: t.kind as NotificationKind | 'digest', email: user.email };
}

/** An address with most of its local part hidden: zhang.san@example.cn → zh•••@example.cn. */
const maskEmail = (address: string) => {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}•••@${domain}`;
};

/**
 * POST /email/unsubscribe (and the one-click POST of mail clients): turns off the kind the link names — for the
 * digest's link, every kind that was in the digest. Repeating it changes nothing.
 */
export async function unsubscribe(deps: Deps, token: string): Promise<UnsubscribeResult> {
  const t = await checkToken(deps, token);
  return withTransaction(db(deps), async (tx) => {
    const chosen = await email.chosenModes(tx, t.userId);
    const kinds: NotificationKind[] = t.kind === 'digest'
      ? NOTIFICATION_KINDS.filter((k) => effectiveEmailMode(k, chosen[k]) === 'digest')
      : [t.kind];
    const previousMode: EmailMode = t.kind === 'digest' ? 'digest' : effectiveEmailMode(t.kind, chosen[t.kind]);
    await email.setModes(tx, t.userId, Object.fromEntries(kinds.map((k) => [k, 'off' as const])));
    return { kind: t.kind, kinds, previousMode, email: maskEmail(t.email) };
  });
}

/** POST /email/resubscribe: turns the link's kind on again (a digest link: the kinds given, back into the digest). */
export async function resubscribe(deps: Deps, input: ResubscribeRequest): Promise<UnsubscribeResult> {
  const t = await checkToken(deps, input.token);
  if (t.kind === 'digest' && input.mode !== 'digest') {
    throw new AppError('validation_failed', 'a digest link puts kinds back into the digest only', { errors: [{ path: 'mode', message: 'must be digest' }] });
  }
  const kinds = t.kind === 'digest' ? [...new Set(input.kinds ?? [])] : [t.kind];
  await email.setModes(db(deps), t.userId, Object.fromEntries(kinds.map((k) => [k, input.mode])));
  return { kind: t.kind, kinds, previousMode: 'off', email: maskEmail(t.email) };
}

const toOutboxMail = (r: EmailRow): OutboxMail => ({
  id: String(r.id),
  recipient: r.recipient,
  kind: r.kind,
  language: r.language,
  subject: r.subject,
  status: r.status === 'digested' ? 'sent' : r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
  lastError: r.lastError,
  messageId: r.messageId,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
});

/** GET /admin/mail: the outbox, newest first (secretariat; the embedded mode's mail viewer). */
export async function listOutbox(deps: Deps, q: OutboxQuery): Promise<OutboxMailList> {
  const page = await readPage(() => email.listRecent(db(deps), q));
  return { items: page.items.map(toOutboxMail), nextCursor: page.nextCursor, transport: deps.config.smtpUrl ? 'smtp' : 'log' };
}

/** GET /admin/mail/{id}: one e-mail with its text and HTML. */
export async function getOutboxMail(deps: Deps, id: string): Promise<OutboxMailDetail> {
  const row = /^\d{1,15}$/.test(id) ? await email.byId(db(deps), Number(id)) : null;
  if (!row || row.status === 'digested') throw new AppError('not_found', 'no such e-mail');
  return { ...toOutboxMail(row), textBody: row.textBody, htmlBody: row.htmlBody };
}
