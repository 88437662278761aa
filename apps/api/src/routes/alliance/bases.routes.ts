import { IndustrialBaseInput, IndustrialBaseQuery } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as bases from '../../use-cases/alliance/bases.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, signedIn } from '../orders/shared.ts';

const tags = ['industrial bases'];
const params = z.object({ id: PathId });
const Input = named(IndustrialBaseInput, 'IndustrialBaseInput');

/** /industrial-bases: the city's annotation industrial bases (产业基地), public to read, kept by the secretariat. */
export const industrialBaseRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/', tags,
        summary: 'Every industrial base, benchmark ones first, with how many are benchmark bases (the target: ≥ 3 by the end of 2026)',
        request: { query: IndustrialBaseQuery },
        responses: { 200: jsonResponse(S.IndustrialBaseList, 'The bases'), ...problems(400) },
      }),
      async (c) => c.json(await bases.listBases(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}', tags, summary: 'An industrial base', request: { params },
        responses: { 200: jsonResponse(S.IndustrialBase, 'The base'), ...problems(404) },
      }),
      async (c) => c.json(await bases.getBase(deps, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Record an industrial base (the secretariat)',
        request: { headers: idempotencyHeader, body: jsonBody(Input) },
        responses: { 201: jsonResponse(S.IndustrialBase, 'The base'), ...problems(...WRITE, 422) },
      }),
      async (c) => c.json(await bases.createBase(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'put', path: '/{id}', tags,
        summary: "Replace a base's facts: seats taken, recognition as a benchmark base with its day, … (the secretariat)",
        request: { params, body: jsonBody(Input) },
        responses: { 200: jsonResponse(S.IndustrialBase, 'The base'), ...problems(...WRITE, 422) },
      }),
      async (c) => c.json(await bases.updateBase(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    );
