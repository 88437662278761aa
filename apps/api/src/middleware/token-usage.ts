import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env.ts';
import { logTokenUse } from '../use-cases/api-token-auth.ts';
import type { Deps } from '../use-cases/context.ts';
import { clientIp } from './client-ip.ts';

/**
 * Writes every request an API token was presented for (with the right secret) to the token's usage log, after the
 * response is settled: refusals (401, 403, 429) included. The route's pattern is logged, not the path, so the log
 * holds no ids. A failure to log is logged and does not fail the request.
 */
export function tokenUsageLog(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const token = c.get('presentedToken');
    if (!token) return;
    // the last matched route is the handler's; for no route at all it is this app's catch-all middleware
    const route = routePath(c, -1) || c.req.path;
    try {
      await logTokenUse(deps, { tokenId: token.id, method: c.req.method, route, status: c.res.status, source: clientIp(c) });
    } catch (err) {
      c.get('logger')?.error({ err }, 'could not write the API token usage log');
    }
  };
}
