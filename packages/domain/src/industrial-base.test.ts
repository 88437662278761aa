import { describe, expect, it } from 'vitest';
import { type IndustrialBaseFacts, type IndustrialBaseProblem, checkIndustrialBase, occupancyPercent } from './industrial-base.ts';

// 2026-12-07 00:30 in Shanghai is 2026-12-06 16:30 UTC
const now = new Date('2026-12-06T16:30:00Z');
const base: IndustrialBaseFacts = {
  floorAreaM2: 12_000, seats: 800, occupiedSeats: 560, openedOn: '2024-09-01', benchmarkStatus: 'none', benchmarkSince: null,
};

describe('checkIndustrialBase', () => {
  const cases: [string, Partial<IndustrialBaseFacts>, IndustrialBaseProblem[]][] = [
    ['an ordinary base', {}, []],
    ['a candidate', { benchmarkStatus: 'candidate' }, []],
    ['a benchmark since a date after opening', { benchmarkStatus: 'benchmark', benchmarkSince: '2025-06-30' }, []],
    ['a benchmark recognised today (Shanghai)', { benchmarkStatus: 'benchmark', benchmarkSince: '2026-12-07' }, []],
    ['every seat taken', { occupiedSeats: 800 }, []],
    ['more occupied than seats', { occupiedSeats: 801 }, [{ path: 'occupiedSeats', rule: 'occupied_over_seats' }]],
    ['opening tomorrow', { openedOn: '2026-12-08' }, [{ path: 'openedOn', rule: 'in_future' }]],
    ['a base not opened yet has no opening date', { openedOn: null }, []],
    ['a benchmark without its date', { benchmarkStatus: 'benchmark' }, [{ path: 'benchmarkSince', rule: 'since_required' }]],
    ['a date for a candidate', { benchmarkStatus: 'candidate', benchmarkSince: '2025-06-30' }, [{ path: 'benchmarkSince', rule: 'since_only_for_benchmark' }]],
    ['recognised in the future', { benchmarkStatus: 'benchmark', benchmarkSince: '2027-01-01' }, [{ path: 'benchmarkSince', rule: 'in_future' }]],
    ['recognised before it opened', { benchmarkStatus: 'benchmark', benchmarkSince: '2024-08-31' }, [{ path: 'benchmarkSince', rule: 'since_before_opening' }]],
  ];
  it.each(cases)('%s', (_, over, problems) => expect(checkIndustrialBase({ ...base, ...over }, now)).toEqual(problems));
});

describe('occupancyPercent', () => {
  it.each([
    [800, 560, 70], // 560 / 800 = 0.70
    [3, 2, 67], // 0.666… rounds up
    [0, 0, null], // no seats: no rate
  ])('%i seats, %i occupied → %s %', (seats, occupiedSeats, pct) => expect(occupancyPercent({ seats, occupiedSeats })).toBe(pct));
});
