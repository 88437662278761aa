import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG, listen, registerAs, setupApp } from '../test-helpers.ts';

// app.request() builds Requests by hand; only a real socket shows how Node frames bodies.
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

describe('writes over a real HTTP connection', () => {
  it('takes a DELETE and a POST without a body and without a content type', async () => {
    const user = await registerAs(t.app, 'buyer');
    const headers = { cookie: user.cookie, origin: TEST_CONFIG.publicOrigin };
    const sessions = await fetch(`${base}/api/v1/me/sessions`, { headers });
    const [own] = ((await sessions.json()) as { items: { id: string }[] }).items;
    const revoke = await fetch(`${base}/api/v1/me/sessions/${own!.id}`, { method: 'DELETE', headers });
    expect(revoke.status).toBe(204);
    const logout = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers });
    expect(logout.status).toBe(204);
  });

  it('still refuses a body that is not JSON', async () => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { origin: TEST_CONFIG.publicOrigin, 'content-type': 'text/plain' },
      body: 'email=a@b.cn',
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses JSON nested deeper than any request needs with a 400', async () => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { origin: TEST_CONFIG.publicOrigin, 'content-type': 'application/json' },
      body: '['.repeat(400_000) + ']'.repeat(400_000),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe('validation_failed');
  });
});
