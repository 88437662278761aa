/**
 * Two API processes behave as one (run by scripts/test-prod.ts against the demo market): a session opened on one
 * is known to the other and ended on both by a sign-out on either; one Idempotency-Key sent to both at once makes
 * one question; login throttling counts failures from both, and still lets the owner in from a fresh source.
 * Each check talks to the processes directly, each request from a client address of its own (X-Forwarded-For, which
 * the API believes from loopback, as from its proxies).
 */
import { randomUUID } from 'node:crypto';

type Call = { status: number; json: Record<string, unknown> | null; headers: Headers };

export async function checkProcesses(o: { apis: [string, string]; origin: string; password: string; log: (line: string) => void }): Promise<void> {
  const [a, b] = o.apis;
  const call = async (base: string, method: string, path: string, h: { cookie?: string; source: string; body?: unknown; key?: string }): Promise<Call> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        origin: o.origin, 'x-forwarded-for': h.source, 'content-type': 'application/json',
        ...(h.cookie ? { cookie: h.cookie } : {}), ...(h.key ? { 'idempotency-key': h.key } : {}),
      },
      body: h.body === undefined ? undefined : JSON.stringify(h.body),
    });
    const text = await r.text();
    return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: r.headers };
  };
  const expect = (what: string, ok: boolean, detail: unknown) => {
    if (!ok) throw new Error(`two processes: ${what} (${JSON.stringify(detail)})`);
  };
  const signIn = async (base: string, email: string, source: string) => {
    const r = await call(base, 'POST', '/api/v1/auth/login', { source, body: { email, password: o.password } });
    expect(`${email} signs in on ${base}`, r.status === 200, r.json);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };

  // sessions live in PostgreSQL: opened on one process, known to the other, ended on both by either
  const vendor = await signIn(a, 'vendor.shuicheng@annex.local', '198.51.100.10');
  expect('the session opened on api-1 is known to api-2', (await call(b, 'GET', '/api/v1/me', { cookie: vendor, source: '198.51.100.10' })).status === 200, null);

  // one Idempotency-Key, sent to both processes at once, eight times: one question, the same answer to all
  // the seeded orders, once the search sync of either process has indexed them
  let order: { id: string } | undefined;
  const seen: unknown[] = [];
  for (const until = Date.now() + 60_000; !order && Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const listed = await call(a, 'GET', '/api/v1/orders?limit=50', { source: '198.51.100.10' });
    for (const item of (listed.json?.items ?? []) as { id: string; status: string }[]) {
      if (item.status !== 'open') continue;
      const detail = await call(a, 'GET', `/api/v1/orders/${item.id}`, { cookie: vendor, source: '198.51.100.10' });
      seen.push([detail.status, detail.json?.permissions]);
      if ((detail.json?.permissions as { ask?: boolean } | undefined)?.ask) order = item;
      if (order) break;
    }
  }
  expect('the demo market has an order the vendor may ask about', order !== undefined, seen);
  const key = randomUUID();
  const body = { body: `两个进程同时收到的同一问题 ${key.slice(0, 8)}：样例数据能否提前提供？` };
  const asked = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    call(i % 2 ? b : a, 'POST', `/api/v1/orders/${order!.id}/questions`, { cookie: vendor, source: '198.51.100.10', body, key })));
  const ids = new Set(asked.map((r) => (r.json as { id?: string } | null)?.id));
  expect('eight sends of one key on two processes answer 201 with one question', asked.every((r) => r.status === 201) && ids.size === 1, asked.map((r) => r.status));
  const listed = await call(b, 'GET', `/api/v1/orders/${order!.id}/questions`, { cookie: vendor, source: '198.51.100.10' });
  const same = ((listed.json?.items ?? []) as { body: string }[]).filter((q) => q.body === body.body);
  expect('the order holds the question once', same.length === 1, same.length);

  // login throttling across processes: the pair's free failures are counted from both, then it waits
  const victim = 'buyer.yanchuan@annex.local';
  const guesses: number[] = [];
  for (let i = 0; i < 6; i++) {
    guesses.push((await call(i % 2 ? b : a, 'POST', '/api/v1/auth/login', { source: '203.0.113.66', body: { email: victim, password: `wrong-${i}` } })).status);
  }
  expect('five wrong passwords (alternating processes) are refused, the sixth is throttled', guesses.slice(0, 5).every((s) => s === 401) && guesses[5] === 429, guesses);
  // …and the owner, from an address that has not failed, still gets in (on either process)
  const owner = await signIn(b, victim, '198.51.100.77');

  // a sign-out on api-2 ends the session on api-1 at once
  expect('sign-out on api-2', (await call(b, 'POST', '/api/v1/auth/logout', { cookie: owner, source: '198.51.100.77' })).status === 204, null);
  expect('the signed-out session is refused by api-1', (await call(a, 'GET', '/api/v1/me', { cookie: owner, source: '198.51.100.77' })).status === 401, null);
  await call(a, 'POST', '/api/v1/auth/logout', { cookie: vendor, source: '198.51.100.10' });

  o.log('two API processes, one behaviour: shared sessions and sign-out, one question from one key sent 8× to both, login throttling counted across both');
}
