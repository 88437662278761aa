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
  /** milestones with an accepted batch (by the buyer or at the end of its review window), and their items */
  batches: number;
  acceptedQuantity: number;
  /** of them, the accepted batch arrived by the milestone's due date */
  batchesOnTime: number;
  /** of them, accepted at the first attempt (no rework) */
  batchesFirstPass: number;
  /** over the inspections that accepted each batch (rejected attempts excluded): items sampled and errors found */
  sampled: number;
  sampleErrors: number;
  /** the buyer's review of the vendor */
  buyerReview: { stars: number; quality: number; timeliness: number; communication: number } | null;
  /** the vendor's review of the buyer */
  vendorReview: { stars: number; clarity: number; paymentTimeliness: number; communication: number } | null;
};

type Counts = 'batches' | 'acceptedQuantity' | 'batchesOnTime' | 'batchesFirstPass' | 'sampled' | 'sampleErrors';
type RawRow = Omit<EndedContractFactsRow, 'volumeQuantity' | 'committedAccuracy' | 'buyerReview' | 'vendorReview' | Counts> & {
  [K in Counts]: string | number;
} & {
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
   * A milestone counts once a batch of it was accepted: on time when that accepted batch arrived by the due date
   * (a batch delivered on time and then reworked past it was not delivered on time), first-pass when it was the
   * first attempt. Measured accuracy pools the samples of the inspections that finally accepted each batch: what the
   * buyer received. A rejected attempt's sample says the vendor needed rework, which first-pass acceptance counts;
   * counted again here it would punish the same fault twice and let accuracy describe work the buyer never accepted.
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
             coalesce(ms.batches, 0) as batches, coalesce(ms.accepted_quantity, 0) as accepted_quantity,
             coalesce(ms.on_time, 0) as batches_on_time, coalesce(ms.first_pass, 0) as batches_first_pass,
             coalesce(sm.sampled, 0) as sampled, coalesce(sm.errors, 0) as sample_errors,
             (select jsonb_build_object('stars', r.stars, 'quality', r.quality, 'timeliness', r.timeliness, 'communication', r.communication)
              from contract_reviews r where r.contract_id = c.id and r.author_side = 'buyer') as buyer_review,
             (select jsonb_build_object('stars', r.stars, 'clarity', r.clarity, 'paymentTimeliness', r.payment_timeliness,
                                        'communication', r.communication)
              from contract_reviews r where r.contract_id = c.id and r.author_side = 'vendor') as vendor_review
      from contracts c
      join orders o on o.id = c.order_id
      join awards a on a.id = c.award_id
      join bids b on b.id = a.bid_id
      left join lateral (
        select count(*) as batches, sum(m.quantity) as accepted_quantity,
               count(*) filter (where d.delivered_at <= m.due_at) as on_time, count(*) filter (where d.attempt = 1) as first_pass
        from contract_milestones m
        join lateral (
          select x.delivered_at, x.attempt from milestone_deliveries x
          where x.milestone_id = m.id and x.status in ('accepted', 'auto_accepted') order by x.attempt limit 1
        ) d on true
        where m.contract_id = c.id
      ) ms on true
      left join lateral (
        select sum(dd.sample_size) as sampled, sum(dd.errors) as errors
        from delivery_decisions dd join milestone_deliveries x on x.id = dd.delivery_id
        join contract_milestones m on m.id = x.milestone_id
        where m.contract_id = c.id and x.status in ('accepted', 'auto_accepted')
          and dd.sample_size is not null and dd.errors is not null
      ) sm on true
      where c.status in ('completed', 'terminated') ${orgFilter}
      order by ended_at desc, c.id`;
    return rows.map((r) => ({
      ...r,
      volumeQuantity: Number(r.volumeQuantity),
      batches: Number(r.batches),
      acceptedQuantity: Number(r.acceptedQuantity),
      batchesOnTime: Number(r.batchesOnTime),
      batchesFirstPass: Number(r.batchesFirstPass),
      sampled: Number(r.sampled),
      sampleErrors: Number(r.sampleErrors),
      committedAccuracy: r.committedAccuracy === null ? null : Number(r.committedAccuracy),
      buyerReview: numbers(r.buyerReview) as EndedContractFactsRow['buyerReview'],
      vendorReview: numbers(r.vendorReview) as EndedContractFactsRow['vendorReview'],
    }));
  },

  /** A buyer's milestone payments (of every contract, running or ended), per order: what its payment record counts. */
  async buyerPayments(db: Db, buyerOrgId: string): Promise<BuyerPaymentRow[]> {
    if (!isUuid(buyerOrgId)) return [];
    const rows = await db<(Omit<BuyerPaymentRow, 'dueOn' | 'paidOn'> & { dueOn: string | Date; paidOn: string | Date | null })[]>`
      select p.order_id, o.title, p.status, p.due_on::text as due_on, p.paid_on::text as paid_on
      from milestone_payments p join orders o on o.id = p.order_id
      where p.buyer_org_id = ${buyerOrgId}
      order by p.order_id, p.due_on`;
    return rows.map((r) => ({ ...r, dueOn: String(r.dueOn), paidOn: r.paidOn === null ? null : String(r.paidOn) }));
  },
};

/** A milestone payment as the buyer's record reads it (dates as YYYY-MM-DD). */
export type BuyerPaymentRow = {
  orderId: string;
  title: string;
  status: 'unpaid' | 'invoiced' | 'paid' | 'confirmed';
  dueOn: string;
  paidOn: string | null;
};
