import { EMAIL_LANGUAGES, EMAIL_MODES } from '@annex/domain';
import { z } from 'zod';
import { Cursor, IsoDateTime, Limit } from './common.ts';
import { NOTIFICATION_KINDS } from './marketplace.ts';

// E-mail copies of notifications (packages/domain email.ts): the user's choices per kind, the unsubscribe link that
// works signed out, and the outbox the secretariat reads on its mail viewer.

export const EmailModeSchema = z.enum(EMAIL_MODES);
export const EmailLanguageSchema = z.enum(EMAIL_LANGUAGES);
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);

/** GET /me/email: the language of the user's e-mails and, for every kind, the mode in effect and the default. */
export const EmailPreferences = z.object({
  email: z.string(),
  language: EmailLanguageSchema,
  kinds: z.array(z.object({ kind: NotificationKindSchema, mode: EmailModeSchema, defaultMode: EmailModeSchema })),
});
export type EmailPreferences = z.infer<typeof EmailPreferences>;

/** PUT /me/email: the language, and modes for some kinds (the others keep theirs). */
export const UpdateEmailPreferences = z.strictObject({
  language: EmailLanguageSchema.optional(),
  modes: z.partialRecord(NotificationKindSchema, EmailModeSchema).optional(),
});
export type UpdateEmailPreferences = z.infer<typeof UpdateEmailPreferences>;

/** The token of an unsubscribe link (`<user>.<kind>.<signature>`). */
export const UnsubscribeToken = z.string().min(1).max(200);

/** POST /email/unsubscribe. */
export const UnsubscribeRequest = z.strictObject({ token: UnsubscribeToken });
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequest>;

/** What an unsubscribe link turned off. `kind` is a notification kind, or `digest` for the daily digest. */
export const UnsubscribeResult = z.object({
  kind: z.union([NotificationKindSchema, z.literal('digest')]),
  /** the kinds now off (for `digest`: every kind that was in the digest) */
  kinds: z.array(NotificationKindSchema),
  /** the mode they had: what turning them on again restores */
  previousMode: EmailModeSchema,
  /** the address (partly hidden), so the reader knows whose mail it is */
  email: z.string(),
});
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;

/** POST /email/resubscribe: turns the kinds of an unsubscribe link on again. */
export const ResubscribeRequest = z.strictObject({
  token: UnsubscribeToken,
  mode: z.enum(['immediate', 'digest']),
  /** for a digest link: which kinds go back into the digest (default: none but what the link names) */
  kinds: z.array(NotificationKindSchema).max(NOTIFICATION_KINDS.length).optional(),
});
export type ResubscribeRequest = z.infer<typeof ResubscribeRequest>;

/** The outbox's statuses as the mail viewer filters by them. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'digest'] as const;

/** An e-mail of the outbox, as the secretariat's mail viewer lists it. */
export const OutboxMail = z.object({
  id: z.string(),
  recipient: z.string(),
  kind: z.string(),
  language: EmailLanguageSchema,
  subject: z.string().nullable(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable(),
  createdAt: IsoDateTime,
  sentAt: IsoDateTime.nullable(),
});
export type OutboxMail = z.infer<typeof OutboxMail>;

/** One e-mail with its bodies. */
export const OutboxMailDetail = OutboxMail.extend({ textBody: z.string().nullable(), htmlBody: z.string().nullable() });
export type OutboxMailDetail = z.infer<typeof OutboxMailDetail>;

export const OutboxMailList = z.object({
  items: z.array(OutboxMail),
  nextCursor: z.string().nullable(),
  /** smtp: sent to the SMTP server of SMTP_URL; log: the embedded mode, nothing leaves the machine */
  transport: z.enum(['smtp', 'log']),
});
export type OutboxMailList = z.infer<typeof OutboxMailList>;

export const OutboxQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  /** only e-mails in this state */
  status: z.enum(OUTBOX_STATUSES).optional(),
  /** only e-mails whose recipient's address contains this text (case-insensitive) */
  to: z.string().trim().min(1).max(254).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;
