import type { Order } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { bidBody, bidErrors, bidToValues } from './bid-form.ts';
import { fromBeijingInput, toBeijingInput } from './i18n.ts';
import { fieldOfPath, orderToValues, ruleFromValues, stepErrors, stepPatch, yuanRule } from './order-form.ts';

const now = new Date('2026-06-01T02:00:00Z'); // 10:00 in Beijing

describe('times typed in Beijing', () => {
  it('round-trips a datetime-local value through an instant', () => {
    expect(fromBeijingInput('2026-06-01T17:30')).toBe('2026-06-01T09:30:00.000Z');
    expect(fromBeijingInput('2026-06-01T17:30:15')).toBe('2026-06-01T09:30:15.000Z');
    expect(toBeijingInput('2026-06-01T09:30:00.000Z')).toBe('2026-06-01T17:30');
    expect(toBeijingInput('2026-06-01T09:30:15.000Z')).toBe('2026-06-01T17:30:15');
    expect(fromBeijingInput('tomorrow')).toBeNull();
  });
});

describe('money typed in yuan', () => {
  it('takes whole and two-decimal yuan with separators and refuses the rest', () => {
    expect(yuanRule('90,000')).toBeNull();
    expect(yuanRule('0.45')).toBeNull();
    expect(yuanRule('')).toBeNull();
    expect(yuanRule('0.455')).toBe(m.v_money());
    expect(yuanRule('-5')).toBe(m.v_money());
    expect(yuanRule('0')).toBe(m.v_money_positive());
    expect(yuanRule('20000000000')).toBe(m.v_money_limit({ max: 10_000_000_000 }));
  });
  it('sends integer fen', () => {
    const v = { ...orderToValues(null), quantity: '200000', unit: 'images', unitPrice: '0.45', budget: '90,000' };
    expect(stepErrors('volume', v, now)).toEqual({});
    expect(stepPatch('volume', v, false)).toEqual({ volume: { quantity: 200000, unit: 'images' }, unitPriceCeilingFen: 45, budgetTotalFen: 9_000_000 });
  });
  it('needs a unit price ceiling or a budget', () => {
    const v = { ...orderToValues(null), quantity: '10' };
    expect(stepErrors('volume', v, now).budget).toBe(m.v_price_one_of());
  });
});

describe('the order form, step by step', () => {
  it('explains what the spec lacks', () => {
    const e = stepErrors('spec', orderToValues(null), now);
    expect(e).toMatchObject({ title: m.v_required(), modality: m.v_choose(), taskTypes: m.v_task_types() });
  });
  it('checks the dates against now and against each other', () => {
    const v = { ...orderToValues(null), questionsCloseAt: '2026-06-05T18:00', bidDeadline: '2026-06-05T17:00', deliveryDeadline: '2026-06-04T17:00' };
    const e = stepErrors('schedule', v, now);
    expect(e.questionsCloseAt).toBe(m.v_deadline_order_questions());
    expect(e.deliveryDeadline).toBe(m.v_deadline_order_delivery());
    expect(stepErrors('schedule', { ...v, bidDeadline: '2026-06-01T09:00' }, now).bidDeadline).toBe(m.v_deadline_past());
    expect(stepErrors('schedule', { ...v, bidDeadline: '2028-06-01T09:00' }, now).bidDeadline).toBe(m.v_deadline_far({ years: 1 }));
  });
  it('flags a bid deadline inside the minimum bidding window on its step, saying the earliest allowed', () => {
    // now is 10:00 in Beijing; a 24 h window makes 10:00 the next day the earliest deadline
    const v = { ...orderToValues(null), questionsCloseAt: '2026-06-01T11:00', bidDeadline: '2026-06-01T11:00', deliveryDeadline: '2026-07-01T17:00' };
    const window = { minBidWindowSeconds: 86_400 };
    expect(stepErrors('schedule', v, now, window).bidDeadline).toBe(m.v_bid_window({ hours: '24', earliest: '2026-06-02 10:00' }));
    expect(stepErrors('schedule', { ...v, bidDeadline: '2026-06-02T10:00' }, now, window).bidDeadline).toBeUndefined();
    expect(stepErrors('schedule', v, now).bidDeadline).toBeUndefined();
    // seen at 10:00:30, the earliest deadline the field can take is 10:01
    const later = new Date(now.getTime() + 30_000);
    expect(stepErrors('schedule', v, later, window).bidDeadline).toBe(m.v_bid_window({ hours: '24', earliest: '2026-06-02 10:01' }));
  });
  it('tells a negative quantity that it must be at least 1, not that it is no whole number', () => {
    expect(stepErrors('volume', { ...orderToValues(null), quantity: '-5', budget: '100' }, now).quantity).toBe(m.v_at_least({ min: 1 }));
  });
  it('asks for a reason when a published order is amended, and keeps its bidding mode', () => {
    const v = { ...orderToValues(null), questionsCloseAt: '2026-06-05T17:00', bidDeadline: '2026-06-05T17:00', deliveryDeadline: '2026-07-05T17:00' };
    expect(stepErrors('schedule', v, now, { amending: true }).amendmentReason).toBe(m.v_amendment_reason());
    const patch = stepPatch('schedule', { ...v, amendmentReason: ' 延长投标期 ' }, true);
    expect(patch).toEqual({
      questionsCloseAt: '2026-06-05T09:00:00.000Z', bidDeadline: '2026-06-05T09:00:00.000Z', deliveryDeadline: '2026-07-05T09:00:00.000Z', amendmentReason: '延长投标期',
    });
  });
  it('maps the API error paths to the step and field', () => {
    expect(fieldOfPath('volume.quantity')).toEqual({ step: 'volume', field: 'quantity' });
    expect(fieldOfPath('bidDeadline')).toEqual({ step: 'schedule', field: 'bidDeadline' });
    expect(fieldOfPath('nonsense')).toBeNull();
  });
});

