import { CreateServiceRequest, PolicyServiceListQuery, PolicyServiceSearchQuery, UpdateServiceRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as services from '../../use-cases/policy/services.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, fileDownload, fileField, fileResponse, signedIn } from '../orders/shared.ts';

const tags = ['policy services'];
const params = z.object({ id: PathId });

/** /policy/services and /policy/eligibility: the 办事指南, their versions, eligibility hints, and the secretariat's editing. */
export const policyServiceRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/services', tags,
        summary: 'Published policy services, by category and agency (the secretariat may ask for drafts or archived ones)',
        request: { query: PolicyServiceListQuery },
        responses: { 200: jsonResponse(S.PolicyServiceList, 'One page of services, oldest first, and every agency named'), ...problems(400, 403) },
      }),
      async (c) => c.json(await services.listServices(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/search', tags,
        summary: 'Published services by text (synonyms: 算力券/算力补贴, 升规/规上, 高企 …), with facet counts of category and agency',
        request: { query: PolicyServiceSearchQuery },
        responses: { 200: jsonResponse(S.PolicyServiceSearchPage, 'One page of hits'), ...problems(400, 503) },
      }),
      async (c) => c.json(await services.searchPolicyServicePage(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/services', tags,
        summary: 'Draft a policy service (secretariat)',
        request: { body: jsonBody(named(CreateServiceRequest, 'CreateServiceRequest')) },
        responses: { 201: jsonResponse(S.PolicyService, 'The draft'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await services.createService(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}', tags,
        summary: 'A policy service: its current version; a signed-in firm also gets its eligibility and its open case',
        request: { params },
        responses: { 200: jsonResponse(S.PolicyService, 'The service'), ...problems(404) },
      }),
      async (c) => c.json(await services.getService(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/services/{id}', tags,
        summary: 'Change a draft in place, or a published service by a new version effective from effectiveFrom (secretariat)',
        request: { params, body: jsonBody(named(UpdateServiceRequest, 'UpdateServiceRequest')) },
        responses: { 200: jsonResponse(S.PolicyService, 'The service with its new current version'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await services.updateService(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/services/{id}/publish', tags,
        summary: 'Publish a draft or an archived service (secretariat): public, searchable, open for cases',
        request: { params },
        responses: { 200: jsonResponse(S.PolicyService, 'The published service'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await services.setServiceStatus(deps, requireAuth(c), c.req.valid('param').id, 'publish', requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/services/{id}/archive', tags,
        summary: 'Archive a published service (secretariat): no new cases; open ones go on',
        request: { params },
        responses: { 200: jsonResponse(S.PolicyService, 'The archived service'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await services.setServiceStatus(deps, requireAuth(c), c.req.valid('param').id, 'archive', requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/services/{id}/templates', tags,
        summary: "Add a template file (a form to fill in) to a service (secretariat; multipart; name it in a material's templateFileId)",
        request: { params, body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } } } },
        responses: { 201: jsonResponse(S.ServiceTemplate, 'The stored template'), ...problems(...WRITE, 422) },
      }),
      async (c) => {
        const form = c.req.valid('form');
        const file = { name: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) };
        return c.json(await services.uploadTemplate(deps, requireAuth(c), c.req.valid('param').id, file, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}/templates/{fileId}', tags,
        summary: 'Download a template file of a service (anyone who may see the service; always as an attachment)',
        request: { params: z.object({ id: PathId, fileId: PathId }) },
        responses: { 200: fileResponse, ...problems(404) },
      }),
      async (c) => {
        const { id, fileId } = c.req.valid('param');
        const { row, bytes } = await services.downloadTemplate(deps, c.get('auth'), id, fileId);
        return fileDownload(c, row, bytes);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/services/{id}/versions', tags,
        summary: 'Every version of a service, newest first',
        request: { params },
        responses: { 200: jsonResponse(S.ServiceVersionList, 'The versions'), ...problems(404) },
      }),
      async (c) => c.json(await services.listVersions(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/eligibility', tags,
        summary: "Services the caller's firm may qualify for: every published service with its eligibility hint, likeliest first",
        responses: { 200: jsonResponse(S.EligibilityOverview, 'The services with the hints'), ...problems(401, 403) },
      }),
      async (c) => c.json(await services.eligibilityOverview(deps, requireAuth(c)), 200),
    );
