import type { BuyerPaymentRecord, DecidePaymentDisputeRequest, DisputeQueue, MilestoneImplementation } from '@annex/contracts';
import {
  CONSTRAINTS, type DisputeRow, InvalidCursorError, type PaymentRow, type PaymentWriteFailure, dbNow, disputes, isUniqueViolation, organisations, payments, withTransaction,
} from '@annex/db';
import {
  type PaymentAction, type PaymentRuleError, allowedPaymentActions, applyPaymentAction, buyerPaymentRecord, paymentDisputeEffect, paymentStatusesFor, PAYMENT_STEPS,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireOrgKind } from '../guards.ts';
import { type MilestoneAccess, loadMilestone, record, toParties } from './access.ts';
import { implementationView, toDispute } from './presenters.ts';
import { completeIfDone } from './steps.ts';

const RULE_ERRORS: Record<PaymentRuleError, (what: string) => AppError> = {
  forbidden: (what) => new AppError('forbidden', `you cannot ${what} for this milestone`),
  invalid_transition: (what) => new AppError('invalid_transition', `the payment is not in a state to ${what}`),
  invoice_number_required: () => new AppError('rule_violation', 'give the invoice number', { errors: [{ path: 'invoiceNumber', message: 'required' }] }),
  date_in_future: () => new AppError('rule_violation', 'the date has not come yet', { errors: [{ path: 'date', message: 'in the future' }] }),
  date_before_acceptance: () =>
    new AppError('rule_violation', 'the invoice is dated before the batch was accepted', { errors: [{ path: 'invoiceDate', message: 'before acceptance' }] }),
  paid_before_invoice: () =>
    new AppError('rule_violation', 'the payment is dated before the invoice', { errors: [{ path: 'paidOn', message: 'before the invoice date' }] }),
};

const WRITE_FAILURES: Record<PaymentWriteFailure, (what: string) => AppError> = {
  not_found: () => new AppError('invalid_transition', 'the milestone is not accepted yet: there is nothing to pay'),
  state: (what) => new AppError('invalid_transition', `the payment changed meanwhile and can no longer ${what}`),
  version: () => new AppError('version_conflict', 'the payment changed since you read it; reload it and try again'),
};

const WHAT: Record<PaymentAction['type'], string> = { invoice: 'invoice', pay: 'mark it paid', confirm: 'confirm receipt' };
const ACTION: Record<PaymentAction['type'], string> = { invoice: 'payment.invoiced', pay: 'payment.paid', confirm: 'payment.confirmed' };

/** The payment of the milestone under its lock; 409 before the milestone is accepted. */
async function lockPayment(tx: Parameters<typeof payments.lock>[0], a: MilestoneAccess): Promise<PaymentRow> {
  const p = await payments.lock(tx, a.ctx.milestoneId);
  if (!p) throw WRITE_FAILURES.not_found('');
  return p;
}

/**
 * POST …/payment/invoice, /pay, /confirm: one step of the payment machine. Each is one guarded update under the
 * payment's row lock, so two racing confirmations change the state once (the second gets 409). The vendor's
 * confirmation of the last payment completes the contract and the order.
 */
export async function paymentStep(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, action: PaymentAction, version: number | undefined, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  const what = WHAT[action.type];
  await withTransaction(db(deps), async (tx) => {
    const p = await lockPayment(tx, a);
    const r = applyPaymentAction({ status: p.status, acceptedOn: p.acceptedOn, invoiceDate: p.invoiceDate }, action, a.role, await dbNow(tx));
    if (!r.ok) throw RULE_ERRORS[r.error](what);
    const moved = await payments.step(tx, milestoneId, {
      from: paymentStatusesFor(action.type), to: PAYMENT_STEPS[action.type].to, version, by: auth.user.id,
      ...(action.type === 'invoice' ? { invoice: { number: action.invoiceNumber, date: action.invoiceDate } } : {}),
      ...(action.type === 'pay' ? { paidOn: action.paidOn } : {}),
    });
    if (!moved.ok) throw WRITE_FAILURES[moved.reason](what);
    const q = moved.row;
    const facts = { amountFen: q.amountFen, dueOn: q.dueOn, invoiceNumber: q.invoiceNumber, invoiceDate: q.invoiceDate, paidOn: q.paidOn };
    const notices = action.type === 'invoice'
      ? toParties(a.ctx, [a.ctx.buyerOrgId], 'payment_invoiced', facts)
      : action.type === 'pay'
        ? toParties(a.ctx, [a.ctx.vendorOrgId], 'payment_paid', facts)
        : toParties(a.ctx, [a.ctx.buyerOrgId], 'payment_confirmed', facts);
    const actor = { userId: auth.user.id, orgId: a.orgId };
    await record(tx, { ctx: a.ctx, actor, meta }, ACTION[action.type], { before: { status: p.status }, after: { status: q.status, ...facts } }, notices);
    if (q.status === 'confirmed') await completeIfDone(tx, { ctx: a.ctx, actor });
  });
  return await implementationView(deps, a);
}

