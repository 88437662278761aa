import { CurateListingRequest, CurationListQuery, CurationParams } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import * as cases from '../use-cases/curation.ts';
import { secretariatOnly } from './admin.routes.ts';
import { requestMeta } from './meta.ts';

const admin = { tags: ['secretariat'], security: sessionSecurity, middleware: [authenticated, secretariatOnly] };

/** /admin/curation: the secretariat features and hides listings (orders, vendors, catalogue entries, policy services). */
export const curationAdminRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...admin, method: 'get', path: '/',
        summary: 'The listings featured or hidden now, last changed first',
        request: { query: CurationListQuery },
        responses: { 200: jsonResponse(S.CuratedListingPage, 'One page of curated listings'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await cases.listCurated(deps, requireAuth(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...admin, method: 'post', path: '/',
        summary: 'Feature, unfeature, hide or unhide a listing, with a reason (audited; its owner is told)',
        request: { body: jsonBody(named(CurateListingRequest, 'CurateListingRequest')) },
        responses: { 200: jsonResponse(S.CuratedListing, 'The listing after the change'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
      }),
      async (c) => c.json(await cases.curateListing(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...admin, method: 'get', path: '/{kind}/{id}',
        summary: "A listing's curation and the changes open on it",
        request: { params: CurationParams },
        responses: { 200: jsonResponse(S.CuratedListing, 'The listing'), ...problems(400, 401, 403, 404) },
      }),
      async (c) => {
        const { kind, id } = c.req.valid('param');
        return c.json(await cases.getCuration(deps, requireAuth(c), kind, id), 200);
      },
    );

/** /featured and /sitemap: what curation shows the public. */
export const curationPublicRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/featured', tags: ['public'],
        summary: 'The listings the secretariat features, by kind, most recently featured first (the home page)',
        responses: { 200: jsonResponse(S.FeaturedListings, 'Featured listings') },
      }),
      async (c) => c.json(await cases.featuredListings(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/sitemap', tags: ['public'],
        summary: 'Every public listing the secretariat does not hide, with its last change (the web builds /sitemap.xml from it)',
        responses: { 200: jsonResponse(S.Sitemap, 'The public listings') },
      }),
      async (c) => c.json(await cases.sitemap(deps), 200),
    );
