import {
  ConfirmPaymentRequest, DecidePaymentDisputeRequest, DecideRejectionDisputeRequest, DeliverRequest, DeliveryDecisionRequest, DisputeRequest,
  InvoiceRequest, PayRequest, RecordErrorsRequest,
} from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as batches from '../../use-cases/implementation/deliveries.ts';
import { getContractImplementation } from '../../use-cases/implementation/overview.ts';
import * as pay from '../../use-cases/implementation/payments.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, fileDownload, fileField, fileResponse, orderParams, signedIn } from './shared.ts';

const tags = ['delivery'];
const paymentTags = ['payment'];
const base = '/{id}/contract/milestones/{mid}';
const milestoneParams = z.object({ id: PathId, mid: PathId });
const batchParams = z.object({ id: PathId, mid: PathId, did: PathId });
const fileParams = z.object({ id: PathId, mid: PathId, fileId: PathId });
/** A write that may replay under an Idempotency-Key. */
const write = (deps: Deps) => ({ security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)] });
const view = (d: string) => ({ 200: jsonResponse(S.MilestoneImplementation, d) });
const STEP_PROBLEMS = [...WRITE, 403, 409, 422] as const;

/**
 * /orders/{id}/contract/milestones/{mid}/…: a milestone's batches (delivery, inspection by sampling, the decision,
 * disputes) and its payment. Only the contract's two parties and the secretariat see them; to others they do not
 * exist (404). Every write answers the milestone as it now stands.
 */
