import { VendorQueueQuery, VerificationDecision } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, problems, sessionSecurity, named } from '../openapi.ts';
import * as admin from '../use-cases/admin.ts';
import type { Deps } from '../use-cases/context.ts';
import { requestMeta } from './meta.ts';

const common = { tags: ['secretariat'], security: sessionSecurity, middleware: authenticated };

const listVendors = createRoute({
  ...common, method: 'get', path: '/vendors',
  summary: 'The vendor-verification queue, oldest submission first',
  request: { query: VendorQueueQuery },
  responses: { 200: jsonResponse(S.VendorQueue, 'One page of vendors'), ...problems(400, 401, 403) },
});

const decide = createRoute({
  ...common, method: 'post', path: '/vendors/{orgId}/verification',
  summary: 'Approve, reject, suspend or reinstate a vendor',
  request: {
    params: z.object({ orgId: z.uuid() }),
    body: jsonBody(named(VerificationDecision, 'VerificationDecision')),
  },
  responses: { 200: jsonResponse(S.Organisation, 'The vendor after the decision'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
});

/** /admin: the secretariat's work. */
export const adminRoutes = (deps: Deps) =>
  createRouter()
    .openapi(listVendors, async (c) => c.json(await admin.listVendorQueue(deps, requireAuth(c), c.req.valid('query')), 200))
    .openapi(decide, async (c) =>
      c.json(
        await admin.decideVerification(deps, requireAuth(c), c.req.valid('param').orgId, c.req.valid('json'), requestMeta(c)),
        200,
      ));
