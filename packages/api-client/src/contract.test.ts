import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './index.ts';

// The contract and delivery calls against a real HTTP server: each goes to the path and method the API routes name,
// with its body as JSON; an answer not of the contract's shape is a problem, not data.
type Seen = { method: string; url: string; body: string };
let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: unknown = {};

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const order = '11111111-2222-4333-8444-555555555555';
const ms = 'aaaaaaaa-0000-4000-8000-000000000001';
const did = 'dddddddd-0000-4000-8000-000000000001';
const cid = '77777777-0000-4000-8000-000000000001';

describe('the contract and delivery calls', () => {
  it('name the routes of the contract, its change orders and its termination', async () => {
    seen = [];
    const api = createApiClient({ baseUrl: base });
    const body = { version: 3, message: null };
    await api.answerChangeOrder(order, cid, 'decline', body);
    await api.answerTermination(order, 'withdraw', body);
    await api.terminateContract(order, { version: 3, reason: '争议裁决' });
    await api.acceptTerms(order, { version: 3, number: 2, termsHash: 'a'.repeat(64) });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST /api/v1/orders/${order}/contract/change-orders/${cid}/decline`,
      `POST /api/v1/orders/${order}/contract/termination/withdraw`,
      `POST /api/v1/orders/${order}/contract/terminate`,
      `POST /api/v1/orders/${order}/contract/accept`,
    ]);
    expect(JSON.parse(seen[3]!.body)).toEqual({ version: 3, number: 2, termsHash: 'a'.repeat(64) });
  });

  it("name a milestone's delivery, inspection and payment routes and the secretariat's queue", async () => {
    seen = [];
    const api = createApiClient({ baseUrl: base });
    await api.startInspection(order, ms, did);
    await api.recordErrors(order, ms, did, { errors: [{ itemNumber: 7, note: '漏标' }], version: 2 });
    await api.pay(order, ms, { paidOn: '2027-01-05', version: 4 });
    await api.disputeQueue({ status: 'pending', limit: 20 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST /api/v1/orders/${order}/contract/milestones/${ms}/deliveries/${did}/inspection`,
      `PUT /api/v1/orders/${order}/contract/milestones/${ms}/deliveries/${did}/inspection/errors`,
      `POST /api/v1/orders/${order}/contract/milestones/${ms}/payment/pay`,
      'GET /api/v1/admin/implementation-disputes?status=pending&limit=20',
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual({ errors: [{ itemNumber: 7, note: '漏标' }], version: 2 });
  });

  it('refuses an answer that is not a contract', async () => {
    answer = { id: order, status: 'nonsense' };
    const res = await createApiClient({ baseUrl: base }).contract(order);
    expect(res.ok).toBe(false);
    if (!res.ok) expect([res.status, res.problem.code]).toEqual([502, 'internal']);
    answer = {};
  });
});
