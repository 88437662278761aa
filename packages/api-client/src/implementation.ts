import {
  ContractImplementation,
  DisputeQueue,
  type DecidePaymentDisputeRequest,
  type DecideRejectionDisputeRequest,
  type DeliverRequest,
  DeliveryFile,
  type DeliveryDecisionRequest,
  type InvoiceRequest,
  MilestoneImplementation,
  type PayRequest,
  type RecordErrorsRequest,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);
const idem = (key: string | undefined) => (key ? { 'idempotency-key': key } : undefined);

/** The calls of a milestone's delivery, inspection, decision, disputes and payment. */
export function implementationCalls(call: CallFn) {
  const base = (orderId: string, milestoneId: string) => `/orders/${id(orderId)}/contract/milestones/${id(milestoneId)}`;
  const batch = (o: string, ms: string, d: string) => `${base(o, ms)}/deliveries/${id(d)}`;
  return {
    /** GET /admin/implementation-disputes — the secretariat's queue of rejection and payment disputes. */
    disputeQueue: (q: { status?: 'pending' | 'upheld' | 'overturned' | 'dismissed'; cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: '/admin/implementation-disputes', query: q, schema: DisputeQueue }),
    /** GET /orders/{id}/contract/implementation — every milestone's batch and payment state and the money totals, in one read. */
    contractImplementation: (orderId: string) =>
      call({ method: 'GET', path: `/orders/${id(orderId)}/contract/implementation`, schema: ContractImplementation }),
    /** GET …/implementation — the batches, inspections, decisions, disputes and payment, with what the caller may do. */
    implementation: (orderId: string, milestoneId: string) =>
      call({ method: 'GET', path: `${base(orderId, milestoneId)}/implementation`, schema: MilestoneImplementation }),
    /** POST …/files — a file of the next batch (multipart, field `file`). */
    uploadDeliveryFile: (orderId: string, milestoneId: string, file: Blob, fileName: string) => {
      const form = new FormData();
      form.set('file', file, fileName);
      return call({ method: 'POST', path: `${base(orderId, milestoneId)}/files`, form, schema: DeliveryFile, timeoutMs: 120_000 });
    },
    /** POST …/deliveries — the vendor delivers a batch with its manifest. */
    deliver: (orderId: string, milestoneId: string, body: DeliverRequest, idempotencyKey?: string) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/deliveries`, body, headers: idem(idempotencyKey), schema: MilestoneImplementation }),
    /** POST …/deliveries/{did}/inspection — the buyer draws the sample (reproducibly, from a recorded seed). */
    startInspection: (orderId: string, milestoneId: string, deliveryId: string) =>
      call({ method: 'POST', path: `${batch(orderId, milestoneId, deliveryId)}/inspection`, body: {}, schema: MilestoneImplementation }),
    /** PUT …/deliveries/{did}/inspection/errors — the errors found so far (replaces the list). */
    recordErrors: (orderId: string, milestoneId: string, deliveryId: string, body: RecordErrorsRequest) =>
      call({ method: 'PUT', path: `${batch(orderId, milestoneId, deliveryId)}/inspection/errors`, body, schema: MilestoneImplementation }),
    /** POST …/deliveries/{did}/decision — accept, or reject with reasons. */
    decideDelivery: (orderId: string, milestoneId: string, deliveryId: string, body: DeliveryDecisionRequest) =>
      call({ method: 'POST', path: `${batch(orderId, milestoneId, deliveryId)}/decision`, body, schema: MilestoneImplementation }),
    /** POST …/deliveries/{did}/dispute — the vendor disputes a rejection. */
    disputeRejection: (orderId: string, milestoneId: string, deliveryId: string, reason: string) =>
      call({ method: 'POST', path: `${batch(orderId, milestoneId, deliveryId)}/dispute`, body: { reason }, schema: MilestoneImplementation }),
    /** POST …/deliveries/{did}/dispute/decision — the secretariat upholds or overturns the rejection. */
    decideRejectionDispute: (orderId: string, milestoneId: string, deliveryId: string, body: DecideRejectionDisputeRequest) =>
      call({ method: 'POST', path: `${batch(orderId, milestoneId, deliveryId)}/dispute/decision`, body, schema: MilestoneImplementation }),
    /** POST …/payment/invoice — the vendor's invoice number and date. */
    invoice: (orderId: string, milestoneId: string, body: InvoiceRequest) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/payment/invoice`, body, schema: MilestoneImplementation }),
    /** POST …/payment/pay — the buyer marks the milestone paid. */
    pay: (orderId: string, milestoneId: string, body: PayRequest) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/payment/pay`, body, schema: MilestoneImplementation }),
    /** POST …/payment/confirm — the vendor confirms receipt. */
    confirmPayment: (orderId: string, milestoneId: string, version?: number) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/payment/confirm`, body: version ? { version } : {}, schema: MilestoneImplementation }),
    /** POST …/payment/dispute — either side takes the payment to the secretariat. */
    disputePayment: (orderId: string, milestoneId: string, reason: string) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/payment/dispute`, body: { reason }, schema: MilestoneImplementation }),
    /** POST …/payment/dispute/decision — the secretariat upholds or dismisses a payment dispute. */
    decidePaymentDispute: (orderId: string, milestoneId: string, body: DecidePaymentDisputeRequest) =>
      call({ method: 'POST', path: `${base(orderId, milestoneId)}/payment/dispute/decision`, body, schema: MilestoneImplementation }),
    /** GET …/files/{fileId} — a delivered file, streamed. */
    deliveryFilePath: (orderId: string, milestoneId: string, fileId: string) => `/api/v1${base(orderId, milestoneId)}/files/${id(fileId)}`,
  };
}
