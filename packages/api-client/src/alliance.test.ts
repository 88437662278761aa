import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './index.ts';

// The membership, directory and industrial-base calls against a real HTTP server: each goes to the path and method the
// API routes name.
type Seen = { method: string; url: string; body: string; key: string | undefined };
let server: Server;
let base: string;
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body, key: req.headers['idempotency-key'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const org = '11111111-2222-4333-8444-555555555555';
const input = {
  name: '产业园', county: '371502', operatorOrgId: null, address: '', floorAreaM2: 1, seats: 1, occupiedSeats: 0, openedOn: null,
  benchmarkStatus: 'none', benchmarkSince: null,
} as const;

describe('the alliance calls', () => {
  it('name the routes of the API, with the queries and bodies it takes', async () => {
    seen = [];
    const api = createApiClient({ baseUrl: base });
    await api.myMembership();
    await api.applyForMembership({ tier: 'council', statement: '' }, 'key-1');
    await api.memberships({ status: 'suspended', cursor: null });
    await api.decideMembership(org, { decision: 'suspend', reason: '会费逾期' });
    await api.members({ kind: 'vendor', county: '371502', tier: 'member', q: '' });
    await api.industrialBases({ benchmarkStatus: 'benchmark' });
    await api.createIndustrialBase(input, 'key-2');
    await api.updateIndustrialBase(org, input);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/organisations/mine/membership',
      'POST /api/v1/organisations/mine/membership',
      'GET /api/v1/admin/memberships?status=suspended',
      `POST /api/v1/admin/memberships/${org}/decision`,
      'GET /api/v1/members?kind=vendor&county=371502&tier=member',
      'GET /api/v1/industrial-bases?benchmarkStatus=benchmark',
      'POST /api/v1/industrial-bases',
      `PUT /api/v1/industrial-bases/${org}`,
    ]);
    expect(seen[1]!.key).toBe('key-1');
    expect(JSON.parse(seen[3]!.body)).toEqual({ decision: 'suspend', reason: '会费逾期' });
    expect(seen[6]!.key).toBe('key-2');
  });
});
