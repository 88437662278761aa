import { KpiDashboard, KpiExportQuery, KpiRows, KpiRowsParams, KpiRowsQuery, KpiSummary } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { contentDisposition } from '../lib/file-policy.ts';
import { authenticated } from '../middleware/session.ts';
import { createRouter, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { exportKpi, getKpiDashboard, getKpiRows, getKpiSummary } from '../use-cases/statistics/kpi.ts';
import { secretariatOnly } from './admin.routes.ts';

const common = { tags: ['secretariat'], security: sessionSecurity, middleware: [authenticated, secretariatOnly] };

/** /admin/kpi: the KPI dashboard against the city's 2027 targets, its drill-down rows and its export (the secretariat). */
export const kpiAdminRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/',
        summary: 'Every target with its current value, baseline, straight-line path and on-track verdict, and the tables behind the charts',
        responses: { 200: jsonResponse(named(KpiDashboard, 'KpiDashboard'), 'The dashboard'), ...problems(401, 403) },
      }),
      async (c) => c.json(await getKpiDashboard(deps), 200),
    )
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/export',
        summary: "The dashboard's tables as CSV (one after the other) or XLSX (a sheet per table)",
        request: { query: KpiExportQuery },
        responses: {
          200: {
            description: 'The file',
            content: {
              'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...problems(400, 401, 403),
        },
      }),
      async (c) => {
        const f = await exportKpi(deps, c.req.valid('query').format);
        return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': f.type, 'Content-Disposition': contentDisposition(f.fileName), 'Cache-Control': 'no-store' }) as never;
      },
    )
    .openapi(
      createRoute({
        ...common, method: 'get', path: '/{kpi}/rows',
        summary: "The rows a figure of a quarter is made of: each member's latest report version and who did not file, the bases, the awards or contracts",
        request: { params: KpiRowsParams, query: KpiRowsQuery },
        responses: { 200: jsonResponse(named(KpiRows, 'KpiRows'), 'The rows'), ...problems(400, 401, 403, 404) },
      }),
      async (c) => c.json(await getKpiRows(deps, c.req.valid('param').kpi, c.req.valid('query').quarter), 200),
    );

/** /public/kpi-summary: progress toward the city's targets in aggregates over several members, for the home page. */
export const kpiPublicRoutes = (deps: Deps) =>
  createRouter().openapi(
    createRoute({
      method: 'get', path: '/kpi-summary', tags: ['public'],
      summary: "Progress toward each of the city's targets: aggregates over at least three members, never one member's figure",
      responses: { 200: jsonResponse(named(KpiSummary, 'KpiSummary'), 'The summary') },
    }),
    async (c) => c.json(await getKpiSummary(deps), 200, { 'Cache-Control': 'public, max-age=300' }),
  );
