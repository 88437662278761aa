import { SearchSyncLag } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, jsonResponse, problems, named } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { readiness } from '../use-cases/health.ts';

const Healthz = named(z.object({ status: z.literal('ok') }), 'Health');
const Readyz = named(
  z.object({
    status: z.literal('ok'),
    database: z.literal(true),
    search: z.literal(true),
    /** the outbox → Meilisearch backlog (sync lag) */
    searchSync: SearchSyncLag.optional(),
  }),
  'Readiness',
);

const healthz = createRoute({
  method: 'get', path: '/healthz', tags: ['operations'], summary: 'The process is up',
  responses: { 200: jsonResponse(Healthz, 'Up') },
});
const readyz = createRoute({
  method: 'get', path: '/readyz', tags: ['operations'], summary: 'The database and search answer',
  responses: { 200: jsonResponse(Readyz, 'Ready'), ...problems(503) },
});

/** /healthz and /readyz. */
export const healthRoutes = (deps: Deps) =>
  createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => c.json(await readiness(deps), 200));
