import { describe, expect, it } from 'vitest';
import { type ServiceStatus, applyServiceStep, planServiceEdit } from './service.ts';

describe('planServiceEdit', () => {
  const today = '2026-12-07';
  const cases: [string, ServiceStatus, string, string | null, { edit: string; effectiveFrom: string } | string][] = [
    ['a draft changes in place', 'draft', '2026-12-01', null, { edit: 'in_place', effectiveFrom: today }],
    ['a published service gets a new version from today', 'published', '2026-01-01', null, { edit: 'new_version', effectiveFrom: today }],
    ['a new version recording a notice that already took effect', 'published', '2026-01-01', '2026-11-20', { edit: 'new_version', effectiveFrom: '2026-11-20' }],
    ['a new version in the future', 'published', '2026-01-01', '2026-12-08', 'effective_date_in_future'],
    ['a new version before the one it replaces', 'published', '2026-06-01', '2026-05-31', 'effective_date_before_previous'],
    ['an archived service is published again first', 'archived', '2026-01-01', null, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, status, previous, requested, expected) => {
    const r = planServiceEdit(status, previous, requested, today);
    expect(r.ok ? r.value : r.error).toEqual(expected);
  });
});

describe('applyServiceStep', () => {
  it.each([
    ['draft', 'publish', 'published'],
    ['archived', 'publish', 'published'],
    ['published', 'publish', 'invalid_transition'],
    ['published', 'archive', 'archived'],
    ['draft', 'archive', 'invalid_transition'],
  ] as const)('%s, %s → %s', (status, step, expected) => {
    const r = applyServiceStep(status, step);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });
});
