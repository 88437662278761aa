import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

const hasBody = (req: Request) => {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return req.body !== null;
};

/** Where a string holding U+0000 sits in a JSON value (PostgreSQL text cannot store it), or null. */
function nulPath(v: unknown, at: string[]): string[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? at : null;
  if (typeof v !== 'object' || v === null) return null;
  for (const [k, child] of Object.entries(v)) {
    if (k.includes('\u0000')) return [...at, k];
    const found = nulPath(child, [...at, k]);
    if (found) return found;
  }
  return null;
}

/**
 * Writes must come as JSON (415 otherwise; a cross-site HTML form cannot send JSON without a
 * CORS preflight) from the public origin or the API's own (403 otherwise). Requests that
 * authenticate with a bearer token carry no ambient cookie, so the Origin check does not apply.
 * The JSON is parsed here, once, so malformed bodies are told apart from invalid ones. Paths in
 * `multipartPaths` (file uploads) take multipart/form-data instead, with the same Origin check.
 */
export function csrfAndJson(publicOrigin: string, opts: { multipartPaths?: readonly RegExp[] } = {}): MiddlewareHandler<AppEnv> {
  const allowed = new URL(publicOrigin).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const body = hasBody(c.req.raw);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    // file uploads are the one exception to JSON only; the Origin check below applies to them as well
    const multipart = c.req.method === 'POST' && (opts.multipartPaths ?? []).some((p) => p.test(c.req.path));
    if (multipart && body && mediaType.toLowerCase() !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', 'upload files as multipart/form-data');
    }
    if (!multipart && body && !JSON_TYPE.test(mediaType)) {
      throw new AppError('unsupported_media_type', 'send the request body as application/json');
    }
    if (!/^Bearer /i.test(c.req.header('authorization') ?? '')) {
      const origin = c.req.header('origin');
      const own = new URL(c.req.url).origin;
      if (!origin || (origin !== allowed && origin !== own)) {
        throw new AppError('csrf_origin_mismatch', `state-changing requests must come from ${allowed}`);
      }
    }
    if (body && !multipart) {
      let value: unknown;
      try {
        value = await c.req.json();
      } catch {
        throw new AppError('malformed_json', 'the request body is not valid JSON');
      }
      const path = nulPath(value, []);
      if (path) {
        const message = 'text must not contain NUL characters';
        throw new AppError('validation_failed', message, [{ path: path.join('.'), message }]);
      }
    }
    return next();
  };
}
