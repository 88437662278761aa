import { type Db, matching } from '@annex/db';
import { type MatchOrder, type MatchVendor, profileRequirements, type RankedMatch, rankVendors } from '@annex/domain';
import { withTrackRecords } from './track-record-view.ts';

/**
 * The best `limit` eligible verified vendors for an order, ranked by the domain with their track records. Only the
 * vendors the rules can let through are read and scored: the database filters on the modality, the task types and
 * what the order requires of a profile (profileRequirements), and leaves the buyer out. `opts.listedOnly` leaves out the
 * vendors the secretariat hid (what buyers are shown).
 */
export async function rankedVendorsFor(tx: Db, order: MatchOrder, now: Date, limit: number, opts: { listedOnly: boolean }): Promise<RankedMatch<MatchVendor>[]> {
  const covering = {
    modality: order.terms.modality, taskTypes: order.terms.taskTypes, excludeOrgId: order.buyerOrgId,
    requirements: profileRequirements(order.terms, now),
  };
  const candidates = await withTrackRecords(tx, await matching.candidates(tx, covering, opts), now);
  return rankVendors(order, candidates, now, limit);
}
