import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { countyName } from './i18n.ts';
import { chipLabel } from './order-search-text.ts';

describe('chipLabel', () => {
  it('names each kind of filter in the current language', () => {
    expect(chipLabel({ kind: 'q', value: '点云' })).toBe(m.chip_query({ q: '点云' }));
    expect(chipLabel({ kind: 'modality', value: 'image' })).toBe(m.modality_image());
    expect(chipLabel({ kind: 'taskTypes', value: 'bbox' })).toBe(m.task_bbox());
    expect(chipLabel({ kind: 'county', value: '371502' })).toBe(countyName('371502'));
    expect(chipLabel({ kind: 'budgetMin', value: '12000.5' })).toBe(m.chip_budget_min({ amount: '¥12,000.5' }));
    expect(chipLabel({ kind: 'deadlineBefore', value: '2026-12-01' })).toBe(m.chip_deadline({ date: '2026-12-01' }));
  });
  it('shows a value it has no words for as it is', () => {
    expect(chipLabel({ kind: 'taskTypes', value: 'hologram' })).toBe('hologram');
  });
});
