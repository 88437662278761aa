import { parseAddress, sourceAllowed } from './api-token.ts';

// Webhooks (issue 11): an organisation subscribes a URL to event types and Annex POSTs each event there, signed. An
// event is a notice the organisation's inbox receives (the same facts, addressed to the same organisation), so a
// webhook never tells an organisation more than its members may read: never a sealed amount before the deadline,
// never another organisation's private data. Deliveries retry with exponential backoff for about a day; a destination
// that keeps failing is disabled and the organisation's owners are told.

/** The event types a subscription may ask for, each the notification kinds it stands for. */
export const WEBHOOK_EVENTS = {
  'order.approved': ['order_approved'],
  'order.rejected': ['order_rejected'],
  'order.cancelled': ['order_cancelled'],
  'question.asked': ['question_asked'],
  'question.answered': ['question_answered'],
  'bid.received': ['bid_received'],
  'bidding.closed': ['bidding_closed'],
  'award.made': ['award_made', 'award_final'],
  'award.result': ['bid_awarded', 'bid_not_awarded'],
  'objection.filed': ['objection_filed'],
  'objection.decided': ['objection_decided'],
  'contract.proposed': ['contract_proposed', 'contract_changes_requested'],
  'contract.active': ['contract_active'],
  'contract.changed': ['change_order_proposed', 'change_order_decided', 'termination_proposed', 'termination_decided', 'contract_terminated'],
  'delivery.delivered': ['batch_delivered'],
  'delivery.decided': ['batch_accepted', 'batch_rejected', 'batch_disputed', 'batch_dispute_decided'],
  'payment.updated': ['payment_invoiced', 'payment_paid', 'payment_confirmed', 'payment_overdue', 'payment_disputed', 'payment_dispute_decided'],
  'order.completed': ['order_completed'],
} as const satisfies Record<string, readonly string[]>;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** The notification kinds a subscription to these event types receives. */
export const notificationKindsOf = (types: readonly WebhookEventType[]): string[] => [...new Set(types.flatMap((t) => WEBHOOK_EVENTS[t]))];

/** The event type of a notification kind (null: no webhook event). */
export function webhookEventOf(kind: string): WebhookEventType | null {
  return WEBHOOK_EVENT_TYPES.find((t) => (WEBHOOK_EVENTS[t] as readonly string[]).includes(kind)) ?? null;
}

/** Subscriptions an organisation may keep. */
export const MAX_WEBHOOK_SUBSCRIPTIONS = 10;
/** The longest destination URL. */
export const WEBHOOK_URL_MAX = 2000;
/** How long the previous secret still signs (beside the new one) after a rotation, so receivers can switch over. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 3_600_000;
/** A receiver should refuse a signature whose timestamp is further than this from its own clock (replays). */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;
/** How long one delivery attempt may take before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Retries: after the n-th failed attempt, wait 30 s · 2^(n−1), at most 4 h; 15 attempts span about 24 h.

export const WEBHOOK_MAX_ATTEMPTS = 15;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 4 * 3_600_000;

/** When to try again after `attempts` failed attempts, from `now`; null once the last attempt has failed. */
export function webhookRetryAt(attempts: number, now: Date): Date | null {
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return null;
  const wait = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + wait);
}

/** An attempt succeeded: the receiver answered 2xx. Anything else (3xx included: redirects are not followed) failed. */
export const deliverySucceeded = (status: number | null) => status !== null && status >= 200 && status < 300;

/** When a failing subscription is disabled: enough failed attempts in a row, failing for long enough. */
export type DisablePolicy = { failures: number; afterMs: number };
/** By default: 15 failed attempts in a row over at least a day (one delivery's whole schedule). */
export const DEFAULT_DISABLE_POLICY: DisablePolicy = { failures: WEBHOOK_MAX_ATTEMPTS, afterMs: 24 * 3_600_000 };

/** Whether a subscription failing since `failingSince` with `consecutiveFailures` should now be disabled. */
export function webhookDisableDue(s: { consecutiveFailures: number; failingSince: Date | null }, now: Date, policy: DisablePolicy = DEFAULT_DISABLE_POLICY): boolean {
  return s.failingSince !== null && s.consecutiveFailures >= policy.failures && now.getTime() - s.failingSince.getTime() >= policy.afterMs;
}

// ---------------------------------------------------------------------------------------------------------------
// Destinations: only the public internet, unless the operator allows private ones. The host is resolved and every
// address checked when the subscription is made and again at each delivery (a name may resolve elsewhere later).

/** Ranges no webhook may reach: this host, private networks, link-local, CGNAT, ULA, multicast, documentation. */
export const NON_PUBLIC_RANGES = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', '2002::/16', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
] as const;

/** Whether an address (IPv4, IPv6, or IPv4-mapped IPv6) is on the public internet. */
export const isPublicAddress = (ip: string): boolean => parseAddress(ip) !== null && !sourceAllowed(ip, NON_PUBLIC_RANGES);

export type DestinationProblem = 'invalid_url' | 'scheme_not_allowed' | 'credentials_in_url' | 'private_destination';

/** Problems of a destination URL's form (before its host is resolved). */
export function webhookUrlProblem(text: string): DestinationProblem | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'invalid_url';
  }
  if (text.length > WEBHOOK_URL_MAX) return 'invalid_url';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme_not_allowed';
  if (url.username || url.password) return 'credentials_in_url';
  if (url.hostname === '') return 'invalid_url';
  return null;
}

/** The verdict on the addresses a destination's host resolved to: every one must be public (unless private ones are allowed). */
export function destinationAddressesProblem(addresses: readonly string[], allowPrivate: boolean): DestinationProblem | null {
  if (addresses.length === 0) return 'invalid_url';
  if (allowPrivate) return null;
  return addresses.every(isPublicAddress) ? null : 'private_destination';
}

// ---------------------------------------------------------------------------------------------------------------
// The body of a delivery

/** What a delivery row holds of its event. */
export type WebhookEventFacts = { eventId: string; kind: string; orgId: string; orderId: string | null; payload: Record<string, unknown>; occurredAt: Date };

/**
 * The JSON body receivers get: the event's id and type, when it happened, the organisation it was sent to, and in
 * `data` the order's id and the facts of the organisation's own notification (the inbox's visibility rules already
 * applied to them when the notification was written: no sealed amount, nothing of another organisation's private data).
 */
export function webhookEventBody(f: WebhookEventFacts) {
  return {
    id: f.eventId,
    type: webhookEventOf(f.kind),
    occurredAt: f.occurredAt.toISOString(),
    organisationId: f.orgId,
    data: { ...f.payload, orderId: f.orderId },
  };
}
