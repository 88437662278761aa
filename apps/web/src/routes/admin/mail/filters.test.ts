import { describe, expect, it } from 'vitest';
import { outboxFiltersOf, outboxHref } from './filters.ts';

describe('the outbox filters', () => {
  it('reads a known status and the recipient text, and writes them back without a cursor', () => {
    const f = outboxFiltersOf(new URLSearchParams('status=failed&to=%20zhang%40&cursor=abc'));
    expect(f).toEqual({ status: 'failed', to: 'zhang@' });
    expect(outboxHref(f)).toBe('/admin/mail?status=failed&to=zhang%40');
  });
  it('drops an unknown status and empty text', () => {
    const f = outboxFiltersOf(new URLSearchParams('status=bounced&to=%20'));
    expect(f).toEqual({ status: null, to: '' });
    expect(outboxHref(f)).toBe('/admin/mail');
  });
});
