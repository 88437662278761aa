import { audit } from '@annex/db';
import { randomUscc } from '@annex/db/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../app.ts';
import { PASSWORD, call, registerAs, registration, sessionCookie, setupApp } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t?.close());

const REGISTER = '/api/v1/auth/register';
const LOGIN = '/api/v1/auth/login';

describe('POST /auth/register', () => {
  it('registers a buyer, signs them in and sets an HttpOnly SameSite=Lax cookie', async () => {
    const body = registration('buyer');
    const r = await call(t.app, 'POST', REGISTER, { body });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      user: { email: body.email, displayName: '王经理' },
      organisation: { kind: 'buyer', uscc: body.organisation.uscc, verification: null, capabilities: null },
      role: 'owner',
    });
    const setCookie = r.res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/^annex_session=[a-z2-7]{32};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
    const me = await call(t.app, 'GET', '/api/v1/me', { cookie: sessionCookie(r.res) });
    expect(me.status).toBe(200);
    expect(me.json.user.id).toBe(r.json.user.id);
  });

  it('gives a vendor a pending verification, an empty capability profile and an audit record', async () => {
    const { me } = await registerAs(t.app, 'vendor');
    expect(me.organisation).toMatchObject({ kind: 'vendor', county: '371502', verification: { status: 'pending', verifiedUntil: null } });
    expect(me.organisation.capabilities).toMatchObject({ modalities: [], taskTypes: [], headcount: 0 });
    const history = await audit.listForEntity(t.db.sql, 'organisation', me.organisation.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'registered', actorUserId: me.user.id });
    expect(history[0]?.requestId).toBeTruthy();
  });

  it('writes a __Host- Secure cookie when cookies are secure', async () => {
    const app = t.make({ publicOrigin: 'https://annex.example.cn', secureCookies: true });
    const r = await call(app, 'POST', REGISTER, { body: registration('buyer'), origin: 'https://annex.example.cn' });
    expect(r.status).toBe(201);
    const c = r.res.headers.getSetCookie()[0] ?? '';
    expect(c).toMatch(/^__Host-annex_session=/);
    for (const attr of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) expect(c).toContain(attr);
    expect(c).not.toContain('Domain');
  });

  it('normalises a full-width, lower-case USCC', async () => {
    const body = registration('buyer');
    body.organisation.uscc = '９１４４０３００１０００１６８６ｘａ';
    const r = await call(t.app, 'POST', REGISTER, { body });
    expect(r.status).toBe(201);
    expect(r.json.organisation.uscc).toBe('9144030010001686XA');
  });

  it.each([
    ['9144030010001686XB', 'check character'],
    ['9144030010001686X', '18 characters'],
    ['9144030010001686IA', 'never uses'],
    ['91ABCDEF10001686XA', 'administrative division'],
    ['', 'missing'],
  ])('refuses the USCC %j with 422 invalid_uscc naming the problem (%s)', async (uscc, words) => {
    const body = registration('vendor');
    body.organisation.uscc = uscc;
    const r = await call(t.app, 'POST', REGISTER, { body });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'invalid_uscc', errors: [{ path: 'organisation.uscc' }] });
    expect(r.json.detail).toContain(words);
  });

  it('refuses a taken e-mail (any case) with 409 email_taken', async () => {
    const { email } = await registerAs(t.app, 'buyer');
    const r = await call(t.app, 'POST', REGISTER, { body: registration('buyer', { email: email.toUpperCase() }) });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('email_taken');
  });

  it('refuses a taken USCC, also written differently, with 409 uscc_taken', async () => {
    const { body } = await registerAs(t.app, 'vendor');
    const again = registration('vendor');
    again.organisation.uscc = ` ${body.organisation.uscc.toLowerCase()} `;
    const r = await call(t.app, 'POST', REGISTER, { body: again });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('uscc_taken');
  });

  it('maps the unique constraint when two registrations race for one USCC', async () => {
    const uscc = randomUscc();
    const bodies = [registration('vendor'), registration('buyer')].map((b) => ({ ...b, organisation: { ...b.organisation, uscc } }));
    const results = await Promise.all(bodies.map((body) => call(t.app, 'POST', REGISTER, { body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.json.code).toBe('uscc_taken');
    const [row] = await t.db.sql`select count(*)::int as n from organisations where uscc = ${uscc}`;
    expect(row?.n).toBe(1);
  });

  it.each([
    ['password', 'common'],
    ['Qwertyuiop', 'common'],
  ])('refuses the weak password %j with 422 weak_password', async (password, words) => {
    const r = await call(t.app, 'POST', REGISTER, { body: registration('buyer', { password }) });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'weak_password', errors: [{ path: 'password' }] });
    expect(r.json.detail).toContain(words);
  });

  it('refuses a password equal to the e-mail', async () => {
    const body = registration('buyer');
    const r = await call(t.app, 'POST', REGISTER, { body: { ...body, password: body.email } });
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('weak_password');
  });

  it('accepts a 256-character password and refuses 257 with 400', async () => {
    expect((await call(t.app, 'POST', REGISTER, { body: registration('buyer', { password: 'ab1-'.repeat(64) }) })).status).toBe(201);
    const r = await call(t.app, 'POST', REGISTER, { body: registration('buyer', { password: 'a'.repeat(257) }) });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  it('answers wrong types with 400 validation_failed and errors[] by path', async () => {
    const body = { ...registration('vendor'), email: 42, organisation: { ...registration('vendor').organisation, county: '999999', kind: 'government' } };
    const r = await call(t.app, 'POST', REGISTER, { body });
    expect(r.status).toBe(400);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    expect(r.json.code).toBe('validation_failed');
    const paths = r.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'organisation.kind', 'organisation.county']));
  });

  it('needs a county for vendors', async () => {
    const body = registration('vendor');
    delete body.organisation.county;
    const r = await call(t.app, 'POST', REGISTER, { body });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([{ path: 'organisation.county', message: 'vendors must give their county or district' }]);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    for (const raw of ['{"email": ', '{email: 1}', 'null,', '\u0000']) {
      const r = await call(t.app, 'POST', REGISTER, { raw });
      expect(r.status, raw).toBe(400);
      expect(r.json.code, raw).toBe('malformed_json');
    }
  });

  it('answers a JSON body that is not an object with 400 validation_failed', async () => {
    for (const body of [null, [], 'text', 12]) {
      const r = await call(t.app, 'POST', REGISTER, { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
  });

  it('answers bodies over 1 MB with 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ ...registration('buyer'), displayName: 'x'.repeat(MAX_BODY_BYTES) });
    const streamed = await call(t.app, 'POST', REGISTER, { raw: big });
    expect(streamed.status).toBe(413);
    expect(streamed.json.code).toBe('payload_too_large');
    const declared = await call(t.app, 'POST', REGISTER, { raw: big, headers: { 'content-length': String(Buffer.byteLength(big)) } });
    expect(declared.status).toBe(413);
  });

  it('answers non-JSON writes with 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await call(t.app, 'POST', REGISTER, { raw: 'email=a@b.cn', contentType });
      expect(r.status, contentType).toBe(415);
      expect(r.json.code).toBe('unsupported_media_type');
    }
    const none = await call(t.app, 'POST', REGISTER, { raw: '{}', contentType: null });
    expect(none.status).toBe(415);
  });

  it('refuses writes from another origin or without one with 403 csrf_origin_mismatch', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3001', null]) {
      const r = await call(t.app, 'POST', REGISTER, { body: registration('buyer'), origin });
      expect(r.status, String(origin)).toBe(403);
      expect(r.json.code).toBe('csrf_origin_mismatch');
    }
  });

  it("accepts the API's own origin (server-side calls)", async () => {
    const r = await call(t.app, 'POST', REGISTER, { body: registration('buyer'), origin: 'http://localhost' });
    expect(r.status).toBe(201);
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password, any e-mail case', async () => {
    const { email, me } = await registerAs(t.app, 'vendor');
    const r = await call(t.app, 'POST', LOGIN, { body: { email: ` ${email.toUpperCase()} `, password: PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ user: { id: me.user.id }, organisation: { id: me.organisation.id }, role: 'owner' });
    expect(sessionCookie(r.res)).toMatch(/^annex_session=/);
  });

  it('answers a wrong password and an unknown e-mail alike with 401 invalid_credentials', async () => {
    const { email } = await registerAs(t.app, 'buyer');
    const wrong = await call(t.app, 'POST', LOGIN, { body: { email, password: 'not-the-password' } });
    const unknown = await call(t.app, 'POST', LOGIN, { body: { email: 'nobody@example.cn', password: 'not-the-password' } });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.json.code).toBe('invalid_credentials');
      expect(r.res.headers.getSetCookie()).toEqual([]);
    }
    expect(wrong.json.detail).toBe(unknown.json.detail);
  });

  it('throttles an account after 5 failures: 429 with Retry-After', async () => {
    const { email } = await registerAs(t.app, 'buyer');
    const headers = { 'x-forwarded-for': '198.51.100.20' };
    for (let i = 0; i < 5; i++) {
      expect((await call(t.app, 'POST', LOGIN, { body: { email, password: `wrong-${i}` }, headers })).status).toBe(401);
    }
    const r = await call(t.app, 'POST', LOGIN, { body: { email, password: PASSWORD }, headers });
    expect(r.status).toBe(429);
    expect(r.json.code).toBe('too_many_requests');
    const retryAfter = Number(r.res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('throttles an IP after more than 30 failures, whatever the account', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.99' };
    for (let i = 0; i < 31; i++) {
      await call(t.app, 'POST', LOGIN, { body: { email: `spray-${i}@example.cn`, password: 'whatever-1' }, headers });
    }
    const r = await call(t.app, 'POST', LOGIN, { body: { email: 'fresh@example.cn', password: 'whatever-1' }, headers });
    expect(r.status).toBe(429);
    expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThan(800);
    // another address is not affected
    const other = await call(t.app, 'POST', LOGIN, { body: { email: 'fresh@example.cn', password: 'whatever-1' }, headers: { 'x-forwarded-for': '203.0.113.100' } });
    expect(other.status).toBe(401);
  });

  it('validates the body', async () => {
    const r = await call(t.app, 'POST', LOGIN, { body: { email: 'not-an-email', password: '' } });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);
  });
});

