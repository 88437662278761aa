import { describe, expect, it } from 'vitest';
import { listHref, paramIn } from './list-href.ts';

describe('listHref', () => {
  it('keeps set parameters, drops empty ones and defaults', () => {
    expect(listHref('/bids', {})).toBe('/bids');
    expect(listHref('/bids', { status: null, sort: 'newest' }, { sort: 'newest' })).toBe('/bids');
    expect(listHref('/bids', { status: 'needs_reconfirm', sort: 'deadline' }, { sort: 'newest' })).toBe('/bids?status=needs_reconfirm&sort=deadline');
    expect(listHref('/orders/mine', { status: '', sort: 'updated' })).toBe('/orders/mine?sort=updated');
  });

  it('encodes values', () => {
    expect(listHref('/x', { q: '点云 & LiDAR' })).toBe('/x?q=%E7%82%B9%E4%BA%91+%26+LiDAR');
  });

  it('reads a parameter only when it is one of the values', () => {
    expect(paramIn(['newest', 'deadline'] as const, 'deadline')).toBe('deadline');
    expect(paramIn(['newest', 'deadline'] as const, 'price')).toBeNull();
    expect(paramIn(['newest', 'deadline'] as const, null)).toBeNull();
  });
});
