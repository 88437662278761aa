import { createRoute, z } from '@hono/zod-openapi';
import { S, createRouter, jsonResponse, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { checkUscc } from '../use-cases/organisations.ts';

const check = createRoute({
  method: 'get', path: '/check', tags: ['organisations'],
  summary: 'Check a unified social credit code: normalised form, the rule it breaks, whether it is registered',
  request: { query: z.object({ code: z.string().max(40) }) },
  responses: { 200: jsonResponse(S.UsccCheckResponse, 'The verdict'), ...problems(400) },
});

/** /uscc: the inline check of the registration form (public). */
export const usccRoutes = (deps: Deps) =>
  createRouter().openapi(check, async (c) => c.json(await checkUscc(deps, c.req.valid('query').code), 200));
