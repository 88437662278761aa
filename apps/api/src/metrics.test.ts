import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, setupApp } from './test-helpers.ts';

const TOKEN = 'metrics-token-for-the-test-0123';
let t: Awaited<ReturnType<typeof setupApp>>;
beforeAll(async () => {
  t = await setupApp({ config: { metricsToken: TOKEN } });
});
afterAll(() => t?.close());

const scrape = (authorization?: string) => t.app.request('/metrics', { headers: authorization ? { authorization } : {} });

describe('GET /metrics', () => {
  it('answers only its bearer token, and does not exist without one', async () => {
    const refused = await scrape();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthenticated' });
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await call(t.make({ metricsToken: null }), 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('counts requests by route template, method and status, and reports the queues from the database', async () => {
    await call(t.app, 'GET', '/api/v1/orders/00000000-0000-4000-8000-000000000000');
    await call(t.app, 'GET', '/api/v1/orders/00000000-0000-4000-8000-000000000001');
    await call(t.app, 'GET', '/no/such/path');
    await t.db.sql`insert into jobs (kind, run_at) values ('test.due', now() - interval '2 minutes')`;
    const r = await scrape(`Bearer ${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    // two requests, one template: the ids are not labels
    expect(text).toContain('annex_http_request_duration_seconds_count{method="GET",route="/api/v1/orders/:id",status="404"} 2');
    expect(text).toContain('annex_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('00000000-0000-4000-8000');
    expect(text).toMatch(/annex_queue_waiting\{queue="jobs"\} [1-9]/);
    expect(text).toMatch(/annex_queue_oldest_seconds\{queue="jobs"\} (1[2-9]\d|[2-9]\d\d)/);
    for (const queue of ['search_outbox', 'email', 'webhooks']) expect(text).toContain(`annex_queue_waiting{queue="${queue}"}`);
    expect(text).toContain('annex_queue_failed{queue="webhooks"} 0');
    expect(text).toContain('annex_process_resident_memory_bytes');
  });
});
