import { CreateBidRequest, ReasonRequest, UpdateBidRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as cases from '../../use-cases/bids.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, orderParams, signedIn } from './shared.ts';

const tags = ['bids'];

/** /orders/{id}/bids: placing, changing, withdrawing and re-confirming a bid; the buyer's list; disqualification. */
export const bidRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'post', path: '/{id}/bids', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Bid (eligible vendors, before the deadline by the database clock)',
        request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateBidRequest, 'CreateBidRequest')) },
        responses: { 201: jsonResponse(S.MyBid, 'The bid'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => c.json(await cases.placeBid(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/bids', tags,
        summary: "The order's bids (buyer and secretariat); a sealed order's only after its deadline (else 403 bids_sealed)",
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.BidList, 'Live bids, first submitted first'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await cases.listBids(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/bids/mine', tags,
        summary: "The caller's own bid with its revision history",
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.MyBid, 'The bid'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await cases.getMyBid(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/{id}/bids/mine', tags,
        summary: 'Change the bid (a new revision; also re-confirms it) before the deadline',
        request: { params: orderParams, body: jsonBody(named(UpdateBidRequest, 'UpdateBidRequest')) },
        responses: { 200: jsonResponse(S.MyBid, 'The bid'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => c.json(await cases.updateMyBid(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'delete', path: '/{id}/bids/mine', tags,
        summary: 'Withdraw the bid before the deadline',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.MyBid, 'The withdrawn bid'), ...problems(...WRITE, 403, 409) },
      }),
      async (c) => c.json(await cases.withdrawMyBid(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/bids/mine/reconfirm', tags,
        summary: 'Confirm the bid under amended terms',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.MyBid, 'The bid, active again'), ...problems(...WRITE, 403, 409) },
      }),
      async (c) => c.json(await cases.reconfirmMyBid(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/bids/{bidId}/disqualify', tags,
        summary: 'Disqualify a bid with a reason (buyer or secretariat, before an award)',
        request: { params: z.object({ id: PathId, bidId: PathId }), body: jsonBody(named(ReasonRequest, 'ReasonRequest')) },
        responses: {
          200: jsonResponse(z.object({ id: z.string(), status: z.string(), disqualifiedReason: z.string().nullable() }), 'The bid'),
          ...problems(...WRITE, 403, 409, 422),
        },
      }),
      async (c) => {
        const { id, bidId } = c.req.valid('param');
        return c.json(await cases.disqualifyBid(deps, requireAuth(c), id, bidId, c.req.valid('json').reason, requestMeta(c)), 200);
      },
    );