/** POST …/payment/dispute: either party takes a payment to the secretariat (one pending at a time). */
export async function disputePayment(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, reason: string, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  if (a.role === 'secretariat') throw new AppError('forbidden', 'the parties dispute a payment; the secretariat decides');
  await withTransaction(db(deps), async (tx) => {
    const p = await lockPayment(tx, a);
    if (!allowedPaymentActions({ status: p.status, acceptedOn: p.acceptedOn, invoiceDate: p.invoiceDate }, a.role).dispute) {
      throw new AppError('invalid_transition', 'the payment is confirmed: there is nothing to dispute');
    }
    let filed: Awaited<ReturnType<typeof disputes.file>>;
    try {
      filed = await disputes.file(tx, {
        orderId, milestoneId, subject: 'payment', deliveryId: null, raisedByRole: a.role as 'buyer' | 'vendor', raisedByOrg: a.orgId as string,
        raisedBy: auth.user.id, reason,
      });
    } catch (err) {
      if (isUniqueViolation(err, CONSTRAINTS.disputesOnePendingPayment)) {
        throw new AppError('invalid_transition', 'a dispute about this payment is waiting for the secretariat already');
      }
      throw err;
    }
    const other = a.role === 'buyer' ? a.ctx.vendorOrgId : a.ctx.buyerOrgId;
    const secretariat = await organisations.listIdsOfKind(tx, 'secretariat');
    await record(tx, { ctx: a.ctx, actor: { userId: auth.user.id, orgId: a.orgId }, meta }, 'payment.disputed',
      { after: { disputeId: filed.id, status: p.status, raisedBy: a.role, reason } },
      toParties(a.ctx, [other, ...secretariat], 'payment_disputed', { reason, raisedBy: a.role }));
  });
  return await implementationView(deps, a);
}

/**
 * POST …/payment/dispute/decision: the secretariat decides a payment dispute. Upheld on a payment marked paid, it
 * goes back to invoiced (the vendor never received it) or is confirmed (the vendor would not confirm) — see
 * domain paymentDisputeEffect; otherwise it is a record of who was right.
 */
export async function decidePaymentDispute(
  deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, body: DecidePaymentDisputeRequest, meta: RequestMeta,
): Promise<MilestoneImplementation> {
  const a = await loadMilestone(deps, auth, orderId, milestoneId);
  if (a.role !== 'secretariat') throw new AppError('forbidden', 'only the secretariat decides disputes');
  await withTransaction(db(deps), async (tx) => {
    const p = await lockPayment(tx, a);
    const pending = await disputes.lockPending(tx, milestoneId, 'payment');
    if (!pending) throw new AppError('invalid_transition', 'no payment dispute of this milestone waits for a decision');
    const decided = await disputes.decide(tx, pending.id, { status: body.decision, reason: body.reason, by: auth.user.id });
    if (!decided) throw new AppError('invalid_transition', 'this dispute has been decided already');
    const to = paymentDisputeEffect(p.status, pending.raisedByRole, body.decision);
    if (to !== p.status) {
      const moved = await payments.step(tx, milestoneId, { from: [p.status], to, by: auth.user.id });
      if (!moved.ok) throw WRITE_FAILURES[moved.reason]('decide the dispute');
    }
    const actor = { userId: auth.user.id, orgId: a.orgId };
    await record(tx, { ctx: a.ctx, actor, meta }, 'payment.dispute_decided',
      { before: { status: p.status }, after: { disputeId: pending.id, outcome: body.decision, status: to, reason: body.reason } },
      toParties(a.ctx, [a.ctx.buyerOrgId, a.ctx.vendorOrgId], 'payment_dispute_decided', { outcome: body.decision, reason: body.reason, status: to }));
    if (to === 'confirmed') await completeIfDone(tx, { ctx: a.ctx, actor });
  });
  return await implementationView(deps, a);
}

/** GET /organisations/{id}/payment-record: a buyer's payment record (404 for an organisation that is not a buyer). */
export async function paymentRecordOf(deps: Deps, buyerOrgId: string): Promise<BuyerPaymentRecord> {
  const org = await organisations.findById(db(deps), buyerOrgId);
  if (org?.kind !== 'buyer') throw new AppError('not_found', 'no buyer with this id');
  return buyerPaymentRecord(await payments.historyForBuyer(db(deps), buyerOrgId), deps.now());
}

/** GET /admin/implementation-disputes: the secretariat's queue of disputes of rejections and payments, oldest first. */
export async function listDisputeQueue(
  deps: Deps, auth: AuthContext, q: { status: DisputeRow['status']; cursor?: string | undefined; limit: number },
): Promise<DisputeQueue> {
  requireOrgKind(auth, 'secretariat', 'see the dispute queue');
  try {
    const page = await disputes.queue(db(deps), q.status, q.cursor, q.limit);
    return { items: page.items.map((d) => ({ ...toDispute(d), orderTitle: d.orderTitle })), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}
