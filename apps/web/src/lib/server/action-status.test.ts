import { describe, expect, it } from 'vitest';
import { failureAsOk } from './action-status.ts';

const enhanced = (headers: Record<string, string> = {}) =>
  new Request('http://localhost/orders/1?/bid', { method: 'POST', headers: { 'x-sveltekit-action': 'true', accept: 'application/json', ...headers } });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('failureAsOk', () => {
  it('answers a failed enhanced action with 200, the same body and the real status in a header', async () => {
    const body = { type: 'failure', status: 409, data: '[{"bid":1}]' };
    const res = await failureAsOk(enhanced(), json(409, body));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-action-status')).toBe('409');
    expect(await res.json()).toEqual(body);
  });
  it('leaves errors, successes and plain form posts alone', async () => {
    const error = await failureAsOk(enhanced(), json(403, { type: 'error', error: { message: 'no' } }));
    expect(error.status).toBe(403);
    expect((await failureAsOk(enhanced(), json(500, { type: 'failure' }))).status).toBe(500);
    expect((await failureAsOk(enhanced(), json(200, { type: 'success' }))).status).toBe(200);
    const plain = new Request('http://localhost/login', { method: 'POST' });
    expect((await failureAsOk(plain, new Response('<html>', { status: 400, headers: { 'content-type': 'text/html' } }))).status).toBe(400);
  });
});
