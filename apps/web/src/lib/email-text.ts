import type { NotificationKind } from '@annex/contracts';
import type { EmailMode } from '@annex/domain';
import type { Tone } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';

// Words of the e-mail pages: each notification kind's name and its group (what an unsubscribe link turned off, the
// sections of the settings page), the modes, and the outbox's statuses.

const GROUP = {
  orders: m.email_group_orders, questions: m.email_group_questions, bidding: m.email_group_bidding, award: m.email_group_award,
  matching: m.email_group_matching, contract: m.email_group_contract, delivery: m.email_group_delivery, payment: m.email_group_payment,
  reviews: m.email_group_reviews, policy: m.email_group_policy, alliance: m.email_group_alliance, statistics: m.email_group_statistics,
  account: m.email_group_account,
};
export type EmailGroup = keyof typeof GROUP;
/** The groups in the order a settings page lists them: an order's life from publication to payment, then the rest. */
export const EMAIL_GROUPS = Object.keys(GROUP) as EmailGroup[];

const BY_KIND: [RegExp, EmailGroup][] = [
  [/^question_/, 'questions'],
  [/^(bid_received|deadline_soon|bidding_closed)$/, 'bidding'],
  [/^(award_|bid_|objection_)/, 'award'],
  [/^(order_match|saved_search_match)$/, 'matching'],
  [/^(order_|catalogue_order_)/, 'orders'],
  [/^(contract_|change_order_|termination_)/, 'contract'],
  [/^batch_/, 'delivery'],
  [/^payment_/, 'payment'],
  [/^reviews?_/, 'reviews'],
  [/^policy_/, 'policy'],
  [/^(announcement_|event_|listing_|membership_)/, 'alliance'],
  [/^statistics_/, 'statistics'],
  [/^(api_token_|webhook_)/, 'account'],
];

/** The group of a notification kind (null: a kind this table does not know yet). */
export const emailGroupOf = (kind: string): EmailGroup | null => BY_KIND.find(([re]) => re.test(kind))?.[1] ?? null;
export const emailGroupLabel = (g: EmailGroup): string => GROUP[g]();

/** What an unsubscribe link names, in words: the kind's group, or the daily summary. */
export function emailKindLabel(kind: string): string {
  if (kind === 'digest') return m.email_group_digest();
  const group = emailGroupOf(kind);
  return group ? GROUP[group]() : kind;
}

