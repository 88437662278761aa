import type { Delivery, DeliveryFile, ImplementationDispute, MilestoneImplementation, Payment } from '@annex/contracts';
import { type DeliveryDetail, type DeliveryFileRow, type DisputeRow, type PaymentRow, deliveries, disputes, payments } from '@annex/db';
import {
  type AcceptanceRule, type SamplingPlan, allowedDeliveryActions, allowedPaymentActions, autoAcceptNoticeAt, inspectionVerdict,
  isPaymentOverdue, milestoneDeliveryState,
} from '@annex/domain';
import { type Deps, db } from '../context.ts';
import type { MilestoneAccess } from './access.ts';

const iso = (d: Date) => d.toISOString();

export const toDeliveryFile = (f: DeliveryFileRow): DeliveryFile => ({
  id: f.id, milestoneId: f.milestoneId, deliveryId: f.deliveryId, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes,
  sha256: f.sha256, createdAt: iso(f.createdAt),
});

export const toDispute = (d: DisputeRow): ImplementationDispute => ({
  id: d.id, orderId: d.orderId, milestoneId: d.milestoneId, subject: d.subject, deliveryId: d.deliveryId, raisedByRole: d.raisedByRole,
  reason: d.reason, status: d.status, decisionReason: d.decisionReason, decidedAt: d.decidedAt ? iso(d.decidedAt) : null, createdAt: iso(d.createdAt),
});

/** What the sample measures so far: errors not recorded count as correct items. */
export function measure(rule: AcceptanceRule, plan: SamplingPlan, accuracyTarget: number, errors: number) {
  return { sampleSize: plan.sampleSize, errors, ...inspectionVerdict(rule, plan, accuracyTarget, { sampleSize: plan.sampleSize, errors }) };
}

function toDelivery(d: DeliveryDetail, accuracyTarget: number, dispute: DisputeRow | null): Delivery {
  const i = d.inspection;
  return {
    id: d.id, milestoneId: d.milestoneId, attempt: d.attempt, status: d.status, itemCount: d.itemCount, link: d.link, checksum: d.checksum,
    notes: d.notes, vendorQaAccuracy: d.vendorQaAccuracy, deliveredAt: iso(d.deliveredAt), reviewEndsAt: iso(d.reviewEndsAt),
    autoAcceptNoticeAt: iso(autoAcceptNoticeAt(d.reviewEndsAt)), version: d.version, files: d.files.map(toDeliveryFile),
    inspection: i
      ? {
          seed: i.seed, rule: i.rule, plan: i.plan, sampleItems: i.sampleItems,
          errors: d.errors.map((e) => ({ itemNumber: e.itemNumber, note: e.note })),
          measured: measure(i.rule as AcceptanceRule, i.plan, accuracyTarget, d.errors.length),
          startedAt: iso(i.startedAt),
        }
      : null,
    decision: d.decision
      ? {
          outcome: d.decision.outcome, decidedHow: d.decision.decidedHow, decidedAt: iso(d.decision.decidedAt), reasons: d.decision.reasons,
          sampleSize: d.decision.sampleSize, errors: d.decision.errors, accuracy: d.decision.accuracy,
          interval: d.decision.intervalLow === null || d.decision.intervalHigh === null ? null : { low: d.decision.intervalLow, high: d.decision.intervalHigh },
          suggested: d.decision.suggested,
        }
      : null,
    dispute: dispute ? toDispute(dispute) : null,
  };
}

export function toPayment(p: PaymentRow, all: readonly DisputeRow[], now: Date): Payment {
  return {
    milestoneId: p.milestoneId, status: p.status, amountFen: p.amountFen, acceptedOn: p.acceptedOn, dueOn: p.dueOn,
    overdue: isPaymentOverdue(p, now), overdueSince: p.overdueSince, invoiceNumber: p.invoiceNumber, invoiceDate: p.invoiceDate,
    paidOn: p.paidOn, confirmedAt: p.confirmedAt ? iso(p.confirmedAt) : null, version: p.version,
    disputes: all.filter((d) => d.subject === 'payment').map(toDispute),
  };
}

/** The milestone's batches, payment and disputes as the caller sees them, with what it may do now. */
export async function implementationView(deps: Deps, a: MilestoneAccess): Promise<MilestoneImplementation> {
  const q = db(deps);
  const [details, disputeRows, payment, pending] = await Promise.all([
    deliveries.detailsForMilestone(q, a.ctx.milestoneId),
    disputes.forMilestone(q, a.ctx.milestoneId),
    payments.get(q, a.ctx.milestoneId),
    a.role === 'vendor' ? deliveries.pendingFiles(q, a.ctx.milestoneId) : Promise.resolve([]),
  ]);
  const now = deps.now();
  const state = milestoneDeliveryState(details);
  const latest = details.at(-1);
  const disputeOf = (id: string) => disputeRows.find((d) => d.subject === 'rejection' && d.deliveryId === id) ?? null;
  const inForce = a.ctx.contractStatus === 'active' && a.ctx.milestoneStatus === 'planned';
  const batch = allowedDeliveryActions(
    state, latest ? { status: latest.status, reviewEndsAt: latest.reviewEndsAt, disputed: disputeOf(latest.id) !== null } : null,
    inForce || a.role === 'secretariat' ? a.role : null, now,
  );
  const pay = payment
    ? allowedPaymentActions({ status: payment.status, acceptedOn: payment.acceptedOn, invoiceDate: payment.invoiceDate }, a.role)
    : { invoice: false, pay: false, confirm: false, dispute: false };
  const paymentDisputePending = disputeRows.some((d) => d.subject === 'payment' && d.status === 'pending');
  return {
    orderId: a.ctx.orderId,
    milestoneId: a.ctx.milestoneId,
    state: { status: state.status, attempts: state.attempts, reworks: state.reworks, accepted: state.accepted },
    reviewWorkingDays: deps.config.reviewWindowWorkingDays,
    deliveries: details.map((d) => toDelivery(d, a.ctx.accuracyTarget, disputeOf(d.id))),
    pendingFiles: pending.map(toDeliveryFile),
    payment: payment ? toPayment(payment, disputeRows, now) : null,
    permissions: {
      ...batch,
      deliver: batch.deliver && inForce,
      uploadFile: batch.deliver && inForce,
      invoice: pay.invoice,
      pay: pay.pay,
      confirm: pay.confirm,
      disputePayment: pay.dispute && !paymentDisputePending,
      decidePaymentDispute: a.role === 'secretariat' && paymentDisputePending,
    },
  };
}
