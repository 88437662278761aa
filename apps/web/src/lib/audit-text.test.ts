import { describe, expect, it } from 'vitest';
import { auditQueryOf, beijingInstant, entityHref } from './audit-text.ts';

describe('auditQueryOf', () => {
  it('keeps the filled filters and reads times as Beijing time', () => {
    const { form, query } = auditQueryOf(new URLSearchParams('action=curation.*&entityType=order&from=2026-12-01T08:00&to=&actorUserId='));
    expect(form.action).toBe('curation.*');
    expect(query).toEqual({ action: 'curation.*', entityType: 'order', from: '2026-12-01T00:00:00.000Z' });
  });
  it('drops a time it cannot read', () => {
    expect(beijingInstant('yesterday')).toBeUndefined();
    expect(beijingInstant('2026-12-01T08:00:30')).toBe('2026-12-01T00:00:30.000Z');
  });
});

describe('entityHref', () => {
  it('links the entities that have a page', () => {
    expect(entityHref('order', 'x')).toBe('/orders/x');
    expect(entityHref('catalogue_entry', 'x')).toBe('/catalogue/x');
    expect(entityHref('desk', 'service_levels')).toBeNull();
  });
});
