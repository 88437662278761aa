import {
  type CreateSavedSearchRequest, type SavedSearch, SavedSearchCriteria, type SavedSearchList, type UpdateSavedSearchRequest,
} from '@annex/contracts';
import { SAVED_SEARCH_ALERT_JOB, type SavedSearchRow, type Sql, jobs, orders, organisations, savedSearches, withTransaction } from '@annex/db';
import {
  type SavedSearchRuleError, type SavedSearchCriteria as Criteria, type SavedSearchHit, SAVED_SEARCH_ALERT_BACKOFF, canSaveAnother,
  criteriaAdmit, normalizeCriteria, planSavedSearchAlerts, validateCriteria,
} from '@annex/domain';
import { type SearchService, queriesShowingOrder } from '@annex/search';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { notify } from './notify.ts';

// Saved searches (DESIGN §5 / issue 4): a vendor keeps an order search under a name and may be alerted when a
// newly published order shows up in it. Whether it does is Meilisearch's answer to the search itself with
// `id = <order>` added, so an alert means exactly "this search now shows it".

const CRITERIA_ERRORS: Partial<Record<SavedSearchRuleError, [path: string, message: string]>> = {
  budget_range_inverted: ['criteria.budgetMin', 'budgetMin is above budgetMax'],
  money_invalid: ['criteria.budgetMin', 'amounts are whole fen'],
  query_too_long: ['criteria.q', 'at most 200 characters'],
};

/** The stored criteria, as the contract shapes them (anything unreadable counts as "any"). */
function criteriaOf(r: { criteria: Record<string, unknown> }): Criteria {
  const parsed = SavedSearchCriteria.safeParse(r.criteria);
  return parsed.success ? normalizeCriteria(parsed.data) : {};
}

/** The public form of a saved search. */
export function toSavedSearch(r: SavedSearchRow): SavedSearch {
  return {
    id: r.id,
    name: r.name,
    criteria: criteriaOf(r),
    notify: r.notify,
    createdAt: r.createdAt.toISOString(),
    lastMatchedAt: r.lastMatchedAt ? r.lastMatchedAt.toISOString() : null,
  };
}

const nameTaken = (name: string) => new AppError('saved_search_name_taken', `you already have a saved search named "${name}"`, { errors: [
  { path: 'name', message: 'already used by another of your saved searches' },
] });
const notFound = () => new AppError('not_found', 'no saved search of yours with this id');

/** GET /me/saved-searches: the caller's, newest first (none for users of buyer or secretariat organisations). */
export async function listSavedSearches(deps: Deps, auth: AuthContext): Promise<SavedSearchList> {
  return { items: (await savedSearches.listForUser(db(deps), auth.user.id)).map(toSavedSearch) };
}

/** POST /me/saved-searches: vendors save an order search; at most MAX_SAVED_SEARCHES each, names unique per user. */
export async function createSavedSearch(deps: Deps, auth: AuthContext, body: CreateSavedSearchRequest): Promise<SavedSearch> {
  const m = requireOrgKind(auth, 'vendor', 'save searches');
  const criteria = validateCriteria(normalizeCriteria(body.criteria));
  if (!criteria.ok) {
    const [path, message] = CRITERIA_ERRORS[criteria.error] ?? ['criteria', criteria.error];
    throw new AppError('validation_failed', `the criteria are invalid: ${message}`, { errors: [{ path, message }] });
  }
  const row = await withTransaction(db(deps), async (tx) => {
    // the user's row lock makes count-then-insert safe against the same user's concurrent requests
    await savedSearches.lockOwner(tx, auth.user.id);
    const room = canSaveAnother(await savedSearches.countForUser(tx, auth.user.id));
    if (!room.ok) {
      throw new AppError('saved_search_limit_reached', 'you can keep at most 20 saved searches; delete one you no longer need first');
    }
    const r = await savedSearches.create(tx, {
      userId: auth.user.id, orgId: m.orgId, name: body.name, criteria: criteria.value as Record<string, unknown>, notify: body.notify,
    });
    if (!r.ok) throw nameTaken(body.name);
    return r.row;
  });
  return toSavedSearch(row);
}

/** PATCH /me/saved-searches/{id}: rename it and/or switch its alert. */
export async function updateSavedSearch(deps: Deps, auth: AuthContext, id: string, body: UpdateSavedSearchRequest): Promise<SavedSearch> {
  const r = await savedSearches.update(db(deps), auth.user.id, id, { name: body.name, notify: body.notify });
  if (!r.ok) throw r.reason === 'name_taken' ? nameTaken(body.name ?? '') : notFound();
  return toSavedSearch(r.row);
}

/** DELETE /me/saved-searches/{id}. */
export async function deleteSavedSearch(deps: Deps, auth: AuthContext, id: string): Promise<void> {
  if (!(await savedSearches.delete(db(deps), auth.user.id, id))) throw notFound();
}

// ---------------------------------------------------------------------------------------------------------
// Alerts

