import { UpdateOrganisationFacts, UpdateOrganisationRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, problems, sessionSecurity, named } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import * as payments from '../use-cases/implementation/payments.ts';
import * as orgs from '../use-cases/organisations.ts';
import * as facts from '../use-cases/policy/facts.ts';
import { requestMeta } from './meta.ts';

const common = { tags: ['organisations'], security: sessionSecurity, middleware: authenticated };

const getMine = createRoute({
  ...common, method: 'get', path: '/mine',
  summary: "The caller's organisation",
  responses: { 200: jsonResponse(S.Organisation, 'The organisation'), ...problems(401) },
});

const updateMine = createRoute({
  ...common, method: 'patch', path: '/mine',
  summary: "Change the organisation's profile (owners)",
  request: { body: jsonBody(named(UpdateOrganisationRequest, 'UpdateOrganisationRequest')) },
  responses: { 200: jsonResponse(S.Organisation, 'The changed organisation'), ...problems(...WRITE_PROBLEMS, 401) },
});

const putCapabilities = createRoute({
  ...common, method: 'put', path: '/mine/capabilities',
  summary: "Replace the vendor's capability profile (vendor users)",
  request: { body: jsonBody(S.CapabilityProfile) },
  responses: { 200: jsonResponse(S.Organisation, 'The organisation with its new profile'), ...problems(...WRITE_PROBLEMS, 401) },
});

const reapply = createRoute({
  ...common, method: 'post', path: '/mine/verification/reapply',
  summary: 'A rejected vendor applies for verification again',
  responses: { 200: jsonResponse(S.Organisation, 'Back in the queue (pending)'), ...problems(403, 401, 409, 413, 415) },
});

const getFacts = createRoute({
  ...common, method: 'get', path: '/mine/facts',
  summary: "What the caller's firm told about itself for policy eligibility (founding date, revenue band, 规上, high-tech certificate, practitioners)",
  responses: { 200: jsonResponse(S.OrganisationFacts, 'The facts; null where not said'), ...problems(401, 403) },
});

const putFacts = createRoute({
  ...common, method: 'put', path: '/mine/facts',
  summary: "Replace the firm's eligibility facts (member firms; null clears one)",
  request: { body: jsonBody(named(UpdateOrganisationFacts, 'UpdateOrganisationFacts')) },
  responses: { 200: jsonResponse(S.OrganisationFacts, 'The facts as stored'), ...problems(...WRITE_PROBLEMS, 401) },
});

const paymentRecord = createRoute({
  ...common, method: 'get', path: '/{id}/payment-record',
  summary: "A buyer's payment record: payments on time, days late, overdue now (signed-in users, e.g. vendors before bidding)",
  request: { params: z.object({ id: PathId }) },
  responses: { 200: jsonResponse(S.BuyerPaymentRecord, 'The record (rates null until a payment counts)'), ...problems(401, 404) },
});

/** /organisations: the caller's own organisation, and a buyer's payment record. */
export const organisationRoutes = (deps: Deps) =>
  createRouter()
    .openapi(getMine, async (c) => c.json(await orgs.getMine(deps, requireAuth(c)), 200))
    .openapi(updateMine, async (c) =>
      c.json(await orgs.updateMine(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 200))
    .openapi(putCapabilities, async (c) =>
      c.json(await orgs.setCapabilities(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 200))
    .openapi(reapply, async (c) => c.json(await orgs.reapply(deps, requireAuth(c), requestMeta(c)), 200))
    .openapi(getFacts, async (c) => c.json(await facts.getFacts(deps, requireAuth(c)), 200))
    .openapi(putFacts, async (c) => c.json(await facts.setFacts(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 200))
    .openapi(paymentRecord, async (c) => {
      requireAuth(c);
      return c.json(await payments.paymentRecordOf(deps, c.req.valid('param').id), 200);
    });
