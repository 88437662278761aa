import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';

type Side = 'buyer' | 'vendor';

/**
 * One ended contract as the track records read it: the order, how it ended, what the vendor committed to, and the
 * two reviews with whether each was submitted (the domain decides whether a review may be counted yet: double-blind).
 */
export type EndedContractFactsRow = {
  contractId: string;
  orderId: string;
  title: string;
  buyerOrgId: string;
  vendorOrgId: string;
  outcome: 'completed' | 'terminated';
  endedAt: Date;
  volumeQuantity: number;
  volumeUnit: 'images' | 'frames' | 'hours' | 'items' | 'tokens';
  committedAccuracy: number | null;
  /** the buyer's review of the vendor */
  buyerReview: { stars: number; quality: number; timeliness: number; communication: number } | null;
  /** the vendor's review of the buyer */
  vendorReview: { stars: number; clarity: number; paymentTimeliness: number; communication: number } | null;
};

type RawRow = Omit<EndedContractFactsRow, 'volumeQuantity' | 'committedAccuracy' | 'buyerReview' | 'vendorReview'> & {
  volumeQuantity: string | number;
  committedAccuracy: string | number | null;
  buyerReview: Record<string, string | number> | null;
  vendorReview: Record<string, string | number> | null;
};

const numbers = <T extends Record<string, string | number>>(o: T | null) =>
  o === null ? null : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)]));

/** Reads behind the vendors' and buyers' track records (packages/domain track-record.ts computes them). */
export const trackRecords = {
  /**
   * Every ended (completed or terminated) contract, or those of some organisations on one side. The market's
   * prior pools all of them, so the whole market is read for it (a city's market: hundreds, not millions).
   * Batches, inspections and payments join here once deliveries are recorded; until then a contract counts
   * for its volume, its commitment and its reviews.
   */
  async endedContracts(db: Db, filter?: { side: Side; orgIds: readonly string[] }): Promise<EndedContractFactsRow[]> {
    const ids = filter ? filter.orgIds.filter(isUuid) : null;
    if (ids && ids.length === 0) return [];
    const orgFilter = ids === null || !filter
      ? db``
      : filter.side === 'vendor'
        ? db`and c.vendor_org_id in (select x::uuid from jsonb_array_elements_text(${db.json(ids)}::jsonb) as x)`
        : db`and c.buyer_org_id in (select x::uuid from jsonb_array_elements_text(${db.json(ids)}::jsonb) as x)`;
    const rows = await db<RawRow[]>`
      select c.id as contract_id, c.order_id, o.title, c.buyer_org_id, c.vendor_org_id, c.status as outcome,
             coalesce(c.completed_at, c.terminated_at) as ended_at, c.volume_quantity, c.volume_unit,
             b.committed_accuracy,
             (select jsonb_build_object('stars', r.stars, 'quality', r.quality, 'timeliness', r.timeliness, 'communication', r.communication)
              from contract_reviews r where r.contract_id = c.id and r.author_side = 'buyer') as buyer_review,
             (select jsonb_build_object('stars', r.stars, 'clarity', r.clarity, 'paymentTimeliness', r.payment_timeliness,
                                        'communication', r.communication)
              from contract_reviews r where r.contract_id = c.id and r.author_side = 'vendor') as vendor_review
      from contracts c
      join orders o on o.id = c.order_id
      join awards a on a.id = c.award_id
      join bids b on b.id = a.bid_id
      where c.status in ('completed', 'terminated') ${orgFilter}
      order by ended_at desc, c.id`;
    return rows.map((r) => ({
      ...r,
      volumeQuantity: Number(r.volumeQuantity),
      committedAccuracy: r.committedAccuracy === null ? null : Number(r.committedAccuracy),
      buyerReview: numbers(r.buyerReview) as EndedContractFactsRow['buyerReview'],
      vendorReview: numbers(r.vendorReview) as EndedContractFactsRow['vendorReview'],
    }));
  },
};
