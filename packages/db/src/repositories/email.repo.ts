import type { EmailLanguage, EmailMode } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeIdCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** A user's e-mail settings (created with the defaults on first read). */
export type EmailSettingsRow = { userId: string; language: EmailLanguage; unsubscribeKey: string };

/** Where a queued e-mail stands. */
export type EmailStatus = 'digest' | 'digested' | 'pending' | 'sent' | 'failed';

/** One e-mail of the outbox. */
export type EmailRow = {
  id: number;
  userId: string;
  recipient: string;
  kind: string;
  notificationId: number | null;
  language: EmailLanguage;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  messageId: string | null;
  digestId: number | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** A claimed e-mail with what its text is written from: the notification and the recipient's name. */
export type ClaimedEmailRow = EmailRow & {
  payload: Record<string, unknown> | null;
  orderId: string | null;
  displayName: string;
};

/** A notification waiting for its digest. */
export type DigestItemRow = { id: number; kind: string; payload: Record<string, unknown>; orderId: string | null; createdAt: Date };

/** The written message of an e-mail, kept so retries send the same text. */
export type RenderedEmail = { subject: string; textBody: string; htmlBody: string };

/** E-mail preferences, settings and the outbox the sender works through (several processes safely). */
export const email = {
  /** The user's settings, created with the defaults (zh-CN, a fresh unsubscribe key) when they have none. */
  async settings(db: Db, userId: string): Promise<EmailSettingsRow | null> {
    if (!isUuid(userId)) return null;
    const [row] = await db<EmailSettingsRow[]>`
      with made as (
        insert into email_settings (user_id) select id from users where id = ${userId}
        on conflict (user_id) do nothing
        returning user_id, language, unsubscribe_key)
      select * from made
      union all
      select user_id, language, unsubscribe_key from email_settings where user_id = ${userId}`;
    if (row) return row;
    // another transaction made the row after this statement's snapshot was taken: read it now
    const [made] = await db<EmailSettingsRow[]>`select user_id, language, unsubscribe_key from email_settings where user_id = ${userId}`;
    return made ?? null;
  },

  /** Sets the language of the user's e-mails. */
  async setLanguage(db: Db, userId: string, language: EmailLanguage): Promise<void> {
    await db`
      insert into email_settings (user_id, language) values (${userId}, ${language})
      on conflict (user_id) do update set language = excluded.language, updated_at = now()`;
  },

  /** The modes the user chose (kinds without a row follow the defaults). */
  async chosenModes(db: Db, userId: string): Promise<Record<string, EmailMode>> {
    if (!isUuid(userId)) return {};
    const rows = await db<{ kind: string; mode: EmailMode }[]>`
      select kind, mode from email_preferences where user_id = ${userId}`;
    return Object.fromEntries(rows.map((r) => [r.kind, r.mode]));
  },

  /** Records the user's choices for some kinds. */
  async setModes(db: Db, userId: string, modes: Readonly<Record<string, EmailMode>>): Promise<void> {
    const rows = Object.entries(modes).map(([kind, mode]) => ({ kind, mode }));
    if (rows.length === 0) return;
    await db`
      insert into email_preferences (user_id, kind, mode)
      select ${userId}, r.kind, r.mode from jsonb_to_recordset(${db.json(rows as never)}::jsonb) as r(kind text, mode text)
      on conflict (user_id, kind) do update set mode = excluded.mode, updated_at = now()`;
  },

  /** The defaults the queueing trigger applies (kind → mode). */
  async defaultModes(db: Db): Promise<Record<string, EmailMode>> {
    const rows = await db<{ kind: string; mode: EmailMode }[]>`select kind, mode from email_default_modes`;
    return Object.fromEntries(rows.map((r) => [r.kind, r.mode]));
  },

  /**
   * Claims up to `limit` pending e-mails that are due, skipping rows another sender holds: each claimed row's
   * attempts goes up by one and it is leased for `leaseSeconds`. Then `saveRendered`, and `markSent`, `retryAt`
   * or `markFailed` each.
   */
  async claimDue(db: Db, limit: number, opts: { leaseSeconds?: number } = {}): Promise<ClaimedEmailRow[]> {
    const lease = opts.leaseSeconds ?? 120;
    const rows = await db<ClaimedEmailRow[]>`
      with claimed as (
        update email_outbox e set attempts = e.attempts + 1, locked_until = clock_timestamp() + ${lease} * interval '1 second'
        where e.id in (
          select id from email_outbox
          where status = 'pending' and next_attempt_at <= clock_timestamp()
            and (locked_until is null or locked_until <= clock_timestamp())
          order by next_attempt_at, id
          limit ${Math.max(1, Math.trunc(limit))}
          for update skip locked)
        returning e.*)
      select c.*, n.payload, n.order_id, u.display_name
      from claimed c
      join users u on u.id = c.user_id
      left join notifications n on n.id = c.notification_id
      order by c.id`;
    return [...rows];
  },

  /** Keeps the written message of an e-mail (at its first attempt). */
  async saveRendered(db: Db, id: number, m: RenderedEmail): Promise<void> {
    await db`
      update email_outbox set subject = ${m.subject}, text_body = ${m.textBody}, html_body = ${m.htmlBody}
      where id = ${id}`;
  },

  /** The server accepted the message. */
  async markSent(db: Db, id: number, messageId: string | null): Promise<void> {
    await db`
      update email_outbox set status = 'sent', sent_at = clock_timestamp(), message_id = ${messageId}, locked_until = null,
        last_error = null
      where id = ${id} and status = 'pending'`;
  },

  /** A temporary failure: tried again at `at`. */
  async retryAt(db: Db, id: number, at: Date, error: string): Promise<void> {
    await db`
      update email_outbox set next_attempt_at = ${at}, locked_until = null, last_error = ${error.slice(0, 2000)}
      where id = ${id} and status = 'pending'`;
  },

  /** Given up: a permanent failure, or the retries ran out. */
  async markFailed(db: Db, id: number, error: string): Promise<void> {
    await db`
      update email_outbox set status = 'failed', locked_until = null, last_error = ${error.slice(0, 2000)}
      where id = ${id} and status = 'pending'`;
  },

  /** Users with notifications waiting for a digest that were created before `cutoff`. */
  async usersWithDigestDue(db: Db, cutoff: Date, limit = 100): Promise<string[]> {
    const rows = await db<{ userId: string }[]>`
      select distinct user_id from email_outbox
      where status = 'digest' and created_at < ${cutoff}
      limit ${limit}`;
    return rows.map((r) => r.userId);
  },

  /**
   * Locks and returns the user's notifications waiting for the digest due at `cutoff` (call in a transaction; a
   * second sender waits for the lock and then finds them taken).
   */
  async takeDigestItems(db: Db, userId: string, cutoff: Date): Promise<(DigestItemRow & { outboxId: number })[]> {
    const rows = await db<(DigestItemRow & { outboxId: number })[]>`
      with taken as (
        select id, notification_id from email_outbox
        where user_id = ${userId} and status = 'digest' and created_at < ${cutoff}
        order by id
        for update)
      select t.id as outbox_id, n.id, n.kind, n.payload, n.order_id, n.created_at
      from taken t join notifications n on n.id = t.notification_id
      order by n.id`;
    return [...rows];
  },

  /**
   * Queues the digest message for the user and marks the items it carries as digested; with no message (nothing
   * left to tell: the notifications are gone) only marks them. Returns the message's id, or null.
   */
  async queueDigest(db: Db, userId: string, cutoff: Date, m: (RenderedEmail & { language: EmailLanguage }) | null): Promise<number | null> {
    const [row] = m
      ? await db<{ id: number }[]>`
          insert into email_outbox (user_id, recipient, kind, language, subject, text_body, html_body, status)
          select id, email, 'digest', ${m.language}, ${m.subject}, ${m.textBody}, ${m.htmlBody}, 'pending' from users where id = ${userId}
          returning id`
      : [];
    await db`
      update email_outbox set status = 'digested', digest_id = ${row?.id ?? null}
      where user_id = ${userId} and status = 'digest' and created_at < ${cutoff}`;
    return row?.id ?? null;
  },

  /** One page of the outbox, newest first, of one status and recipients containing `to` if given (the operator's mail viewer). */
  async listRecent(
    db: Db, opts: { cursor?: string | null; limit?: number; status?: Exclude<EmailStatus, 'digested'>; to?: string } = {},
  ): Promise<{ items: EmailRow[]; nextCursor: string | null }> {
    const n = pageSize(opts.limit);
    const before = opts.cursor ? decodeIdCursor(opts.cursor) : null;
    const rows = await db<EmailRow[]>`
      select * from email_outbox where status <> 'digested' ${before === null ? db`` : db`and id < ${before}`}
        ${opts.status ? db`and status = ${opts.status}` : db``}
        ${opts.to ? db`and strpos(lower(recipient), lower(${opts.to})) > 0` : db``}
      order by id desc limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.id) : null };
  },

  /** One e-mail of the outbox. */
  async byId(db: Db, id: number): Promise<EmailRow | null> {
    if (!Number.isSafeInteger(id)) return null;
    const [row] = await db<EmailRow[]>`select * from email_outbox where id = ${id}`;
    return row ?? null;
  },
};
