import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { formatAge, itemHref } from './desk-text.ts';

describe('formatAge', () => {
  it.each([
    [0, () => m.desk_age_minutes({ n: 0 })],
    [59 * 60 + 59, () => m.desk_age_minutes({ n: 59 })],
    [3600, () => m.desk_age_hours({ n: 1 })],
    [47 * 3600 + 3599, () => m.desk_age_hours({ n: 47 })],
    [48 * 3600, () => m.desk_age_days({ days: 2, hours: 0 })],
    [75 * 3600, () => m.desk_age_days({ days: 3, hours: 3 })],
  ])('%i s', (s, text) => {
    expect(formatAge(s)).toBe(text());
  });
});

describe('itemHref', () => {
  it('opens each item where it is decided', () => {
    const item = { id: 'i1', orderId: 'o1' };
    expect(itemHref('order_review', item)).toBe('/orders/i1');
    expect(itemHref('objections', item)).toBe('/orders/o1');
    expect(itemHref('disputes', item)).toBe('/orders/o1/contract');
    expect(itemHref('policy_cases', item)).toBe('/policy/cases/i1');
    expect(itemHref('catalogue_leads', item)).toBe('/catalogue/i1');
    expect(itemHref('vendor_verification', item)).toBe('/admin/vendors');
    expect(itemHref('membership_applications', item)).toBe('/admin/members');
    expect(itemHref('late_statistics', { id: 'p1:org1', orderId: null })).toBe('/admin/statistics/p1');
  });
});
