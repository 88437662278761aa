import { DecideObjectionRequest, DisputeQueueQuery, ReviewOrderRequest, VendorQueueQuery, VerificationDecision } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, problems, sessionSecurity, named } from '../openapi.ts';
import * as admin from '../use-cases/admin.ts';
import { decideObjectionCase, listObjectionQueue } from '../use-cases/awards.ts';
import { listDisputeQueue } from '../use-cases/implementation/payments.ts';
import { listReviewQueue, reviewOrder } from '../use-cases/orders.ts';
import type { Deps } from '../use-cases/context.ts';
import { requireOrgKind } from '../use-cases/guards.ts';
import { requestMeta } from './meta.ts';

/** Runs before the request is validated: others learn nothing about the secretariat's routes but "not yours". */
export const secretariatOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireOrgKind(requireAuth(c), 'secretariat', "use the secretariat's tools");
  await next();
};

const common = { tags: ['secretariat'], security: sessionSecurity, middleware: [authenticated, secretariatOnly] };

const listVendors = createRoute({
  ...common, method: 'get', path: '/vendors',
  summary: 'The vendor-verification queue, oldest submission first',
  request: { query: VendorQueueQuery },
  responses: { 200: jsonResponse(S.VendorQueue, 'One page of vendors'), ...problems(400, 401, 403) },
});

const decide = createRoute({
  ...common, method: 'post', path: '/vendors/{orgId}/verification',
  summary: 'Approve, reject, suspend or reinstate a vendor',
  request: {
    params: z.object({ orgId: z.uuid() }),
    body: jsonBody(named(VerificationDecision, 'VerificationDecision')),
  },
  responses: { 200: jsonResponse(S.Organisation, 'The vendor after the decision'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
});

const page = z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });

const orderQueue = createRoute({
  ...common, method: 'get', path: '/orders',
  summary: 'Orders waiting for review, oldest submission first',
  request: { query: page },
  responses: { 200: jsonResponse(S.ReviewQueue, 'One page of orders'), ...problems(400, 401, 403) },
});

const review = createRoute({
  ...common, method: 'post', path: '/orders/{id}/review',
  summary: 'Approve an order (→ open, published) or reject it with a reason (→ draft)',
  request: { params: z.object({ id: PathId }), body: jsonBody(named(ReviewOrderRequest, 'ReviewOrderRequest')) },
  responses: { 200: jsonResponse(S.Order, 'The order after the decision'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
});

const objectionQueue = createRoute({
  ...common, method: 'get', path: '/objections',
  summary: 'Objections waiting for a decision, oldest first',
  request: { query: page },
  responses: { 200: jsonResponse(S.ObjectionList, 'One page of objections'), ...problems(400, 401, 403) },
});

const decideObjection = createRoute({
  ...common, method: 'post', path: '/objections/{id}/decide',
  summary: 'Uphold (the award is cancelled, back to evaluation) or reject (the award stands) an objection',
  request: { params: z.object({ id: PathId }), body: jsonBody(named(DecideObjectionRequest, 'DecideObjectionRequest')) },
  responses: { 200: jsonResponse(S.Objection, 'The decided objection'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
});

const disputeQueue = createRoute({
  ...common, method: 'get', path: '/implementation-disputes',
  summary: 'Disputes of rejected batches and of payments, oldest first (pending by default)',
  request: { query: DisputeQueueQuery },
  responses: { 200: jsonResponse(S.DisputeQueue, 'One page of disputes'), ...problems(400, 401, 403) },
});

/** /admin: the secretariat's work. */
export const adminRoutes = (deps: Deps) =>
  createRouter()
    .openapi(listVendors, async (c) => c.json(await admin.listVendorQueue(deps, requireAuth(c), c.req.valid('query')), 200))
    .openapi(decide, async (c) =>
      c.json(
        await admin.decideVerification(deps, requireAuth(c), c.req.valid('param').orgId, c.req.valid('json'), requestMeta(c)),
        200,
      ))
    .openapi(orderQueue, async (c) => c.json(await listReviewQueue(deps, requireAuth(c), c.req.valid('query')), 200))
    .openapi(review, async (c) =>
      c.json(await reviewOrder(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200))
    .openapi(objectionQueue, async (c) => c.json(await listObjectionQueue(deps, requireAuth(c), c.req.valid('query')), 200))
    .openapi(decideObjection, async (c) =>
      c.json(await decideObjectionCase(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200))
    .openapi(disputeQueue, async (c) => c.json(await listDisputeQueue(deps, requireAuth(c), c.req.valid('query')), 200));
