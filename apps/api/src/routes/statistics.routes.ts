import {
  FileReportRequest, KpiTargetsDocument, MarketplaceQuarters, MyStatisticsPeriods, OpenPeriodRequest, ReopenPeriodRequest,
  StatisticsPeriodDetail, StatisticsPeriodList, StatisticsReport,
} from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../middleware/session.ts';
import { PathId, createRouter, jsonBody, jsonResponse, named, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import * as periods from '../use-cases/statistics/periods.ts';
import * as reports from '../use-cases/statistics/reports.ts';
import { requestMeta } from './meta.ts';
import { WRITE, signedIn } from './orders/shared.ts';

const tags = ['statistics'];
const params = z.object({ id: PathId });
const PeriodDetail = named(StatisticsPeriodDetail, 'StatisticsPeriodDetail');
const Report = named(StatisticsReport, 'StatisticsReport');

/**
 * /statistics: quarterly member statistics (统计填报) — the secretariat's reporting periods, members' reports and their
 * versions, the city's targets as data and the marketplace's own quarterly figures.
 */
export const statisticsRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/targets', tags,
        summary: "The city's KPI targets (policy of 2025-12-24) with each figure's definition and formula (zh/en), and the definition of local talent",
        responses: { 200: jsonResponse(named(KpiTargetsDocument, 'KpiTargetsDocument'), 'The targets and definitions') },
      }),
      (c) => c.json(reports.kpiTargets(), 200, { 'Cache-Control': 'public, max-age=3600' }),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/marketplace', tags,
        summary: "The marketplace's own figures per quarter: value awarded (by award date) and completed (by completion date), in fen",
        responses: { 200: jsonResponse(named(MarketplaceQuarters, 'MarketplaceQuarters'), 'Quarters with awards or completions') },
      }),
      async (c) => c.json(await reports.marketplaceQuarters(deps), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/periods', tags,
        summary: "Open a quarter's reporting period with a due date (the secretariat); the members that must file now are written down and told",
        request: { body: jsonBody(named(OpenPeriodRequest, 'OpenPeriodRequest')) },
        responses: { 201: jsonResponse(PeriodDetail, 'The period, open'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await periods.openPeriod(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/periods', tags,
        summary: 'Every reporting period, newest quarter first, with filed, late and outstanding counts (the secretariat)',
        responses: { 200: jsonResponse(named(StatisticsPeriodList, 'StatisticsPeriodList'), 'The periods'), ...problems(401, 403) },
      }),
      async (c) => c.json(await periods.listPeriods(deps, requireAuth(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/periods/{id}', tags,
        summary: 'A period with every member that must file and where its report stands, late ones marked (the secretariat)',
        request: { params },
        responses: { 200: jsonResponse(PeriodDetail, 'The period and its filers'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await periods.getPeriod(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/periods/{id}/close', tags,
        summary: 'Close a period: its reports are locked (the secretariat)',
        request: { params },
        responses: { 200: jsonResponse(PeriodDetail, 'The period, closed'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await periods.closePeriod(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/periods/{id}/reopen', tags,
        summary: 'Reopen a closed period with a reason (the secretariat): members may file and correct again and are told',
        request: { params, body: jsonBody(named(ReopenPeriodRequest, 'ReopenPeriodRequest')) },
        responses: { 200: jsonResponse(PeriodDetail, 'The period, reopened'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await periods.reopenPeriod(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/mine', tags,
        summary: "The periods the caller's organisation must file in, with where its report stands (members)",
        responses: { 200: jsonResponse(named(MyStatisticsPeriods, 'MyStatisticsPeriods'), 'The periods'), ...problems(401, 403) },
      }),
      async (c) => c.json(await periods.myPeriods(deps, requireAuth(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/periods/{id}/report', tags,
        summary: "The caller's own report of a period with every version (404 when it need not file there)",
        request: { params },
        responses: { 200: jsonResponse(Report, 'The report'), ...problems(401, 404) },
      }),
      async (c) => c.json(await reports.getMyReport(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/periods/{id}/report', tags,
        summary: 'File the report (version 1) or correct it (a new version, reason required); rules block (422 report_invalid), warnings do not',
        request: { params, body: jsonBody(named(FileReportRequest, 'FileReportRequest')) },
        responses: { 201: jsonResponse(Report, 'The report with the new version'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await reports.fileReport(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/periods/{id}/reports/{orgId}', tags,
        summary: "A member's report of a period with every version: that member and the secretariat only (404 to others)",
        request: { params: z.object({ id: PathId, orgId: PathId }) },
        responses: { 200: jsonResponse(Report, 'The report'), ...problems(401, 404) },
      }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(await reports.getReport(deps, requireAuth(c), p.id, p.orgId), 200);
      },
    );
