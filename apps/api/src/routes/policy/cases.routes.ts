import { CaseListQuery, CaseQueueQuery, CaseTransitionRequest, OpenCaseRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as cases from '../../use-cases/policy/cases.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, signedIn } from '../orders/shared.ts';

const tags = ['policy cases'];
const params = z.object({ id: PathId });

/** /policy/cases and /policy/queue: a firm's cases (代办事项) and the secretariat's work on them. */
export const policyCaseRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'post', path: '/cases', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Open a case for a published service (member firms), under its current version; the secretariat is told',
        request: { headers: idempotencyHeader, body: jsonBody(named(OpenCaseRequest, 'OpenCaseRequest')) },
        responses: { 201: jsonResponse(S.PolicyCase, 'The case, submitted'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await cases.openCase(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/cases', tags,
        summary: "The caller's firm's cases, newest first",
        request: { query: CaseListQuery },
        responses: { 200: jsonResponse(S.CaseList, 'One page of cases'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await cases.listMyCases(deps, requireAuth(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/cases/{id}', tags,
        summary: 'A case with its checklist, files, working-day clock, permissions and timeline: its firm and the secretariat only (404 to others)',
        request: { params },
        responses: { 200: jsonResponse(S.PolicyCase, 'The case'), ...problems(401, 404) },
      }),
      async (c) => c.json(await cases.getCase(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/cases/{id}/transition', tags,
        summary: 'A step of the case: the secretariat accepts, asks for materials, files, approves, rejects (reason) or closes; the firm withdraws before filing',
        request: { params, body: jsonBody(named(CaseTransitionRequest, 'CaseTransitionRequest')) },
        responses: { 200: jsonResponse(S.PolicyCase, 'The case after the step'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await cases.transitionCase(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/queue', tags,
        summary: "The secretariat's open cases: overdue first, then by due day (overdue=true: only those past their time limit)",
        request: { query: CaseQueueQuery },
        responses: { 200: jsonResponse(S.CaseQueue, 'The open cases with their clocks'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await cases.caseQueue(deps, requireAuth(c), c.req.valid('query')), 200),
    );
