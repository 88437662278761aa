import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './index.ts';

// The announcement and event calls against a real HTTP server: each goes to the path and method the API routes name.
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

const ev = '11111111-2222-4333-8444-555555555555';
const reg = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('the announcement and event calls', () => {
  it('name the routes of the API, with the queries and bodies it takes', async () => {
    seen = [];
    const api = createApiClient({ baseUrl: base });
    await api.announcements({ scope: 'all', cursor: null, limit: 50 });
    await api.publishAnnouncement(ev, null);
    await api.createEvent({ title: 't', description: '', startsAt: '', endsAt: '', placeKind: 'onsite', place: 'p', capacity: 1, registrationDeadline: '', audience: 'everyone' }, 'key-1');
    await api.events({ when: 'past', drafts: true });
    await api.registerForEvent(ev);
    await api.cancelEventRegistration(ev);
    await api.markAttendance(ev, reg, false);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/announcements?scope=all&limit=50',
      `POST /api/v1/announcements/${ev}/publish`,
      'POST /api/v1/events',
      'GET /api/v1/events?when=past&drafts=true',
      `POST /api/v1/events/${ev}/registration`,
      `DELETE /api/v1/events/${ev}/registration`,
      `POST /api/v1/events/${ev}/registrations/${reg}/attendance`,
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual({ at: null });
    expect(seen[2]!.key).toBe('key-1');
    expect(JSON.parse(seen[6]!.body)).toEqual({ attended: false });
  });
});
