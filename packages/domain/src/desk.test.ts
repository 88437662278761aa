import { describe, expect, it } from 'vitest';
import { DESK_QUEUES, DEFAULT_TARGET_HOURS, ageBand, targetsWith } from './desk.ts';

const H = 3600;

describe('ageBand', () => {
  it.each([
    // [age, target hours, band] — due soon from 0.75 × target, late from the target
    [0, 24, 'on_time'],
    [17 * H + 3599, 24, 'on_time'], // 17:59:59 < 18 h
    [18 * H, 24, 'due_soon'], // 0.75 × 24 h = 18 h
    [24 * H - 1, 24, 'due_soon'],
    [24 * H, 24, 'late'],
    [30 * 24 * H, 72, 'late'],
    [45 * 60, 1, 'due_soon'], // 0.75 × 1 h = 45 min
    [44 * 60, 1, 'on_time'],
  ] as const)('%i s against %i h: %s', (age, target, band) => {
    expect(ageBand(age, target)).toBe(band);
  });
});

describe('targetsWith', () => {
  it('takes the secretariat’s targets and the defaults for the rest', () => {
    const t = targetsWith({ order_review: 8, unknown_queue: 3 });
    expect(t.order_review).toBe(8);
    expect(t.objections).toBe(DEFAULT_TARGET_HOURS.objections);
    expect(Object.keys(t)).toEqual([...DESK_QUEUES]);
  });
});
