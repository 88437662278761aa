import { type Db, dbNow, deliveries, payments, withTransaction } from '@annex/db';
import { PAYMENT_REMINDER_OFFSETS, addCalendarDays, dueDeliveryStep, duePaymentReminder, isPaymentOverdue, paymentDaysLate } from '@annex/domain';
import type { Logger } from 'pino';
import { record, toParties } from './access.ts';
import { openPayment } from './steps.ts';

// The time-driven steps of delivery and payment, taken by the scheduler. Each is re-decided by the domain under the
// row lock against the database clock, so several API processes (and a buyer deciding at the last instant) never
// take a step twice.

/**
 * Batches whose review window ends within a day are announced to both sides; batches whose window ended are
 * accepted (the vendor is protected against silence). Returns how many steps it took.
 */
export async function runDeliveryClock(sql: Db, log: Logger): Promise<number> {
  let taken = 0;
  for (const due of await deliveries.dueForClock(sql, 100)) {
    try {
      taken += await withTransaction(sql, async (tx) => {
        const ctx = await deliveries.milestoneContextById(tx, due.milestoneId);
        if (ctx?.contractStatus !== 'active') return 0;
        await deliveries.lockMilestone(tx, due.milestoneId);
        const row = await deliveries.lock(tx, due.id);
        if (!row) return 0;
        const step = dueDeliveryStep(row, await dbNow(tx));
        if (step === 'notify_auto_accept') {
          if (!(await deliveries.markNoticeSent(tx, row.id))) return 0;
          await record(tx, { ctx, actor: null }, 'delivery.auto_accept_notice', { after: { deliveryId: row.id, attempt: row.attempt, reviewEndsAt: row.reviewEndsAt } },
            toParties(ctx, [ctx.buyerOrgId, ctx.vendorOrgId], 'batch_auto_accept_soon', { attempt: row.attempt, reviewEndsAt: row.reviewEndsAt.toISOString() }));
          return 1;
        }
        if (step !== 'auto_accept') return 0;
        const moved = await deliveries.transition(tx, row.id, { from: ['delivered', 'under_inspection'], to: 'auto_accepted', window: 'over' });
        if (!moved.ok) return 0;
        await deliveries.decide(tx, {
          deliveryId: row.id, outcome: 'accepted', decidedHow: 'review_window', decidedBy: null, reasons: '', sampleSize: null, errors: null,
          accuracy: null, intervalLow: null, intervalHigh: null, suggested: null,
        });
        await openPayment(tx, ctx, moved.row.statusChangedAt);
        await record(tx, { ctx, actor: null }, 'delivery.auto_accepted',
          { before: { status: row.status }, after: { deliveryId: row.id, attempt: row.attempt, status: 'auto_accepted', reviewEndsAt: row.reviewEndsAt } },
          toParties(ctx, [ctx.buyerOrgId, ctx.vendorOrgId], 'batch_accepted', { attempt: row.attempt, how: 'review_window' }));
        return 1;
      });
    } catch (err) {
      log.error({ err, deliveryId: due.id }, 'delivery clock step failed');
    }
  }
  return taken;
}

/**
 * Reminds buyers of payments due (three days before, on the day) and overdue (one, seven and fourteen days after,
 * the vendor told too), and raises the overdue flag the day after the due date. Returns how many payments it touched.
 */
export async function runPaymentReminders(sql: Db, log: Logger): Promise<number> {
  let touched = 0;
  for (const candidate of await payments.dueForReminders(sql, PAYMENT_REMINDER_OFFSETS, 100)) {
    try {
      touched += await withTransaction(sql, async (tx) => {
        const p = await payments.lock(tx, candidate.milestoneId);
        if (!p) return 0;
        const now = await dbNow(tx);
        const offset = duePaymentReminder(p, now);
        const flag = isPaymentOverdue(p, now) && p.overdueSince === null;
        if (offset === null && !flag) return 0;
        const ctx = await deliveries.milestoneContextById(tx, p.milestoneId);
        if (!ctx) return 0;
        await payments.recordReminder(tx, p.milestoneId, offset, flag ? addCalendarDays(p.dueOn, 1) : null);
        const daysLate = paymentDaysLate(p.dueOn, now);
        const facts = { amountFen: p.amountFen, dueOn: p.dueOn, daysLate };
        const notices = offset === null
          ? []
          : offset <= 0
            ? toParties(ctx, [ctx.buyerOrgId], 'payment_due_soon', facts)
            : toParties(ctx, [ctx.buyerOrgId, ctx.vendorOrgId], 'payment_overdue', facts);
        await record(tx, { ctx, actor: null }, flag ? 'payment.overdue' : 'payment.reminder', { after: { status: p.status, reminder: offset, ...facts } }, notices);
        return 1;
      });
    } catch (err) {
      log.error({ err, milestoneId: candidate.milestoneId }, 'payment reminder failed');
    }
  }
  return touched;
}
