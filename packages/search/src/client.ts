import { Meilisearch } from 'meilisearch';
import { searchKeyOf } from './keys.ts';
import type { IndexName } from './settings.ts';

/** What the rest of Annex needs from search: the clients, the index names and a health probe. */
export type SearchService = {
  /** for writes, settings, keys, reindex: the master key, generous timeouts */
  client: Meilisearch;
  /** for the API's searches: the search-only key, a short timeout (a hung Meilisearch is a quick 503, not a hung request) */
  queryClient: Meilisearch;
  /** for searches of background jobs: the search-only key, generous timeouts */
  jobQueryClient: Meilisearch;
  /** the search-only key both query clients use (see keys.ts; ensureSearchKey creates it); none without a master key */
  searchKey: string | undefined;
  url: string;
  /** prepended to every index name (tests on a shared server); '' in production */
  prefix: string;
  /** The Meilisearch uid of one of our indexes. */
  uid(name: IndexName): string;
  /** True when Meilisearch answers /health as available within the timeout. */
  ping(): Promise<boolean>;
};

/** Default timeout of the API's search requests: the endpoint answers 503 well within 1 s. */
export const QUERY_TIMEOUT_MS = 600;

/** Meilisearch clients for `url`: writes with the master key, searches with the search-only key derived from it. */
export function createSearch(options: {
  url: string;
  masterKey?: string;
  timeoutMs?: number;
  queryTimeoutMs?: number;
  prefix?: string;
}): SearchService {
  const prefix = options.prefix ?? '';
  const searchKey = options.masterKey ? searchKeyOf(options.masterKey, prefix) : undefined;
  const make = (apiKey: string | undefined, timeout: number) =>
    new Meilisearch({
      host: options.url,
      apiKey,
      timeout,
      defaultWaitOptions: { timeout: 60_000, interval: 50 },
      // Meilisearch streams compressed answers in two writes without TCP_NODELAY: with delayed ACKs every
      // answer over ~2 KB then waits ~40 ms. Uncompressed answers take ~1 ms (measured on 1.21).
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
  const timeout = options.timeoutMs ?? 10_000;
  return {
    client: make(options.masterKey, timeout),
    queryClient: make(searchKey, options.queryTimeoutMs ?? QUERY_TIMEOUT_MS),
    jobQueryClient: make(searchKey, timeout),
    searchKey,
    url: options.url,
    prefix,
    uid: (name) => `${prefix}${name}`,
    ping: () => ping(options.url),
  };
}

/** True when `value` is a full SearchService (the API is sometimes given only a `ping`, in tests). */
export function isSearchService(value: unknown): value is SearchService {
  return typeof value === 'object' && value !== null && 'queryClient' in value && 'uid' in value;
}

/** Probes `<url>/health` (no key needed); false on any error or after 2 s. */
export async function ping(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { status?: string };
    return body.status === 'available';
  } catch {
    return false;
  }
}
