import {
  ATTACHMENT_KINDS, AmendmentReason, AnswerQuestionRequest, AwardRequest, ComparisonQuery, CreateBidRequest, CreateObjectionRequest,
  CreateOrderRequest, CreateQuestionRequest, OrderSearchQuery, ReasonRequest, UpdateBidRequest, UpdateOrderRequest,
} from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { contentDisposition } from '../lib/file-policy.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../middleware/session.ts';
import {
  PathId, S, WRITE_PROBLEMS, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity,
} from '../openapi.ts';
import * as attachments from '../use-cases/attachments.ts';
import * as bidAttachments from '../use-cases/bid-attachments.ts';
import * as awardCases from '../use-cases/awards.ts';
import * as bidCases from '../use-cases/bids.ts';
import type { Deps } from '../use-cases/context.ts';
import * as orderCases from '../use-cases/orders.ts';
import * as questionCases from '../use-cases/questions.ts';
import { orderTimeline } from '../use-cases/timeline.ts';
import { requestMeta } from './meta.ts';

const tags = ['orders'];
const signedIn = { security: sessionSecurity, middleware: authenticated };
const orderParams = z.object({ id: PathId });
const WRITE = [...WRITE_PROBLEMS, 401, 404] as const;

/** Headers of a file download. */
const fileHeaders = (row: { contentType: string; fileName: string }, bytes: Uint8Array) => ({
  'Content-Type': row.contentType,
  'Content-Disposition': contentDisposition(row.fileName),
  'Content-Length': String(bytes.byteLength),
  // a file is data, never a page: no scripts, no sniffing (nosniff is set for every response)
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'private, no-store',
});

/** The use cases' dependencies for this request: inside the Idempotency-Key transaction when there is one. */
const depsOf = (deps: Deps, c: Context<AppEnv>): Deps => {
  const tx = c.get('tx');
  return tx ? { ...deps, tx } : deps;
};

// ---------------------------------------------------------------------------------------------------------
// Orders

const listOrders = createRoute({
  method: 'get', path: '/', tags,
  summary: 'Published orders by text, typed filters and sort, with facet counts (as GET /search/orders); scope=mine lists the calling buyer\'s own',
  request: { query: OrderSearchQuery },
  responses: { 200: jsonResponse(S.OrderListing, 'One page of orders'), ...problems(400, 401, 403, 503) },
});

const createOrder = (deps: Deps) => createRoute({
  method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
  summary: 'Save a new draft order (buyers)',
  request: { headers: idempotencyHeader, body: jsonBody(named(CreateOrderRequest, 'CreateOrderRequest')) },
  responses: { 201: jsonResponse(S.Order, 'The draft'), ...problems(...WRITE, 409, 422) },
});

const getOrder = createRoute({
  method: 'get', path: '/{id}', tags,
  summary: 'An order: anyone for published ones, the buyer and the secretariat otherwise',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.Order, 'The order, with its status as of now'), ...problems(404) },
});

const updateOrder = createRoute({
  ...signedIn, method: 'patch', path: '/{id}', tags,
  summary: 'Edit a draft, or amend an open order (logged; bids must be re-confirmed; the minimum bidding window applies)',
  request: { params: orderParams, body: jsonBody(named(UpdateOrderRequest, 'UpdateOrderRequest')) },
  responses: { 200: jsonResponse(S.Order, 'The order'), ...problems(...WRITE, 403, 409, 422) },
});

const submitOrder = createRoute({
  ...signedIn, method: 'post', path: '/{id}/submit', tags,
  summary: 'Send a complete draft for review by the secretariat',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.Order, 'The order, pending review'), ...problems(...WRITE, 403, 409, 422) },
});

const cancelOrder = createRoute({
  ...signedIn, method: 'post', path: '/{id}/cancel', tags,
  summary: 'Cancel with a reason before an award (buyer or secretariat); bidders are told',
  request: { params: orderParams, body: jsonBody(named(ReasonRequest, 'ReasonRequest')) },
  responses: { 200: jsonResponse(S.Order, 'The cancelled order'), ...problems(...WRITE, 403, 409, 422) },
});

const timeline = createRoute({
  ...signedIn, method: 'get', path: '/{id}/timeline', tags,
  summary: 'Every state change of the order: who, when, what changed (its parties and the secretariat)',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.Timeline, 'Oldest first'), ...problems(401, 403, 404) },
});

// ---------------------------------------------------------------------------------------------------------
// Attachments

const attachmentParams = z.object({ id: PathId, attachmentId: PathId });

