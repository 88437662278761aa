import { describe, expect, it } from 'vitest';
import { MAX_FEN, formatFen, isFen, parseYuan } from './money.ts';

describe('money', () => {
  it('formats fen as yuan with separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
  });
  it('parses what people type', () => {
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('-3')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });
  it('accepts only safe non-negative integers up to the limit', () => {
    expect(isFen(100)).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen(-1)).toBe(false);
    expect(isFen(MAX_FEN + 1)).toBe(false);
  });
});
