import {
  EmailPreferences, OutboxMailDetail, OutboxMailList, type OutboxQuery, type ResubscribeRequest, UnsubscribeResult, type UpdateEmailPreferences,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

/** The calls of e-mail: the user's settings, the unsubscribe links (signed out) and the secretariat's outbox. */
export function emailCalls(call: CallFn) {
  return {
    /** GET /me/email — the language of my e-mails and every kind's mode beside its default. */
    emailPreferences: () => call({ method: 'GET', path: '/me/email', schema: EmailPreferences }),
    /** PUT /me/email — the language and the modes of the kinds given. */
    updateEmailPreferences: (body: UpdateEmailPreferences) => call({ method: 'PUT', path: '/me/email', body, schema: EmailPreferences }),
    /** POST /email/unsubscribe — turns off what an e-mail's link names (no sign-in: the token decides). */
    unsubscribeEmail: (token: string) => call({ method: 'POST', path: '/email/unsubscribe', body: { token }, schema: UnsubscribeResult }),
    /** POST /email/resubscribe — turns it on again with the same token. */
    resubscribeEmail: (body: ResubscribeRequest) => call({ method: 'POST', path: '/email/resubscribe', body, schema: UnsubscribeResult }),
    /** GET /admin/mail — the outbox, newest first (secretariat). */
    outboxMail: (q: { cursor?: string | null; limit?: number; status?: OutboxQuery['status']; to?: string } = {}) =>
      call({
        method: 'GET', path: '/admin/mail',
        query: { cursor: q.cursor ?? undefined, limit: q.limit ? String(q.limit) : undefined, status: q.status, to: q.to || undefined },
        schema: OutboxMailList,
      }),
    /** GET /admin/mail/{id} — one e-mail with its text and HTML (secretariat). */
    outboxMailById: (mailId: string) => call({ method: 'GET', path: `/admin/mail/${encodeURIComponent(mailId)}`, schema: OutboxMailDetail }),
  };
}
