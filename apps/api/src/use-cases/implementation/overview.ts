import type { ContractImplementation } from '@annex/contracts';
import { deliveries } from '@annex/db';
import { ACCEPTED_DELIVERY_STATUSES, type DeliveryStatus, contractComplete, isPaymentOverdue } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { type Deps, db } from '../context.ts';
import { loadContract } from './access.ts';

const accepted = (s: DeliveryStatus | null) => s !== null && (ACCEPTED_DELIVERY_STATUSES as readonly DeliveryStatus[]).includes(s);

/**
 * GET /orders/{id}/contract/implementation: every milestone of the order's contract with where its batch and its
 * payment stand, and the money accepted, paid and overdue — the contract page and the dashboards in one read.
 */
export async function getContractImplementation(deps: Deps, auth: AuthContext, orderId: string): Promise<ContractImplementation> {
  const { contract } = await loadContract(deps, auth, orderId);
  const rows = await deliveries.contractProgress(db(deps), contract.id);
  const now = deps.now();
  const milestones = rows.map((r) => {
    const payment = r.paymentStatus && r.paymentDueOn
      ? { status: r.paymentStatus, dueOn: r.paymentDueOn, paidOn: r.paidOn, overdue: isPaymentOverdue({ status: r.paymentStatus, dueOn: r.paymentDueOn }, now) }
      : null;
    return {
      milestoneId: r.milestoneId, seq: r.seq, title: r.title, quantity: r.quantity, amountFen: r.amountFen, dueAt: r.dueAt.toISOString(),
      cancelled: r.milestoneStatus === 'cancelled', status: r.latestStatus ?? ('awaiting_delivery' as const), attempts: r.attempts,
      reworks: Math.max(0, r.attempts - 1), accepted: accepted(r.latestStatus), reviewEndsAt: r.reviewEndsAt?.toISOString() ?? null, payment,
    };
  });
  const planned = milestones.filter((x) => !x.cancelled);
  const sum = (xs: typeof planned) => xs.reduce((s, x) => s + x.amountFen, 0);
  return {
    orderId, contractId: contract.id, contractStatus: contract.status, milestones,
    totals: {
      amountFen: sum(planned),
      acceptedFen: sum(planned.filter((x) => x.accepted)),
      paidFen: sum(planned.filter((x) => x.payment?.status === 'paid' || x.payment?.status === 'confirmed')),
      overdueFen: sum(planned.filter((x) => x.payment?.overdue)),
    },
    complete: contractComplete(planned.map((x) => ({ accepted: x.accepted, paymentStatus: x.payment?.status ?? null }))),
  };
}
