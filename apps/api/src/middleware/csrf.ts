import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Whether a request carries a body. Node gives every POST and DELETE a body stream, even an
 * empty one, so the framing headers decide (RFC 9112 §6.3); requests built in-process carry
 * neither header, and then the (small, already size-limited) body itself is looked at.
 */
const hasBody = async (req: Request) => {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  if (req.headers.has('transfer-encoding')) return true;
  return req.body !== null && (await req.clone().arrayBuffer()).byteLength > 0;
};

/** No request we take nests deeper than this; deeper JSON is refused rather than walked. */
const MAX_JSON_DEPTH = 64;

/**
 * Checks a JSON value, without recursion, for nesting beyond MAX_JSON_DEPTH and for strings
 * holding U+0000 (PostgreSQL text cannot store it). Returns the offending path and why, or null.
 */
function jsonProblem(value: unknown): { path: string[]; message: string } | null {
  const stack: { v: unknown; at: string[] }[] = [{ v: value, at: [] }];
  while (stack.length > 0) {
    const { v, at } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path: at, message: 'text must not contain NUL characters' };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (at.length >= MAX_JSON_DEPTH) return { path: at.slice(0, 3), message: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep` };
    for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) return { path: [...at, k], message: 'text must not contain NUL characters' };
      stack.push({ v: child, at: [...at, k] });
    }
  }
  return null;
}

/**
 * Writes must come as JSON (415 otherwise; a cross-site HTML form cannot send JSON without a
 * CORS preflight) from the public origin or the API's own (403 otherwise). A request that a bearer
 * token authenticated carries no ambient credential, so the Origin check does not apply to it; merely
 * sending an Authorization header changes nothing. Runs after the session middleware for that reason.
 * The JSON is parsed here, once, so malformed bodies are told apart from invalid ones. Paths in
 * `multipartPaths` (file uploads) take multipart/form-data instead, with the same Origin check. Requests to
 * `urlTokenPaths` are authorised by a token in their URL alone, never by the cookie (a mail client's one-click
 * unsubscribe, RFC 8058: a form POST without Origin): neither check applies and their body is not read.
 */
export function csrfAndJson(
  publicOrigin: string, opts: { multipartPaths?: readonly RegExp[]; urlTokenPaths?: readonly RegExp[] } = {},
): MiddlewareHandler<AppEnv> {
  const allowed = new URL(publicOrigin).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.method === 'POST' && (opts.urlTokenPaths ?? []).some((p) => p.test(c.req.path))) return next();
    const body = await hasBody(c.req.raw);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    // file uploads are the one exception to JSON only; the Origin check below applies to them as well
    const multipart = c.req.method === 'POST' && (opts.multipartPaths ?? []).some((p) => p.test(c.req.path));
    if (multipart && body && mediaType.toLowerCase() !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', 'upload files as multipart/form-data');
    }
    if (!multipart && body && !JSON_TYPE.test(mediaType)) {
      throw new AppError('unsupported_media_type', 'send the request body as application/json');
    }
    if (!c.get('auth')?.viaBearer) {
      const origin = c.req.header('origin');
      const own = new URL(c.req.url).origin;
      if (!origin) {
        // no browser leaves Origin out of a POST: this is a program, and programs use tokens, not passwords
        throw new AppError('csrf_origin_mismatch',
          `requests that change something need the Origin header a browser sends (${allowed}); signing in is for browsers. ` +
          'Programs authenticate with an API token instead: an owner of your organisation creates one on the "API tokens" page ' +
          '(/org/tokens), and the program sends it as "Authorization: Bearer annex_…"');
      }
      if (origin !== allowed && origin !== own) {
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
      const problem = jsonProblem(value);
      if (problem) {
        throw new AppError('validation_failed', problem.message, { errors: [{ path: problem.path.join('.'), message: problem.message }] });
      }
    }
    return next();
  };
}
