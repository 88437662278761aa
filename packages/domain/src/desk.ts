// The secretariat's desk (DESIGN §2.8): every queue where an item waits for the secretariat, with the service-level
// target (hours) the secretariat sets for it. An item's age against the target gives its colour.

/** The desk's queues, in the order the desk shows them. */
export const DESK_QUEUES = [
  'vendor_verification', 'order_review', 'objections', 'policy_cases', 'disputes', 'catalogue_leads',
  'membership_applications', 'late_statistics',
] as const;
export type DeskQueue = (typeof DESK_QUEUES)[number];

/**
 * Targets until the secretariat sets its own (hours). Order review holds a buyer's publication: a day. An objection
 * is answered within 7 days as in public procurement (质疑答复). The rest: a working week or less.
 */
export const DEFAULT_TARGET_HOURS: Record<DeskQueue, number> = {
  vendor_verification: 72,
  order_review: 24,
  objections: 168,
  policy_cases: 120,
  disputes: 120,
  catalogue_leads: 72,
  membership_applications: 168,
  late_statistics: 168,
};

/** Bounds of a target (1 hour to a year). */
export const TARGET_HOURS_MIN = 1;
export const TARGET_HOURS_MAX = 8760;

/** How an item's wait compares with its queue's target. */
export type AgeBand = 'on_time' | 'due_soon' | 'late';

/** Share of the target after which an item shows as due soon. */
export const DUE_SOON_SHARE = 0.75;

/**
 * The band of an item that has waited `ageSeconds` in a queue whose target is `targetHours`: late from the target
 * on, due soon from three quarters of it (a 24 h target: due soon after 18 h).
 */
export function ageBand(ageSeconds: number, targetHours: number): AgeBand {
  const target = targetHours * 3600;
  if (ageSeconds >= target) return 'late';
  if (ageSeconds >= target * DUE_SOON_SHARE) return 'due_soon';
  return 'on_time';
}

/** Every queue's target: the secretariat's where it set one, the default otherwise. */
export function targetsWith(overrides: Partial<Record<string, number>>): Record<DeskQueue, number> {
  return Object.fromEntries(DESK_QUEUES.map((q) => [q, overrides[q] ?? DEFAULT_TARGET_HOURS[q]])) as Record<DeskQueue, number>;
}
