import type { OcdsReleasesQuery } from '@annex/contracts';
import { ocds } from '@annex/db';
import {
  FEED_SETTLE_MS, type FeedPosition, OCDS_BID_EXTENSION, type OcdsOrganisation, type OcdsProcess, type OcdsRelease, feedPage, ocdsReleases,
} from '@annex/domain';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';

// Open data: every published order's contracting process as OCDS 1.1 releases (DESIGN §2.9). Public, the same
// for every caller; the releases are computed from the stored rows at each request (packages/domain ocds.ts).

/** An OCDS 1.1 release package. */
export type ReleasePackage = {
  uri: string;
  version: '1.1';
  extensions: string[];
  publishedDate: string;
  publisher: { name: string };
  releases: OcdsRelease[];
  links?: { next: string };
};

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const FEED_PATH = '/api/v1/ocds/releases';

/** The feed position as an opaque cursor: the release's date (ms), order and id. */
export function encodeFeedCursor(p: FeedPosition): string {
  return Buffer.from(`${p.at.getTime()}.${p.orderId}.${p.releaseId}`, 'utf8').toString('base64url');
}

/** `since` as a feed position: a cursor of ours, or an ISO 8601 date-time (then releases dated at or after it). */
export function parseSince(since: string): FeedPosition {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(since) && Number.isFinite(Date.parse(since))) {
    return { at: new Date(Date.parse(since)), orderId: ZERO_UUID, releaseId: '' };
  }
  const m = /^(-?\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([\x21-\x7e]{0,160})$/.exec(
    Buffer.from(since, 'base64url').toString('utf8'),
  );
  if (!m || !Number.isFinite(new Date(Number(m[1])).getTime())) {
    throw new AppError('validation_failed', 'since is neither a cursor of this feed nor an ISO 8601 date-time', {
      errors: [{ path: 'query.since', message: 'expected links.next of an earlier page or a date-time such as 2026-12-01T00:00:00Z' }],
    });
  }
  return { at: new Date(Number(m[1])), orderId: m[2]!, releaseId: m[3]! };
}

async function releasesOf(deps: Deps, processes: readonly OcdsProcess[], now: Date) {
  const reviewBody = await ocds.reviewBody(db(deps));
  const opts = { ocidPrefix: deps.config.ocidPrefix, reviewBody, now };
  return { reviewBody, processes: processes.map((p) => ({ orderId: p.order.id, releases: ocdsReleases(p, opts) })) };
}

function releasePackage(deps: Deps, uri: string, releases: OcdsRelease[], publisher: OcdsOrganisation | null, now: Date): ReleasePackage {
  const last = releases.reduce<string | null>((m, r) => (m === null || r.date > m ? r.date : m), null);
  return {
    uri: `${origin(deps)}${uri}`,
    version: '1.1',
    extensions: releases.some((r) => r.bids) ? [OCDS_BID_EXTENSION] : [],
    publishedDate: last ?? now.toISOString(),
    publisher: { name: publisher?.name ?? 'Annex' },
    releases,
  };
}

const origin = (deps: Deps) => deps.config.publicOrigin.replace(/\/$/, '');

/**
 * GET /ocds/releases: the releases of every published order, oldest first, from `since` on, up to FEED_SETTLE_MS
 * ago. `links.next` is where to continue — now for the next page, or later for what has happened since.
 */
export async function releaseFeed(deps: Deps, q: OcdsReleasesQuery): Promise<ReleasePackage & { links: { next: string } }> {
  const after = q.since ? parseSince(q.since) : null;
  // the feed is read as of a moment ago, so a release whose transaction is still committing is not passed over
  const now = new Date(deps.now().getTime() - FEED_SETTLE_MS);
  const d = db(deps);
  const candidates = await ocds.nextProcesses(d, { after, now, limit: q.limit + 1 });
  const chosen = candidates.slice(0, q.limit);
  const bound = candidates[q.limit] ?? null;
  const { reviewBody, processes } = await releasesOf(deps, await ocds.processes(d, chosen.map((c) => c.orderId)), now);
  const page = feedPage(processes, after, bound && { at: bound.nextAt, orderId: bound.orderId }, q.limit);
  const self = `${FEED_PATH}?${new URLSearchParams({ ...(q.since ? { since: q.since } : {}), limit: String(q.limit) })}`;
  const nextSince = page.next ? encodeFeedCursor(page.next) : null;
  const next = `${FEED_PATH}?${new URLSearchParams({ ...(nextSince ? { since: nextSince } : {}), limit: String(q.limit) })}`;
  return { ...releasePackage(deps, self, page.releases, reviewBody, now), links: { next: `${origin(deps)}${next}` } };
}

/** GET /ocds/orders/{id}/releases: every release of one published order; 404 for any other order, as for a missing one. */
export async function orderReleases(deps: Deps, orderId: string): Promise<ReleasePackage> {
  const now = deps.now();
  const [process] = await ocds.processes(db(deps), [orderId]);
  if (!process) throw new AppError('not_found', 'no published order with this id');
  const { reviewBody, processes } = await releasesOf(deps, [process], now);
  return releasePackage(deps, `/api/v1/ocds/orders/${orderId}/releases`, processes[0]!.releases, reviewBody, now);
}
