import { OrderListQuery } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { S, createRouter, jsonResponse, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { listPublishedOrders } from '../use-cases/orders.ts';
import { getPublicVendor } from '../use-cases/organisations.ts';

const orders = createRoute({
  method: 'get', path: '/orders', tags: ['public'],
  summary: 'Published order listings, newest first',
  request: { query: OrderListQuery },
  responses: { 200: jsonResponse(S.OrderList, 'One page of listings'), ...problems(400) },
});

const vendor = createRoute({
  method: 'get', path: '/vendors/{id}', tags: ['public'],
  summary: 'The public profile of a verified vendor',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: jsonResponse(S.PublicVendor, 'The vendor'), ...problems(404) },
});

/** Public reads: listings and verified vendors. */
export const publicRoutes = (deps: Deps) =>
  createRouter()
    .openapi(orders, async (c) => c.json(await listPublishedOrders(deps, c.req.valid('query')), 200))
    .openapi(vendor, async (c) => c.json(await getPublicVendor(deps, c.req.valid('param').id), 200));