describe('the acceptance rule on the quality step', () => {
  const quality = { ...orderToValues(null), accuracyTarget: '98' };
  it('starts new orders on GB/T 2828.1 at AQL 1.0 and sends it', () => {
    expect(stepErrors('quality', quality, now)).toEqual({});
    expect(stepPatch('quality', quality, false).samplingRule).toEqual({ kind: 'gbt2828', aql: 1 });
  });
  it('sends the chosen kind with its own parameters and ignores the other kinds’ fields', () => {
    const fixed = { ...quality, ruleKind: 'fixed', fixedSampleSize: '250', expectedAccuracy: 'x', aql: '' };
    expect(stepErrors('quality', fixed, now)).toEqual({});
    expect(stepPatch('quality', fixed, false).samplingRule).toEqual({ kind: 'fixed', sampleSize: 250 });
    const statistical = { ...quality, ruleKind: 'statistical', expectedAccuracy: '97.5', marginPercent: '1.5', confidenceLevel: '99', fixedSampleSize: '' };
    expect(stepErrors('quality', statistical, now)).toEqual({});
    expect(stepPatch('quality', statistical, false).samplingRule).toEqual({ kind: 'statistical', expectedAccuracy: 97.5, marginPercent: 1.5, confidence: 99 });
    expect(stepPatch('quality', { ...quality, aql: '0.065' }, false).samplingRule).toEqual({ kind: 'gbt2828', aql: 0.065 });
  });
  it('says what is wrong with the chosen kind’s parameters', () => {
    expect(stepErrors('quality', { ...quality, ruleKind: 'fixed', fixedSampleSize: '0' }, now)).toEqual({ fixedSampleSize: m.v_at_least({ min: 1 }) });
    const statistical = { ...quality, ruleKind: 'statistical' };
    expect(stepErrors('quality', { ...statistical, expectedAccuracy: '100' }, now)).toEqual({ expectedAccuracy: m.v_expected_accuracy() });
    expect(stepErrors('quality', { ...statistical, marginPercent: '25' }, now)).toEqual({ marginPercent: m.v_margin({ max: 20 }) });
    expect(stepErrors('quality', { ...quality, aql: '2.0' }, now)).toEqual({ aql: m.v_choose() });
    expect(stepErrors('quality', { ...quality, ruleKind: 'percent' }, now)).toEqual({ ruleKind: m.v_choose() });
    expect(ruleFromValues({ ...quality, aql: '2.0' })).toBeNull();
  });
  it('shows a saved rule in its fields and maps the API’s error paths to them', () => {
    const order = { samplingRule: { kind: 'statistical', expectedAccuracy: 99, marginPercent: 0.5, confidence: 90 } } as unknown as Order;
    expect(orderToValues(order)).toMatchObject({ ruleKind: 'statistical', expectedAccuracy: '99', marginPercent: '0.5', confidenceLevel: '90', aql: '1.0' });
    expect(orderToValues({ samplingRule: { kind: 'gbt2828', aql: 0.1 } } as unknown as Order)).toMatchObject({ ruleKind: 'gbt2828', aql: '0.10' });
    expect(fieldOfPath('samplingRule.marginPercent')).toEqual({ step: 'quality', field: 'marginPercent' });
    expect(fieldOfPath('samplingRule')).toEqual({ step: 'quality', field: 'ruleKind' });
  });
});

describe('the bid form', () => {
  const order = { budgetTotalFen: 9_000_000, unitPriceCeilingFen: 45, accuracyTarget: 98, deliveryDeadline: '2026-07-01T00:00:00Z' } as Pick<Order, 'budgetTotalFen' | 'unitPriceCeilingFen' | 'accuracyTarget' | 'deliveryDeadline'>;
  const good = { ...bidToValues(null), totalPrice: '86000', unitPrice: '0.43', deliveryDays: '20', teamSize: '60', committedAccuracy: '98.5', confirm: 'yes' };
  it('accepts an offer within the terms and sends fen', () => {
    expect(bidErrors(good, order, now)).toEqual({});
    expect(bidBody(good)).toMatchObject({ totalPriceFen: 8_600_000, unitPriceFen: 43, committedAccuracy: 98.5 });
  });
  it('refuses amounts above the ceilings, accuracy below the target, late delivery, and a missing confirmation', () => {
    const e = bidErrors({ ...good, totalPrice: '95000', unitPrice: '0.5', committedAccuracy: '97', deliveryDays: '60', confirm: '' }, order, now);
    expect(e).toEqual({
      totalPrice: m.v_above_budget({ max: '¥90,000.00' }),
      unitPrice: m.v_above_ceiling({ max: '¥0.45' }),
      committedAccuracy: m.v_accuracy_below_target({ target: '98%' }),
      deliveryDays: m.v_delivery_after_deadline(),
      confirm: m.v_bid_confirm(),
    });
  });
});
