import { Agency, AgencyList, CreateAgencyRequest, UpdateAgencyRequest } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import * as cases from '../../use-cases/agencies.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, idParams, signedIn } from './shared.ts';

const tags = ['catalogue'];
const AgencySchema = named(Agency, 'Agency');

/** /catalogue/agencies: the agencies that hold the catalogue's data. */
export const agencyRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/agencies', tags,
        summary: 'The agencies that hold public data, by name',
        responses: { 200: jsonResponse(named(AgencyList, 'AgencyList'), 'Every agency') },
      }),
      async (c) => c.json(await cases.listAgencies(deps), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/agencies', tags,
        summary: 'Add an agency (the secretariat; names and short names unique)',
        request: { body: jsonBody(named(CreateAgencyRequest, 'CreateAgencyRequest')) },
        responses: { 201: jsonResponse(AgencySchema, 'The agency'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await cases.createAgency(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/agencies/{id}', tags,
        summary: 'Rename or reclassify an agency (the secretariat); its published entries are re-indexed',
        request: { params: idParams, body: jsonBody(named(UpdateAgencyRequest, 'UpdateAgencyRequest')) },
        responses: { 200: jsonResponse(AgencySchema, 'The agency'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await cases.updateAgency(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    );