const uploadAttachment = createRoute({
  ...signedIn, method: 'post', path: '/{id}/attachments', tags: ['attachments'],
  summary: 'Add a guideline or sample to a draft, or to an open order as an amendment (multipart; type checked by content; at most 20 MB)',
  description:
    'Accepted: PDF, PNG, JPEG, ZIP, DOCX, XLSX (recognised by content, the extension must agree) and UTF-8 text named .txt, .md or .csv. ' +
    'On an open order the change is an amendment: logged, live bids must be re-confirmed, bidders are told (with `reason`), and ' +
    'the bid deadline must still leave the minimum bidding window.',
  request: {
    params: orderParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, { message: 'attach one file in the field "file"' }).openapi({ type: 'string', format: 'binary' }),
            kind: z.enum(ATTACHMENT_KINDS).default('other'),
            /** why an open order's files change, for its bidders */
            reason: AmendmentReason.optional(),
          }),
        },
      },
    },
  },
  responses: { 201: jsonResponse(S.Attachment, 'The stored file'), ...problems(...WRITE, 403, 409, 422) },
});

const downloadAttachment = createRoute({
  ...signedIn, method: 'get', path: '/{id}/attachments/{attachmentId}', tags: ['attachments'],
  summary: 'Download a file of an order (always as an attachment)',
  request: { params: attachmentParams },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(401, 404),
  },
});

const deleteAttachment = createRoute({
  ...signedIn, method: 'delete', path: '/{id}/attachments/{attachmentId}', tags: ['attachments'],
  summary: 'Remove a file from a draft, or from an open order as an amendment (see the upload)',
  request: { params: attachmentParams, query: z.object({ reason: AmendmentReason.optional() }) },
  responses: { 204: { description: 'Removed' }, ...problems(...WRITE, 403, 409) },
});

// ---------------------------------------------------------------------------------------------------------
// Questions

const listQuestions = createRoute({
  method: 'get', path: '/{id}/questions', tags: ['questions'],
  summary: 'Questions and answers (public with the order; askers are anonymous to other vendors)',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.QuestionList, 'Oldest first'), ...problems(404) },
});

const askQuestion = (deps: Deps) => createRoute({
  method: 'post', path: '/{id}/questions', tags: ['questions'], security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
  summary: 'Ask a question (verified vendors, until questionsCloseAt)',
  request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateQuestionRequest, 'CreateQuestionRequest')) },
  responses: { 201: jsonResponse(S.Question, 'The question'), ...problems(...WRITE, 403, 409, 422) },
});

const answerQuestion = createRoute({
  ...signedIn, method: 'post', path: '/{id}/questions/{qid}/answer', tags: ['questions'],
  summary: 'Answer a question (the buyer, once, while bidding is open)',
  request: { params: z.object({ id: PathId, qid: PathId }), body: jsonBody(named(AnswerQuestionRequest, 'AnswerQuestionRequest')) },
  responses: { 200: jsonResponse(S.Question, 'The answered question'), ...problems(...WRITE, 403, 409) },
});

// ---------------------------------------------------------------------------------------------------------
// Bids

const placeBid = (deps: Deps) => createRoute({
  method: 'post', path: '/{id}/bids', tags: ['bids'], security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
  summary: 'Bid (eligible vendors, before the deadline by the database clock)',
  request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateBidRequest, 'CreateBidRequest')) },
  responses: { 201: jsonResponse(S.MyBid, 'The bid'), ...problems(...WRITE, 403, 409, 422) },
});

const listBids = createRoute({
  ...signedIn, method: 'get', path: '/{id}/bids', tags: ['bids'],
  summary: "The order's bids (buyer and secretariat); a sealed order's only after its deadline (else 403 bids_sealed)",
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.BidList, 'Live bids, first submitted first'), ...problems(401, 403, 404) },
});

const getMyBid = createRoute({
  ...signedIn, method: 'get', path: '/{id}/bids/mine', tags: ['bids'],
  summary: "The caller's own bid with its revision history",
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.MyBid, 'The bid'), ...problems(401, 403, 404) },
});

const updateMyBid = createRoute({
  ...signedIn, method: 'patch', path: '/{id}/bids/mine', tags: ['bids'],
  summary: 'Change the bid (a new revision; also re-confirms it) before the deadline',
  request: { params: orderParams, body: jsonBody(named(UpdateBidRequest, 'UpdateBidRequest')) },
  responses: { 200: jsonResponse(S.MyBid, 'The bid'), ...problems(...WRITE, 403, 409, 422) },
});

const withdrawMyBid = createRoute({
  ...signedIn, method: 'delete', path: '/{id}/bids/mine', tags: ['bids'],
  summary: 'Withdraw the bid before the deadline',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.MyBid, 'The withdrawn bid'), ...problems(...WRITE, 403, 409) },
});

