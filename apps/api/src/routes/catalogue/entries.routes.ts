import {
  CatalogueEntry, CatalogueEntryInput, CatalogueListQuery, CatalogueListing, CatalogueOrderList, NextCatalogueCode, NextCatalogueCodeQuery,
  SetAnnotationStatusRequest, UpdateCatalogueEntryRequest,
} from '@annex/contracts';
import type { CatalogueStep } from '@annex/domain';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as cases from '../../use-cases/catalogue.ts';
import type { Deps } from '../../use-cases/context.ts';
import { depsOf } from '../orders/shared.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, idParams, signedIn } from './shared.ts';

const tags = ['catalogue'];
const Entry = named(CatalogueEntry, 'CatalogueEntry');
const codeParams = z.object({ code: z.string().max(64) });

const STEP_SUMMARIES: Record<CatalogueStep, string> = {
  publish: 'Publish a draft or archived entry: public and searchable (the secretariat; needs a summary and suggested task types)',
  unpublish: 'Take a published or archived entry back to draft: no longer public (the secretariat)',
  archive: 'Archive an entry: kept, no longer public (the secretariat)',
};

const stepRoute = (step: CatalogueStep) =>
  createRoute({
    ...signedIn, method: 'post', path: `/{id}/${step}`, tags,
    summary: STEP_SUMMARIES[step],
    request: { params: idParams },
    responses: { 200: jsonResponse(Entry, 'The entry'), ...problems(...WRITE, 409, 422) },
  });

/** /catalogue and /catalogue/{id}: the entries — list, read, curate, and the orders made from them. */
export const entryRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/', tags,
        summary: 'Published catalogue entries by text, facets and sort (the secretariat also drafts and archived ones, with `status`)',
        request: { query: CatalogueListQuery },
        responses: { 200: jsonResponse(named(CatalogueListing, 'CatalogueListing'), 'One page of entries'), ...problems(400, 403, 503) },
      }),
      async (c) => c.json(await cases.listEntries(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Add an entry as a draft (the secretariat); resource codes are unique',
        request: { headers: idempotencyHeader, body: jsonBody(named(CatalogueEntryInput, 'CatalogueEntryInput')) },
        responses: { 201: jsonResponse(Entry, 'The draft'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await cases.createEntry(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/next-code', tags,
        summary: 'The next free resource code of a sector, e.g. LC-JY-0013 (the secretariat)',
        request: { query: NextCatalogueCodeQuery },
        responses: { 200: jsonResponse(named(NextCatalogueCode, 'NextCatalogueCode'), 'A code no entry has'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await cases.nextCode(deps, requireAuth(c), c.req.valid('query').sector), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/by-code/{code}', tags,
        summary: 'An entry by its resource code: anyone for a published one, the secretariat for any',
        request: { params: codeParams },
        responses: { 200: jsonResponse(Entry, 'The entry'), ...problems(404) },
      }),
      async (c) => c.json(await cases.getEntryByCode(deps, c.get('auth'), c.req.valid('param').code), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}', tags,
        summary: 'An entry: anyone for a published one, the secretariat for any; the contact only to verified members',
        request: { params: idParams },
        responses: { 200: jsonResponse(Entry, 'The entry'), ...problems(404) },
      }),
      async (c) => c.json(await cases.getEntry(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/{id}', tags,
        summary: 'Change an entry (the secretariat; audited); the code only until it is first published; `version` guards against lost updates',
        request: { params: idParams, body: jsonBody(named(UpdateCatalogueEntryRequest, 'UpdateCatalogueEntryRequest')) },
        responses: { 200: jsonResponse(Entry, 'The entry'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await cases.updateEntry(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(stepRoute('publish'), async (c) =>
      c.json(await cases.stepEntry(deps, requireAuth(c), c.req.valid('param').id, 'publish', requestMeta(c)), 200))
    .openapi(stepRoute('unpublish'), async (c) =>
      c.json(await cases.stepEntry(deps, requireAuth(c), c.req.valid('param').id, 'unpublish', requestMeta(c)), 200))
    .openapi(stepRoute('archive'), async (c) =>
      c.json(await cases.stepEntry(deps, requireAuth(c), c.req.valid('param').id, 'archive', requestMeta(c)), 200))
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/annotation-status', tags,
        summary: 'Confirm 已完成, or correct the annotation status, with a note (the secretariat; an award moves 待标注 to 标注中 by itself)',
        request: { params: idParams, body: jsonBody(named(SetAnnotationStatusRequest, 'SetAnnotationStatusRequest')) },
        responses: { 200: jsonResponse(Entry, 'The entry'), ...problems(...WRITE, 409) },
      }),
      async (c) =>
        c.json(await cases.setAnnotationStatus(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/timeline', tags,
        summary: 'Every change of the entry and of the interest in it: who, when, what changed (the secretariat)',
        request: { params: idParams },
        responses: { 200: jsonResponse(S.Timeline, 'Oldest first'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await cases.entryTimeline(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}/orders', tags,
        summary: 'The orders started from the entry that the caller may see, with their status now',
        request: { params: idParams },
        responses: { 200: jsonResponse(named(CatalogueOrderList, 'CatalogueOrderList'), 'Newest first'), ...problems(404) },
      }),
      async (c) => c.json(await cases.listEntryOrders(deps, c.get('auth'), c.req.valid('param').id), 200),
    );
