import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer } from './server.ts';

const PAGE = `<!doctype html><html><body>${'<p>订单大厅 — annotation orders</p>'.repeat(200)}</body></html>`;
const PRECOMPRESSED = Buffer.from('already brotli');

/** GET with the given Accept-Encoding; the raw bytes as sent. */
function get(url: string, acceptEncoding: string | null): Promise<{ status: number; encoding: string | undefined; vary: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web server', () => {
  // a stand-in for adapter-node's handler: a rendered page, a precompressed static file, and nothing else
  const server = createWebServer((req, res, next) => {
    if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      res.end(PAGE);
    } else if (req.url === '/_app/start.js') {
      res.setHeader('content-type', 'text/javascript');
      res.setHeader('content-encoding', 'br');
      res.end(PRECOMPRESSED);
    } else next();
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends pages as brotli to browsers that take it, else gzip, else as they are', async () => {
    const br = await get(`${base}/`, 'gzip, deflate, br, zstd');
    expect(br.encoding).toBe('br');
    expect(br.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(PAGE) / 10);

    const gzip = await get(`${base}/`, 'gzip');
    expect(gzip.encoding).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(PAGE);

    const plain = await get(`${base}/`, null);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toBe(PAGE);
  });

  it('passes precompressed files through untouched and answers 404 when nothing handles a path', async () => {
    const asset = await get(`${base}/_app/start.js`, 'br, gzip');
    expect(asset.encoding).toBe('br');
    expect(asset.body).toEqual(PRECOMPRESSED);
    expect((await get(`${base}/nothing`, 'br')).status).toBe(404);
  });
});