/** Each notification kind's name, as a settings page lists it. */
export const EMAIL_KIND_NAME: Record<NotificationKind, () => string> = {
  order_submitted: m.ek_order_submitted, order_approved: m.ek_order_approved, order_rejected: m.ek_order_rejected,
  order_amended: m.ek_order_amended, order_cancelled: m.ek_order_cancelled, order_unsuccessful: m.ek_order_unsuccessful,
  order_completed: m.ek_order_completed, catalogue_order_published: m.ek_catalogue_order_published,
  question_asked: m.ek_question_asked, question_answered: m.ek_question_answered,
  bid_received: m.ek_bid_received, deadline_soon: m.ek_deadline_soon, bidding_closed: m.ek_bidding_closed,
  award_made: m.ek_award_made, bid_awarded: m.ek_bid_awarded, bid_not_awarded: m.ek_bid_not_awarded, bid_disqualified: m.ek_bid_disqualified,
  objection_filed: m.ek_objection_filed, objection_decided: m.ek_objection_decided, award_final: m.ek_award_final,
  order_match: m.ek_order_match, saved_search_match: m.ek_saved_search_match,
  policy_case_opened: m.ek_policy_case_opened, policy_case_status: m.ek_policy_case_status,
  policy_material_uploaded: m.ek_policy_material_uploaded, policy_material_reviewed: m.ek_policy_material_reviewed,
  policy_case_message: m.ek_policy_case_message,
  batch_delivered: m.ek_batch_delivered, batch_inspection_started: m.ek_batch_inspection_started, batch_accepted: m.ek_batch_accepted,
  batch_rejected: m.ek_batch_rejected, batch_auto_accept_soon: m.ek_batch_auto_accept_soon, batch_disputed: m.ek_batch_disputed,
  batch_dispute_decided: m.ek_batch_dispute_decided,
  payment_invoiced: m.ek_payment_invoiced, payment_paid: m.ek_payment_paid, payment_confirmed: m.ek_payment_confirmed,
  payment_due_soon: m.ek_payment_due_soon, payment_overdue: m.ek_payment_overdue, payment_disputed: m.ek_payment_disputed,
  payment_dispute_decided: m.ek_payment_dispute_decided,
  review_requested: m.ek_review_requested, review_window_closing: m.ek_review_window_closing, review_received: m.ek_review_received,
  reviews_revealed: m.ek_reviews_revealed, review_replied: m.ek_review_replied,
  contract_proposed: m.ek_contract_proposed, contract_changes_requested: m.ek_contract_changes_requested, contract_active: m.ek_contract_active,
  change_order_proposed: m.ek_change_order_proposed, change_order_decided: m.ek_change_order_decided,
  termination_proposed: m.ek_termination_proposed, termination_decided: m.ek_termination_decided, contract_terminated: m.ek_contract_terminated,
  api_token_created: m.ek_api_token_created, api_token_revoked: m.ek_api_token_revoked, webhook_disabled: m.ek_webhook_disabled,
  announcement_published: m.ek_announcement_published, event_published: m.ek_event_published, event_promoted: m.ek_event_promoted,
  event_cancelled: m.ek_event_cancelled, listing_curated: m.ek_listing_curated,
  membership_applied: m.ek_membership_applied, membership_decided: m.ek_membership_decided,
  statistics_period_opened: m.ek_statistics_period_opened, statistics_period_reopened: m.ek_statistics_period_reopened,
  statistics_due_soon: m.ek_statistics_due_soon, statistics_overdue: m.ek_statistics_overdue,
  statistics_report_corrected: m.ek_statistics_report_corrected,
};

/** A kind's name; a kind the web does not know yet (or the digest) as the outbox recorded it. */
export function emailKindName(kind: string): string {
  if (kind === 'digest') return m.mail_kind_digest();
  return Object.hasOwn(EMAIL_KIND_NAME, kind) ? EMAIL_KIND_NAME[kind as NotificationKind]() : kind;
}

export const EMAIL_MODE_LABEL: Record<EmailMode, () => string> = { off: m.es_mode_off, immediate: m.es_mode_immediate, digest: m.es_mode_digest };
export const EMAIL_MODE_HINT: Record<EmailMode, () => string> = {
  off: m.es_mode_off_hint, immediate: m.es_mode_immediate_hint, digest: m.es_mode_digest_hint,
};

/** Kinds by group, in the groups' order (a kind no group knows goes last, alone under its own name). */
export function groupKinds<T extends { kind: string }>(kinds: readonly T[]): { group: EmailGroup | null; label: string; kinds: T[] }[] {
  const known = EMAIL_GROUPS.map((group) => ({ group, label: GROUP[group](), kinds: kinds.filter((k) => emailGroupOf(k.kind) === group) }));
  const rest = kinds.filter((k) => emailGroupOf(k.kind) === null).map((k) => ({ group: null, label: k.kind, kinds: [k] }));
  return [...known.filter((g) => g.kinds.length > 0), ...rest];
}

/** An outbox e-mail's status in words and colour. */
export const OUTBOX_STATUS: Record<'pending' | 'sent' | 'failed' | 'digest', { label: () => string; tone: Tone }> = {
  pending: { label: m.mail_status_pending, tone: 'warning' },
  sent: { label: m.mail_status_sent, tone: 'success' },
  failed: { label: m.mail_status_failed, tone: 'danger' },
  digest: { label: m.mail_status_digest, tone: 'muted' },
};
