import { Meilisearch } from 'meilisearch';
import type { IndexName } from './settings.ts';

/** What the rest of Annex needs from search: the clients, the index names and a health probe. */
export type SearchService = {
  /** for writes, settings, reindex: generous timeouts */
  client: Meilisearch;
  /** for the API's searches: a short timeout, so a hung Meilisearch is a quick 503, not a hung request */
  queryClient: Meilisearch;
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

/** Meilisearch clients for `url`, authenticated with the master key. */
export function createSearch(options: {
  url: string;
  masterKey?: string;
  timeoutMs?: number;
  queryTimeoutMs?: number;
  prefix?: string;
}): SearchService {
  const make = (timeout: number) =>
    new Meilisearch({
      host: options.url,
      apiKey: options.masterKey,
      timeout,
      defaultWaitOptions: { timeout: 60_000, interval: 50 },
      // Meilisearch streams compressed answers in two writes without TCP_NODELAY: with delayed ACKs every
      // answer over ~2 KB then waits ~40 ms. Uncompressed answers take ~1 ms (measured on 1.21).
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
  const prefix = options.prefix ?? '';
  return {
    client: make(options.timeoutMs ?? 10_000),
    queryClient: make(options.queryTimeoutMs ?? QUERY_TIMEOUT_MS),
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
