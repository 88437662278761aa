import type { NotificationKind } from '@annex/contracts';
import type { EmailLanguage } from '@annex/domain';
import { SENTENCES, type SentenceKey } from './notification-sentences.ts';

// The sentence of each notification kind for e-mails, chosen from the payload as the web's inbox does
// (apps/web/src/lib/notification-text.ts): a change there belongs here too.

type Payload = Record<string, unknown>;
type Vars = Record<string, string | number>;

const str = (p: Payload, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
const num = (p: Payload, k: string) => (typeof p[k] === 'number' ? (p[k] as number) : 0);
const orDash = (s: string) => s || '—';

/** Fills `{name}` in a sentence of `lang`. */
export function say(lang: EmailLanguage, key: SentenceKey, vars: Vars = {}): string {
  return SENTENCES[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A time as Beijing wall-clock (2026-12-07 18:30), as the web shows it. */
export function beijingTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

type Sentence = (p: Payload, lang: EmailLanguage) => string;
/** A kind told by one sentence whose only word is the order's title. */
const titled = (key: SentenceKey): Sentence => (p, l) => say(l, key, { title: str(p, 'orderTitle') });
const milestone = (p: Payload) => ({ title: str(p, 'orderTitle'), milestone: str(p, 'milestoneName') });
const batch = (p: Payload) => ({ ...milestone(p), attempt: num(p, 'attempt') });
const tier = (l: EmailLanguage, t: string) => (t === 'council' || t === 'member' ? say(l, `tier_${t}`) : t);
const caseStatus = (l: EmailLanguage, s: string) => (`pc_status_${s}` in SENTENCES ? say(l, `pc_status_${s}` as SentenceKey) : s);

/** The sentence an e-mail tells, from the notification's kind and payload (payloads never carry a sealed amount). */
export const NOTIFICATION_SENTENCE: Record<NotificationKind, Sentence> = {
  order_submitted: titled('order_submitted'),
  order_approved: titled('order_approved'),
  order_rejected: (p, l) => say(l, 'order_rejected', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  order_amended: titled('order_amended'),
  order_cancelled: (p, l) => say(l, 'order_cancelled', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  order_unsuccessful: titled('order_unsuccessful'),
  question_asked: titled('question_asked'),
  question_answered: titled('question_answered'),
  bid_received: (p, l) =>
    str(p, 'vendorName')
      ? say(l, 'bid_received_open', { title: str(p, 'orderTitle'), vendor: str(p, 'vendorName'), count: num(p, 'bidCount') })
      : say(l, 'bid_received', { title: str(p, 'orderTitle'), count: num(p, 'bidCount') }),
  deadline_soon: titled('deadline_soon'),
  bidding_closed: (p, l) => say(l, 'bidding_closed', { title: str(p, 'orderTitle'), count: num(p, 'bidCount') }),
  award_made: (p, l) => say(l, 'award_made', { title: str(p, 'orderTitle'), winner: str(p, 'winner') }),
  bid_awarded: titled('bid_awarded'),
  bid_not_awarded: (p, l) => say(l, 'bid_not_awarded', { title: str(p, 'orderTitle'), winner: orDash(str(p, 'winner')) }),
  bid_disqualified: (p, l) => say(l, 'bid_disqualified', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  objection_filed: titled('objection_filed'),
  objection_decided: (p, l) =>
    say(l, str(p, 'outcome') === 'upheld' ? 'objection_upheld' : 'objection_rejected', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  award_final: titled('award_final'),
  order_match: (p, l) => say(l, 'order_match', { title: str(p, 'orderTitle'), score: Math.round(num(p, 'score') * 10) / 10 }),
  saved_search_match: (p, l) => say(l, 'saved_search_match', { title: str(p, 'orderTitle'), search: str(p, 'searchName') }),
  catalogue_order_published: (p, l) => say(l, 'catalogue_order_published', { title: str(p, 'orderTitle'), entry: str(p, 'entryTitle') }),
  policy_case_opened: (p, l) => say(l, 'policy_case_opened', { org: str(p, 'orgName'), service: str(p, 'serviceName') }),
  policy_case_status: (p, l) =>
    str(p, 'reason')
      ? say(l, 'policy_case_status_reason', { service: str(p, 'serviceName'), status: caseStatus(l, str(p, 'status')), reason: str(p, 'reason') })
      : say(l, 'policy_case_status', { service: str(p, 'serviceName'), status: caseStatus(l, str(p, 'status')) }),
  policy_material_uploaded: (p, l) =>
    say(l, 'policy_material_uploaded', { org: str(p, 'orgName'), service: str(p, 'serviceName'), material: str(p, 'materialName') }),
  policy_material_reviewed: (p, l) =>
    str(p, 'materialStatus') === 'accepted'
      ? say(l, 'policy_material_accepted', { service: str(p, 'serviceName'), material: str(p, 'materialName') })
      : say(l, 'policy_material_correction', { service: str(p, 'serviceName'), material: str(p, 'materialName'), reason: orDash(str(p, 'reason')) }),
  policy_case_message: (p, l) => say(l, 'policy_case_message', { service: str(p, 'serviceName') }),
  batch_delivered: (p, l) =>
    say(l, 'batch_delivered', {
      ...batch(p), items: new Intl.NumberFormat(l).format(num(p, 'itemCount')), ends: beijingTime(str(p, 'reviewEndsAt')),
    }),
  batch_inspection_started: (p, l) => say(l, 'batch_inspection_started', batch(p)),
  batch_accepted: (p, l) =>
    say(l, str(p, 'how') === 'review_window' ? 'batch_auto_accepted' : str(p, 'how') === 'secretariat' ? 'batch_accepted_on_dispute' : 'batch_accepted', batch(p)),
  batch_rejected: (p, l) => say(l, 'batch_rejected', { ...batch(p), reason: orDash(str(p, 'reason')) }),
  batch_auto_accept_soon: (p, l) => say(l, 'batch_auto_accept_soon', { ...batch(p), ends: beijingTime(str(p, 'reviewEndsAt')) }),
  batch_disputed: (p, l) => say(l, 'batch_disputed', batch(p)),
  batch_dispute_decided: (p, l) =>
    say(l, str(p, 'outcome') === 'overturned' ? 'batch_dispute_overturned' : 'batch_dispute_upheld', { ...batch(p), reason: orDash(str(p, 'reason')) }),
  payment_invoiced: (p, l) => say(l, 'payment_invoiced', { ...milestone(p), invoice: str(p, 'invoiceNumber'), due: str(p, 'dueOn') }),
  payment_paid: (p, l) => say(l, 'payment_paid', { ...milestone(p), paid: str(p, 'paidOn') }),
  payment_confirmed: (p, l) => say(l, 'payment_confirmed', milestone(p)),
  payment_due_soon: (p, l) => say(l, 'payment_due_soon', { ...milestone(p), due: str(p, 'dueOn') }),
  payment_overdue: (p, l) => say(l, 'payment_overdue', { ...milestone(p), due: str(p, 'dueOn'), days: num(p, 'daysLate') }),
  payment_disputed: (p, l) => say(l, 'payment_disputed', milestone(p)),
  payment_dispute_decided: (p, l) => say(l, 'payment_dispute_decided', { ...milestone(p), reason: orDash(str(p, 'reason')) }),
  order_completed: titled('order_completed'),
  review_requested: titled('review_requested'),
  review_window_closing: titled('review_window_closing'),
  review_received: (p, l) => say(l, p.revealed === true ? 'review_received_revealed' : 'review_received', { title: str(p, 'orderTitle') }),
  reviews_revealed: titled('reviews_revealed'),
  review_replied: titled('review_replied'),
  contract_proposed: (p, l) => say(l, 'contract_proposed', { title: str(p, 'orderTitle'), number: num(p, 'number') }),
  contract_changes_requested: (p, l) =>
    say(l, 'contract_changes_requested', { title: str(p, 'orderTitle'), number: num(p, 'number'), message: orDash(str(p, 'message')) }),
  contract_active: (p, l) => say(l, 'contract_active', { title: str(p, 'orderTitle'), number: num(p, 'number') }),
  change_order_proposed: (p, l) => say(l, 'change_order_proposed', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  change_order_decided: (p, l) =>
    str(p, 'outcome') === 'accepted' ? say(l, 'change_order_accepted', { title: str(p, 'orderTitle'), number: num(p, 'number') })
    : str(p, 'outcome') === 'declined' ? say(l, 'change_order_declined', { title: str(p, 'orderTitle'), message: str(p, 'message') })
    : say(l, 'change_order_withdrawn', { title: str(p, 'orderTitle') }),
  termination_proposed: (p, l) => say(l, 'termination_proposed', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  termination_decided: (p, l) =>
    str(p, 'outcome') === 'accepted' ? say(l, 'termination_accepted', { title: str(p, 'orderTitle') })
    : str(p, 'outcome') === 'declined' ? say(l, 'termination_declined', { title: str(p, 'orderTitle'), message: str(p, 'message') })
    : say(l, 'termination_withdrawn', { title: str(p, 'orderTitle') }),
  contract_terminated: (p, l) => say(l, 'contract_terminated', { title: str(p, 'orderTitle'), reason: orDash(str(p, 'reason')) }),
  api_token_created: (p, l) => say(l, 'api_token_created', { name: str(p, 'tokenName'), by: orDash(str(p, 'by')) }),
  api_token_revoked: (p, l) => say(l, 'api_token_revoked', { name: str(p, 'tokenName'), by: orDash(str(p, 'by')) }),
  webhook_disabled: (p, l) => say(l, 'webhook_disabled', { url: str(p, 'url'), failures: String(p.failures ?? '—') }),
  announcement_published: (p, l) => say(l, 'announcement_published', { title: str(p, 'title') }),
  event_published: (p, l) => say(l, 'event_published', { title: str(p, 'title'), time: beijingTime(str(p, 'startsAt')) }),
  event_promoted: (p, l) => say(l, 'event_promoted', { title: str(p, 'title'), time: beijingTime(str(p, 'startsAt')) }),
  event_cancelled: (p, l) => say(l, 'event_cancelled', { title: str(p, 'title'), reason: orDash(str(p, 'reason')) }),
  listing_curated: (p, l) => {
    const words = { title: str(p, 'title'), reason: orDash(str(p, 'reason')) };
    const action = str(p, 'action');
    return say(l, action === 'feature' ? 'listing_featured' : action === 'unfeature' ? 'listing_unfeatured' : action === 'hide' ? 'listing_hidden' : 'listing_unhidden', words);
  },
  membership_applied: (p, l) => say(l, 'membership_applied', { org: str(p, 'orgName'), tier: tier(l, str(p, 'tier')) }),
  membership_decided: (p, l) => {
    const reason = orDash(str(p, 'reason'));
    switch (str(p, 'decision')) {
      case 'approve':
        return say(l, 'membership_approved', { tier: tier(l, str(p, 'tier')), no: str(p, 'memberNo'), date: str(p, 'joinedOn') });
      case 'reject':
        return say(l, 'membership_rejected', { reason });
      case 'suspend':
        return say(l, 'membership_suspended', { reason });
      default:
        return say(l, 'membership_reinstated', { no: str(p, 'memberNo') });
    }
  },
  statistics_period_opened: (p, l) => say(l, 'statistics_period_opened', { quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_period_reopened: (p, l) => say(l, 'statistics_period_reopened', { quarter: str(p, 'quarter'), reason: orDash(str(p, 'reason')) }),
  statistics_due_soon: (p, l) => say(l, 'statistics_due_soon', { quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_overdue: (p, l) => say(l, 'statistics_overdue', { quarter: str(p, 'quarter'), due: str(p, 'dueOn') }),
  statistics_report_corrected: (p, l) =>
    say(l, 'statistics_report_corrected', {
      org: str(p, 'orgName'), quarter: str(p, 'quarter'), version: num(p, 'version'), reason: orDash(str(p, 'reason')),
    }),
};

/** The sentence of any stored notification (a kind this version does not know is named as recorded). */
export function notificationSentence(kind: string, payload: Payload, lang: EmailLanguage): string {
  const sentence = (NOTIFICATION_SENTENCE as Record<string, Sentence | undefined>)[kind];
  return sentence ? sentence(payload, lang) : kind;
}

const CONTRACT_KINDS = new Set<string>([
  'contract_proposed', 'contract_changes_requested', 'contract_active', 'change_order_proposed', 'change_order_decided',
  'termination_proposed', 'termination_decided', 'contract_terminated',
]);
const UUID = /^[0-9a-f-]{36}$/i;
const id = (p: Payload, k: string) => (typeof p[k] === 'string' && UUID.test(p[k] as string) ? (p[k] as string) : null);

/** The page an e-mail links to, as the web's inbox links the same notification (else the inbox). */
export function notificationPath(n: { kind: string; orderId: string | null; payload: Payload }): string {
  const p = n.payload;
  if (n.orderId) {
    const milestoneId = id(p, 'milestoneId');
    if ((n.kind.startsWith('batch_') || n.kind.startsWith('payment_')) && milestoneId) return `/orders/${n.orderId}/contract/milestones/${milestoneId}`;
    return CONTRACT_KINDS.has(n.kind) ? `/orders/${n.orderId}/contract` : `/orders/${n.orderId}`;
  }
  const caseId = id(p, 'caseId');
  if (caseId) return `/policy/cases/${caseId}`;
  const announcementId = id(p, 'announcementId');
  if (announcementId) return `/announcements/${announcementId}`;
  const eventId = id(p, 'eventId');
  if (eventId) return `/events/${eventId}`;
  if (n.kind === 'saved_search_match' && id(p, 'savedSearchId')) return `/saved-searches#ss-${p.savedSearchId}`;
  if (n.kind === 'membership_decided') return '/org#membership';
  return '/inbox';
}
