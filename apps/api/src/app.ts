import type { Sql } from '@annex/db';
import type { SearchService } from '@annex/search';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { AppConfig } from './app-config.ts';
import type { AppEnv } from './env.ts';
import { AppError, notFound, onError } from './errors.ts';
import { MAX_FILE_BYTES } from './lib/file-policy.ts';
import type { FileStorage } from './lib/storage.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { bodyLimit } from './middleware/body-limit.ts';
import { csrfAndJson } from './middleware/csrf.ts';
import { requestIdMiddleware, requestLogger } from './middleware/request-context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { sessionMiddleware } from './middleware/session.ts';
import { tokenUsageLog } from './middleware/token-usage.ts';
import { buildOpenApiDocument } from './openapi-document.ts';
import { validationHook } from './openapi.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { apiTokenRoutes } from './routes/api-tokens.routes.ts';
import { webhookRoutes } from './routes/webhooks.routes.ts';
import { allianceRoutes } from './routes/alliance/index.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { catalogueRoutes } from './routes/catalogue/index.ts';
import { curationAdminRoutes, curationPublicRoutes } from './routes/curation.routes.ts';
import { auditRoutes, deskRoutes } from './routes/desk.routes.ts';
import { kpiAdminRoutes, kpiPublicRoutes } from './routes/kpi.routes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { ONE_CLICK_PATHS, emailRoutes } from './routes/email.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { markdownRoutes } from './routes/markdown.routes.ts';
import { matchingRoutes } from './routes/matching.routes.ts';
import { meRoutes } from './routes/me.routes.ts';
import { notificationRoutes } from './routes/notifications.routes.ts';
import { ocdsRoutes } from './routes/ocds.routes.ts';
import { contractListRoutes } from './routes/contracts.routes.ts';
import { marketRoutes } from './routes/orders/index.ts';
import { organisationRoutes } from './routes/organisations.routes.ts';
import { policyRoutes } from './routes/policy/index.ts';
import { announcementRoutes } from './routes/alliance-news/announcements.routes.ts';
import { eventRoutes } from './routes/alliance-news/events.routes.ts';
import { trackRecordRoutes } from './routes/track-records.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { savedSearchRoutes } from './routes/saved-searches.routes.ts';
import { searchRoutes } from './routes/search.routes.ts';
import { statisticsRoutes } from './routes/statistics.routes.ts';
import { usccRoutes } from './routes/uscc.routes.ts';
import { createDeps } from './use-cases/context.ts';

/** What the app is built from. */
export type AppDeps = {
  sql: Sql;
  config: AppConfig;
  /** null: no search (tests of other parts); the search endpoints answer 503 search_unavailable */
  search: SearchService | null;
  /** default: JSON lines on stdout at LOG_LEVEL (info) */
  logger?: Logger;
  /** default: the system clock */
  now?: () => Date;
  /** where attachments live; default: `<config.dataDir>/files` */
  storage?: FileStorage;
};

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Requests that upload a file (multipart/form-data, up to MAX_FILE_BYTES plus the form's framing). */
const UPLOAD_PATHS = [
  /^\/api\/v1\/orders\/[^/]+\/attachments$/, /^\/api\/v1\/orders\/[^/]+\/bids\/mine\/attachments$/,
  /^\/api\/v1\/policy\/cases\/[^/]+\/materials\/[^/]+\/files$/, /^\/api\/v1\/policy\/services\/[^/]+\/templates$/,
  /^\/api\/v1\/catalogue\/imports$/, /^\/api\/v1\/orders\/[^/]+\/contract\/milestones\/[^/]+\/files$/,
];
const MAX_UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;

/** Builds the HTTP app: /api/v1, /api/openapi.json, /api/docs, /healthz, /readyz, and /metrics when it has a token. */
export function createApp(appDeps: AppDeps) {
  const { sql, config, search } = appDeps;
  const deps = createDeps({ sql, config, search, now: appDeps.now, storage: appDeps.storage });

  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .use(tokenUsageLog(deps))
    .use(sessionMiddleware(deps))
    .use(csrfAndJson(config.publicOrigin, { multipartPaths: UPLOAD_PATHS, urlTokenPaths: ONE_CLICK_PATHS }))
    .route('/auth', authRoutes(deps))
    .route('/me', meRoutes(deps))
    .route('/uscc', usccRoutes())
    .route('/', apiTokenRoutes(deps))
    .route('/', webhookRoutes(deps))
    .route('/organisations', organisationRoutes(deps))
    .route('/admin', adminRoutes(deps))
    .route('/admin/curation', curationAdminRoutes(deps))
    .route('/admin/desk', deskRoutes(deps))
    .route('/admin/audit', auditRoutes(deps))
    .route('/admin/kpi', kpiAdminRoutes(deps))
    .route('/public', kpiPublicRoutes(deps))
    .route('/orders', marketRoutes(deps))
    .route('/contracts', contractListRoutes(deps))
    .route('/catalogue', catalogueRoutes(deps))
    .route('/markdown', markdownRoutes())
    .route('/notifications', notificationRoutes(deps))
    .route('/policy', policyRoutes(deps))
    .route('/announcements', announcementRoutes(deps))
    .route('/events', eventRoutes(deps))
    .route('/ocds', ocdsRoutes(deps))
    .route('/statistics', statisticsRoutes(deps))
    .route('/', matchingRoutes(deps))
    .route('/', savedSearchRoutes(deps))
    .route('/', searchRoutes(deps))
    .route('/', trackRecordRoutes(deps))
    .route('/', publicRoutes(deps))
    .route('/', curationPublicRoutes(deps))
    .route('/', allianceRoutes(deps))
    .route('/', emailRoutes(deps));

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Prometheus, only when the operator set a token for it (Caddy does not route /metrics: scraped inside the network)
  const metrics = config.metricsToken ? createMetrics(sql, config.metricsToken) : null;
  if (metrics) app.use(metrics.observe);
  app.use(requestIdMiddleware);
  app.use(requestLogger(appDeps.logger ?? createLogger()));
  app.use(securityHeaders(config.publicOrigin));
  const jsonLimit = bodyLimit(
    MAX_BODY_BYTES, () => new AppError('payload_too_large', `the request body exceeds ${MAX_BODY_BYTES} bytes (1 MB)`),
  );
  const uploadLimit = bodyLimit(
    MAX_UPLOAD_BODY_BYTES, () => new AppError('payload_too_large', `a file may have at most ${MAX_FILE_BYTES / 1024 / 1024} MB`),
  );
  app.use((c, next) => (c.req.method === 'POST' && UPLOAD_PATHS.some((p) => p.test(c.req.path)) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.onError(onError);
  app.notFound(notFound);

  app.route('/', healthRoutes(deps));
  if (metrics) app.get('/metrics', metrics.scrape);
  app.route('/api/v1', v1);
  const cookieName = deps.sessions.cookieName;
  app.get('/api/openapi.json', (c) => c.json(buildOpenApiDocument(app, cookieName)));
  app.route('/api/docs', docsRoutes());
  return app;
}

/** The app's type, for typed clients. */
export type App = ReturnType<typeof createApp>;
