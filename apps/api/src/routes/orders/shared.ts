import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { contentDisposition } from '../../lib/file-policy.ts';
import { authenticated } from '../../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, sessionSecurity } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';

// What the sub-apps under /orders share: the path parameters, the signed-in route options, file download headers.

/** Options of a route that needs a session. */
export const signedIn = { security: sessionSecurity, middleware: authenticated };
/** `{id}`: the order. */
export const orderParams = z.object({ id: PathId });
/** The problems every write under /orders may answer. */
export const WRITE = [...WRITE_PROBLEMS, 401, 404] as const;

/** A file upload field of a multipart form. */
export const fileField = z
  .custom<File>((v) => v instanceof File, { message: 'attach one file in the field "file"' })
  .openapi({ type: 'string', format: 'binary' });

/** The 200 of a file download. */
export const fileResponse = {
  description: 'The file',
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
};

/** A stored file as the response to a download. */
export const fileDownload = (c: Context<AppEnv>, row: { contentType: string; fileName: string }, bytes: Uint8Array) =>
  c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': row.contentType,
    'Content-Disposition': contentDisposition(row.fileName),
    'Content-Length': String(bytes.byteLength),
    // a file is data, never a page: no scripts, no sniffing (nosniff is set for every response)
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  }) as never;

/** The use cases' dependencies for this request: inside the Idempotency-Key transaction when there is one. */
export const depsOf = (deps: Deps, c: Context<AppEnv>): Deps => {
  const tx = c.get('tx');
  return tx ? { ...deps, tx } : deps;
};
