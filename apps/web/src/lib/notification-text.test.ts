import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { NOTIFICATION } from './notification-text.ts';

describe('matching and saved-search notifications', () => {
  it('names the order, the score (one decimal) and the saved search', () => {
    expect(NOTIFICATION.order_match({ orderTitle: '点云 3D 框', score: 71.46 })).toBe(m.nt_order_match({ title: '点云 3D 框', score: 71.5 }));
    expect(NOTIFICATION.saved_search_match({ orderTitle: '车道线', searchName: '图像 · 框', savedSearchId: 'x' })).toBe(
      m.nt_saved_search_match({ title: '车道线', search: '图像 · 框' }),
    );
  });
});
