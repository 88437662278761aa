import { z } from 'zod';
import { Limit } from './common.ts';

/**
 * GET /ocds/releases: where to start — `since` is the `links.next` cursor of an earlier page (what came after
 * it), or an ISO 8601 date-time (releases dated at or after it); absent: from the first release.
 */
export const OcdsReleasesQuery = z.object({
  since: z.string().max(300).optional(),
  limit: Limit,
});
export type OcdsReleasesQuery = z.infer<typeof OcdsReleasesQuery>;
