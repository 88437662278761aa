import { createRoute, z } from '@hono/zod-openapi';
import { S, createRouter, jsonResponse, problems } from '../openapi.ts';
import { checkUscc } from '../use-cases/organisations.ts';

const check = createRoute({
  method: 'get', path: '/check', tags: ['organisations'],
  summary: 'Check the format of a unified social credit code: normalised form and the rule it breaks',
  request: { query: z.object({ code: z.string().max(40) }) },
  responses: { 200: jsonResponse(S.UsccCheckResponse, 'The verdict'), ...problems(400) },
});

/** /uscc: the inline check of the registration form (public). */
export const usccRoutes = () => createRouter().openapi(check, (c) => c.json(checkUscc(c.req.valid('query').code), 200));
