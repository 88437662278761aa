import { describe, expect, it } from 'vitest';
import { type OrderAction, type OrderState, type OrderStatus, type OrderTerms, applyOrderAction, effectiveStatus, validateTerms } from './order.ts';

const now = new Date('2026-11-29T04:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const state = (status: OrderStatus, bidDeadline = hours(48), publicityEndsAt: Date | null = null): OrderState => ({
  status, bidDeadline, publicityEndsAt,
});

describe('applyOrderAction', () => {
  const cases: [string, OrderState, OrderAction, OrderStatus | string][] = [
    ['buyer submits a draft', state('draft'), { type: 'submit' }, 'pending_review'],
    ['secretariat approves', state('pending_review'), { type: 'approve' }, 'open'],
    ['approval after the deadline', state('pending_review', hours(-1)), { type: 'approve' }, 'deadline_in_past'],
    ['secretariat rejects with reason', state('pending_review'), { type: 'reject', reason: '预算不明确' }, 'draft'],
    ['reject needs a reason', state('pending_review'), { type: 'reject', reason: ' ' }, 'reason_required'],
    ['cancel an open order', state('open'), { type: 'cancel', reason: '需求变更' }, 'cancelled'],
    ['cancel needs a reason', state('open'), { type: 'cancel', reason: '' }, 'reason_required'],
    ['cancel after award', state('awarded', hours(-2), hours(10)), { type: 'cancel', reason: 'x' }, 'invalid_transition'],
    ['close bidding early', state('open'), { type: 'close_bidding' }, 'invalid_transition'],
    ['close bidding at the deadline', state('open', now), { type: 'close_bidding' }, 'evaluation'],
    ['award during evaluation', state('evaluation', hours(-1)), { type: 'award', publicitySeconds: 259200 }, 'awarded'],
    ['award while open', state('open'), { type: 'award', publicitySeconds: 1 }, 'invalid_transition'],
    ['award once the deadline passed, before the scheduler ran', state('open', hours(-1)), { type: 'award', publicitySeconds: 1 }, 'awarded'],
    ['uphold objection', state('awarded', hours(-5), hours(5)), { type: 'uphold_objection' }, 'evaluation'],
    ['end publicity too early', state('awarded', hours(-5), hours(5)), { type: 'end_publicity' }, 'invalid_transition'],
    ['declare unsuccessful', state('evaluation', hours(-1)), { type: 'declare_unsuccessful' }, 'unsuccessful'],
    ['submit twice', state('pending_review'), { type: 'submit' }, 'invalid_transition'],
    ['complete', state('in_progress'), { type: 'complete' }, 'completed'],
  ];
  it.each(cases)('%s', (_, from, action, expected) => {
    const r = applyOrderAction(from, action, now);
    if (r.ok) expect(r.value.status).toBe(expected);
    else expect(r.error).toBe(expected);
  });

  it('sets and clears the publicity window', () => {
    const awarded = applyOrderAction(state('evaluation', hours(-1)), { type: 'award', publicitySeconds: 3600 }, now);
    expect(awarded.ok && awarded.value.publicityEndsAt).toEqual(hours(1));
    const upheld = applyOrderAction(state('awarded', hours(-1), hours(1)), { type: 'uphold_objection' }, now);
    expect(upheld.ok && upheld.value.publicityEndsAt).toBeNull();
  });
});

describe('effectiveStatus', () => {
  it('treats a passed deadline as closed', () => {
    expect(effectiveStatus(state('open', now), now)).toBe('evaluation');
    expect(effectiveStatus(state('open', hours(1)), now)).toBe('open');
    expect(effectiveStatus(state('awarded', hours(-9), now), now)).toBe('in_progress');
  });
});

describe('validateTerms', () => {
  const terms: OrderTerms = {
    modality: 'point_cloud', taskTypes: ['cuboid_3d'], volume: { quantity: 50000, unit: 'frames' },
    unitPriceCeilingFen: 350, budgetTotalFen: 17_500_000, biddingMode: 'sealed',
    questionsCloseAt: hours(24), bidDeadline: hours(72), deliveryDeadline: hours(24 * 40),
    accuracyTarget: 98, securityLevel: 'internal', containsPersonalInfo: false, workLocation: 'remote',
    requiredCertifications: [], minHeadcount: 20, requiresSecureRoom: false,
  };
  const check = (patch: Partial<OrderTerms>, window = 86400) => {
    const r = validateTerms({ ...terms, ...patch }, now, window);
    return r.ok ? 'ok' : r.error;
  };
  it.each([
    [{}, 'ok'],
    [{ taskTypes: [] }, 'task_types_missing'],
    [{ volume: { quantity: 0, unit: 'frames' as const } }, 'volume_invalid'],
    [{ unitPriceCeilingFen: null, budgetTotalFen: null }, 'price_missing'],
    [{ budgetTotalFen: 12.5 }, 'money_invalid'],
    [{ budgetTotalFen: -100 }, 'money_invalid'],
    [{ accuracyTarget: 101 }, 'accuracy_invalid'],
    [{ bidDeadline: hours(-1) }, 'deadline_in_past'],
    [{ bidDeadline: hours(24 * 400) , deliveryDeadline: hours(24 * 500) }, 'deadline_too_far'],
    [{ questionsCloseAt: hours(80) }, 'deadline_order'],
    [{ deliveryDeadline: hours(72) }, 'deadline_order'],
    [{ questionsCloseAt: hours(1), bidDeadline: hours(2) }, 'bid_window_too_short'],
  ] as [Partial<OrderTerms>, string][])('%o → %s', (patch, expected) => {
    expect(check(patch)).toBe(expected);
  });
  it('lets tests set the minimum window to zero', () => {
    expect(check({ questionsCloseAt: hours(1), bidDeadline: hours(2) }, 0)).toBe('ok');
  });
});
