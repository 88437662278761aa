import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listen, call } from '@annex/api/test-helpers.ts';
import { type Market, seedOpenOrder, setupMarket } from '@annex/api/test-market.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnnexClient } from './index.ts';

// The README's example, run as a program against a real server: with a vendor's API token it lists the open orders
// and bids on one.

let m: Market;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  m = await setupMarket();
  server = await listen(m.app);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await m?.close();
});

async function vendorToken(scopes: string[]) {
  const r = await call(m.app, 'POST', '/api/v1/organisations/mine/tokens', {
    cookie: m.parties.vendorA.cookie, body: { name: '投标机器人', scopes, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
  });
  if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
  return r.json.secret as string;
}

const EXAMPLE = fileURLToPath(new URL('../examples/bid-on-open-orders.ts', import.meta.url));

/** Runs the example as its own process (asynchronously: the server it talks to lives in this one). */
const runExample = (token: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [EXAMPLE], { encoding: 'utf8', env: { ...process.env, ANNEX_URL: server.base, ANNEX_TOKEN: token }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });

describe('the example script', () => {
  it('lists the open orders and posts a bid with an API token', async () => {
    const order = await seedOpenOrder(m, m.parties.buyerA);
    const token = await vendorToken(['orders:read', 'bids:read', 'bids:write']);
    const run = await runExample(token);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(order.id);
    expect(run.stdout).toMatch(/Bid [0-9a-f-]{36} on /);
    const mine = await call(m.app, 'GET', `/api/v1/orders/${order.id}/bids/mine`, { cookie: m.parties.vendorA.cookie });
    expect(mine.status).toBe(200);
  }, 90_000);

  it('tells why when the token lacks a scope', async () => {
    await seedOpenOrder(m, m.parties.buyerA);
    const token = await vendorToken(['orders:read', 'bids:read']);
    const run = await runExample(token);
    expect(run.stdout).toContain('insufficient_scope');
  }, 90_000);
});

describe('the generated client', () => {
  it('types the routes and carries the token', async () => {
    const token = await vendorToken(['orders:read']);
    const annex = createAnnexClient({ baseUrl: server.base, token });
    const r = await annex.GET('/api/v1/orders', { params: { query: { limit: 1 } } });
    expect(r.response.status).toBe(200);
    expect(Array.isArray(r.data?.items)).toBe(true);
    const refused = await createAnnexClient({ baseUrl: server.base, token: `${token.slice(0, -2)}aa` }).GET('/api/v1/orders');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe('invalid_token');
  });
});
