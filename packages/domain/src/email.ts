/**
 * E-mail copies of notifications: which kinds a user receives and how (off, immediately, in a daily digest), when a
 * failed message is tried again, and when the daily digest is due. Pure: the caller passes `now`.
 */

/** How a user receives one kind of notification by e-mail. */
export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** The languages e-mails are written in (the user's choice; zh-CN until they choose). */
export const EMAIL_LANGUAGES = ['zh-CN', 'en'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/**
 * The kinds a user receives immediately unless they chose otherwise: what costs money or a deadline when missed —
 * deadlines, awards, contracts, payments and the acceptance clock. Every other kind stays in the inbox only.
 * The migration's `email_default_modes` table holds the same list (a test compares them), so the trigger that
 * queues e-mails decides without asking the API.
 */
export const EMAIL_IMMEDIATE_BY_DEFAULT: readonly string[] = [
  'deadline_soon', 'bidding_closed',
  'award_made', 'bid_awarded', 'bid_not_awarded', 'bid_disqualified', 'objection_filed', 'objection_decided', 'award_final',
  'contract_proposed', 'contract_changes_requested', 'contract_active', 'change_order_proposed', 'change_order_decided',
  'termination_proposed', 'termination_decided', 'contract_terminated',
  'batch_delivered', 'batch_rejected', 'batch_auto_accept_soon', 'batch_disputed', 'batch_dispute_decided',
  'payment_invoiced', 'payment_paid', 'payment_confirmed', 'payment_due_soon', 'payment_overdue', 'payment_disputed',
  'payment_dispute_decided',
];

const IMMEDIATE = new Set(EMAIL_IMMEDIATE_BY_DEFAULT);

/** The mode of a kind for a user who has not chosen one. */
export const defaultEmailMode = (kind: string): EmailMode => (IMMEDIATE.has(kind) ? 'immediate' : 'off');

/** The mode in effect: the user's choice, else the default. */
export const effectiveEmailMode = (kind: string, chosen: EmailMode | null | undefined): EmailMode => chosen ?? defaultEmailMode(kind);

/** How a failed attempt to hand a message to the SMTP server ended. */
export type SmtpFailure = {
  /** the SMTP reply code, when the server answered (e.g. 451, 550) */
  responseCode?: number | null;
  /** the error code of the client (ECONNECTION, ETIMEDOUT, EENVELOPE…) */
  code?: string | null;
};

/**
 * Whether trying again can help: a 5xx reply is the server's final word (no such mailbox, rejected content) and is
 * not retried — repeating it would only hurt the sender's reputation; 4xx replies (greylisting, mailbox busy) and
 * failures to reach the server are temporary.
 */
export function isPermanentSmtpFailure(f: SmtpFailure): boolean {
  const code = f.responseCode ?? null;
  return code !== null && code >= 500 && code < 600;
}

/** The retry schedule: 1 min, 2, 4 … doubling up to 2 h; given up after 12 attempts (≈ 13 h in all). */
export const EMAIL_RETRY = { baseSeconds: 60, maxSeconds: 7200, maxAttempts: 12 } as const;

/** What to do after a failed attempt (`attempts`: how many were made, this one included). */
export type EmailRetryDecision = { retry: true; at: Date } | { retry: false; reason: 'permanent' | 'exhausted' };

/** Decides whether and when a message whose attempt failed is tried again. */
export function nextEmailAttempt(
  attempts: number,
  failure: SmtpFailure,
  now: Date,
  schedule: { baseSeconds: number; maxSeconds: number; maxAttempts: number } = EMAIL_RETRY,
): EmailRetryDecision {
  if (isPermanentSmtpFailure(failure)) return { retry: false, reason: 'permanent' };
  if (attempts >= schedule.maxAttempts) return { retry: false, reason: 'exhausted' };
  const delay = Math.min(schedule.maxSeconds, schedule.baseSeconds * 2 ** Math.max(0, attempts - 1));
  return { retry: true, at: new Date(now.getTime() + delay * 1000) };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** The hour (Shanghai time) at which the daily digest goes out. */
export const DIGEST_HOUR = 8;

/**
 * The latest digest time at or before `now` (08:00 Shanghai): notifications created before it belong in the digest
 * due now, later ones wait for tomorrow's. Stateless, so any process may send the digest at any pass after 08:00.
 */
export function digestCutoff(now: Date): Date {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const todayAt = Math.floor(local / DAY_MS) * DAY_MS + DIGEST_HOUR * 3_600_000;
  const cutoffLocal = local >= todayAt ? todayAt : todayAt - DAY_MS;
  return new Date(cutoffLocal - SHANGHAI_OFFSET_MS);
}
