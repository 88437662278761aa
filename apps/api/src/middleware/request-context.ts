import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.ts';

/** Takes X-Request-Id (if sane) or makes one, and echoes it in the response header. */
export const requestIdMiddleware = requestId({ headerName: 'X-Request-Id', limitLength: 128 });

/** Gives each request a child logger carrying its request id, and writes one access line per request. */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('logger', log);
    const started = performance.now();
    await next();
    // only method, path and status: query strings, headers and bodies may carry secrets
    const status = c.res.status;
    const line = { method: c.req.method, path: c.req.path, status, ms: Math.round(performance.now() - started) };
    if (status >= 500) log.error(line, 'request failed');
    else log.info(line, 'request');
  };
}