describe('POST /auth/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    const r = await call(t.app, 'POST', '/api/v1/auth/logout', { body: {}, cookie });
    expect(r.status).toBe(204);
    expect(r.res.headers.getSetCookie().join()).toMatch(/annex_session=;.*Max-Age=0/);
    const me = await call(t.app, 'GET', '/api/v1/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.json.code).toBe('unauthenticated');
  });

  it('is harmless without a session', async () => {
    expect((await call(t.app, 'POST', '/api/v1/auth/logout', {})).status).toBe(204);
  });

  it('needs the Origin check too', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    const r = await call(t.app, 'POST', '/api/v1/auth/logout', { body: {}, cookie, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/me', { cookie })).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('authenticate without a cookie and are exempt from the Origin check', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    const token = cookie.split('=')[1]!;
    const r = await call(t.app, 'PATCH', '/api/v1/organisations/mine', {
      body: { name: '经由令牌修改的名称' }, origin: null, headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(200);
    expect(r.json.name).toBe('经由令牌修改的名称');
  });

  it('do not lift the Origin check when the cookie is what authenticates', async () => {
    const { cookie } = await registerAs(t.app, 'buyer');
    for (const authorization of ['bearer not-a-token', 'Bearer not-a-token', 'Bearer']) {
      const r = await call(t.app, 'PATCH', '/api/v1/organisations/mine', {
        body: { name: '跨站修改的名称' }, cookie, origin: 'https://evil.example', headers: { authorization },
      });
      expect(r.status, authorization).toBe(403);
      expect(r.json.code).toBe('csrf_origin_mismatch');
    }
    expect((await call(t.app, 'GET', '/api/v1/organisations/mine', { cookie })).json.name).not.toBe('跨站修改的名称');
  });
});
