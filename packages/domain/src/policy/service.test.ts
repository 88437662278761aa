import { describe, expect, it } from 'vitest';
import { type ServiceImportStep, type ServiceStatus, applyServiceStep, planServiceEdit, planServiceImport } from './service.ts';

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

describe('planServiceImport', () => {
  const today = '2026-12-07';
  const svc = (status: ServiceStatus) => ({ status, effectiveFrom: '2026-06-01' });
  const cases: [string, { status: ServiceStatus; effectiveFrom: string } | null, boolean, string | null, boolean, ServiceImportStep | string][] = [
    ['a new code is created, published', null, false, null, true, { kind: 'create', effectiveFrom: today, publish: true }],
    ['a new code as a draft, from a past date', null, false, '2026-01-01', false, { kind: 'create', effectiveFrom: '2026-01-01', publish: false }],
    ['a new code may not take effect in the future', null, false, '2026-12-08', true, 'effective_date_in_future'],
    ['the same text again changes nothing', svc('published'), true, null, true, { kind: 'unchanged' }],
    ['the same text of a draft the file publishes: published', svc('draft'), true, null, true, { kind: 'publish' }],
    ['the same text of a draft kept a draft', svc('draft'), true, null, false, { kind: 'unchanged' }],
    ['a changed published service gets a new version', svc('published'), false, null, true, { kind: 'edit', edit: 'new_version', effectiveFrom: today, publish: false }],
    ['…and is never taken back to draft', svc('published'), false, null, false, { kind: 'edit', edit: 'new_version', effectiveFrom: today, publish: false }],
    ['a changed draft changes in place and is published', svc('draft'), false, '2026-07-01', true, { kind: 'edit', edit: 'in_place', effectiveFrom: '2026-07-01', publish: true }],
    ['a new version before the one it replaces', svc('published'), false, '2026-05-01', true, 'effective_date_before_previous'],
    ['an archived service is not edited by an import', svc('archived'), false, null, true, 'invalid_transition'],
    ['an archived service with the same text stays archived', svc('archived'), true, null, true, { kind: 'unchanged' }],
  ];
  it.each(cases)('%s', (_, current, same, from, publish, expected) => {
    const r = planServiceImport(current, same, from, publish, today);
    expect(r.ok ? r.value : r.error).toEqual(expected);
  });
});
