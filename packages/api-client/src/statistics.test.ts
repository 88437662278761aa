import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './index.ts';

// The statistics calls against a real HTTP server: each goes to the path and method the API routes name.
type Seen = { method: string; url: string; body: string };
let server: Server;
let base: string;
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const period = '11111111-2222-4333-8444-555555555555';
const org = 'aaaaaaaa-0000-4000-8000-000000000001';
const figures = {
  practitioners: 10, practitionersInCity: 9, localPractitioners: 8, revenueFen: 100, annotationRevenueFen: 90, trainedPreJob: null, trainedCertified: null,
  aboveDesignatedSize: false,
};

describe('the statistics calls', () => {
  it('name the routes of the API, with the bodies they take', async () => {
    seen = [];
    const api = createApiClient({ baseUrl: base });
    await api.kpiTargets();
    await api.marketplaceQuarters();
    await api.statisticsPeriods();
    await api.openStatisticsPeriod({ quarter: '2026Q3', dueOn: '2026-10-31' });
    await api.statisticsPeriod(period);
    await api.closeStatisticsPeriod(period);
    await api.reopenStatisticsPeriod(period, { reason: '补报' });
    await api.myStatisticsPeriods();
    await api.myStatisticsReport(period);
    await api.fileStatisticsReport(period, { ...figures, reason: '更正' });
    await api.statisticsReport(period, org);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/statistics/targets',
      'GET /api/v1/statistics/marketplace',
      'GET /api/v1/statistics/periods',
      'POST /api/v1/statistics/periods',
      `GET /api/v1/statistics/periods/${period}`,
      `POST /api/v1/statistics/periods/${period}/close`,
      `POST /api/v1/statistics/periods/${period}/reopen`,
      'GET /api/v1/statistics/mine',
      `GET /api/v1/statistics/periods/${period}/report`,
      `POST /api/v1/statistics/periods/${period}/report`,
      `GET /api/v1/statistics/periods/${period}/reports/${org}`,
    ]);
    expect(JSON.parse(seen[3]!.body)).toEqual({ quarter: '2026Q3', dueOn: '2026-10-31' });
    expect(JSON.parse(seen[6]!.body)).toEqual({ reason: '补报' });
    expect(JSON.parse(seen[9]!.body)).toEqual({ ...figures, reason: '更正' });
  });
});
