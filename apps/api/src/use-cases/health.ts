import type { SearchSyncLag } from '@annex/contracts';
import { health, searchSource } from '@annex/db';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';

const within = <T>(p: Promise<T>, ms: number, fallback: T) =>
  Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

/** Both the database and search must answer within 2 s, else 503 (so must a process without search). Reports the search sync lag too. */
export async function readiness(deps: Deps): Promise<{ status: 'ok'; database: true; search: true; searchSync?: SearchSyncLag }> {
  const [database, search] = await Promise.all([
    within(health.ping(deps.sql).catch(() => false), 2000, false),
    deps.search ? within(deps.search.ping().catch(() => false), 2000, false) : false,
  ]);
  if (!database || !search) {
    const down = [!database && 'database', !search && 'search'].filter(Boolean).join(' and ');
    throw new AppError('service_unavailable', `not ready: the ${down} did not answer`);
  }
  // the backlog of the outbox → Meilisearch sync: reported, not a reason to refuse traffic
  const searchSync = await within(searchSource.lag(deps.sql).catch(() => undefined), 1000, undefined);
  return { status: 'ok', database: true, search: true, ...(searchSync ? { searchSync } : {}) };
}
