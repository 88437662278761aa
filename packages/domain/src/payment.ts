import { addCalendarDays, shanghaiDate } from './policy/working-days.ts';
import { type Result, fail, ok } from './result.ts';

/**
 * The payment of a milestone, tracked and never processed (DESIGN §2.5): 待开票 unpaid → 已开票 invoiced (the
 * vendor, with the invoice's number and date) → 已付款 paid (the buyer, with the payment date) → 已确认收款
 * confirmed (the vendor). Due on the acceptance date plus the contract's 账期 in calendar days.
 */

export const PAYMENT_STATUSES = ['unpaid', 'invoiced', 'paid', 'confirmed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Who takes a payment step. */
export type PaymentRole = 'buyer' | 'vendor' | 'secretariat';

export type PaymentAction =
  | { type: 'invoice'; invoiceNumber: string; invoiceDate: string }
  | { type: 'pay'; paidOn: string }
  | { type: 'confirm' };
export type PaymentActionType = PaymentAction['type'];

/** The payment machine: the one place its steps are written. */
export const PAYMENT_STEPS = {
  invoice: { from: ['unpaid'], to: 'invoiced', by: ['vendor'] },
  pay: { from: ['invoiced'], to: 'paid', by: ['buyer'] },
  confirm: { from: ['paid'], to: 'confirmed', by: ['vendor'] },
} as const satisfies Record<PaymentActionType, { from: readonly PaymentStatus[]; to: PaymentStatus; by: readonly PaymentRole[] }>;

export type PaymentRuleError = 'forbidden' | 'invalid_transition' | 'invoice_number_required' | 'date_in_future' | 'date_before_acceptance' | 'paid_before_invoice';

/** A payment as its rules need it (dates are Asia/Shanghai calendar dates, YYYY-MM-DD). */
export type PaymentFacts = { status: PaymentStatus; acceptedOn: string; invoiceDate: string | null };

/** The stored states a step may start from (for the repository's guarded update). */
export const paymentStatusesFor = (action: PaymentActionType): readonly PaymentStatus[] => PAYMENT_STEPS[action].from;

/**
 * Validates one payment step taken by `role` at `now`: the dates given are real days already passed, an invoice
 * not before the acceptance, a payment not before the invoice.
 */
export function applyPaymentAction(p: PaymentFacts, action: PaymentAction, role: PaymentRole, now: Date): Result<PaymentStatus, PaymentRuleError> {
  const step = PAYMENT_STEPS[action.type];
  if (!(step.by as readonly PaymentRole[]).includes(role)) return fail('forbidden');
  if (!(step.from as readonly PaymentStatus[]).includes(p.status)) return fail('invalid_transition');
  const today = shanghaiDate(now);
  if (action.type === 'invoice') {
    if (action.invoiceNumber.trim() === '') return fail('invoice_number_required');
    if (action.invoiceDate > today) return fail('date_in_future');
    if (action.invoiceDate < p.acceptedOn) return fail('date_before_acceptance');
  }
  if (action.type === 'pay') {
    if (action.paidOn > today) return fail('date_in_future');
    if (p.invoiceDate !== null && action.paidOn < p.invoiceDate) return fail('paid_before_invoice');
  }
  return ok(step.to);
}

/** The due date: the acceptance date plus the 账期 (payment term) in calendar days. */
export const paymentDueOn = (acceptedOn: string, termDays: number): string => addCalendarDays(acceptedOn, termDays);

const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Days past the due date on `now`'s day in Asia/Shanghai (0 on or before it). */
export const paymentDaysLate = (dueOn: string, now: Date): number => Math.max(0, daysFrom(dueOn, shanghaiDate(now)));

/** Whether the payment is overdue at `now`: not paid and the due date has passed (in Asia/Shanghai). */
export function isPaymentOverdue(p: { status: PaymentStatus; dueOn: string }, now: Date): boolean {
  return (p.status === 'unpaid' || p.status === 'invoiced') && shanghaiDate(now) > p.dueOn;
}

/**
 * Reminders to the buyer, in days relative to the due date: three days before, on the day, and one, seven and
 * fourteen days after (then weekly is left to the overdue flag on the buyer's record).
 */
export const PAYMENT_REMINDER_OFFSETS = [-3, 0, 1, 7, 14] as const;

/**
 * The reminder owed at `now` to a payment not yet paid: the latest offset whose day (Asia/Shanghai) has come and
 * that was not sent; older missed ones are skipped (one message, not a burst after downtime). Null when none.
 */
export function duePaymentReminder(p: { status: PaymentStatus; dueOn: string; remindersSent: readonly number[] }, now: Date): number | null {
  if (p.status !== 'unpaid' && p.status !== 'invoiced') return null;
  const today = shanghaiDate(now);
  const due = PAYMENT_REMINDER_OFFSETS.filter((o) => addCalendarDays(p.dueOn, o) <= today);
  const latest = due.at(-1);
  if (latest === undefined || p.remindersSent.some((s) => s >= latest)) return null;
  return latest;
}

/** A milestone payment as the buyer's record reads it. */
export type PaymentHistoryItem = { status: PaymentStatus; dueOn: string; paidOn: string | null };

/** The buyer's payment record (shown on its profile). */
export type BuyerPaymentRecord = {
  /** payments that count: paid ones and unpaid ones past their due date */
  counted: number;
  onTime: number;
  late: number;
  /** of those counted, paid by the due date (null when none counts yet: no record, neither good nor bad) */
  onTimeRate: number | null;
  /** over the late ones, days past the due date (paid: until paid; unpaid: until today); null when none was late */
  averageDaysLate: number | null;
  /** unpaid past the due date now */
  overdueNow: number;
};

/**
 * The buyer's payment record at `now`. A payment counts once it is paid or once it is overdue: a payment not yet
 * due says nothing about the buyer. Days late run to the payment date (the buyer's word; the vendor's
 * confirmation does not move it) or, while unpaid, to today.
 */
export function buyerPaymentRecord(items: readonly PaymentHistoryItem[], now: Date): BuyerPaymentRecord {
  const today = shanghaiDate(now);
  let onTime = 0;
  let overdueNow = 0;
  const lateDays: number[] = [];
  for (const p of items) {
    const paid = p.status === 'paid' || p.status === 'confirmed';
    if (paid && p.paidOn !== null) {
      const late = daysFrom(p.dueOn, p.paidOn);
      if (late > 0) lateDays.push(late);
      else onTime += 1;
    } else if (!paid && today > p.dueOn) {
      overdueNow += 1;
      lateDays.push(paymentDaysLate(p.dueOn, now));
    }
  }
  const counted = onTime + lateDays.length;
  return {
    counted,
    onTime,
    late: lateDays.length,
    onTimeRate: counted === 0 ? null : onTime / counted,
    averageDaysLate: lateDays.length === 0 ? null : lateDays.reduce((a, b) => a + b, 0) / lateDays.length,
    overdueNow,
  };
}

/** A payment dispute's outcome, and what it does to the payment. */
export type PaymentDisputeOutcome = 'upheld' | 'dismissed';

/**
 * What the secretariat's decision on a payment dispute does: upheld for the vendor on a payment marked paid (the
 * money never came) sends it back to invoiced; upheld for the buyer on a paid payment the vendor does not confirm
 * confirms it. Otherwise the dispute is a record and the payment stays as it is.
 */
export function paymentDisputeEffect(status: PaymentStatus, raisedBy: 'buyer' | 'vendor', outcome: PaymentDisputeOutcome): PaymentStatus {
  if (outcome !== 'upheld' || status !== 'paid') return status;
  return raisedBy === 'vendor' ? 'invoiced' : 'confirmed';
}

/** What the payment panel offers a party now. */
export function allowedPaymentActions(p: PaymentFacts, role: PaymentRole | null): Record<PaymentActionType | 'dispute', boolean> {
  const may = (type: PaymentActionType) =>
    role !== null && (PAYMENT_STEPS[type].by as readonly PaymentRole[]).includes(role) && (PAYMENT_STEPS[type].from as readonly PaymentStatus[]).includes(p.status);
  return {
    invoice: may('invoice'),
    pay: may('pay'),
    confirm: may('confirm'),
    dispute: (role === 'buyer' || role === 'vendor') && p.status !== 'confirmed',
  };
}

/**
 * Whether a contract is complete: every milestone's batch accepted and its payment confirmed by the vendor
 * (DESIGN §2.2 in_progress → completed). A contract without milestones is never complete.
 */
export function contractComplete(milestones: readonly { accepted: boolean; paymentStatus: PaymentStatus | null }[]): boolean {
  return milestones.length > 0 && milestones.every((m) => m.accepted && m.paymentStatus === 'confirmed');
}
