import { timingSafeEqual } from 'node:crypto';
import { type Db, operations } from '@annex/db';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from './env.ts';
import { AppError } from './errors.ts';

/** The application_name the API's database connections carry (server.ts), by which /metrics finds them. */
export const API_APPLICATION_NAME = 'annex-api';

/**
 * The process's Prometheus metrics: requests by route template, method and status (rate and latency); the queues'
 * backlogs and oldest ages (search outbox, jobs, e-mail, webhooks) and what they gave up on, read from the database
 * at each scrape, so any process reports the same; the API's database connections by state; Node's own figures.
 */
export function createMetrics(sql: Db, token: string) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'annex_' });
  const requests = new Histogram({
    name: 'annex_http_request_duration_seconds',
    help: 'API requests by route template, method and status: _count is the request count, the buckets the latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const waiting = new Gauge({ name: 'annex_queue_waiting', help: 'Items waiting in a queue now', labelNames: ['queue'] as const, registers: [registry] });
  const oldest = new Gauge({ name: 'annex_queue_oldest_seconds', help: 'Age of the oldest waiting item (0 when none)', labelNames: ['queue'] as const, registers: [registry] });
  const failed = new Gauge({ name: 'annex_queue_failed', help: 'Items a queue gave up on (e-mails, webhook deliveries, jobs)', labelNames: ['queue'] as const, registers: [registry] });
  const connections = new Gauge({ name: 'annex_db_connections', help: "The API processes' PostgreSQL connections by state", labelNames: ['state'] as const, registers: [registry] });
  const expected = Buffer.from(`Bearer ${token}`);

  /** Times every request; the route is its template (/api/v1/orders/:id), never the path, so the labels stay few. */
  const observe: MiddlewareHandler<AppEnv> = async (c, next) => {
    const end = requests.startTimer();
    try {
      await next();
    } finally {
      const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? 'unmatched';
      end({ method: c.req.method, route, status: String(c.res.status) });
    }
  };

  /** GET /metrics: the text format, to `Authorization: Bearer <token>` only. */
  async function scrape(c: Context<AppEnv>): Promise<Response> {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('unauthenticated', 'GET /metrics needs its bearer token (METRICS_TOKEN)', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    const [backlog, conns] = await Promise.all([operations.backlog(sql), operations.connections(sql, API_APPLICATION_NAME)]);
    for (const q of backlog) {
      waiting.set({ queue: q.queue }, q.waiting);
      oldest.set({ queue: q.queue }, q.oldestSeconds ?? 0);
      if (q.failed !== null) failed.set({ queue: q.queue }, q.failed);
    }
    connections.reset();
    for (const row of conns) connections.set({ state: row.state }, row.count);
    return c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
  }

  return { observe, scrape, registry };
}
