import { ERROR_STATUS, type ErrorCode, type Problem } from '@annex/contracts';
import { isDatabaseUnavailable } from '@annex/db';
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';

export type FieldError = { path: string; message: string };

/** What an AppError carries besides its code and sentence. */
export type AppErrorOptions = {
  /** field errors of a validation or rule failure */
  errors?: FieldError[];
  /** extra response headers (Retry-After) */
  headers?: Record<string, string>;
  /** not_eligible: the reasons, each with a stable code */
  reasons?: Problem['reasons'];
};

/** An expected failure: a code from the one error table, a sentence for the user, and field errors. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly reasons: Problem['reasons'];

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers;
    this.reasons = options.reasons;
  }
}

const title = (code: ErrorCode) => {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Builds the problem+json response for a code. */
export function problemResponse(c: Context<AppEnv>, code: ErrorCode, detail: string, { errors, headers, reasons }: AppErrorOptions = {}): Response {
  const status = ERROR_STATUS[code];
  const body: Problem = {
    type: `urn:annex:problem:${code}`,
    title: title(code),
    status,
    code,
    detail,
    requestId: c.get('requestId') ?? 'unknown',
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(reasons && reasons.length > 0 ? { reasons } : {}),
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': 'application/problem+json',
  });
}

// hono's own HTTP exceptions (from middleware we use) mapped to our codes
const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_json',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one error handler: AppError → its code; the database out of reach → 503; anything unexpected → 500 internal, logged. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof AppError) return problemResponse(c, err.code, err.detail, err);
  if (err instanceof HTTPException && HTTP_EXCEPTION_CODES[err.status]) {
    const code = HTTP_EXCEPTION_CODES[err.status]!;
    return problemResponse(c, code, err.message || title(code));
  }
  if (isDatabaseUnavailable(err)) {
    // PostgreSQL down or restarting: the pool reconnects by itself, so the client is told to come back shortly
    c.get('logger')?.warn({ err }, 'database unavailable');
    return problemResponse(c, 'service_unavailable', 'the database is unavailable right now; please try again in a moment', {
      headers: { 'Retry-After': '5' },
    });
  }
  c.get('logger')?.error({ err }, 'unhandled error');
  return problemResponse(c, 'internal', 'an unexpected error occurred; quote the request id when reporting it');
};

/** Unknown routes. */
export const notFound = (c: Context<AppEnv>) =>
  problemResponse(c, 'not_found', `no resource at ${c.req.method} ${c.req.path}`);
