import { describe, expect, it } from 'vitest';
import {
  type PaymentAction, type PaymentFacts, type PaymentHistoryItem, type PaymentRole, type PaymentStatus, allowedPaymentActions,
  applyPaymentAction, buyerPaymentRecord, paymentDaysLate, contractComplete, duePaymentReminder, isPaymentOverdue, paymentDisputeEffect, paymentDueOn,
} from './payment.ts';

const cst = (local: string) => new Date(`${local}+08:00`);
const now = cst('2026-12-07T10:00:00');

describe('applyPaymentAction', () => {
  const p = (status: PaymentStatus, invoiceDate: string | null = null): PaymentFacts => ({ status, acceptedOn: '2026-11-20', invoiceDate });
  const invoice = (invoiceNumber: string, invoiceDate: string): PaymentAction => ({ type: 'invoice', invoiceNumber, invoiceDate });
  const cases: [string, PaymentFacts, PaymentAction, PaymentRole, string][] = [
    ['the vendor invoices', p('unpaid'), invoice('No.44031234', '2026-11-25'), 'vendor', 'invoiced'],
    ['an invoice on the day of acceptance', p('unpaid'), invoice('No.1', '2026-11-20'), 'vendor', 'invoiced'],
    ['an invoice dated today (Shanghai)', p('unpaid'), invoice('No.1', '2026-12-07'), 'vendor', 'invoiced'],
    ['an invoice dated tomorrow', p('unpaid'), invoice('No.1', '2026-12-08'), 'vendor', 'date_in_future'],
    ['an invoice before the acceptance', p('unpaid'), invoice('No.1', '2026-11-19'), 'vendor', 'date_before_acceptance'],
    ['an invoice without its number', p('unpaid'), invoice(' ', '2026-11-25'), 'vendor', 'invoice_number_required'],
    ['the buyer does not invoice', p('unpaid'), invoice('No.1', '2026-11-25'), 'buyer', 'forbidden'],
    ['a second invoice', p('invoiced', '2026-11-25'), invoice('No.2', '2026-11-26'), 'vendor', 'invalid_transition'],
    ['the buyer pays', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-12-01' }, 'buyer', 'paid'],
    ['paid on the invoice day', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-11-25' }, 'buyer', 'paid'],
    ['paid before the invoice', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-11-24' }, 'buyer', 'paid_before_invoice'],
    ['paid in the future', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-12-09' }, 'buyer', 'date_in_future'],
    ['paid before invoicing', p('unpaid'), { type: 'pay', paidOn: '2026-12-01' }, 'buyer', 'invalid_transition'],
    ['the vendor does not mark paid', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-12-01' }, 'vendor', 'forbidden'],
    ['the vendor confirms receipt', p('paid', '2026-11-25'), { type: 'confirm' }, 'vendor', 'confirmed'],
    ['the buyer cannot confirm for the vendor', p('paid', '2026-11-25'), { type: 'confirm' }, 'buyer', 'forbidden'],
    ['a confirmation once', p('confirmed', '2026-11-25'), { type: 'confirm' }, 'vendor', 'invalid_transition'],
    ['the secretariat takes no payment step', p('invoiced', '2026-11-25'), { type: 'pay', paidOn: '2026-12-01' }, 'secretariat', 'forbidden'],
  ];
  it.each(cases)('%s', (_, facts, action, role, expected) => {
    const r = applyPaymentAction(facts, action, role, now);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });
});

describe('paymentDueOn and isPaymentOverdue', () => {
  it.each([
    // 30 calendar days: 20 Nov + 30 = 20 Dec; across a month end and a year end
    ['30 days', '2026-11-20', 30, '2026-12-20'],
    ['into the next year', '2026-12-15', 30, '2027-01-14'],
    ['payable on acceptance', '2026-11-20', 0, '2026-11-20'],
    ['60 days across February', '2027-01-15', 60, '2027-03-16'],
  ])('%s', (_, acceptedOn, days, dueOn) => {
    expect(paymentDueOn(acceptedOn, days)).toBe(dueOn);
  });

  it.each([
    ['due today is not late', 'invoiced', '2026-12-07', cst('2026-12-07T23:59:59'), false],
    ['late from the day after', 'invoiced', '2026-12-07', cst('2026-12-08T00:00:00'), true],
    ['late without an invoice too', 'unpaid', '2026-12-01', now, true],
    ['paid is never late now', 'paid', '2026-12-01', now, false],
    ['confirmed is never late now', 'confirmed', '2026-12-01', now, false],
    // 16:30 UTC on 7 Dec is 00:30 on 8 Dec in Shanghai
    ['the day is Shanghai\'s', 'invoiced', '2026-12-07', new Date('2026-12-07T16:30:00Z'), true],
  ] as const)('%s', (_, status, dueOn, at, expected) => {
    expect(isPaymentOverdue({ status, dueOn }, at)).toBe(expected);
  });
});

describe('paymentDaysLate', () => {
  it.each([
    ['before the due date', '2026-12-10', cst('2026-12-07T10:00:00'), 0],
    ['on the due date', '2026-12-07', cst('2026-12-07T23:59:00'), 0],
    ['the day after', '2026-12-07', cst('2026-12-08T00:00:00'), 1],
    // 17:00 UTC on 7 Dec is 01:00 on 8 Dec in Shanghai
    ['by the Shanghai day', '2026-12-07', new Date('2026-12-07T17:00:00Z'), 1],
    ['across a month', '2026-11-25', cst('2026-12-07T10:00:00'), 12],
  ] as const)('%s', (_, dueOn, at, expected) => {
    expect(paymentDaysLate(dueOn, at)).toBe(expected);
  });
});

describe('duePaymentReminder', () => {
  const dueOn = '2026-12-20';
  it.each([
    ['nothing four days before', 'invoiced', cst('2026-12-16T09:00:00'), [], null],
    ['three days before', 'invoiced', cst('2026-12-17T00:00:00'), [], -3],
    ['once', 'invoiced', cst('2026-12-18T09:00:00'), [-3], null],
    ['on the day', 'unpaid', cst('2026-12-20T09:00:00'), [-3], 0],
    ['the day after', 'invoiced', cst('2026-12-21T09:00:00'), [-3, 0], 1],
    // down for a week: only the latest, not three in a row
    ['only the latest after downtime', 'invoiced', cst('2026-12-28T09:00:00'), [-3], 7],
    ['two weeks late', 'invoiced', cst('2027-01-03T09:00:00'), [-3, 0, 1, 7], 14],
    ['nothing after the last', 'invoiced', cst('2027-02-01T09:00:00'), [-3, 0, 1, 7, 14], null],
    ['nothing once paid', 'paid', cst('2026-12-21T09:00:00'), [], null],
  ] as const)('%s', (_, status, at, remindersSent, expected) => {
    expect(duePaymentReminder({ status, dueOn, remindersSent }, at)).toBe(expected);
  });
});

describe('buyerPaymentRecord', () => {
  const item = (status: PaymentStatus, dueOn: string, paidOn: string | null = null): PaymentHistoryItem => ({ status, dueOn, paidOn });
  it('has no record before anything counts', () => {
    expect(buyerPaymentRecord([item('invoiced', '2026-12-20'), item('unpaid', '2026-12-31')], now)).toEqual({
      counted: 0, onTime: 0, late: 0, onTimeRate: null, averageDaysLate: null, overdueNow: 0,
    });
  });

  it('counts paid payments and overdue ones, days late to the payment or to today', () => {
    const r = buyerPaymentRecord([
      item('confirmed', '2026-10-31', '2026-10-30'), // early: on time
      item('paid', '2026-11-10', '2026-11-10'), // on the day: on time
      item('confirmed', '2026-11-01', '2026-11-05'), // 4 days late
      item('invoiced', '2026-12-01'), // unpaid, 6 days late today (7 Dec)
      item('invoiced', '2026-12-31'), // not due: not counted
    ], now);
    // 2 on time of 4 counted; late days 4 and 6 → average 5
    expect(r).toEqual({ counted: 4, onTime: 2, late: 2, onTimeRate: 0.5, averageDaysLate: 5, overdueNow: 1 });
  });

  it('a perfect payer', () => {
    const r = buyerPaymentRecord([item('confirmed', '2026-10-31', '2026-10-01')], now);
    expect(r.onTimeRate).toBe(1);
    expect(r.averageDaysLate).toBeNull();
  });
});

describe('paymentDisputeEffect', () => {
  it.each([
    ['the vendor never received what was marked paid', 'paid', 'vendor', 'upheld', 'invoiced'],
    ['the vendor will not confirm what it received', 'paid', 'buyer', 'upheld', 'confirmed'],
    ['a dismissed dispute changes nothing', 'paid', 'vendor', 'dismissed', 'paid'],
    ['an overdue payment stays unpaid (a record for the buyer)', 'invoiced', 'vendor', 'upheld', 'invoiced'],
  ] as const)('%s', (_, status, raisedBy, outcome, expected) => {
    expect(paymentDisputeEffect(status, raisedBy, outcome)).toBe(expected);
  });
});

describe('allowedPaymentActions', () => {
  it('offers each side its step', () => {
    const p: PaymentFacts = { status: 'invoiced', acceptedOn: '2026-11-20', invoiceDate: '2026-11-25' };
    expect(allowedPaymentActions(p, 'buyer')).toEqual({ invoice: false, pay: true, confirm: false, dispute: true });
    expect(allowedPaymentActions(p, 'vendor')).toEqual({ invoice: false, pay: false, confirm: false, dispute: true });
    expect(allowedPaymentActions({ ...p, status: 'confirmed' }, 'vendor').dispute).toBe(false);
    expect(allowedPaymentActions(p, null)).toEqual({ invoice: false, pay: false, confirm: false, dispute: false });
  });
});

describe('contractComplete', () => {
  it.each([
    ['every batch accepted and paid and confirmed', [{ accepted: true, paymentStatus: 'confirmed' }, { accepted: true, paymentStatus: 'confirmed' }], true],
    ['one payment not confirmed yet', [{ accepted: true, paymentStatus: 'confirmed' }, { accepted: true, paymentStatus: 'paid' }], false],
    ['one batch not accepted', [{ accepted: true, paymentStatus: 'confirmed' }, { accepted: false, paymentStatus: null }], false],
    ['no milestones', [], false],
  ] as const)('%s', (_, milestones, expected) => {
    expect(contractComplete(milestones)).toBe(expected);
  });
});
