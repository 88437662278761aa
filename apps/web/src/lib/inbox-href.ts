import type { Notification } from '@annex/contracts';

/** Kinds about a contract as a whole: they lead to its page. */
const CONTRACT_KINDS = new Set<string>([
  'contract_proposed', 'contract_changes_requested', 'contract_active', 'change_order_proposed', 'change_order_decided',
  'termination_proposed', 'termination_decided', 'contract_terminated',
]);

/**
 * Where an inbox entry about an order leads: a batch's or a payment's step to that milestone's page, a contract step
 * to the contract, anything else to the order. `?n=` marks it read when it is opened.
 */
export function orderNotificationHref(n: Pick<Notification, 'id' | 'orderId' | 'payload' | 'readAt'> & { kind: string }): string | null {
  if (!n.orderId) return null;
  const milestoneId = typeof n.payload.milestoneId === 'string' && /^[0-9a-f-]{36}$/i.test(n.payload.milestoneId) ? n.payload.milestoneId : null;
  const path =
    (n.kind.startsWith('batch_') || n.kind.startsWith('payment_')) && milestoneId
      ? `/orders/${n.orderId}/contract/milestones/${milestoneId}`
      : CONTRACT_KINDS.has(n.kind) ? `/orders/${n.orderId}/contract` : `/orders/${n.orderId}`;
  return n.readAt ? path : `${path}?n=${n.id}`;
}

const UUID = /^[0-9a-f-]{36}$/i;

/** Where an inbox entry about an announcement or an event leads (`?n=` marks it read when it is opened). */
export function allianceNotificationHref(n: Pick<Notification, 'id' | 'payload' | 'readAt'>): string | null {
  const { announcementId, eventId } = n.payload;
  const path =
    typeof announcementId === 'string' && UUID.test(announcementId) ? `/announcements/${announcementId}`
    : typeof eventId === 'string' && UUID.test(eventId) ? `/events/${eventId}`
    : null;
  if (!path) return null;
  return n.readAt ? path : `${path}?n=${n.id}`;
}
