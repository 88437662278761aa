import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const BASE_CSP = ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"];

/** The Content-Security-Policy for everything but the API docs page. */
export const CSP = BASE_CSP.join('; ');
/** The docs page: swagger-ui draws its icons from data: URLs. */
export const DOCS_CSP = [...BASE_CSP, "img-src 'self' data:"].join('; ');

/** Security headers on every response; HSTS only when the public origin is https. */
export function securityHeaders(publicOrigin: string): MiddlewareHandler<AppEnv> {
  const https = publicOrigin.startsWith('https://');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
