import { createHash } from 'node:crypto';
import { type Sql, type Tx, idempotency, transaction } from '@annex/db';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';

/** Keys are opaque to us; Stripe allows up to 255 characters. */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** What a replay sends: the first response's status, content type and exact body text. */
type Stored = { contentType: string; text: string };

class Rollback extends Error {}

/**
 * Idempotency-Key on creating POSTs, with Stripe's semantics: the same key with the same request answers
 * the first response again (byte for byte, with `Idempotent-Replayed: true`); the same key with another
 * request is 422 idempotency_key_reused. Keys belong to the signed-in user and are kept at least 24 hours.
 *
 * The key's row, the work and the stored response commit in ONE transaction (handed to the use case as
 * `c.var.tx`): a concurrent request with the same key waits on the uncommitted row and then replays the
 * committed response — so 50 replays make one bid. Responses that say the request was never executed
 * (400 invalid input, 401, 5xx) are not kept: the transaction rolls back and a retry runs afresh.
 */
export function idempotent(sql: Sql): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    const auth = c.get('auth');
    if (key === undefined || !auth) return next();
    if (!KEY.test(key)) {
      throw new AppError('validation_failed', 'Idempotency-Key must be 1–255 visible ASCII characters', { errors: [
        { path: 'header.idempotency-key', message: 'invalid' },
      ] });
    }
    // the JSON body as parsed once by the CSRF middleware, serialised again: insensitive to whitespace
    const body = c.req.header('content-type') ? await c.req.text() : '';
    const requestHash = createHash('sha256').update(body).digest('hex');
    const scope = `user:${auth.user.id}`;
    let replay: { status: number; stored: Stored } | null = null;
    try {
      // BEGIN leaves with the key's INSERT, COMMIT with the stored response: two round trips around the work
      await transaction(sql, async (tx: Tx, atCommit) => {
        const begun = await idempotency.begin(tx, { scope, key, method: c.req.method, path: c.req.path, requestHash });
        if (begun.state === 'mismatch') {
          throw new AppError('idempotency_key_reused', 'this Idempotency-Key was used for a different request; use a new key');
        }
        if (begun.state === 'in_progress') {
          throw new AppError('idempotency_key_in_use', 'a request with this Idempotency-Key is still being processed; retry shortly');
        }
        if (begun.state === 'replay') {
          replay = { status: begun.status, stored: begun.body as Stored };
          return;
        }
        c.set('tx', tx);
        try {
          await next();
        } finally {
          c.set('tx', undefined);
        }
        const status = c.res.status;
        if (status >= 500 || status === 400 || status === 401) throw new Rollback();
        const stored: Stored = { contentType: c.res.headers.get('content-type') ?? 'application/json', text: await c.res.clone().text() };
        atCommit(idempotency.complete(tx, { scope, key, status, body: stored }));
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    if (replay) {
      const { status, stored } = replay as { status: number; stored: Stored };
      return new Response(stored.text, { status, headers: { 'Content-Type': stored.contentType, 'Idempotent-Replayed': 'true' } });
    }
  };
}