export const implementationRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/contract/implementation', tags,
        summary: "Every milestone of the order's contract with its batch and payment state, and the money accepted, paid and overdue",
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.ContractImplementation, 'The contract in progress'), ...problems(401, 404) },
      }),
      async (c) => c.json(await getContractImplementation(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: `${base}/implementation`, tags,
        summary: "A milestone's batches, inspections, decisions, disputes and payment, with what the caller may do now",
        request: { params: milestoneParams },
        responses: { ...view('The milestone'), ...problems(401, 404) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        return c.json(await batches.getImplementation(deps, requireAuth(c), id, mid), 200);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: `${base}/files`, tags,
        summary: "Upload a file of the next batch (the vendor; multipart; bound to the batch when it is delivered)",
        description: 'The same file types as order attachments, at most 20 MB each, 20 files and 200 MB per batch; larger deliveries go by link with a checksum.',
        request: {
          params: milestoneParams,
          body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } } },
        },
        responses: { 201: jsonResponse(S.DeliveryFile, 'The stored file, waiting for the delivery'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        const form = c.req.valid('form');
        const file = { name: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) };
        return c.json(await batches.uploadDeliveryFile(deps, requireAuth(c), id, mid, file, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: `${base}/files/{fileId}`, tags,
        summary: "Download a batch's file (parties and the secretariat; a file not yet delivered: the vendor only)",
        request: { params: fileParams },
        responses: { 200: fileResponse, ...problems(401, 404) },
      }),
      async (c) => {
        const { id, mid, fileId } = c.req.valid('param');
        const { row, bytes } = await batches.downloadDeliveryFile(deps, requireAuth(c), id, mid, fileId);
        return fileDownload(c, row, bytes);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/deliveries`, tags,
        summary: 'Deliver a batch (the vendor): its manifest; the review window starts',
        description:
          "The first batch of a milestone, or rework after a rejection that stands. `fileIds` are files uploaded to the milestone before; a link needs its checksum. The buyer decides within the review window (REVIEW_WINDOW_WORKING_DAYS working days, default 5); silence accepts.",
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(named(DeliverRequest, 'DeliverRequest')) },
        responses: { 201: jsonResponse(S.MilestoneImplementation, 'The milestone with the new batch'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        return c.json(await batches.deliverBatch(depsOf(deps, c), requireAuth(c), id, mid, c.req.valid('json'), requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/deliveries/{did}/inspection`, tags,
        summary: 'Start inspecting a batch (the buyer): Annex draws the sample from a seed it records and returns the item numbers',
        request: { params: batchParams, headers: idempotencyHeader },
        responses: { 201: jsonResponse(S.MilestoneImplementation, "The milestone; the batch's inspection holds the drawn sample"), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid, did } = c.req.valid('param');
        return c.json(await batches.startInspection(depsOf(deps, c), requireAuth(c), id, mid, did, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'put', path: `${base}/deliveries/{did}/inspection/errors`, tags,
        summary: 'Record the errors found in the sample (the buyer; replaces the list): each a drawn item number with a note',
        request: { params: batchParams, body: jsonBody(named(RecordErrorsRequest, 'RecordErrorsRequest')) },
        responses: { ...view('The milestone with the measured accuracy, its interval and the verdict'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid, did } = c.req.valid('param');
        return c.json(await batches.recordErrors(deps, requireAuth(c), id, mid, did, c.req.valid('json'), requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/deliveries/{did}/decision`, tags,
        summary: 'Accept the batch, or reject it with reasons after sampling (the buyer, within the review window)',
        description: 'One decision per batch: a second, racing or late, gets 409 (invalid_transition, or review_window_over once the window has ended).',
        request: { params: batchParams, headers: idempotencyHeader, body: jsonBody(named(DeliveryDecisionRequest, 'DeliveryDecisionRequest')) },
        responses: { ...view('The milestone with the decision'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid, did } = c.req.valid('param');
        return c.json(await batches.decideBatch(depsOf(deps, c), requireAuth(c), id, mid, did, c.req.valid('json'), requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/deliveries/{did}/dispute`, tags,
        summary: 'Dispute a rejection (the vendor, once per rejection); the secretariat decides',
        request: { params: batchParams, headers: idempotencyHeader, body: jsonBody(named(DisputeRequest, 'DisputeRequest')) },
        responses: { 201: jsonResponse(S.MilestoneImplementation, 'The milestone with the dispute'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid, did } = c.req.valid('param');
        return c.json(await batches.disputeRejection(depsOf(deps, c), requireAuth(c), id, mid, did, c.req.valid('json').reason, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/deliveries/{did}/dispute/decision`, tags,
        summary: 'Decide a disputed rejection (the secretariat): uphold (the vendor reworks) or overturn (the batch is accepted)',
        request: { params: batchParams, headers: idempotencyHeader, body: jsonBody(named(DecideRejectionDisputeRequest, 'DecideRejectionDisputeRequest')) },
        responses: { ...view('The milestone'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid, did } = c.req.valid('param');
        return c.json(await batches.decideRejectionDispute(depsOf(deps, c), requireAuth(c), id, mid, did, c.req.valid('json'), requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/payment/invoice`, tags: paymentTags,
        summary: 'Record the invoice (the vendor, once the batch is accepted): 待开票 → 已开票',
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(named(InvoiceRequest, 'InvoiceRequest')) },
        responses: { ...view('The milestone'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        const b = c.req.valid('json');
        const action = { type: 'invoice' as const, invoiceNumber: b.invoiceNumber, invoiceDate: b.invoiceDate };
        return c.json(await pay.paymentStep(depsOf(deps, c), requireAuth(c), id, mid, action, b.version, requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/payment/pay`, tags: paymentTags,
        summary: 'Mark the milestone paid on a date (the buyer): 已开票 → 已付款',
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(named(PayRequest, 'PayRequest')) },
        responses: { ...view('The milestone'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        const b = c.req.valid('json');
        return c.json(await pay.paymentStep(depsOf(deps, c), requireAuth(c), id, mid, { type: 'pay', paidOn: b.paidOn }, b.version, requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/payment/confirm`, tags: paymentTags,
        summary: 'Confirm receipt (the vendor): 已付款 → 已确认收款; the last one completes the contract and the order',
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(named(ConfirmPaymentRequest, 'ConfirmPaymentRequest')) },
        responses: { ...view('The milestone'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        return c.json(await pay.paymentStep(depsOf(deps, c), requireAuth(c), id, mid, { type: 'confirm' }, c.req.valid('json').version, requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/payment/dispute`, tags: paymentTags,
        summary: 'Take the payment to the secretariat (either party; one pending dispute at a time)',
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(DisputeRequest) },
        responses: { 201: jsonResponse(S.MilestoneImplementation, 'The milestone with the dispute'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        return c.json(await pay.disputePayment(depsOf(deps, c), requireAuth(c), id, mid, c.req.valid('json').reason, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...write(deps), method: 'post', path: `${base}/payment/dispute/decision`, tags: paymentTags,
        summary: 'Decide the pending payment dispute (the secretariat): upheld or dismissed, with a reason',
        request: { params: milestoneParams, headers: idempotencyHeader, body: jsonBody(named(DecidePaymentDisputeRequest, 'DecidePaymentDisputeRequest')) },
        responses: { ...view('The milestone'), ...problems(...STEP_PROBLEMS) },
      }),
      async (c) => {
        const { id, mid } = c.req.valid('param');
        return c.json(await pay.decidePaymentDispute(depsOf(deps, c), requireAuth(c), id, mid, c.req.valid('json'), requestMeta(c)), 200);
      },
    );
