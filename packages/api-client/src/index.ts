import {
  type ChangePasswordRequest,
  type CapabilityProfile,
  type ErrorCode,
  ERROR_STATUS,
  type LoginRequest,
  Me,
  Organisation,
  OrderList,
  Problem,
  PublicVendor,
  type RegisterRequest,
  SessionList,
  type UpdateOrganisationRequest,
  UsccCheckResponse,
  type VerificationDecision,
  VendorQueue,
  type VendorQueueQuery,
} from '@annex/contracts';

/** Anything with zod's `safeParse`: keeps this package free of a direct zod dependency. */
type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } };

/** What every call answers: the parsed data, or the API's problem — plus the cookies the API set. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T; setCookie: string[] }
  | { ok: false; status: number; problem: Problem; setCookie: string[]; retryAfterSeconds: number | null };

export type ApiClientOptions = {
  /** The API's origin, e.g. http://127.0.0.1:3001 (no path). */
  baseUrl: string;
  /** The browser's Cookie header, forwarded so the API sees the user's session. */
  cookie?: string | null;
  /** Sent as Origin on every request: the API's CSRF check compares it with PUBLIC_ORIGIN. */
  origin?: string;
  /** Extra headers, e.g. the browser's user-agent and x-forwarded-for. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Abort a call after this long (default 15 s). */
  timeoutMs?: number;
};

type Call<T> = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** Omitted when the endpoint answers 204 or its body does not matter to the caller. */
  schema?: Schema<T>;
};

const PREFIX = '/api/v1';

/** A problem made on this side when the API could not be reached or answered something that is not ours. */
export function localProblem(code: ErrorCode, detail: string): Problem {
  return { type: 'about:blank', title: code, status: ERROR_STATUS[code], code, detail, requestId: '' };
}

function retryAfter(res: Response): number | null {
  const v = res.headers.get('retry-after');
  if (v === null) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Creates a client bound to one caller (cookie, origin); cheap enough to make per request. */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(c: Call<T>): Promise<ApiResult<T>> {
    const url = new URL(base + PREFIX + c.path);
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    if (c.body !== undefined) headers['content-type'] = 'application/json';

    let res: Response;
    try {
      res = await doFetch(url, {
        method: c.method,
        headers,
        body: c.body === undefined ? undefined : JSON.stringify(c.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (e) {
      return {
        ok: false,
        status: 503,
        problem: localProblem('service_unavailable', `API not reachable: ${(e as Error).message}`),
        setCookie: [],
        retryAfterSeconds: null,
      };
    }
    const setCookie = res.headers.getSetCookie();
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }

    if (!res.ok) {
      const parsed = Problem.safeParse(json);
      const problem = parsed.success
        ? parsed.data
        : localProblem(res.status >= 500 ? 'internal' : 'validation_failed', `HTTP ${res.status} without a problem body`);
      return { ok: false, status: res.status, problem, setCookie, retryAfterSeconds: retryAfter(res) };
    }
    if (!c.schema) return { ok: true, status: res.status, data: undefined as T, setCookie };
    const parsed = c.schema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        status: 502,
        problem: localProblem('internal', `${c.method} ${c.path}: response does not match the contract`),
        setCookie,
        retryAfterSeconds: null,
      };
    }
    return { ok: true, status: res.status, data: parsed.data, setCookie };
  }

  return {
    /** POST /auth/register — creates the user and the organisation; the API logs the user in. */
    register: (body: RegisterRequest) => call({ method: 'POST', path: '/auth/register', body, schema: Me }),
    /** POST /auth/login */
    login: (body: LoginRequest) => call({ method: 'POST', path: '/auth/login', body, schema: Me }),
    /** POST /auth/logout */
    logout: () => call<void>({ method: 'POST', path: '/auth/logout', body: {} }),
    /** GET /me — the current user, organisation and role. */
    me: () => call({ method: 'GET', path: '/me', schema: Me }),
    /** POST /me/password — ends the user's other sessions. */
    changePassword: (body: ChangePasswordRequest) => call<void>({ method: 'POST', path: '/me/password', body }),
    /** GET /me/sessions */
    sessions: () => call({ method: 'GET', path: '/me/sessions', schema: SessionList }),
    /** DELETE /me/sessions/{id} */
    revokeSession: (id: string) => call<void>({ method: 'DELETE', path: `/me/sessions/${encodeURIComponent(id)}` }),
    /** GET /uscc/check — normalised code, the rule it breaks, and whether it is already registered. */
    checkUscc: (code: string) => call({ method: 'GET', path: '/uscc/check', query: { code }, schema: UsccCheckResponse }),
    /** GET /organisations/mine */
    myOrganisation: () => call({ method: 'GET', path: '/organisations/mine', schema: Organisation }),
    /** PATCH /organisations/mine */
    updateOrganisation: (body: UpdateOrganisationRequest) =>
      call({ method: 'PATCH', path: '/organisations/mine', body, schema: Organisation }),
    /** PUT /organisations/mine/capabilities */
    putCapabilities: (body: CapabilityProfile) =>
      call<unknown>({ method: 'PUT', path: '/organisations/mine/capabilities', body }),
    /** POST /organisations/mine/verification/reapply */
    reapply: () => call<unknown>({ method: 'POST', path: '/organisations/mine/verification/reapply', body: {} }),
    /** GET /admin/vendors — the secretariat's verification queue. */
    adminVendors: (q: Partial<VendorQueueQuery>) =>
      call({ method: 'GET', path: '/admin/vendors', query: q, schema: VendorQueue }),
    /** POST /admin/vendors/{orgId}/verification */
    decideVerification: (orgId: string, body: VerificationDecision) =>
      call<unknown>({ method: 'POST', path: `/admin/vendors/${encodeURIComponent(orgId)}/verification`, body }),
    /** GET /orders — published listings, newest first; public. */
    orders: (q: { cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: '/orders', query: q, schema: OrderList }),
    /** GET /vendors/{id} — the public profile of a verified vendor. */
    publicVendor: (id: string) => call({ method: 'GET', path: `/vendors/${encodeURIComponent(id)}`, schema: PublicVendor }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
