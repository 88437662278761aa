import { type Db, type MilestoneContextRow, type PaymentRow, contracts, orders, payments } from '@annex/db';
import { contractComplete, paymentDueOn, shanghaiDate } from '@annex/domain';
import { notify, toOrgs } from '../notify.ts';
import { type MilestoneAccess, record } from './access.ts';

// Steps more than one use case (and the scheduler) take after a change of a milestone.

/**
 * An accepted batch opens the milestone's payment (待开票): due on the day of acceptance (Asia/Shanghai) plus the
 * contract's 账期 in calendar days.
 */
export async function openPayment(tx: Db, ctx: MilestoneContextRow, acceptedAt: Date): Promise<PaymentRow> {
  const acceptedOn = shanghaiDate(acceptedAt);
  return await payments.open(tx, {
    milestoneId: ctx.milestoneId, orderId: ctx.orderId, buyerOrgId: ctx.buyerOrgId, vendorOrgId: ctx.vendorOrgId, amountFen: ctx.amountFen,
    acceptedOn, dueOn: paymentDueOn(acceptedOn, ctx.paymentTermsDays),
  });
}

/**
 * When every milestone of the contract is accepted and its payment confirmed, the contract is completed and the
 * order with it (DESIGN §2.2 in_progress → completed); both sides are told. Returns whether it completed now.
 */
export async function completeIfDone(tx: Db, a: Pick<MilestoneAccess, 'ctx'> & { actor: { userId: string; orgId: string | null } | null }): Promise<boolean> {
  const progress = await payments.contractProgress(tx, a.ctx.contractId);
  if (!contractComplete(progress)) return false;
  if (!(await contracts.markCompleted(tx, a.ctx.contractId))) return false;
  const w = await orders.complete(tx, a.ctx.orderId);
  await record(tx, { ctx: a.ctx, actor: a.actor }, 'order.completed',
    { before: { status: a.ctx.orderStatus }, after: { status: w.ok ? 'completed' : a.ctx.orderStatus, contractId: a.ctx.contractId } }, []);
  await notify(tx, toOrgs([a.ctx.buyerOrgId, a.ctx.vendorOrgId], { kind: 'order_completed', orderId: a.ctx.orderId, payload: { orderTitle: a.ctx.orderTitle } }));
  return true;
}
