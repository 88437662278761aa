import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '@annex/auth';
import type { Me, RegisterRequest } from '@annex/contracts';
import { organisations, users } from '@annex/db';
import { randomEmail, randomUscc } from '@annex/db/fixtures.ts';
import { type TestDatabase, createTestDatabase } from '@annex/db/testing.ts';
import { type RegistrableOrgKind, countyRequired } from '@annex/domain';
import type { SearchService } from '@annex/search';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { type App, createApp } from './app.ts';
import type { AppConfig } from './app-config.ts';
import { type FileStorage, createMemoryFileStorage } from './lib/storage.ts';

// Test-only helpers shared by the route tests.

export const ORIGIN = 'http://localhost:3000';
export const PASSWORD = 'Annotate-Liaocheng-2026';

export const TEST_CONFIG: AppConfig = {
  publicOrigin: ORIGIN,
  secureCookies: false,
  sessionIdleDays: 7,
  sessionAbsoluteDays: 30,
  secretariatAbsoluteHours: 12,
  minBidWindowSeconds: 0,
  awardWindowDays: 30,
  publicitySeconds: 259200,
  ocidPrefix: 'ocds-test01',
  reviewWindowWorkingDays: 5,
  apiTokenRatePerMinute: 600,
  // the tests' receivers listen on 127.0.0.1
  webhookAllowPrivateDestinations: true,
  dataDir: '.data-test-unused',
};

/** A line the app logged (parsed JSON). */
export type LogLine = Record<string, unknown>;

/** An app over a fresh test database (without search unless given), with its log lines captured. */
export async function setupApp(
  opts: { config?: Partial<AppConfig>; search?: SearchService | null; now?: () => Date; storage?: FileStorage } = {},
) {
  const db: TestDatabase = await createTestDatabase();
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const make = (config: Partial<AppConfig> = {}, now = opts.now, search = opts.search ?? null) =>
    createApp({
      sql: db.sql,
      config: { ...TEST_CONFIG, ...opts.config, ...config },
      search,
      logger,
      now,
      storage: opts.storage ?? createMemoryFileStorage(),
    });
  return { app: make(), make, db, logs, close: () => db.close() };
}

type CallOptions = {
  body?: unknown;
  /** sent as is, with `contentType` (default application/json) */
  raw?: string | Uint8Array;
  contentType?: string | null;
  cookie?: string | null;
  origin?: string | null;
  headers?: Record<string, string>;
};

/** One request through app.request, as a browser on the public origin would send it. */
export async function call(app: App, method: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = { ...o.headers };
  const hasBody = o.body !== undefined || o.raw !== undefined;
  if (hasBody && o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  if (method !== 'GET' && o.origin !== null) headers.origin = o.origin ?? ORIGIN;
  if (o.cookie) headers.cookie = o.cookie;
  const res = await app.request(path, {
    method,
    headers,
    body: o.raw !== undefined ? o.raw : o.body !== undefined ? JSON.stringify(o.body) : undefined,
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely, the contracts are checked elsewhere
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { res, status: res.status, json, text };
}

/** The `name=value` part of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookie(res: Response): string | null {
  const c = res.headers.getSetCookie().find((s) => /^(__Host-)?annex_session=[^;]+/.test(s));
  return c ? c.split(';')[0]! : null;
}

const SAMPLE_NAMES: Record<RegistrableOrgKind, string> = {
  vendor: '聊城数标科技有限公司', buyer: '济南智驾科技有限公司', training_institution: '聊城数据标注职业培训学校', base_operator: '聊城数字产业园运营有限公司',
};

/** A valid registration body (the kinds that must say where they work get a county). */
export function registration(kind: RegistrableOrgKind, over: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    email: randomEmail(kind),
    password: PASSWORD,
    displayName: '王经理',
    organisation: {
      kind,
      name: SAMPLE_NAMES[kind],
      uscc: randomUscc(),
      contactName: '王经理',
      contactPhone: '13800000000',
      ...(countyRequired(kind) ? { county: '371502' as const } : {}),
    },
    ...over,
  };
}

/** A network address of its own for each call (registrations are throttled per address). */
export const freshSource = () => ({ 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });

/** Registers through the API and signs in as a browser would next; returns the cookie and who the user is. */
export async function registerAs(app: App, kind: RegistrableOrgKind, over: Partial<RegisterRequest> = {}) {
  const body = registration(kind, over);
  const headers = freshSource();
  const r = await call(app, 'POST', '/api/v1/auth/register', { body, headers });
  if (r.status !== 202) throw new Error(`register failed: ${r.status} ${r.text}`);
  const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email: body.email, password: body.password }, headers });
  if (login.status !== 200) throw new Error(`sign-in after registering failed: ${login.status} ${login.text}`);
  return { cookie: sessionCookie(login.res)!, me: login.json as Me, email: body.email, body };
}

/** Creates a secretariat user directly in the database and signs them in through the API. */
export async function signInSecretariat(app: App, db: TestDatabase) {
  const email = randomEmail('secretariat');
  const org = await organisations.create(db.sql, { kind: 'secretariat', name: '聊城市数据标注产业联盟秘书处', uscc: null });
  const user = await users.create(db.sql, { email, passwordHash: await hashPassword(PASSWORD), displayName: '秘书处' });
  await organisations.addMember(db.sql, { userId: user.id, orgId: org.id, role: 'owner' });
  const r = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return { cookie: sessionCookie(r.res)!, me: r.json as Me, email };
}

/** Serves an app on a loopback port (what only a real socket shows: framing, draining); returns its base URL. */
export async function listen(app: App): Promise<{ base: string; close: () => Promise<void> }> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
