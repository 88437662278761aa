/** Weights of the bid comparison, in points; they need not sum to 100 (they are normalised). */
export type ScoreWeights = { price: number; quality: number; capability: number; trackRecord: number };

/** Price first, as in Chinese 综合评分法 practice where price carries 30–60 %. */
export const DEFAULT_WEIGHTS: ScoreWeights = { price: 40, quality: 30, capability: 15, trackRecord: 15 };

export type ScoreInput = {
  bidId: string;
  totalPriceFen: number;
  committedAccuracy: number;
  /** 0–1, how well the vendor's profile covers the order */
  capabilityFit: number;
  /** 0–1: the vendor's track-record score (vendorTrackRecord), which starts at the market's figures for a newcomer */
  trackRecord: number;
};

export type ScorePart = { raw: number; points: number };
export type BidScore = {
  bidId: string;
  total: number;
  parts: Record<keyof ScoreWeights, ScorePart>;
  rank: number;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Weighted comparison of bids, 0–100 points.
 * Price: lowest price ÷ this price (the benchmark-price method). Quality: how far the committed
 * accuracy goes from the target towards 100 %. Track record: the vendor's track-record score, whose prior is
 * the market's own figures, so newcomers are neither rewarded nor shut out.
 */
export function scoreBids(bids: ScoreInput[], accuracyTarget: number, weights: ScoreWeights): BidScore[] {
  const sum = weights.price + weights.quality + weights.capability + weights.trackRecord;
  if (bids.length === 0) return [];
  const w = sum > 0 ? weights : DEFAULT_WEIGHTS;
  const total = sum > 0 ? sum : 100;
  const lowest = Math.min(...bids.map((b) => b.totalPriceFen));
  const clamp = (n: number) => Math.max(0, Math.min(1, n));
  const scored = bids.map((b) => {
    const raw = {
      price: lowest / b.totalPriceFen,
      quality: accuracyTarget >= 100 ? 1 : clamp((b.committedAccuracy - accuracyTarget) / (100 - accuracyTarget)),
      capability: clamp(b.capabilityFit),
      trackRecord: clamp(b.trackRecord),
    };
    const parts = Object.fromEntries(
      (Object.keys(raw) as (keyof ScoreWeights)[]).map((k) => [k, { raw: round2(raw[k]), points: round2((raw[k] * w[k] * 100) / total) }]),
    ) as Record<keyof ScoreWeights, ScorePart>;
    const points = round2(Object.values(parts).reduce((s, p) => s + p.points, 0));
    return { bidId: b.bidId, total: points, parts, rank: 0 };
  });
  // ties go to the lower price, then to the earlier id for a stable order
  const byId = new Map(bids.map((b) => [b.bidId, b]));
  scored.sort((a, b) => b.total - a.total || byId.get(a.bidId)!.totalPriceFen - byId.get(b.bidId)!.totalPriceFen || a.bidId.localeCompare(b.bidId));
  scored.forEach((s, i) => { s.rank = i + 1; });
  return scored;
}

/** What capability fit looks at in an order. */
export type FitTerms = { modality: string; taskTypes: readonly string[]; minHeadcount: number };
/** What capability fit looks at in a vendor's profile. */
export type FitProfile = { modalities: readonly string[]; taskTypes: readonly string[]; headcount: number };

/**
 * How well a vendor's profile covers an order, 0–1: the mean of three simple coverages — the modality
 * (offered or not), the share of the order's task types offered, and headcount against the order's
 * minimum (full marks when none is asked). Deliberately plain so a buyer can check it by hand.
 */
export function capabilityFit(profile: FitProfile, terms: FitTerms): number {
  const modality = profile.modalities.includes(terms.modality) ? 1 : 0;
  const tasks = terms.taskTypes.length === 0 ? 1 : terms.taskTypes.filter((t) => profile.taskTypes.includes(t)).length / terms.taskTypes.length;
  const headcount = terms.minHeadcount <= 0 ? 1 : Math.min(1, profile.headcount / terms.minHeadcount);
  return round2((modality + tasks + headcount) / 3);
}
