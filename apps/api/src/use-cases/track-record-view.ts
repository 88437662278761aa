import type { BuyerTrackRecord as BuyerRecordView, TrackRecordSummary, VendorTrackRecord as VendorRecordView } from '@annex/contracts';
import { type BuyerPaymentRow, type Db, type EndedContractFactsRow, trackRecords } from '@annex/db';
import {
  type BuyerOrderFacts, type BuyerPrior, type MatchVendor, type BuyerTrackRecord, type VendorOrderFacts, type VendorPrior, type VendorTrackRecord,
  buyerMarketPrior, buyerTrackRecord, reviewsRevealed, vendorMarketPrior, vendorTrackRecord,
} from '@annex/domain';

// The track records as the comparison, matching and the profiles read them: the ended contracts of the whole market
// (the prior pools them), turned into the domain's facts. Shared by those use cases, so it is a query, not a use case.

/** Whether a contract's reviews may be counted yet: the same double-blind rule that shows them. */
const revealed = (r: EndedContractFactsRow, now: Date) =>
  reviewsRevealed({ endedAt: r.endedAt, submitted: { buyer: r.buyerReview !== null, vendor: r.vendorReview !== null } }, now);

function vendorFacts(r: EndedContractFactsRow, now: Date): VendorOrderFacts {
  return {
    orderId: r.orderId,
    title: r.title,
    outcome: r.outcome,
    endedAt: r.endedAt.toISOString(),
    // the accepted batches' items; a contract completed without recorded batches (made before deliveries were) its volume
    volume: { quantity: r.batches > 0 ? r.acceptedQuantity : r.outcome === 'completed' ? r.volumeQuantity : 0, unit: r.volumeUnit },
    batches: r.batches,
    batchesOnTime: r.batchesOnTime,
    batchesFirstPass: r.batchesFirstPass,
    committedAccuracy: r.committedAccuracy,
    measuredAccuracy: r.sampled > 0 ? Math.round((1 - r.sampleErrors / r.sampled) * 10_000) / 100 : null,
    stars: r.buyerReview && revealed(r, now) ? r.buyerReview.stars : null,
  };
}

function buyerFacts(r: EndedContractFactsRow, now: Date, payments: readonly BuyerPaymentRow[] = []): BuyerOrderFacts {
  const v = r.vendorReview;
  return {
    orderId: r.orderId,
    title: r.title,
    outcome: r.outcome,
    endedAt: r.endedAt.toISOString(),
    payments: payments.filter((p) => p.orderId === r.orderId),
    ratings: v && revealed(r, now) ? { clarity: v.clarity, paymentTimeliness: v.paymentTimeliness, communication: v.communication } : null,
  };
}

/** Every vendor's track record at `now`, against the market's prior; a vendor without ended contracts gets the prior's. */
export async function vendorTrackRecords(d: Db, now: Date): Promise<{ prior: VendorPrior; of: (vendorOrgId: string) => VendorTrackRecord }> {
  const rows = await trackRecords.endedContracts(d);
  const facts = rows.map((r) => ({ vendorOrgId: r.vendorOrgId, facts: vendorFacts(r, now) }));
  const prior = vendorMarketPrior(facts.map((f) => f.facts));
  const byVendor = Map.groupBy(facts, (f) => f.vendorOrgId);
  const cache = new Map<string, VendorTrackRecord>();
  return {
    prior,
    of(vendorOrgId) {
      let record = cache.get(vendorOrgId);
      if (!record) {
        record = vendorTrackRecord((byVendor.get(vendorOrgId) ?? []).map((f) => f.facts), prior);
        cache.set(vendorOrgId, record);
      }
      return record;
    },
  };
}

/** One buyer's record at `now`, against the market's prior. */
export async function buyerTrackRecordOf(d: Db, buyerOrgId: string, now: Date): Promise<{ prior: BuyerPrior; record: BuyerTrackRecord }> {
  const rows = await trackRecords.endedContracts(d);
  const prior = buyerMarketPrior(rows.map((r) => buyerFacts(r, now)));
  const payments = await trackRecords.buyerPayments(d, buyerOrgId);
  const own = rows.filter((r) => r.buyerOrgId === buyerOrgId);
  const facts = own.map((r) => buyerFacts(r, now, payments));
  // orders still running count for their payments (a payment due says something before the contract ends)
  const running = Map.groupBy(payments.filter((p) => !own.some((r) => r.orderId === p.orderId)), (p) => p.orderId);
  for (const [orderId, ps] of running) {
    facts.push({ orderId, title: ps[0]!.title, outcome: 'running', endedAt: null, payments: ps, ratings: null });
  }
  return { prior, record: buyerTrackRecord(facts, prior, now) };
}

/** Matching's candidates with their track records (matching.candidates reads profiles only). */
export async function withTrackRecords<V extends MatchVendor>(d: Db, vendors: readonly V[], now: Date): Promise<V[]> {
  if (vendors.length === 0) return [];
  const records = await vendorTrackRecords(d, now);
  return vendors.map((v) => ({ ...v, record: records.of(v.orgId) }));
}

/** The summary of a vendor's record the bid comparison shows beside its score. */
export const toRecordSummary = (r: VendorTrackRecord): TrackRecordSummary => ({
  hasRecord: r.hasRecord, score: r.score, onTime: r.onTime.estimate, firstPass: r.firstPass.estimate, accuracyMet: r.accuracy.estimate,
  stars: r.rating.estimate, ratings: r.rating.count, completed: r.volume.completed,
});

/** The API's view of a vendor's record. */
export const toVendorRecordView = (orgId: string, r: VendorTrackRecord): VendorRecordView => ({ orgId, kind: 'vendor', ...r });
/** The API's view of a buyer's record. */
export const toBuyerRecordView = (orgId: string, r: BuyerTrackRecord): BuyerRecordView => ({ orgId, kind: 'buyer', ...r });
