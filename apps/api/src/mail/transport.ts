import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** A message as handed to the transport. */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  /** stable across retries, so a receiver can tell a repeat */
  messageId: string;
  /** the one-click unsubscribe address (List-Unsubscribe, RFC 8058) */
  unsubscribeUrl: string;
};

/** Where e-mails go: an SMTP server, or (embedded mode) the log. */
export type MailTransport = {
  kind: 'smtp' | 'log';
  /** resolves with the Message-ID the server accepted; rejects with the SMTP client's error */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
};

const headers = (m: OutgoingMail) => ({
  'List-Unsubscribe': `<${m.unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  'Content-Language': m.language,
  // no out-of-office replies to robots
  'Auto-Submitted': 'auto-generated',
});

/** Sends through the SMTP server of `url` (smtp://user:pass@host:587, smtps://… for implicit TLS) from `from`. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(m) {
      const info = await transporter.sendMail({
        from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: headers(m),
      });
      return { messageId: info.messageId || m.messageId };
    },
    close: () => transporter.close(),
  };
}

/**
 * The embedded mode's transport: writes each message to the log and sends nothing. The outbox keeps the message,
 * so the secretariat reads it on the mail viewer page (/admin/mail).
 */
export function logTransport(log: Logger): MailTransport {
  return {
    kind: 'log',
    async send(m) {
      log.info({ to: m.to, subject: m.subject, messageId: m.messageId, text: m.text }, 'e-mail (not sent: no SMTP_URL; see /admin/mail)');
      return { messageId: m.messageId };
    },
    close() {},
  };
}
