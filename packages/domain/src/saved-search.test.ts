import { describe, expect, it } from 'vitest';
import {
  MAX_SAVED_SEARCHES, type OrderFacets, canSaveAnother, criteriaAdmit, normalizeCriteria, planSavedSearchAlerts, validateCriteria,
} from './saved-search.ts';

describe('normalizeCriteria', () => {
  it('trims the text, drops blanks and empty lists, de-duplicates and sorts lists', () => {
    expect(normalizeCriteria({ q: '  点云  ', modality: ['video', 'image', 'video'], taskTypes: [], county: ['371581', '371502'] })).toEqual({
      q: '点云', modality: ['image', 'video'], county: ['371502', '371581'],
    });
    expect(normalizeCriteria({ q: '   ', securityLevel: [] })).toEqual({});
    expect(normalizeCriteria({ budgetMin: 0, budgetMax: 100 })).toEqual({ budgetMin: 0, budgetMax: 100 });
  });
  it('gives the same criteria for the same search written differently', () => {
    expect(JSON.stringify(normalizeCriteria({ taskTypes: ['ocr', 'bbox'], q: 'OCR ' }))).toBe(
      JSON.stringify(normalizeCriteria({ q: 'OCR', taskTypes: ['bbox', 'ocr', 'bbox'] })),
    );
  });
});

describe('validateCriteria and the limit', () => {
  it('refuses an inverted budget range, decimal fen and an overlong query', () => {
    expect(validateCriteria({ budgetMin: 10, budgetMax: 5 })).toEqual({ ok: false, error: 'budget_range_inverted' });
    expect(validateCriteria({ budgetMin: 1.5 })).toEqual({ ok: false, error: 'money_invalid' });
    expect(validateCriteria({ q: 'x'.repeat(201) })).toEqual({ ok: false, error: 'query_too_long' });
    expect(validateCriteria({ budgetMin: 5, budgetMax: 5 }).ok).toBe(true);
    expect(validateCriteria({}).ok).toBe(true);
  });
  it('allows at most MAX_SAVED_SEARCHES per user', () => {
    expect(MAX_SAVED_SEARCHES).toBe(20);
    expect(canSaveAnother(19).ok).toBe(true);
    expect(canSaveAnother(20)).toEqual({ ok: false, error: 'limit_reached' });
  });
});

describe('criteriaAdmit (the typed pre-filter, with the order search semantics)', () => {
  const order: OrderFacets = { modality: 'point_cloud', taskTypes: ['cuboid_3d', 'tracking'], securityLevel: 'internal', county: '371502', budgetTotalFen: 5_000_000 };
  it('admits with no criteria, and with the text alone (the search engine decides on text)', () => {
    expect(criteriaAdmit({}, order)).toBe(true);
    expect(criteriaAdmit({ q: '语音' }, order)).toBe(true);
  });
  it('takes any of the modalities, task types, levels and counties', () => {
    expect(criteriaAdmit({ modality: ['image', 'point_cloud'] }, order)).toBe(true);
    expect(criteriaAdmit({ modality: ['image'] }, order)).toBe(false);
    expect(criteriaAdmit({ taskTypes: ['bbox', 'tracking'] }, order)).toBe(true);
    expect(criteriaAdmit({ taskTypes: ['bbox'] }, order)).toBe(false);
    expect(criteriaAdmit({ securityLevel: ['public'] }, order)).toBe(false);
    expect(criteriaAdmit({ county: ['371502'] }, order)).toBe(true);
    expect(criteriaAdmit({ county: ['371502'] }, { ...order, county: null })).toBe(false);
  });
  it('keeps the budget bounds inclusive and refuses an order without a total budget under a bound', () => {
    expect(criteriaAdmit({ budgetMin: 5_000_000, budgetMax: 5_000_000 }, order)).toBe(true);
    expect(criteriaAdmit({ budgetMin: 5_000_001 }, order)).toBe(false);
    expect(criteriaAdmit({ budgetMax: 4_999_999 }, order)).toBe(false);
    expect(criteriaAdmit({ budgetMin: 0 }, { ...order, budgetTotalFen: null })).toBe(false);
  });
});

describe('planSavedSearchAlerts', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, s));
  it('tells each user once per order, naming their oldest matching search, and skips users already told', () => {
    const plan = planSavedSearchAlerts(
      [
        { savedSearchId: 's2', userId: 'u1', name: '新的', createdAt: at(2) },
        { savedSearchId: 's1', userId: 'u1', name: '旧的', createdAt: at(1) },
        { savedSearchId: 's3', userId: 'u2', name: '点云', createdAt: at(3) },
        { savedSearchId: 's4', userId: 'u3', name: '已被告知', createdAt: at(4) },
      ],
      new Set(['u3']),
    );
    expect(plan).toEqual([
      { userId: 'u1', savedSearchId: 's1', name: '旧的' },
      { userId: 'u2', savedSearchId: 's3', name: '点云' },
    ]);
  });
  it('is empty without hits', () => {
    expect(planSavedSearchAlerts([], new Set())).toEqual([]);
  });
});
