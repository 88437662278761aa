import { CatalogueInterest, CatalogueInterestRequest, CatalogueLeadList, MyCatalogueInterestList } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import * as cases from '../../use-cases/catalogue-interests.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, idParams, signedIn } from './shared.ts';

const tags = ['catalogue'];
const Interest = named(CatalogueInterest, 'CatalogueInterest');

/** /catalogue/{id}/interest(s): vendors' interest in an entry, and the secretariat's leads. */
export const interestRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/interests/mine', tags,
        summary: 'Your organisation’s interests in catalogue entries, with the entries (vendors)',
        responses: { 200: jsonResponse(named(MyCatalogueInterestList, 'MyCatalogueInterestList'), 'Most recent first'), ...problems(401, 403) },
      }),
      async (c) => c.json(await cases.listMyInterests(deps, requireAuth(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'put', path: '/{id}/interest', tags,
        summary: 'Register or change your interest in a published entry, with a note and your capacity (verified vendors)',
        request: { params: idParams, body: jsonBody(named(CatalogueInterestRequest, 'CatalogueInterestRequest')) },
        responses: {
          200: jsonResponse(Interest, 'The changed interest'),
          201: jsonResponse(Interest, 'The interest, registered now'),
          ...problems(...WRITE, 422),
        },
      }),
      async (c) => {
        const r = await cases.putInterest(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c));
        return r.created ? c.json(r.interest, 201) : c.json(r.interest, 200);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'delete', path: '/{id}/interest', tags,
        summary: 'Withdraw your interest in an entry (vendors)',
        request: { params: idParams },
        responses: { 204: { description: 'Withdrawn' }, ...problems(...WRITE) },
      }),
      async (c) => {
        await cases.deleteInterest(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/interests', tags,
        summary: 'The vendors interested in an entry, with their note, capacity and contact (the secretariat)',
        request: { params: idParams },
        responses: { 200: jsonResponse(named(CatalogueLeadList, 'CatalogueLeadList'), 'Most recent first'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await cases.listLeads(deps, requireAuth(c), c.req.valid('param').id), 200),
    );
