import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';

/**
 * How much of an oversized body is read and thrown away before the 413 goes out. Ordinary HTTP
 * clients (fetch/undici, curl) send the whole body before they read the answer: a server that answers
 * and closes early leaves them with a socket error instead of the 413. Bodies declared larger than
 * this are answered at once, and such a client may see only the closed socket.
 */
export const MAX_DRAIN_BYTES = 128 * 1024 * 1024;

/** Reads and discards the rest of a web body stream, up to MAX_DRAIN_BYTES in all. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let total = alreadyRead;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
    if (total > MAX_DRAIN_BYTES) return reader.cancel();
  }
}

/** The same straight from Node's request stream (many times faster than through a web stream). */
function discardIncoming(incoming: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let total = 0;
    const finish = () => {
      incoming.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_DRAIN_BYTES) finish();
    };
    incoming.on('data', onData).on('end', finish).on('error', finish).on('close', finish);
    incoming.resume();
  });
}

/**
 * Refuses request bodies over `maxSize` bytes with the error `tooLarge` makes, whether the size is
 * declared (Content-Length) or only found while reading (chunked), after reading the rest of the body
 * so that the client receives the answer. Bodies within the limit are passed on (chunked ones buffered).
 */
export function bodyLimit(maxSize: number, tooLarge: () => AppError): MiddlewareHandler<AppEnv> {
  // the connection closes after the answer: a client that sent too much starts afresh, and whatever
  // was left unread of a body past MAX_DRAIN_BYTES can never be taken for the next request
  const refusal = () => {
    const error = tooLarge();
    return new AppError(error.code, error.detail, { errors: error.errors, headers: { ...error.headers, Connection: 'close' } });
  };
  return async (c, next) => {
    // no route reads the body of a GET or HEAD (and asking whether it has one builds a whole web Request)
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('transfer-encoding') === undefined ? c.req.header('content-length') : undefined;
    if (declared !== undefined) {
      const length = Number(declared);
      if (length <= maxSize) return next();
      if (length <= MAX_DRAIN_BYTES) {
        // Node's own stream when there is one: a web stream over it (c.req.raw.body) would pause it again
        const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
        const body = incoming ? null : c.req.raw.body;
        if (incoming) await discardIncoming(incoming);
        else if (body) await discardRest(body.getReader(), 0);
      }
      throw refusal();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) {
        await discardRest(reader, size);
        throw refusal();
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}
