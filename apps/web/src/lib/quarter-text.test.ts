import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { quarterLabel } from '#lib/quarter-text.ts';

describe('quarterLabel', () => {
  it('names a quarter by its identity, and leaves anything else as it is', () => {
    expect(quarterLabel('2026Q3')).toBe(m.st_quarter({ year: '2026', q: '3' }));
    expect(quarterLabel('2026')).toBe('2026');
  });
});
