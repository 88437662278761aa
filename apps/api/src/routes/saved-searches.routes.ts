import { CreateSavedSearchRequest, SavedSearch, SavedSearchList, UpdateSavedSearchRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import * as cases from '../use-cases/saved-searches.ts';

const signedIn = { tags: ['saved searches'], security: sessionSecurity, middleware: authenticated };
const Item = named(SavedSearch, 'SavedSearch');
const params = z.object({ id: PathId });

const list = createRoute({
  ...signedIn, method: 'get', path: '/me/saved-searches',
  summary: "The caller's saved order searches, newest first",
  responses: { 200: jsonResponse(named(SavedSearchList, 'SavedSearchList'), 'Saved searches'), ...problems(401) },
});

const create = createRoute({
  ...signedIn, method: 'post', path: '/me/saved-searches',
  summary: 'Save an order search under a name (vendors; at most 20, names unique); notify: alert me of new orders it shows',
  request: { body: jsonBody(named(CreateSavedSearchRequest, 'CreateSavedSearchRequest')) },
  responses: {
    201: jsonResponse(Item, 'The saved search'),
    ...problems(...WRITE_PROBLEMS, 401, 409, 422),
  },
});

const update = createRoute({
  ...signedIn, method: 'patch', path: '/me/saved-searches/{id}',
  summary: 'Rename one of your saved searches and/or switch its alert',
  request: { params, body: jsonBody(named(UpdateSavedSearchRequest, 'UpdateSavedSearchRequest')) },
  responses: { 200: jsonResponse(Item, 'The saved search'), ...problems(...WRITE_PROBLEMS, 401, 404, 409) },
});

const remove = createRoute({
  ...signedIn, method: 'delete', path: '/me/saved-searches/{id}',
  summary: 'Delete one of your saved searches',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...problems(403, 401, 404) },
});

/** Saved order searches of the caller, with alerts of newly published orders. */
export const savedSearchRoutes = (deps: Deps) =>
  createRouter()
    .openapi(list, async (c) => c.json(await cases.listSavedSearches(deps, requireAuth(c)), 200))
    .openapi(create, async (c) => c.json(await cases.createSavedSearch(deps, requireAuth(c), c.req.valid('json')), 201))
    .openapi(update, async (c) =>
      c.json(await cases.updateSavedSearch(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(remove, async (c) => {
      await cases.deleteSavedSearch(deps, requireAuth(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
