import { AwardRequest, ComparisonQuery, CreateObjectionRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as cases from '../../use-cases/awards.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, orderParams, signedIn } from './shared.ts';

const tags = ['award'];

/** /orders/{id}/comparison, /award, /objections: evaluation, the award and objections to it. */
export const awardRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/comparison', tags,
        summary: 'All bids side by side with a weighted score under the given weights (buyer and secretariat)',
        request: { params: orderParams, query: ComparisonQuery },
        responses: { 200: jsonResponse(S.Comparison, 'Bids ranked by score'), ...problems(400, 401, 403, 404) },
      }),
      async (c) => c.json(await cases.compareBids(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/{id}/award', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Award a bid with a reason (the buyer, in evaluation); opens the publicity window',
        request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(AwardRequest, 'AwardRequest')) },
        responses: { 201: jsonResponse(S.AwardNotice, 'The award notice'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => {
        const { bidId, reason } = c.req.valid('json');
        return c.json(await cases.awardOrder(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, bidId, reason, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/objections', tags,
        summary: "Objections to the order's awards (buyer and secretariat: all; a vendor: its own)",
        request: { params: orderParams },
        responses: { 200: jsonResponse(z.object({ items: z.array(S.Objection) }), 'Oldest first'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await cases.listOrderObjections(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/{id}/objections', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Object to the award (losing bidders, during the publicity window)',
        request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateObjectionRequest, 'CreateObjectionRequest')) },
        responses: { 201: jsonResponse(S.Objection, 'The objection, pending'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) =>
        c.json(await cases.fileObjection(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json').body, requestMeta(c)), 201),
    );
