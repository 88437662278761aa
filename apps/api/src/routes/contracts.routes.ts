import { ContractListQuery } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { S, createRouter, jsonResponse, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { listContracts } from '../use-cases/contracts/list.ts';

/** /contracts: "my contracts" — the caller organisation's contracts across orders (each one is /orders/{id}/contract). */
export const contractListRoutes = (deps: Deps) =>
  createRouter().openapi(
    createRoute({
      method: 'get', path: '/', tags: ['contract'], security: sessionSecurity, middleware: authenticated,
      summary: "The caller organisation's contracts as buyer or vendor (or on one side), newest first, optionally of one status; the secretariat lists every contract",
      request: { query: ContractListQuery },
      responses: { 200: jsonResponse(S.ContractList, 'One page of contracts'), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listContracts(deps, requireAuth(c), c.req.valid('query')), 200),
  );
