import { AuditQuery, SetServiceLevels } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { contentDisposition } from '../lib/file-policy.ts';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import { exportAudit, searchAudit } from '../use-cases/audit-log.ts';
import type { Deps } from '../use-cases/context.ts';
import { getDesk, setServiceLevels } from '../use-cases/desk.ts';
import { secretariatOnly } from './admin.routes.ts';
import { requestMeta } from './meta.ts';

const common = { tags: ['secretariat'], security: sessionSecurity, middleware: [authenticated, secretariatOnly] };

/** /admin/desk: the secretariat's queues at a glance, and its service-level targets. */
export const deskRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/',
        summary: "Every queue's count, late count, oldest items and their colour against the queue's target",
        responses: { 200: jsonResponse(S.Desk, 'The desk'), ...problems(401, 403) },
      }),
      async (c) => c.json(await getDesk(deps, requireAuth(c)), 200),
    )
    .openapi(
      createRoute({
        ...common, method: 'put', path: '/service-levels',
        summary: 'Set the target hours of queues (audited); queues left out keep theirs',
        request: { body: jsonBody(named(SetServiceLevels, 'SetServiceLevels')) },
        responses: { 200: jsonResponse(S.Desk, 'The desk under the new targets'), ...problems(...WRITE_PROBLEMS, 401) },
      }),
      async (c) => c.json(await setServiceLevels(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 200),
    );

const ExportQuery = AuditQuery.omit({ cursor: true, limit: true });

/** /admin/audit: the full audit log, filtered, in pages and as CSV. */
export const auditRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/',
        summary: 'The audit log, newest first: filters actor, organisation, entity type and id, action (a trailing * is a prefix), time range',
        request: { query: AuditQuery },
        responses: { 200: jsonResponse(S.AuditPage, 'One page of audit records'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await searchAudit(deps, requireAuth(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/export',
        summary: 'The whole filtered audit log as CSV (UTF-8 with BOM), streamed',
        request: { query: ExportQuery },
        responses: {
          200: { description: 'The CSV', content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } } },
          ...problems(400, 401, 403),
        },
      }),
      (c) => {
        const f = exportAudit(deps, requireAuth(c), c.req.valid('query'));
        return c.body(ReadableStream.from(f.body), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': contentDisposition(f.fileName),
          'Cache-Control': 'no-store',
        }) as never;
      },
    );
