import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { clientIp } from '../middleware/client-ip.ts';
import type { RequestMeta } from '../use-cases/context.ts';

/** The request facts use cases record (IP, user agent, request id). */
export const requestMeta = (c: Context<AppEnv>): RequestMeta => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
  requestId: c.get('requestId'),
});
