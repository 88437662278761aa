import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../app.ts';
import { TEST_CONFIG, listen, setupApp } from '../test-helpers.ts';

// app.request() never sees a socket: only a real server shows whether a client receives the 413.
let t: Awaited<ReturnType<typeof setupApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let base: string;
beforeAll(async () => {
  t = await setupApp();
  server = await listen(t.app);
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

// fetch (undici) sends the whole body before it reads the answer. Node's adapter drains at most
// 64 MiB after an early answer and then resets the socket: 70 MiB shows whether the API reads first.
const HUGE = 70 * 1024 * 1024;

describe('bodies over the limit', () => {
  it('get their 413 problem+json through fetch when the size is declared', async () => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { origin: TEST_CONFIG.publicOrigin, 'content-type': 'application/json' },
      body: new Uint8Array(HUGE).fill(0x20),
    });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.headers.get('connection')).toBe('close');
    expect(await r.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringContaining(String(MAX_BODY_BYTES)) });
  }, 60_000);

  it('get their 413 through fetch when the body is streamed without a length', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < HUGE / chunk.length) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const r = await fetch(`${base}/api/v1/orders/${crypto.randomUUID()}/attachments`, {
      method: 'POST', body, duplex: 'half',
      headers: { origin: TEST_CONFIG.publicOrigin, 'content-type': 'multipart/form-data; boundary=x' },
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(((await r.json()) as { detail: string }).detail).toContain('MB');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);
});
