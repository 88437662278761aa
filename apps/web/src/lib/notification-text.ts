import type { NotificationKind } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';
import { MEMBERSHIP_TIER, caseStatusLabel, formatDateTime, formatNumber } from '#lib/i18n.ts';

const tierLabel = (t: string) => (t === 'council' || t === 'member' ? MEMBERSHIP_TIER[t]() : t);


type Payload = Record<string, unknown>;
const str = (p: Payload, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
const num = (p: Payload, k: string) => (typeof p[k] === 'number' ? (p[k] as number) : 0);

const milestone = (p: Payload) => ({ title: str(p, 'orderTitle'), milestone: str(p, 'milestoneName') });
const batch = (p: Payload) => ({ ...milestone(p), attempt: num(p, 'attempt') });

/** The sentence an inbox entry shows, from its kind and the facts in its payload (never a sealed amount). */
export const NOTIFICATION: Record<NotificationKind, (p: Payload) => string> = {
  order_submitted: (p) => m.nt_order_submitted({ title: str(p, 'orderTitle') }),
  order_approved: (p) => m.nt_order_approved({ title: str(p, 'orderTitle') }),
  order_rejected: (p) => m.nt_order_rejected({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  order_amended: (p) => m.nt_order_amended({ title: str(p, 'orderTitle') }),
  order_cancelled: (p) => m.nt_order_cancelled({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  order_unsuccessful: (p) => m.nt_order_unsuccessful({ title: str(p, 'orderTitle') }),
  question_asked: (p) => m.nt_question_asked({ title: str(p, 'orderTitle') }),
  question_answered: (p) => m.nt_question_answered({ title: str(p, 'orderTitle') }),
  bid_received: (p) =>
    str(p, 'vendorName')
      ? m.nt_bid_received_open({ title: str(p, 'orderTitle'), vendor: str(p, 'vendorName'), count: num(p, 'bidCount') })
      : m.nt_bid_received({ title: str(p, 'orderTitle'), count: num(p, 'bidCount') }),
  deadline_soon: (p) => m.nt_deadline_soon({ title: str(p, 'orderTitle') }),
  bidding_closed: (p) => m.nt_bidding_closed({ title: str(p, 'orderTitle'), count: num(p, 'bidCount') }),
  award_made: (p) => m.nt_award_made({ title: str(p, 'orderTitle'), winner: str(p, 'winner') }),
  bid_awarded: (p) => m.nt_bid_awarded({ title: str(p, 'orderTitle') }),
  bid_not_awarded: (p) => m.nt_bid_not_awarded({ title: str(p, 'orderTitle'), winner: str(p, 'winner') || '—' }),
  bid_disqualified: (p) => m.nt_bid_disqualified({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  objection_filed: (p) => m.nt_objection_filed({ title: str(p, 'orderTitle') }),
  objection_decided: (p) =>
    str(p, 'outcome') === 'upheld'
      ? m.nt_objection_upheld({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' })
      : m.nt_objection_rejected({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  award_final: (p) => m.nt_award_final({ title: str(p, 'orderTitle') }),
  order_match: (p) => m.nt_order_match({ title: str(p, 'orderTitle'), score: Math.round(num(p, 'score') * 10) / 10 }),
  saved_search_match: (p) => m.nt_saved_search_match({ title: str(p, 'orderTitle'), search: str(p, 'searchName') }),
  catalogue_order_published: (p) => m.nt_catalogue_order_published({ title: str(p, 'orderTitle'), entry: str(p, 'entryTitle') }),
  policy_case_opened: (p) => m.nt_policy_case_opened({ org: str(p, 'orgName'), service: str(p, 'serviceName') }),
  policy_case_status: (p) =>
    str(p, 'reason')
      ? m.nt_policy_case_status_reason({ service: str(p, 'serviceName'), status: caseStatusLabel(str(p, 'status')), reason: str(p, 'reason') })
      : m.nt_policy_case_status({ service: str(p, 'serviceName'), status: caseStatusLabel(str(p, 'status')) }),
  policy_material_uploaded: (p) =>
    m.nt_policy_material_uploaded({ org: str(p, 'orgName'), service: str(p, 'serviceName'), material: str(p, 'materialName') }),
  policy_material_reviewed: (p) =>
    str(p, 'materialStatus') === 'accepted'
      ? m.nt_policy_material_accepted({ service: str(p, 'serviceName'), material: str(p, 'materialName') })
      : m.nt_policy_material_correction({ service: str(p, 'serviceName'), material: str(p, 'materialName'), reason: str(p, 'reason') || '—' }),
  policy_case_message: (p) => m.nt_policy_case_message({ service: str(p, 'serviceName') }),
  batch_delivered: (p) =>
    m.nt_batch_delivered({ ...batch(p), items: formatNumber(num(p, 'itemCount')), ends: formatDateTime(str(p, 'reviewEndsAt')) }),
  batch_inspection_started: (p) => m.nt_batch_inspection_started(batch(p)),
  batch_accepted: (p) =>
    str(p, 'how') === 'review_window'
      ? m.nt_batch_auto_accepted(batch(p))
      : str(p, 'how') === 'secretariat'
        ? m.nt_batch_accepted_on_dispute(batch(p))
        : m.nt_batch_accepted(batch(p)),
  batch_rejected: (p) => m.nt_batch_rejected({ ...batch(p), reason: str(p, 'reason') || '—' }),
  batch_auto_accept_soon: (p) => m.nt_batch_auto_accept_soon({ ...batch(p), ends: formatDateTime(str(p, 'reviewEndsAt')) }),
  batch_disputed: (p) => m.nt_batch_disputed(batch(p)),
  batch_dispute_decided: (p) =>
    str(p, 'outcome') === 'overturned'
      ? m.nt_batch_dispute_overturned({ ...batch(p), reason: str(p, 'reason') || '—' })
      : m.nt_batch_dispute_upheld({ ...batch(p), reason: str(p, 'reason') || '—' }),
  payment_invoiced: (p) => m.nt_payment_invoiced({ ...milestone(p), invoice: str(p, 'invoiceNumber'), due: str(p, 'dueOn') }),
  payment_paid: (p) => m.nt_payment_paid({ ...milestone(p), paid: str(p, 'paidOn') }),
  payment_confirmed: (p) => m.nt_payment_confirmed(milestone(p)),
  payment_due_soon: (p) => m.nt_payment_due_soon({ ...milestone(p), due: str(p, 'dueOn') }),
  payment_overdue: (p) => m.nt_payment_overdue({ ...milestone(p), due: str(p, 'dueOn'), days: num(p, 'daysLate') }),
  payment_disputed: (p) => m.nt_payment_disputed(milestone(p)),
  payment_dispute_decided: (p) => m.nt_payment_dispute_decided({ ...milestone(p), reason: str(p, 'reason') || '—' }),
  order_completed: (p) => m.nt_order_completed({ title: str(p, 'orderTitle') }),
  review_requested: (p) => m.nt_review_requested({ title: str(p, 'orderTitle') }),
  review_window_closing: (p) => m.nt_review_window_closing({ title: str(p, 'orderTitle') }),
  review_received: (p) =>
    p.revealed === true ? m.nt_review_received_revealed({ title: str(p, 'orderTitle') }) : m.nt_review_received({ title: str(p, 'orderTitle') }),
  reviews_revealed: (p) => m.nt_reviews_revealed({ title: str(p, 'orderTitle') }),
  review_replied: (p) => m.nt_review_replied({ title: str(p, 'orderTitle') }),
  contract_proposed: (p) => m.nt_contract_proposed({ title: str(p, 'orderTitle'), number: num(p, 'number') }),
  contract_changes_requested: (p) => m.nt_contract_changes_requested({ title: str(p, 'orderTitle'), number: num(p, 'number'), message: str(p, 'message') || '—' }),
  contract_active: (p) => m.nt_contract_active({ title: str(p, 'orderTitle'), number: num(p, 'number') }),
  change_order_proposed: (p) => m.nt_change_order_proposed({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  change_order_decided: (p) =>
    str(p, 'outcome') === 'accepted' ? m.nt_change_order_accepted({ title: str(p, 'orderTitle'), number: num(p, 'number') })
    : str(p, 'outcome') === 'declined' ? m.nt_change_order_declined({ title: str(p, 'orderTitle'), message: str(p, 'message') })
    : m.nt_change_order_withdrawn({ title: str(p, 'orderTitle') }),
  termination_proposed: (p) => m.nt_termination_proposed({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  termination_decided: (p) =>
    str(p, 'outcome') === 'accepted' ? m.nt_termination_accepted({ title: str(p, 'orderTitle') })
    : str(p, 'outcome') === 'declined' ? m.nt_termination_declined({ title: str(p, 'orderTitle'), message: str(p, 'message') })
    : m.nt_termination_withdrawn({ title: str(p, 'orderTitle') }),
  contract_terminated: (p) => m.nt_contract_terminated({ title: str(p, 'orderTitle'), reason: str(p, 'reason') || '—' }),
  api_token_created: (p) => m.nt_api_token_created({ name: str(p, 'tokenName'), by: str(p, 'by') || '—' }),
  api_token_revoked: (p) => m.nt_api_token_revoked({ name: str(p, 'tokenName'), by: str(p, 'by') || '—' }),
  webhook_disabled: (p) => m.nt_webhook_disabled({ url: str(p, 'url'), failures: String(p.failures ?? '—') }),
  announcement_published: (p) => m.nt_announcement_published({ title: str(p, 'title') }),
  event_published: (p) => m.nt_event_published({ title: str(p, 'title'), time: formatDateTime(str(p, 'startsAt')) }),
  event_promoted: (p) => m.nt_event_promoted({ title: str(p, 'title'), time: formatDateTime(str(p, 'startsAt')) }),
  event_cancelled: (p) => m.nt_event_cancelled({ title: str(p, 'title'), reason: str(p, 'reason') || '—' }),
  listing_curated: (p) => {
    const words = { title: str(p, 'title'), reason: str(p, 'reason') || '—' };
    const action = str(p, 'action');
    return action === 'feature' ? m.nt_listing_featured(words)
      : action === 'unfeature' ? m.nt_listing_unfeatured(words)
      : action === 'hide' ? m.nt_listing_hidden(words)
      : m.nt_listing_unhidden(words);
  },
  membership_applied: (p) => m.nt_membership_applied({ org: str(p, 'orgName'), tier: tierLabel(str(p, 'tier')) }),
  membership_decided: (p) => {
    const reason = str(p, 'reason') || '—';
    switch (str(p, 'decision')) {
      case 'approve':
        return m.nt_membership_approved({ tier: tierLabel(str(p, 'tier')), no: str(p, 'memberNo'), date: str(p, 'joinedOn') });
      case 'reject':
        return m.nt_membership_rejected({ reason });
      case 'suspend':
        return m.nt_membership_suspended({ reason });
      default:
        return m.nt_membership_reinstated({ no: str(p, 'memberNo') });
    }
  },
  statistics_period_opened: (p) => m.nt_statistics_period_opened({ quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_period_reopened: (p) => m.nt_statistics_period_reopened({ quarter: str(p, 'quarter'), reason: str(p, 'reason') || '—' }),
  statistics_due_soon: (p) => m.nt_statistics_due_soon({ quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_overdue: (p) => m.nt_statistics_overdue({ quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_report_corrected: (p) =>
    m.nt_statistics_report_corrected({ org: str(p, 'orgName'), quarter: str(p, 'quarter'), version: num(p, 'version'), reason: str(p, 'reason') || '—' }),
};
