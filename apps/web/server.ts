/**
 * The web server (`node apps/web/server.ts`, after `vite build`): adapter-node's request handler behind
 * gzip/brotli compression. adapter-node's own entry (build/index.js) sends server-rendered pages and
 * proxied API answers uncompressed; its static files are precompressed at build time and pass through as
 * they are. Reads PORT and HOST here and adapter-node's other variables (ORIGIN, BODY_SIZE_LIMIT,
 * ADDRESS_HEADER, XFF_DEPTH, …) in its handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';

/** A connect-style request handler, as adapter-node's `handler.js` exports. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** An HTTP server that answers with `handler`, compressed as the client accepts (brotli first, then gzip). */
export function createWebServer(handler: Middleware): Server {
  // brotli quality 4 (the library's default) costs about as much CPU as gzip level 6 and is smaller
  const compress = compression() as unknown as Middleware;
  return createServer((req, res) =>
    compress(req, res, () =>
      handler(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    ),
  );
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '0.0.0.0';
  const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);
  // the build is made after this file is written, so it is found at run time
  const { handler } = (await import(new URL('./build/handler.js', import.meta.url).href)) as { handler: Middleware };
  const server = createWebServer(handler);
  server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

  // the same stop as adapter-node's entry: finish the requests in flight, then let the process end
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeIdleConnections();
    server.close();
    setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.main) await main();
