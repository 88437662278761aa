import { MAX_HITS, type SearchPage, type SearchService } from '@annex/search';
import { AppError } from '../errors.ts';
import type { Deps } from './context.ts';

// What the search use cases share: Meilisearch being absent, down, slow (the query client gives up after 0.6 s) or
// mid-rebuild is a 503 search_unavailable, never a hang or a 500; pages are addressed by opaque offset cursors.

/** This process's Meilisearch, or 503 search_unavailable. */
export function searchService(deps: Deps): SearchService {
  if (!deps.search) throw new AppError('search_unavailable', 'search is not configured on this server');
  return deps.search;
}

/** Runs a search; any failure but our own errors becomes 503 search_unavailable. */
export async function unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('search_unavailable', 'search is unavailable right now; please try again in a moment');
  }
}

// A cursor is the offset of the next page; opaque to clients.
const encodeCursor = (offset: number) => Buffer.from(`s.${offset}`, 'utf8').toString('base64url');

/** The offset a search cursor stands for (0 without one); 400 for a cursor this API did not issue. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^s\.(\d{1,5})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('validation_failed', 'the cursor is not one this endpoint issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
  return Number(m[1]);
}

/** The cursor of the page after `page`, or null on the last one. */
export const nextCursor = (page: SearchPage<unknown>): string | null => {
  const next = page.offset + page.hits.length;
  return page.hits.length === page.limit && next < Math.min(page.total, MAX_HITS) ? encodeCursor(next) : null;
};
