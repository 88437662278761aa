import { type ClaimedEmailRow, type Sql, email, users, withTransaction } from '@annex/db';
import { type SmtpFailure, digestCutoff, nextEmailAttempt } from '@annex/domain';
import type { Logger } from 'pino';
import { type MailContent, renderDigestMail, renderNotificationMail } from './render.ts';
import type { MailTransport } from './transport.ts';
import { signUnsubscribeToken } from './unsubscribe-token.ts';

/** What the sender works with. */
export type MailerContext = {
  sql: Sql;
  transport: MailTransport;
  logger: Logger;
  /** the public origin links in e-mails point at */
  origin: string;
  /** the sender address (MAIL_FROM), whose domain ends every Message-ID */
  from: string;
  /** the clock of retry times and digest cutoffs (tests move it) */
  now?: () => Date;
};

/** The two unsubscribe addresses of a user's kind: the page a person opens, and the one-click POST of mail clients. */
export function unsubscribeUrls(origin: string, key: string, userId: string, kind: string) {
  const token = encodeURIComponent(signUnsubscribeToken(key, userId, kind));
  return { page: `${origin}/email/unsubscribe?t=${token}`, oneClick: `${origin}/api/v1/email/one-click-unsubscribe?t=${token}` };
}

const domainOf = (from: string) => /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

/** The SMTP client's error as the retry rule reads it. */
function smtpFailure(err: unknown): SmtpFailure {
  const e = err as { responseCode?: unknown; code?: unknown };
  return { responseCode: typeof e.responseCode === 'number' ? e.responseCode : null, code: typeof e.code === 'string' ? e.code : null };
}

/** The e-mail's text, written at its first attempt and kept (retries send the same words). */
async function contentOf(ctx: MailerContext, row: ClaimedEmailRow, pageUrl: string): Promise<MailContent | null> {
  if (row.subject !== null && row.textBody !== null && row.htmlBody !== null) {
    return { subject: row.subject, textBody: row.textBody, htmlBody: row.htmlBody };
  }
  if (row.notificationId === null || row.payload === null) return null;
  const content = renderNotificationMail({
    notificationId: row.notificationId, kind: row.kind, payload: row.payload, orderId: row.orderId, language: row.language,
    displayName: row.displayName, origin: ctx.origin, unsubscribeUrl: pageUrl,
  });
  await email.saveRendered(ctx.sql, row.id, content);
  return content;
}

/**
 * Sends the e-mails that are due, each claimed with FOR UPDATE SKIP LOCKED and a lease, so several API processes
 * send each message once. A 5xx reply fails it for good; anything else is tried again on the domain's schedule.
 */
export async function sendDueEmails(ctx: MailerContext, limit = 20): Promise<{ sent: number; retried: number; failed: number }> {
  const claimed = await email.claimDue(ctx.sql, limit);
  const counts = { sent: 0, retried: 0, failed: 0 };
  for (const row of claimed) {
    try {
      const settings = await email.settings(ctx.sql, row.userId);
      if (!settings) throw new Error('the recipient no longer exists');
      const urls = unsubscribeUrls(ctx.origin, settings.unsubscribeKey, row.userId, row.kind);
      const content = await contentOf(ctx, row, urls.page);
      if (!content) {
        await email.markFailed(ctx.sql, row.id, 'the notification was deleted before its e-mail was written');
        counts.failed += 1;
        continue;
      }
      const { messageId } = await ctx.transport.send({
        to: row.recipient, subject: content.subject, text: content.textBody, html: content.htmlBody, language: row.language,
        messageId: `<annex-${row.id}-${row.createdAt.getTime()}@${domainOf(ctx.from)}>`, unsubscribeUrl: urls.oneClick,
      });
      await email.markSent(ctx.sql, row.id, messageId);
      counts.sent += 1;
    } catch (err) {
      const failure = smtpFailure(err);
      const message = (err as Error).message ?? String(err);
      const next = nextEmailAttempt(row.attempts, failure, (ctx.now ?? (() => new Date()))());
      if (next.retry) {
        await email.retryAt(ctx.sql, row.id, next.at, message);
        counts.retried += 1;
        ctx.logger.warn({ emailId: row.id, attempts: row.attempts, retryAt: next.at, err: message }, 'e-mail not sent; will retry');
      } else {
        await email.markFailed(ctx.sql, row.id, message);
        counts.failed += 1;
        ctx.logger.error({ emailId: row.id, attempts: row.attempts, reason: next.reason, err: message }, 'e-mail failed for good');
      }
    }
  }
  return counts;
}

/**
 * Writes the daily digest of every user whose digest is due (its notifications created before today's 08:00
 * Shanghai) and queues it for the sender. Each user's items are taken under row locks in one transaction, so two
 * processes never write two digests of the same items. Returns how many digests were queued.
 */
export async function queueDueDigests(ctx: Omit<MailerContext, 'transport' | 'from'>, limit = 50): Promise<number> {
  const cutoff = digestCutoff((ctx.now ?? (() => new Date()))());
  let queued = 0;
  for (const userId of await email.usersWithDigestDue(ctx.sql, cutoff, limit)) {
    queued += await withTransaction(ctx.sql, async (tx) => {
      const items = await email.takeDigestItems(tx, userId, cutoff);
      const [settings, user] = await Promise.all([email.settings(tx, userId), users.findById(tx, userId)]);
      if (items.length === 0 || !settings || !user) {
        await email.queueDigest(tx, userId, cutoff, null);
        return 0;
      }
      const content = renderDigestMail({
        items, language: settings.language, displayName: user.displayName, origin: ctx.origin,
        unsubscribeUrl: unsubscribeUrls(ctx.origin, settings.unsubscribeKey, userId, 'digest').page,
      });
      return (await email.queueDigest(tx, userId, cutoff, { ...content, language: settings.language })) === null ? 0 : 1;
    });
  }
  return queued;
}

/** The e-mail sender of an API process: a loop over `sendDueEmails`. */
export type MailSender = { tick(): Promise<{ sent: number; retried: number; failed: number }>; stop(): Promise<void> };

/** Starts the sender loop: a pass every `intervalMs` (default 2 s), at once again while a full batch came back. */
export function startMailSender(ctx: MailerContext, opts: { intervalMs?: number; loop?: boolean } = {}): MailSender {
  const log = ctx.logger;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | null = null;
  const BATCH = 20;
  const tick = () => sendDueEmails(ctx, BATCH);
  const loop = async () => {
    if (stopped) return;
    let full = false;
    inFlight = tick()
      .then((c) => { full = c.sent + c.retried + c.failed >= BATCH; })
      .catch((err) => log.error({ err }, 'e-mail pass failed'));
    await inFlight;
    inFlight = null;
    if (!stopped) timer = setTimeout(loop, full ? 0 : (opts.intervalMs ?? 2000)).unref();
  };
  if (opts.loop !== false) timer = setTimeout(loop, 0).unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      ctx.transport.close();
    },
  };
}
