import type { MilestoneImplementation } from '@annex/contracts';
import type { DeliveryStatus, PaymentStatus } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import type { Tone } from '#lib/i18n.ts';

type Label = () => string;
type BatchStatus = MilestoneImplementation['state']['status'];

export const BATCH_STATUS: Record<BatchStatus, Label> = {
  awaiting_delivery: m.dv_status_awaiting_delivery,
  delivered: m.dv_status_delivered,
  under_inspection: m.dv_status_under_inspection,
  accepted: m.dv_status_accepted,
  rejected: m.dv_status_rejected,
  disputed: m.dv_status_disputed,
  auto_accepted: m.dv_status_auto_accepted,
};
export const BATCH_TONE: Record<BatchStatus, Tone> = {
  awaiting_delivery: 'neutral', delivered: 'info', under_inspection: 'info', accepted: 'success', rejected: 'danger', disputed: 'warning', auto_accepted: 'success',
};
export const DELIVERY_STATUS: Record<DeliveryStatus, Label> = BATCH_STATUS;

/** 待开票 → 已开票 → 已付款 → 已确认收款 */
export const PAYMENT_STATUS: Record<PaymentStatus, Label> = {
  unpaid: m.pm_status_unpaid, invoiced: m.pm_status_invoiced, paid: m.pm_status_paid, confirmed: m.pm_status_confirmed,
};
export const PAYMENT_TONE: Record<PaymentStatus, Tone> = { unpaid: 'warning', invoiced: 'info', paid: 'info', confirmed: 'success' };

/** The queue's tabs, in order (the contracts package's list, kept here so pages do not load the schemas). */
export const DISPUTE_STATUSES = ['pending', 'upheld', 'overturned', 'dismissed'] as const;
export const DISPUTE_STATUS: Record<(typeof DISPUTE_STATUSES)[number], Label> = {
  pending: m.dp_status_pending, upheld: m.dp_status_upheld, overturned: m.dp_status_overturned, dismissed: m.dp_status_dismissed,
};