/** What evaluating one order's alerts came to. */
export type AlertOutcome =
  | { status: 'done'; matched: number; notified: number }
  /** the order is no longer open for bids (or gone): nothing to tell */
  | { status: 'skipped' }
  /** the order is not in the search index yet: try again later */
  | { status: 'not_indexed' };

const PAGE = 5000;

/**
 * Evaluates the saved searches that want alerts against one newly published order: the domain's typed pre-filter
 * drops those that cannot show it, Meilisearch answers for the rest (their text and filters plus `id = order`),
 * and each (saved search, order) pair it shows is recorded once ever. Users are told once per order, and not
 * when they were already told by `order_match` (planSavedSearchAlerts).
 */
export async function alertSavedSearches(sql: Sql, search: SearchService, orderId: string, now: Date): Promise<AlertOutcome> {
  const order = await orders.getById(sql, orderId);
  if (order?.status !== 'open' || !order.bidDeadline || order.bidDeadline <= now) return { status: 'skipped' };
  const buyer = await organisations.findById(sql, order.buyerOrgId);
  const facets = {
    modality: order.modality, taskTypes: order.taskTypes, securityLevel: order.securityLevel,
    county: buyer?.county ?? null, budgetTotalFen: order.budgetTotalFen,
  };
  const candidates: (SavedSearchHit & { criteria: Criteria })[] = [];
  for (let after: string | null = null; ;) {
    const page = await savedSearches.alerting(sql, { after, limit: PAGE });
    for (const s of page) {
      const criteria = criteriaOf(s);
      if (criteriaAdmit(criteria, facets)) candidates.push({ savedSearchId: s.id, userId: s.userId, name: s.name, createdAt: s.createdAt, criteria });
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  if (candidates.length === 0) return { status: 'done', matched: 0, notified: 0 };
  const shown = await queriesShowingOrder(search, orderId, candidates.map((c) => c.criteria));
  if (shown === null) return { status: 'not_indexed' };
  const hits = candidates.filter((_, i) => shown[i]);
  return await withTransaction(sql, async (tx) => {
    const recorded = new Set((await savedSearches.hitsForOrder(tx, orderId)).map((h) => h.savedSearchId));
    const fresh = hits.filter((h) => !recorded.has(h.savedSearchId));
    const told = await savedSearches.usersToldAbout(tx, orderId, fresh.map((h) => h.userId));
    const plan = planSavedSearchAlerts(fresh, told);
    const planned = new Set(plan.map((p) => p.savedSearchId));
    const added = await savedSearches.recordHits(tx, orderId, fresh.map((h) => ({ savedSearchId: h.savedSearchId, notified: planned.has(h.savedSearchId) })));
    const addedIds = new Set(added.map((a) => a.savedSearchId));
    const send = plan.filter((p) => addedIds.has(p.savedSearchId));
    await notify(tx, send.map((p) => ({
      to: { userId: p.userId }, kind: 'saved_search_match' as const, orderId,
      payload: { orderTitle: order.title, searchName: p.name, savedSearchId: p.savedSearchId },
    })));
    return { status: 'done' as const, matched: added.length, notified: send.length };
  });
}

type AlertLog = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * One pass of the alert jobs (the scheduler calls it): claims due jobs, evaluates each order and completes the
 * job; an order not indexed yet or Meilisearch down (or any other failure) is retried with backoff
 * (SAVED_SEARCH_ALERT_BACKOFF). Returns how many notifications were sent.
 */
export async function runSavedSearchAlerts(sql: Sql, search: SearchService, log: AlertLog, now = () => new Date()): Promise<number> {
  const claimed = await jobs.claimDue(sql, 10, { kinds: [SAVED_SEARCH_ALERT_JOB], leaseSeconds: 300 });
  if (claimed.length === 0) return 0;
  // Meilisearch down: every job waits for the next try, none holds up the scheduler with a request timing out
  if (!(await search.ping())) {
    log.warn({ jobs: claimed.length }, 'saved-search alerts wait: Meilisearch is unavailable');
    for (const job of claimed) await jobs.fail(sql, job.id, 'Meilisearch is unavailable', SAVED_SEARCH_ALERT_BACKOFF).catch(() => {});
    return 0;
  }
  let sent = 0;
  for (const job of claimed) {
    const orderId = String(job.payload.orderId ?? '');
    try {
      const r = await alertSavedSearches(sql, search, orderId, now());
      if (r.status === 'not_indexed') {
        const next = await jobs.fail(sql, job.id, 'the order is not in the search index yet', SAVED_SEARCH_ALERT_BACKOFF);
        if (!next) log.error({ jobId: job.id, orderId }, 'saved-search alerts given up: the order never reached the search index');
        continue;
      }
      if (r.status === 'done') sent += r.notified;
      await jobs.complete(sql, job.id);
    } catch (err) {
      log.warn({ err, jobId: job.id, orderId }, 'saved-search alerts failed; retrying later');
      await jobs.fail(sql, job.id, (err as Error).message ?? String(err), SAVED_SEARCH_ALERT_BACKOFF).catch(() => {});
    }
  }
  return sent;
}
