import type { DeskItem, DeskQueueSummary } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';

// The desk in words and links: each queue's name, its page, where each of its items is decided, and ages.

type Queue = DeskQueueSummary['queue'];

/** A queue's name. */
export const queueLabel = (q: Queue): string =>
  ({
    vendor_verification: m.desk_q_vendor_verification,
    order_review: m.desk_q_order_review,
    objections: m.desk_q_objections,
    policy_cases: m.desk_q_policy_cases,
    disputes: m.desk_q_disputes,
    catalogue_leads: m.desk_q_catalogue_leads,
    membership_applications: m.desk_q_membership_applications,
    late_statistics: m.desk_q_late_statistics,
  })[q]();

/** The page of a queue (null: it has none yet). */
export const QUEUE_HREF: Record<Queue, string | null> = {
  vendor_verification: '/admin/vendors',
  order_review: '/admin/orders',
  objections: '/admin/objections',
  policy_cases: '/admin/policy',
  disputes: '/admin/disputes',
  catalogue_leads: '/catalogue',
  membership_applications: '/admin/members',
  late_statistics: '/admin/statistics',
};

/** Where an item of a queue is opened to be decided (null: on the queue's page). */
export function itemHref(q: Queue, item: Pick<DeskItem, 'id' | 'orderId'>): string | null {
  switch (q) {
    case 'order_review':
      return `/orders/${item.id}`;
    case 'objections':
      return `/orders/${item.orderId}`;
    case 'disputes':
      return `/orders/${item.orderId}/contract`;
    case 'policy_cases':
      return `/policy/cases/${item.id}`;
    case 'catalogue_leads':
      return `/catalogue/${item.id}`;
    // a late filer's id is `<period id>:<organisation id>`: its period lists where every member stands
    case 'late_statistics':
      return `/admin/statistics/${item.id.split(':')[0]}`;
    default:
      return QUEUE_HREF[q];
  }
}

/** How long something has waited: minutes under an hour, hours under two days, then days and hours. */
export function formatAge(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return m.desk_age_minutes({ n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return m.desk_age_hours({ n: hours });
  return m.desk_age_days({ days: Math.floor(hours / 24), hours: hours % 24 });
}

/** A band's badge: its tone and words. */
export const BAND: Record<NonNullable<DeskQueueSummary['band']>, { tone: 'success' | 'warning' | 'danger'; label: () => string }> = {
  on_time: { tone: 'success', label: m.desk_band_on_time },
  due_soon: { tone: 'warning', label: m.desk_band_due_soon },
  late: { tone: 'danger', label: m.desk_band_late },
};