const reconfirmMyBid = createRoute({
  ...signedIn, method: 'post', path: '/{id}/bids/mine/reconfirm', tags: ['bids'],
  summary: 'Confirm the bid under amended terms',
  request: { params: orderParams },
  responses: { 200: jsonResponse(S.MyBid, 'The bid, active again'), ...problems(...WRITE, 403, 409) },
});

const bidAttachmentParams = z.object({ id: PathId, attachmentId: PathId });

const uploadBidAttachment = createRoute({
  ...signedIn, method: 'post', path: '/{id}/bids/mine/attachments', tags: ['bids'],
  summary: 'Add a file to the bid (technical proposal, quote, certificates) before the deadline (multipart; at most 20 MB)',
  description: 'Accepted as for order files: PDF, PNG, JPEG, ZIP, DOCX, XLSX (recognised by content) and UTF-8 .txt, .md or .csv. '
    + "At most 10 files and 50 MB per bid. Shown to whom the bid's amounts are shown.",
  request: {
    params: orderParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, { message: 'attach one file in the field "file"' }).openapi({ type: 'string', format: 'binary' }),
          }),
        },
      },
    },
  },
  responses: { 201: jsonResponse(S.BidAttachment, 'The stored file'), ...problems(...WRITE, 403, 409, 422) },
});

const downloadBidAttachment = createRoute({
  ...signedIn, method: 'get', path: '/{id}/bids/{bidId}/attachments/{attachmentId}', tags: ['bids'],
  summary: "Download a bid's file: its vendor; the buyer and the secretariat once the bid's amounts may be seen (else 403 bids_sealed)",
  request: { params: z.object({ id: PathId, bidId: PathId, attachmentId: PathId }) },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(401, 403, 404),
  },
});

const deleteBidAttachment = createRoute({
  ...signedIn, method: 'delete', path: '/{id}/bids/mine/attachments/{attachmentId}', tags: ['bids'],
  summary: 'Remove a file from the bid before the deadline',
  request: { params: bidAttachmentParams },
  responses: { 204: { description: 'Removed' }, ...problems(...WRITE, 403, 409) },
});

const disqualifyBid = createRoute({
  ...signedIn, method: 'post', path: '/{id}/bids/{bidId}/disqualify', tags: ['bids'],
  summary: 'Disqualify a bid with a reason (buyer or secretariat, before an award)',
  request: { params: z.object({ id: PathId, bidId: PathId }), body: jsonBody(named(ReasonRequest, 'ReasonRequest')) },
  responses: {
    200: jsonResponse(z.object({ id: z.string(), status: z.string(), disqualifiedReason: z.string().nullable() }), 'The bid'),
    ...problems(...WRITE, 403, 409, 422),
  },
});

// ---------------------------------------------------------------------------------------------------------
// Evaluation, award, objections

const comparison = createRoute({
  ...signedIn, method: 'get', path: '/{id}/comparison', tags: ['award'],
  summary: 'All bids side by side with a weighted score under the given weights (buyer and secretariat)',
  request: { params: orderParams, query: ComparisonQuery },
  responses: { 200: jsonResponse(S.Comparison, 'Bids ranked by score'), ...problems(400, 401, 403, 404) },
});

const award = (deps: Deps) => createRoute({
  method: 'post', path: '/{id}/award', tags: ['award'], security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
  summary: 'Award a bid with a reason (the buyer, in evaluation); opens the publicity window',
  request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(AwardRequest, 'AwardRequest')) },
  responses: { 201: jsonResponse(S.AwardNotice, 'The award notice'), ...problems(...WRITE, 403, 409, 422) },
});

const listObjections = createRoute({
  ...signedIn, method: 'get', path: '/{id}/objections', tags: ['award'],
  summary: "Objections to the order's awards (buyer and secretariat: all; a vendor: its own)",
  request: { params: orderParams },
  responses: { 200: jsonResponse(z.object({ items: z.array(S.Objection) }), 'Oldest first'), ...problems(401, 403, 404) },
});

const fileObjection = (deps: Deps) => createRoute({
  method: 'post', path: '/{id}/objections', tags: ['award'], security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
  summary: 'Object to the award (losing bidders, during the publicity window)',
  request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateObjectionRequest, 'CreateObjectionRequest')) },
  responses: { 201: jsonResponse(S.Objection, 'The objection, pending'), ...problems(...WRITE, 403, 409, 422) },
});

