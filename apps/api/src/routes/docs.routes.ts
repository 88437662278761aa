import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { AppError } from '../errors.ts';
import { DOCS_CSP } from '../middleware/security-headers.ts';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files the docs page loads, all served from here: the page works with no internet access. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: join(swaggerDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-init.js': { file: join(import.meta.dirname, '..', 'docs', 'swagger-init.js'), type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: join(swaggerDir, 'favicon-32x32.png'), type: 'image/png' },
};

const cache = new Map<string, Promise<Buffer>>();
const load = (file: string) => {
  let p = cache.get(file);
  if (!p) {
    p = readFile(file);
    cache.set(file, p);
    p.catch(() => cache.delete(file));
  }
  return p;
};

/** The docs page. */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Annex API</title>
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/swagger-init.js"></script>
</body>
</html>
`;

/** /api/docs: swagger-ui over /api/openapi.json, from our own copy of swagger-ui-dist. */
export const docsRoutes = () =>
  new Hono<AppEnv>()
    .get('/', (c) => {
      c.header('Content-Security-Policy', DOCS_CSP);
      c.header('Cache-Control', 'no-cache');
      return c.html(DOCS_HTML);
    })
    .get('/assets/:name', async (c) => {
      const asset = ASSETS[c.req.param('name')];
      if (!asset) throw new AppError('not_found', 'no such docs asset');
      const body = await load(asset.file);
      return c.body(new Uint8Array(body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
    });
