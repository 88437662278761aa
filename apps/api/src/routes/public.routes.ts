import { PublicConfig } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { S, createRouter, jsonResponse, named, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { getPublicVendor } from '../use-cases/organisations.ts';

const vendor = createRoute({
  method: 'get', path: '/vendors/{id}', tags: ['public'],
  summary: 'The public profile of a verified vendor',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: jsonResponse(S.PublicVendor, 'The vendor'), ...problems(404) },
});

const config = createRoute({
  method: 'get', path: '/config', tags: ['public'],
  summary: "The market's rules that forms check before sending (the minimum bidding window, the publicity window)",
  responses: { 200: jsonResponse(named(PublicConfig, 'PublicConfig'), 'The rules in force') },
});

/** Public reads: verified vendors and the market's rules (order listings are in routes/orders/orders.routes.ts). */
export const publicRoutes = (deps: Deps) =>
  createRouter()
    .openapi(vendor, async (c) => c.json(await getPublicVendor(deps, c.get('auth'), c.req.valid('param').id), 200))
    .openapi(config, (c) => {
      const { minBidWindowSeconds, publicitySeconds, awardWindowDays } = deps.config;
      return c.json({ minBidWindowSeconds, publicitySeconds, awardWindowDays }, 200);
    });
