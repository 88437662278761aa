import type { Modality, TaskType } from './capability.ts';
import { isFen } from './money.ts';
import type { SecurityLevel } from './order.ts';
import type { CountyCode } from './regions.ts';
import { type Result, fail, ok } from './result.ts';

// Saved searches: a vendor keeps the filters of an order search under a name and may be told when a newly
// published order shows up in it. The criteria are the filters of the order search that make sense for
// future orders (no status, no deadline, no sort); Meilisearch decides whether an order matches (the alert
// means "this search now shows it"), these rules only shape the criteria and plan who is told.

/** At most this many saved searches per user. */
export const MAX_SAVED_SEARCHES = 20;
/** A saved search's name: 1…60 characters after trimming. */
export const SAVED_SEARCH_NAME_MAX = 60;
/** Longest text query (as the order search). */
export const SAVED_SEARCH_QUERY_MAX = 200;

/** The order search's filters kept by a saved search; absent or empty means "any". Money in fen. */
export type SavedSearchCriteria = {
  q?: string;
  modality?: Modality[];
  /** orders with any of these task types */
  taskTypes?: TaskType[];
  securityLevel?: SecurityLevel[];
  /** the buyer's county */
  county?: CountyCode[];
  budgetMin?: number;
  budgetMax?: number;
};

export type SavedSearchRuleError = 'budget_range_inverted' | 'money_invalid' | 'query_too_long' | 'limit_reached';

const sortedUnique = <T extends string>(xs: readonly T[] | undefined): T[] | undefined => {
  if (!xs || xs.length === 0) return undefined;
  return [...new Set(xs)].sort();
};

/**
 * The canonical form of criteria: text trimmed (blank dropped), lists de-duplicated and sorted (empty dropped),
 * keys in a fixed order. Two searches for the same thing store the same criteria.
 */
export function normalizeCriteria(c: SavedSearchCriteria): SavedSearchCriteria {
  const out: SavedSearchCriteria = {};
  const q = c.q?.trim();
  if (q) out.q = q;
  const modality = sortedUnique(c.modality);
  if (modality) out.modality = modality;
  const taskTypes = sortedUnique(c.taskTypes);
  if (taskTypes) out.taskTypes = taskTypes;
  const securityLevel = sortedUnique(c.securityLevel);
  if (securityLevel) out.securityLevel = securityLevel;
  const county = sortedUnique(c.county);
  if (county) out.county = county;
  if (c.budgetMin !== undefined) out.budgetMin = c.budgetMin;
  if (c.budgetMax !== undefined) out.budgetMax = c.budgetMax;
  return out;
}

/** Checks normalised criteria: money in whole fen, budgetMin ≤ budgetMax, query length. */
export function validateCriteria(c: SavedSearchCriteria): Result<SavedSearchCriteria, SavedSearchRuleError> {
  for (const fen of [c.budgetMin, c.budgetMax]) if (fen !== undefined && !isFen(fen)) return fail('money_invalid');
  if (c.budgetMin !== undefined && c.budgetMax !== undefined && c.budgetMin > c.budgetMax) return fail('budget_range_inverted');
  if ((c.q?.length ?? 0) > SAVED_SEARCH_QUERY_MAX) return fail('query_too_long');
  return ok(c);
}

/** Whether a user who has `count` saved searches may save another. */
export function canSaveAnother(count: number): Result<true, SavedSearchRuleError> {
  return count < MAX_SAVED_SEARCHES ? ok(true) : fail('limit_reached');
}

/** The published order's public facts that the typed criteria look at (as the search index has them). */
export type OrderFacets = {
  modality: Modality;
  taskTypes: readonly TaskType[];
  securityLevel: SecurityLevel;
  /** the buyer's county */
  county: string | null;
  budgetTotalFen: number | null;
};

/**
 * Whether the typed criteria (all but the text) let the order through, with the semantics of the order
 * search's filters: any of the modalities, any of the task types, any of the levels and counties, budget
 * within [min, max] (an order without a total budget fails a budget bound). A cheap pre-filter before the
 * search engine is asked: false means the search cannot show the order; true means it may.
 */
export function criteriaAdmit(c: SavedSearchCriteria, o: OrderFacets): boolean {
  if (c.modality?.length && !c.modality.includes(o.modality)) return false;
  if (c.taskTypes?.length && !c.taskTypes.some((t) => o.taskTypes.includes(t))) return false;
  if (c.securityLevel?.length && !c.securityLevel.includes(o.securityLevel)) return false;
  if (c.county?.length && !(o.county !== null && (c.county as readonly string[]).includes(o.county))) return false;
  if (c.budgetMin !== undefined && !(o.budgetTotalFen !== null && o.budgetTotalFen >= c.budgetMin)) return false;
  if (c.budgetMax !== undefined && !(o.budgetTotalFen !== null && o.budgetTotalFen <= c.budgetMax)) return false;
  return true;
}

/** A saved search that shows a newly published order. */
export type SavedSearchHit = { savedSearchId: string; userId: string; name: string; createdAt: Date };

/** One saved-search notification to send. */
export type SavedSearchAlert = { userId: string; savedSearchId: string; name: string };

/**
 * Who is told about an order their saved searches show: each user at most once per order (the oldest of
 * their matching searches is named), and nobody who has already been told about this order — by the
 * order_match notification on approval (their organisation is among the best matches) or by an earlier alert.
 */
export function planSavedSearchAlerts(hits: readonly SavedSearchHit[], alreadyTold: ReadonlySet<string>): SavedSearchAlert[] {
  const byUser = new Map<string, SavedSearchHit>();
  for (const h of hits) {
    if (alreadyTold.has(h.userId)) continue;
    const seen = byUser.get(h.userId);
    if (!seen || h.createdAt < seen.createdAt || (h.createdAt.getTime() === seen.createdAt.getTime() && h.savedSearchId < seen.savedSearchId)) {
      byUser.set(h.userId, h);
    }
  }
  return [...byUser.values()]
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .map((h) => ({ userId: h.userId, savedSearchId: h.savedSearchId, name: h.name }));
}

/** Retry delay of an alert job that could not ask the search engine yet (not indexed, or unavailable). */
export const SAVED_SEARCH_ALERT_BACKOFF = { baseSeconds: 2, maxSeconds: 600, maxAttempts: 20 } as const;
