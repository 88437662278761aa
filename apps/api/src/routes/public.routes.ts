import { createRoute, z } from '@hono/zod-openapi';
import { S, createRouter, jsonResponse, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { getPublicVendor } from '../use-cases/organisations.ts';

const vendor = createRoute({
  method: 'get', path: '/vendors/{id}', tags: ['public'],
  summary: 'The public profile of a verified vendor',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: jsonResponse(S.PublicVendor, 'The vendor'), ...problems(404) },
});

/** Public reads: verified vendors (order listings are in orders.routes.ts). */
export const publicRoutes = (deps: Deps) =>
  createRouter()
    .openapi(vendor, async (c) => c.json(await getPublicVendor(deps, c.req.valid('param').id), 200));
