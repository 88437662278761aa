import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, capabilityFit, scoreBids } from './scoring.ts';

const bids = [
  { bidId: 'a', totalPriceFen: 100_000, committedAccuracy: 98, capabilityFit: 1, trackRecord: 0.9 },
  { bidId: 'b', totalPriceFen: 80_000, committedAccuracy: 97, capabilityFit: 0.5, trackRecord: 0.5 },
];

describe('scoreBids', () => {
  it('gives the lowest price full price marks and explains each part', () => {
    const [first, second] = scoreBids(bids, 96, DEFAULT_WEIGHTS);
    // a: price 0.8×40=32, quality 0.5×30=15, capability 15, track 0.9×15=13.5 → 75.5
    expect(first).toMatchObject({ bidId: 'a', total: 75.5, rank: 1 });
    expect(first!.parts.price).toEqual({ raw: 0.8, points: 32 });
    // b: price 40, quality 0.25×30=7.5, capability 7.5, track 0.5×15=7.5 → 62.5
    expect(second).toMatchObject({ bidId: 'b', total: 62.5, rank: 2 });
    expect(second!.parts.trackRecord).toEqual({ raw: 0.5, points: 7.5 });
  });

  it('follows the buyer’s weights', () => {
    const [first] = scoreBids(bids, 96, { price: 100, quality: 0, capability: 0, trackRecord: 0 });
    expect(first).toMatchObject({ bidId: 'b', total: 100 });
  });

  it('normalises weights that do not sum to 100 and breaks ties by price', () => {
    const twins = [
      { bidId: 'x', totalPriceFen: 200, committedAccuracy: 100, capabilityFit: 1, trackRecord: 1 },
      { bidId: 'y', totalPriceFen: 200, committedAccuracy: 100, capabilityFit: 1, trackRecord: 1 },
    ];
    const r = scoreBids(twins, 98, { price: 1, quality: 1, capability: 1, trackRecord: 1 });
    expect(r.map((s) => [s.bidId, s.total])).toEqual([['x', 100], ['y', 100]]);
  });

  it('returns nothing for no bids', () => {
    expect(scoreBids([], 95, DEFAULT_WEIGHTS)).toEqual([]);
  });
});

describe('capabilityFit', () => {
  const profile = { modalities: ['image', 'video'], taskTypes: ['bbox', 'polygon'], headcount: 30 };
  it.each([
    ['full coverage', { modality: 'image', taskTypes: ['bbox'], minHeadcount: 20 }, 1],
    ['another modality', { modality: 'text', taskTypes: ['bbox'], minHeadcount: 20 }, 0.67],
    ['half the task types', { modality: 'image', taskTypes: ['bbox', 'ocr'], minHeadcount: 0 }, 0.83],
    ['too few people', { modality: 'image', taskTypes: ['bbox'], minHeadcount: 60 }, 0.83],
    ['nothing in common', { modality: 'audio', taskTypes: ['transcription'], minHeadcount: 300 }, 0.03],
  ])('%s', (_, terms, expected) => {
    expect(capabilityFit(profile, terms)).toBe(expected);
  });
});