/** /orders: the marketplace — orders, files, questions, bids, comparison, award, objections, timeline. */
export const orderRoutes = (deps: Deps) =>
  createRouter()
    .openapi(listOrders, async (c) => c.json(await orderCases.listOrders(deps, c.get('auth'), c.req.valid('query')), 200))
    .openapi(createOrder(deps), async (c) =>
      c.json(await orderCases.createOrder(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201))
    .openapi(getOrder, async (c) => c.json(await orderCases.getOrder(deps, c.get('auth'), c.req.valid('param').id), 200))
    .openapi(updateOrder, async (c) =>
      c.json(await orderCases.updateOrder(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200))
    .openapi(submitOrder, async (c) =>
      c.json(await orderCases.submitOrder(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200))
    .openapi(cancelOrder, async (c) =>
      c.json(await orderCases.cancelOrder(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json').reason, requestMeta(c)), 200))
    .openapi(timeline, async (c) => c.json(await orderTimeline(deps, requireAuth(c), c.req.valid('param').id), 200))
    .openapi(uploadAttachment, async (c) => {
      const form = c.req.valid('form');
      const bytes = new Uint8Array(await form.file.arrayBuffer());
      const a = await attachments.uploadAttachment(
        deps, requireAuth(c), c.req.valid('param').id, { name: form.file.name, bytes, kind: form.kind, reason: form.reason }, requestMeta(c),
      );
      return c.json(a, 201);
    })
    .openapi(downloadAttachment, async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { row, bytes } = await attachments.downloadAttachment(deps, requireAuth(c), id, attachmentId);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(row, bytes)) as never;
    })
    .openapi(deleteAttachment, async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      await attachments.deleteAttachment(deps, requireAuth(c), id, attachmentId, c.req.valid('query').reason ?? null, requestMeta(c));
      return c.body(null, 204);
    })
    .openapi(listQuestions, async (c) => c.json(await questionCases.listQuestions(deps, c.get('auth'), c.req.valid('param').id), 200))
    .openapi(askQuestion(deps), async (c) =>
      c.json(await questionCases.askQuestion(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json').body, requestMeta(c)), 201))
    .openapi(answerQuestion, async (c) => {
      const { id, qid } = c.req.valid('param');
      return c.json(await questionCases.answerQuestion(deps, requireAuth(c), id, qid, c.req.valid('json').answer, requestMeta(c)), 200);
    })
    .openapi(placeBid(deps), async (c) =>
      c.json(await bidCases.placeBid(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 201))
    .openapi(listBids, async (c) => c.json(await bidCases.listBids(deps, requireAuth(c), c.req.valid('param').id), 200))
    .openapi(getMyBid, async (c) => c.json(await bidCases.getMyBid(deps, requireAuth(c), c.req.valid('param').id), 200))
    .openapi(updateMyBid, async (c) =>
      c.json(await bidCases.updateMyBid(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200))
    .openapi(withdrawMyBid, async (c) => c.json(await bidCases.withdrawMyBid(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200))
    .openapi(reconfirmMyBid, async (c) =>
      c.json(await bidCases.reconfirmMyBid(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200))
    .openapi(uploadBidAttachment, async (c) => {
      const form = c.req.valid('form');
      const bytes = new Uint8Array(await form.file.arrayBuffer());
      const a = await bidAttachments.uploadBidAttachment(
        deps, requireAuth(c), c.req.valid('param').id, { name: form.file.name, bytes }, requestMeta(c),
      );
      return c.json(a, 201);
    })
    .openapi(downloadBidAttachment, async (c) => {
      const { id, bidId, attachmentId } = c.req.valid('param');
      const { row, bytes } = await bidAttachments.downloadBidAttachment(deps, requireAuth(c), id, bidId, attachmentId);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(row, bytes)) as never;
    })
    .openapi(deleteBidAttachment, async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      await bidAttachments.deleteBidAttachment(deps, requireAuth(c), id, attachmentId, requestMeta(c));
      return c.body(null, 204);
    })
    .openapi(disqualifyBid, async (c) => {
      const { id, bidId } = c.req.valid('param');
      return c.json(await bidCases.disqualifyBid(deps, requireAuth(c), id, bidId, c.req.valid('json').reason, requestMeta(c)), 200);
    })
    .openapi(comparison, async (c) =>
      c.json(await awardCases.compareBids(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query')), 200))
    .openapi(award(deps), async (c) => {
      const b = c.req.valid('json');
      return c.json(await awardCases.awardOrder(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, b.bidId, b.reason, requestMeta(c)), 201);
    })
    .openapi(listObjections, async (c) => c.json(await awardCases.listOrderObjections(deps, requireAuth(c), c.req.valid('param').id), 200))
    .openapi(fileObjection(deps), async (c) =>
      c.json(await awardCases.fileObjection(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json').body, requestMeta(c)), 201));

