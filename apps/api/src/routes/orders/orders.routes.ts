import { CreateOrderRequest, OrderSearchQuery, ReasonRequest, UpdateOrderRequest } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as cases from '../../use-cases/orders.ts';
import { orderTimeline } from '../../use-cases/timeline.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, orderParams, signedIn } from './shared.ts';

const tags = ['orders'];

/** /orders and /orders/{id}: the order itself — list, draft, read, edit or amend, submit, cancel, timeline. */
export const orderRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/', tags,
        summary: 'Published orders by text, typed filters and sort, with facet counts (as GET /search/orders); scope=mine lists the calling buyer\'s own',
        request: { query: OrderSearchQuery },
        responses: { 200: jsonResponse(S.OrderListing, 'One page of orders'), ...problems(400, 401, 403, 503) },
      }),
      async (c) => c.json(await cases.listOrders(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Save a new draft order (buyers)',
        request: { headers: idempotencyHeader, body: jsonBody(named(CreateOrderRequest, 'CreateOrderRequest')) },
        responses: { 201: jsonResponse(S.Order, 'The draft'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await cases.createOrder(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}', tags,
        summary: 'An order: anyone for published ones, the buyer and the secretariat otherwise',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.Order, 'The order, with its status as of now'), ...problems(404) },
      }),
      async (c) => c.json(await cases.getOrder(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/{id}', tags,
        summary: 'Edit a draft, or amend an open order (logged; bids must be re-confirmed; the minimum bidding window applies)',
        request: { params: orderParams, body: jsonBody(named(UpdateOrderRequest, 'UpdateOrderRequest')) },
        responses: { 200: jsonResponse(S.Order, 'The order'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => c.json(await cases.updateOrder(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/submit', tags,
        summary: 'Send a complete draft for review by the secretariat',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.Order, 'The order, pending review'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => c.json(await cases.submitOrder(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/cancel', tags,
        summary: 'Cancel with a reason before an award (buyer or secretariat); bidders are told',
        request: { params: orderParams, body: jsonBody(named(ReasonRequest, 'ReasonRequest')) },
        responses: { 200: jsonResponse(S.Order, 'The cancelled order'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => c.json(await cases.cancelOrder(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json').reason, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/timeline', tags,
        summary: 'Every state change of the order: who, when, what changed (its parties and the secretariat)',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.Timeline, 'Oldest first'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await orderTimeline(deps, requireAuth(c), c.req.valid('param').id), 200),
    );
