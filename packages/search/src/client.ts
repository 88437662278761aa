import { Meilisearch } from 'meilisearch';

/** What the rest of Annex needs from search: the client and a health probe. */
export type SearchService = {
  client: Meilisearch;
  url: string;
  /** True when Meilisearch answers /health as available within the timeout. */
  ping(): Promise<boolean>;
};

/** A Meilisearch client for `url`, authenticated with the master key. */
export function createSearch(options: { url: string; masterKey?: string; timeoutMs?: number }): SearchService {
  const client = new Meilisearch({
    host: options.url,
    apiKey: options.masterKey,
    timeout: options.timeoutMs ?? 10_000,
    defaultWaitOptions: { timeout: 60_000, interval: 50 },
  });
  return {
    client,
    url: options.url,
    ping: () => ping(options.url),
  };
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
