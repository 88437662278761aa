import { MatchQuery, OrderMatchList, VendorMatchList } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, createRouter, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { orderMatches, recommendedOrders } from '../use-cases/matching.ts';

const signedIn = { tags: ['matching'], security: sessionSecurity, middleware: authenticated };

const matches = createRoute({
  ...signedIn, method: 'get', path: '/orders/{id}/matches',
  summary: 'Eligible verified vendors ranked for the order, each with a score out of 100 and reasons (buyer and secretariat)',
  request: { params: z.object({ id: PathId }), query: MatchQuery },
  responses: { 200: jsonResponse(named(VendorMatchList, 'VendorMatchList'), 'Vendors, best match first'), ...problems(400, 401, 403, 404, 422) },
});

const recommended = createRoute({
  ...signedIn, method: 'get', path: '/me/recommended-orders',
  summary: 'Open orders the calling vendor is eligible for, ranked by the same match score',
  request: { query: MatchQuery },
  responses: { 200: jsonResponse(named(OrderMatchList, 'OrderMatchList'), 'Orders, best match first'), ...problems(400, 401, 403) },
});

/** Matching: vendors for an order, orders for a vendor. */
export const matchingRoutes = (deps: Deps) =>
  createRouter()
    .openapi(matches, async (c) =>
      c.json(await orderMatches(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query').limit), 200))
    .openapi(recommended, async (c) => c.json(await recommendedOrders(deps, requireAuth(c), c.req.valid('query').limit), 200));
