import type { MatchReason } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { countyName } from './i18n.ts';
import { directoryHrefFor, formatScore, headlineReason, reasonRows, reasonText, scoreTone } from './match-text.ts';

const r = (part: MatchReason['part'], code: string, params: MatchReason['params'], fit: number, points: number): MatchReason => ({
  part, code, params, fit, points, text: `plain ${code}`,
});

const reasons: MatchReason[] = [
  r('locality', 'same_county', { county: '371502' }, 1, 10),
  r('capability', 'capability_covers', { required: 2, offered: 5 }, 0.7, 17.5),
  r('capacity', 'capacity_ample', { dailyCapacity: 20000, requiredPerDay: 5000, days: 12, ratioPercent: 400 }, 1, 30),
  r('quality', 'quality_no_record', { estimatePercent: 50 }, 0.5, 10),
  r('on_time', 'on_time_record', { good: 3, completed: 4, ratePercent: 75, estimatePercent: 67 }, 0.667, 10),
];

describe('reasonText', () => {
  it('translates each code with its numbers formatted and counties named', () => {
    expect(reasonText(reasons[2]!)).toBe(m.mr_capacity_ample({ daily: '20,000', required: '5,000', days: '12', ratio: '400' }));
    expect(reasonText(reasons[0]!)).toBe(m.mr_same_county({ county: countyName('371502') }));
    expect(reasonText(reasons[4]!)).toBe(m.mr_on_time_record({ good: '3', completed: '4', rate: '75', estimate: '67' }));
    expect(reasonText(r('capability', 'capability_specialist', { required: 1, offered: 1 }, 1, 25))).toBe(m.mr_capability_specialist({ required: '1' }));
  });
  it("falls back to the API's text for a code the web does not know", () => {
    expect(reasonText(r('capacity', 'capacity_brand_new', {}, 0.5, 15))).toBe('plain capacity_brand_new');
  });
});

describe('reasonRows', () => {
  it('puts the parts in a fixed order with their weights', () => {
    const rows = reasonRows(reasons);
    expect(rows.map((x) => x.part)).toEqual(['capability', 'capacity', 'quality', 'on_time', 'locality']);
    expect(rows.map((x) => x.weight)).toEqual([25, 30, 20, 15, 10]);
    expect(rows[0]!.label).toBe(m.mp_capability());
    expect(rows.reduce((s, x) => s + x.points, 0)).toBe(77.5);
  });
});

describe('headlineReason', () => {
  it('names capacity when nothing lost much', () => {
    expect(headlineReason(reasons)?.part).toBe('capacity');
  });
  it('names the part that lost most when it lost a lot', () => {
    const short = reasons.map((x) => (x.part === 'capacity' ? r('capacity', 'capacity_short', { dailyCapacity: 1, requiredPerDay: 4, days: 3, ratioPercent: 25 }, 0.2, 6) : x));
    expect(headlineReason(short)?.code).toBe('capacity_short');
    const noLocal = reasons.map((x) => (x.part === 'locality' ? r('locality', 'other_region', { county: '' }, 0, 0) : x));
    // all 10 locality points lost at fit 0 outweighs a neutral record (fit 0.5)
    expect(headlineReason(noLocal)?.part).toBe('locality');
    expect(headlineReason([])).toBeNull();
  });
});

describe('scores', () => {
  it('shows one decimal only when there is one, and a tone by strength', () => {
    expect(formatScore(86.5)).toBe('86.5');
    expect(formatScore(90)).toBe('90');
    expect(formatScore(72.04)).toBe('72');
    expect([scoreTone(80), scoreTone(60), scoreTone(40)]).toEqual(['success', 'info', 'neutral']);
  });
});

describe('directoryHrefFor', () => {
  it('narrows the directory to the data type and every task type', () => {
    expect(directoryHrefFor({ modality: 'image', taskTypes: ['bbox', 'polygon'] })).toBe('/vendors?modalities=image&taskTypes=bbox&taskTypes=polygon');
  });
});
