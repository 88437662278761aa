/** Where a case stands in the secretariat's queue (its clock decides, so the order is computed, not stored). */
export type QueueKey = { overdue: boolean; dueOn: string | null; createdAt: string; id: string };

// a case with no due day (not accepted yet, or no time limit) comes after every due one
const NO_DUE_DAY = '9999-12-31';

/** The queue's order: overdue first, then the nearest due day, then the oldest; the id keeps it total. */
export function compareQueueKeys(a: QueueKey, b: QueueKey): number {
  return (
    Number(b.overdue) - Number(a.overdue) ||
    (a.dueOn ?? NO_DUE_DAY).localeCompare(b.dueOn ?? NO_DUE_DAY) ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * One page of the queue: the items after `after` (a key of the page before, or null for the first) in queue
 * order, at most `limit`, and the key to continue from when more follow. Keyed by position, not by index, so a
 * case that leaves the queue between two pages makes no other skip or repeat.
 */
export function queuePage<T>(items: readonly T[], keyOf: (t: T) => QueueKey, after: QueueKey | null, limit: number): { items: T[]; next: QueueKey | null } {
  const sorted = [...items].sort((a, b) => compareQueueKeys(keyOf(a), keyOf(b)));
  const rest = after ? sorted.filter((t) => compareQueueKeys(keyOf(t), after) > 0) : sorted;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { items: page, next: rest.length > limit && last !== undefined ? keyOf(last) : null };
}
