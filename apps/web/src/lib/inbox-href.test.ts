import { describe, expect, it } from 'vitest';
import { allianceNotificationHref, orderNotificationHref } from '#lib/inbox-href.ts';

const order = '11111111-2222-4333-8444-555555555555';
const ms = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('where an inbox entry leads', () => {
  it('takes batch and payment steps to their milestone, contract steps to the contract, the rest to the order', () => {
    expect(orderNotificationHref({ id: '7', kind: 'batch_rejected', orderId: order, payload: { milestoneId: ms }, readAt: null }))
      .toBe(`/orders/${order}/contract/milestones/${ms}?n=7`);
    expect(orderNotificationHref({ id: '8', kind: 'payment_overdue', orderId: order, payload: { milestoneId: ms }, readAt: '2027-01-01T00:00:00Z' }))
      .toBe(`/orders/${order}/contract/milestones/${ms}`);
    expect(orderNotificationHref({ id: '9', kind: 'change_order_proposed', orderId: order, payload: {}, readAt: null })).toBe(`/orders/${order}/contract?n=9`);
    expect(orderNotificationHref({ id: '10', kind: 'bid_awarded', orderId: order, payload: {}, readAt: null })).toBe(`/orders/${order}?n=10`);
  });

  it('does not build a path from a milestone id that is not one', () => {
    expect(orderNotificationHref({ id: '11', kind: 'batch_delivered', orderId: order, payload: { milestoneId: '../../admin' }, readAt: null })).toBe(`/orders/${order}?n=11`);
    expect(orderNotificationHref({ id: '12', kind: 'policy_case_opened', orderId: null, payload: {}, readAt: null })).toBeNull();
  });
});

describe('where an inbox entry about the alliance leads', () => {
  it('takes announcements and events to their pages, and nothing else anywhere', () => {
    expect(allianceNotificationHref({ id: '1', payload: { announcementId: order }, readAt: null })).toBe(`/announcements/${order}?n=1`);
    expect(allianceNotificationHref({ id: '2', payload: { eventId: order }, readAt: '2027-01-01T00:00:00Z' })).toBe(`/events/${order}`);
    expect(allianceNotificationHref({ id: '3', payload: { eventId: '../admin' }, readAt: null })).toBeNull();
  });
});
