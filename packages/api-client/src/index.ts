import {
  Attachment,
  type ATTACHMENT_KINDS,
  AwardNotice,
  type AwardRequest,
  BidAttachment,
  BidList,
  type ChangePasswordRequest,
  type CapabilityProfile,
  Comparison,
  ContractReviews,
  type ReviewReplyRequest,
  type SubmitReviewRequest,
  TrackRecord,
  type CreateBidRequest,
  type CreateOrderRequest,
  type DecideObjectionRequest,
  type ErrorCode,
  type ExportQuery,
  ImportPreview,
  type ImportMode,
  ImportResult,
  type SheetFormat,
  ERROR_STATUS,
  type LoginRequest,
  type MarkNotificationsRead,
  Me,
  MyBid,
  MyBidsList,
  type MyBidsQuery,
  NotificationList,
  Objection,
  ObjectionList,
  Order,
  Organisation,
  OrderListing,
  type OrderSearchQuery,
  Problem,
  PublicConfig,
  PublicVendor,
  Question,
  QuestionList,
  type RegisterRequest,
  type ReviewOrderRequest,
  ReviewQueue,
  SessionList,
  Timeline,
  UnreadCount,
  type UpdateBidRequest,
  type UpdateOrderRequest,
  type UpdateOrganisationRequest,
  RegistrationReceived,
  UsccCheckResponse,
  type VerificationDecision,
  VendorQueue,
  type VendorQueueQuery,
  GlobalSearchResult,
  OrderSearchPage,
  OrderMatchList,
  SavedSearch,
  SavedSearchList,
  type CreateSavedSearchRequest,
  type UpdateSavedSearchRequest,
  type SearchOrdersQuery,
  VendorMatchList,
  VendorDirectoryPage,
  type VendorDirectoryQuery,
  CalendarOverview,
  CalendarYear,
  CaseList,
  type CaseListQuery,
  CaseMessage,
  CaseMessageList,
  CaseQueue,
  type CaseTransitionRequest,
  type CreateServiceRequest,
  EligibilityOverview,
  type MaterialReviewRequest,
  OrganisationFacts,
  PolicyCase,
  PolicyService,
  PolicyServiceList,
  type PolicyServiceListQuery,
  PolicyServiceSearchPage,
  type PolicyServiceSearchQuery,
  ServiceTemplate,
  ServiceVersionList,
  type SetCalendarDay,
  type UpdateOrganisationFacts,
  type UpdateServiceRequest,
  AgencyList,
  type CatalogueEntryInput,
  CatalogueEntry,
  CatalogueInterest,
  type CatalogueInterestRequest,
  CatalogueLeadList,
  type CatalogueListQuery,
  CatalogueListing,
  CatalogueOrderList,
  MyCatalogueInterestList,
  NextCatalogueCode,
  type SetAnnotationStatusRequest,
  type UpdateCatalogueEntryRequest,
  MarkdownPreview,
} from '@annex/contracts';
import { allianceCalls } from './alliance.ts';
import { allianceNewsCalls } from './alliance-news.ts';
import { contractCalls } from './contract.ts';
import { deskCalls } from './desk.ts';
import { emailCalls } from './email.ts';
import { implementationCalls } from './implementation.ts';
import { integrationCalls } from './integration.ts';
import { statisticsCalls } from './statistics.ts';
import { kpiCalls } from './kpi.ts';

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

/** One request as the calls describe it. */
export type Call<T> = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined | null>;
  /** sent as JSON */
  body?: unknown;
  /** sent as multipart/form-data instead of a JSON body (file uploads) */
  form?: FormData;
  /** this call's time limit (default: the client's) */
  timeoutMs?: number;
  /** headers of this call only, e.g. Idempotency-Key */
  headers?: Record<string, string>;
  /** Omitted when the endpoint answers 204 or its body does not matter to the caller. */
  schema?: Schema<T>;
};

/** The buyer's weights of the comparison score (0–100 each). */
export type Weights = { price: number; quality: number; capability: number; trackRecord: number };

/** A list page: where to start and how many. */
type PageQuery = { cursor?: string | null; limit?: number };

/** A file as the API streams it: pass `body` and the headers on to the browser. */
export type Download =
  | { ok: true; status: number; body: ReadableStream<Uint8Array> | null; headers: Headers }
  | { ok: false; status: number; problem: Problem };

const PREFIX = '/api/v1';
/** An import of 20,000 rows takes a while to check and to apply. */
const IMPORT_TIMEOUT_MS = 300_000;
const id = (s: string) => encodeURIComponent(s);
/** Header that makes a creating POST safe to retry (Stripe semantics on the API side). */
const idem = (key: string | undefined) => (key ? { 'idempotency-key': key } : undefined);

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

/** A search query as callers pass it: every field optional, lists as arrays, flags as booleans. */
export type SearchQueryInput<Q> = { [K in keyof Q]?: Q[K] | null };

/** Lists become `a,b` (the API accepts both forms), the rest strings; empty values are left out. */
function listQuery(q: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.join(',');
    } else out[k] = String(v);
  }
  return out;
}

/** The states of the secretariat's case queue. */
type CaseQueueStatus = 'submitted' | 'accepted' | 'collecting_materials' | 'filed';

/** The function every call goes through (modules of calls receive it). */
export type CallFn = <T>(c: Call<T>) => Promise<ApiResult<T>>;

/** Creates a client bound to one caller (cookie, origin); cheap enough to make per request. */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(c: Call<T>): Promise<ApiResult<T>> {
    const url = new URL(base + PREFIX + c.path);
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers, ...c.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    // a FormData body sets its own multipart content type with the boundary
    if (c.body !== undefined && !c.form) headers['content-type'] = 'application/json';

    let res: Response;
    try {
      res = await doFetch(url, {
        method: c.method,
        headers,
        body: c.form ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
        redirect: 'manual',
        signal: AbortSignal.timeout(c.timeoutMs ?? options.timeoutMs ?? 15_000),
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

  /** A file the API streams (attachments, exports), with its headers to pass on to the browser. */
  async function download(path: string, query: Record<string, string | undefined> = {}): Promise<Download> {
    const url = new URL(base + PREFIX + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    let res: Response;
    try {
      res = await doFetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
    } catch (e) {
      return { ok: false, status: 503, problem: localProblem('service_unavailable', `API not reachable: ${(e as Error).message}`) };
    }
    if (res.ok) return { ok: true, status: res.status, body: res.body, headers: res.headers };
    const parsed = Problem.safeParse(await res.json().catch(() => undefined));
    return { ok: false, status: res.status, problem: parsed.success ? parsed.data : localProblem('not_found', `HTTP ${res.status}`) };
  }

  return {
    /** POST /auth/register — the same answer whether or not it created the account; then sign in. */
    register: (body: RegisterRequest) => call({ method: 'POST', path: '/auth/register', body, schema: RegistrationReceived }),
    /** POST /auth/login */
    login: (body: LoginRequest) => call({ method: 'POST', path: '/auth/login', body, schema: Me }),
    /** POST /auth/logout */
    logout: () => call<void>({ method: 'POST', path: '/auth/logout', body: {} }),
    /** GET /me — the current user, organisation and role. */
    me: () => call({ method: 'GET', path: '/me', schema: Me }),
    /** POST /me/password — ends every session of the user; the caller continues in a new one (Set-Cookie). */
    changePassword: (body: ChangePasswordRequest) => call<void>({ method: 'POST', path: '/me/password', body }),
    /** GET /me/sessions */
    sessions: () => call({ method: 'GET', path: '/me/sessions', schema: SessionList }),
    /** DELETE /me/sessions/{id} */
    revokeSession: (id: string) => call<void>({ method: 'DELETE', path: `/me/sessions/${encodeURIComponent(id)}` }),
    /** GET /uscc/check — normalised code and the rule it breaks. */
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
    /**
     * GET /orders — published orders through the search (with facet counts; the plain first page still comes when
     * search is down), or with `scope: 'mine'` the calling buyer's own from the database.
     */
    orders: (q: SearchQueryInput<OrderSearchQuery> = {}) => call({ method: 'GET', path: '/orders', query: listQuery(q), schema: OrderListing }),
    /** GET /search — the global search box: the best hits of each kind, grouped and highlighted. */
    search: (q: string, limit?: number) => call({ method: 'GET', path: '/search', query: { q, limit }, schema: GlobalSearchResult }),
    /** GET /search/orders — published orders by text, filters and facets; 503 search_unavailable when the index is down. */
    searchOrders: (q: SearchQueryInput<SearchOrdersQuery> = {}) =>
      call({ method: 'GET', path: '/search/orders', query: listQuery(q), schema: OrderSearchPage }),
    /** GET /vendors — the directory of verified vendors with capability filters and facets. */
    vendorDirectory: (q: SearchQueryInput<VendorDirectoryQuery> = {}) =>
      call({ method: 'GET', path: '/vendors', query: listQuery(q), schema: VendorDirectoryPage }),
    /** GET /config — the market's rules that forms check before sending (the minimum bidding window, …). */
    config: () => call({ method: 'GET', path: '/config', schema: PublicConfig }),
    /** GET /vendors/{id} — the public profile of a verified vendor. */
    publicVendor: (vendorId: string) => call({ method: 'GET', path: `/vendors/${id(vendorId)}`, schema: PublicVendor }),

    // ---------- orders ----------
    /** POST /orders — saves a new draft (buyers). */
    createOrder: (body: CreateOrderRequest, idempotencyKey?: string) =>
      call({ method: 'POST', path: '/orders', body, headers: idem(idempotencyKey), schema: Order }),
    /** GET /orders/{id} — with the caller's permissions and, for vendors, their own bid. */
    order: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}`, schema: Order }),
    /** PATCH /orders/{id} — edits a draft or amends an open order (then `amendmentReason` is needed). */
    updateOrder: (orderId: string, body: UpdateOrderRequest) =>
      call({ method: 'PATCH', path: `/orders/${id(orderId)}`, body, schema: Order }),
    /** POST /orders/{id}/submit — a complete draft goes to the secretariat for review. */
    submitOrder: (orderId: string) => call({ method: 'POST', path: `/orders/${id(orderId)}/submit`, schema: Order }),
    /** POST /orders/{id}/cancel — with a reason; bidders are told. */
    cancelOrder: (orderId: string, reason: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/cancel`, body: { reason }, schema: Order }),
    /** GET /orders/{id}/timeline — every state change, oldest first. */
    timeline: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}/timeline`, schema: Timeline }),

    // ---------- attachments ----------
    /**
     * POST /orders/{id}/attachments — a guideline or sample (multipart; the API checks the type by content).
     * On an open order it is an amendment, and `reason` tells the bidders why.
     */
    uploadAttachment: (orderId: string, file: Blob, fileName: string, kind: (typeof ATTACHMENT_KINDS)[number], reason?: string) => {
      const form = new FormData();
      form.set('kind', kind);
      if (reason) form.set('reason', reason);
      form.set('file', file, fileName);
      return call({ method: 'POST', path: `/orders/${id(orderId)}/attachments`, form, schema: Attachment });
    },
    /** GET /orders/{id}/attachments/{attachmentId} — the file as a stream, to pass on to the browser. */
    downloadAttachment: (orderId: string, attachmentId: string) => download(`/orders/${id(orderId)}/attachments/${id(attachmentId)}`),
    /** DELETE /orders/{id}/attachments/{attachmentId} — from a draft, or from an open order as an amendment (with `reason`). */
    deleteAttachment: (orderId: string, attachmentId: string, reason?: string) =>
      call<void>({
        method: 'DELETE',
        path: `/orders/${id(orderId)}/attachments/${id(attachmentId)}${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`,
      }),

    // ---------- secretariat: order review ----------
    /** GET /admin/orders — orders waiting for review, oldest submission first. */
    reviewQueue: (q: PageQuery = {}) => call({ method: 'GET', path: '/admin/orders', query: q, schema: ReviewQueue }),
    /** POST /admin/orders/{id}/review — approve (→ open) or reject with a reason (→ draft). */
    reviewOrder: (orderId: string, body: ReviewOrderRequest) =>
      call({ method: 'POST', path: `/admin/orders/${id(orderId)}/review`, body, schema: Order }),

    // ---------- questions ----------
    /** GET /orders/{id}/questions — public; askers are anonymous to other vendors. */
    questions: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}/questions`, schema: QuestionList }),
    /** POST /orders/{id}/questions — verified vendors, until questionsCloseAt. */
    askQuestion: (orderId: string, body: string, idempotencyKey?: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/questions`, body: { body }, headers: idem(idempotencyKey), schema: Question }),
    /** POST /orders/{id}/questions/{qid}/answer — the buyer. */
    answerQuestion: (orderId: string, questionId: string, answer: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/questions/${id(questionId)}/answer`, body: { answer }, schema: Question }),

    // ---------- bids ----------
    /** POST /orders/{id}/bids — the key makes a retry (double click, lost answer) return the first bid, not a second. */
    placeBid: (orderId: string, body: CreateBidRequest, idempotencyKey: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/bids`, body, headers: idem(idempotencyKey), schema: MyBid }),
    /** GET /orders/{id}/bids — buyer and secretariat; 403 bids_sealed before a sealed order's deadline. */
    bids: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}/bids`, schema: BidList }),
    /** GET /orders/{id}/bids/mine — the caller's bid with its revisions (404 when there is none). */
    myBid: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}/bids/mine`, schema: MyBid }),
    /** PATCH /orders/{id}/bids/mine — a new revision; also re-confirms. */
    updateMyBid: (orderId: string, body: UpdateBidRequest) =>
      call({ method: 'PATCH', path: `/orders/${id(orderId)}/bids/mine`, body, schema: MyBid }),
    /** DELETE /orders/{id}/bids/mine — withdraw before the deadline. */
    withdrawMyBid: (orderId: string) => call({ method: 'DELETE', path: `/orders/${id(orderId)}/bids/mine`, schema: MyBid }),
    /** POST /orders/{id}/bids/mine/reconfirm — keep the bid under amended terms. */
    reconfirmMyBid: (orderId: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/bids/mine/reconfirm`, schema: MyBid }),
    /**
     * POST /orders/{id}/bids/mine/attachments — a file of the caller's live bid (technical proposal, quote, certificates)
     * while bidding is open (multipart; the API checks the type by content).
     */
    uploadBidAttachment: (orderId: string, file: Blob, fileName: string) => {
      const form = new FormData();
      form.set('file', file, fileName);
      return call({ method: 'POST', path: `/orders/${id(orderId)}/bids/mine/attachments`, form, schema: BidAttachment });
    },
    /** DELETE /orders/{id}/bids/mine/attachments/{attachmentId} — removes a file of the caller's live bid before the deadline. */
    deleteBidAttachment: (orderId: string, attachmentId: string) =>
      call<void>({ method: 'DELETE', path: `/orders/${id(orderId)}/bids/mine/attachments/${id(attachmentId)}` }),
    /** POST /orders/{id}/bids/{bidId}/disqualify — buyer or secretariat, with a reason. */
    disqualifyBid: (orderId: string, bidId: string, reason: string) =>
      call<unknown>({ method: 'POST', path: `/orders/${id(orderId)}/bids/${id(bidId)}/disqualify`, body: { reason } }),
    /** GET /me/bids — the calling vendor's bids across orders, newest first. */
    myBids: (q: Partial<Omit<MyBidsQuery, 'cursor'>> & PageQuery = {}) => call({ method: 'GET', path: '/me/bids', query: q, schema: MyBidsList }),

    // ---------- evaluation, award, objections ----------
    /** GET /orders/{id}/comparison — bids side by side, scored under the given weights (defaults for the missing ones). */
    comparison: (orderId: string, weights: Partial<Weights> = {}) =>
      call({ method: 'GET', path: `/orders/${id(orderId)}/comparison`, query: weights, schema: Comparison }),
    /** POST /orders/{id}/award — a bid and the reason; opens the publicity window. */
    award: (orderId: string, body: AwardRequest, idempotencyKey?: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/award`, body, headers: idem(idempotencyKey), schema: AwardNotice }),
    // ---------- reviews and track records ----------
    /** GET /orders/{id}/contract/reviews — both reviews as the caller may see them (double-blind), and what it may do. */
    contractReviews: (orderId: string) => call({ method: 'GET', path: `/orders/${id(orderId)}/contract/reviews`, schema: ContractReviews }),
    /** POST /orders/{id}/contract/reviews — the caller's side reviews the other within 14 days of the contract's end. */
    submitReview: (orderId: string, body: SubmitReviewRequest) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/contract/reviews`, body, schema: ContractReviews }),
    /** POST /orders/{id}/contract/reviews/{side}/reply — the side a revealed review is about replies, once. */
    replyToReview: (orderId: string, side: 'buyer' | 'vendor', body: ReviewReplyRequest) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/contract/reviews/${side}/reply`, body, schema: ContractReviews }),
    /** GET /organisations/{id}/track-record — a vendor's or a buyer's record, each figure with its orders. */
    trackRecord: (orgId: string) => call({ method: 'GET', path: `/organisations/${id(orgId)}/track-record`, schema: TrackRecord }),
    /** GET /orders/{id}/objections — buyer and secretariat: all; a vendor: its own. */
    objections: (orderId: string) =>
      call({ method: 'GET', path: `/orders/${id(orderId)}/objections`, schema: ObjectionList.pick({ items: true }) }),
    /** POST /orders/{id}/objections — a losing bidder, during the publicity window. */
    fileObjection: (orderId: string, body: string, idempotencyKey?: string) =>
      call({ method: 'POST', path: `/orders/${id(orderId)}/objections`, body: { body }, headers: idem(idempotencyKey), schema: Objection }),
    /** GET /admin/objections — objections waiting for the secretariat, oldest first. */
    objectionQueue: (q: PageQuery = {}) => call({ method: 'GET', path: '/admin/objections', query: q, schema: ObjectionList }),
    /** POST /admin/objections/{id}/decide — uphold (award cancelled) or reject (award stands), with a reason. */
    decideObjection: (objectionId: string, body: DecideObjectionRequest) =>
      call({ method: 'POST', path: `/admin/objections/${id(objectionId)}/decide`, body, schema: Objection }),

    // ---------- matching ----------
    /** GET /orders/{id}/matches — eligible verified vendors, best match first (the order's buyer and the secretariat). */
    orderMatches: (orderId: string, limit?: number) =>
      call({ method: 'GET', path: `/orders/${id(orderId)}/matches`, query: { limit }, schema: VendorMatchList }),
    /** GET /me/recommended-orders — open orders the calling vendor may bid on, best match first. */
    recommendedOrders: (limit?: number) => call({ method: 'GET', path: '/me/recommended-orders', query: { limit }, schema: OrderMatchList }),

    // ---------- saved searches ----------
    /** GET /me/saved-searches — the caller's, newest first. */
    savedSearches: () => call({ method: 'GET', path: '/me/saved-searches', schema: SavedSearchList }),
    /** POST /me/saved-searches — vendors; 409 for a name in use, 422 past the limit. */
    createSavedSearch: (body: CreateSavedSearchRequest) => call({ method: 'POST', path: '/me/saved-searches', body, schema: SavedSearch }),
    /** PATCH /me/saved-searches/{id} — rename and/or switch the alert. */
    updateSavedSearch: (savedSearchId: string, body: UpdateSavedSearchRequest) =>
      call({ method: 'PATCH', path: `/me/saved-searches/${id(savedSearchId)}`, body, schema: SavedSearch }),
    /** DELETE /me/saved-searches/{id} */
    deleteSavedSearch: (savedSearchId: string) => call<void>({ method: 'DELETE', path: `/me/saved-searches/${id(savedSearchId)}` }),

    // ---------- policy services (政策代办) ----------
    /** GET /policy/services — published services (the secretariat: `status` draft or archived too), by category and agency. */
    policyServices: (q: Partial<Omit<PolicyServiceListQuery, 'cursor' | 'limit'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/policy/services', query: q, schema: PolicyServiceList }),
    /** GET /policy/search — published services by text, with category and agency facet counts. */
    searchPolicyServices: (q: SearchQueryInput<PolicyServiceSearchQuery> = {}) =>
      call({ method: 'GET', path: '/policy/search', query: listQuery(q), schema: PolicyServiceSearchPage }),
    /** GET /policy/services/{id} — the current version; a signed-in firm gets its eligibility and open case. */
    policyService: (serviceId: string) => call({ method: 'GET', path: `/policy/services/${id(serviceId)}`, schema: PolicyService }),
    /** GET /policy/services/{id}/versions — newest first. */
    policyServiceVersions: (serviceId: string) =>
      call({ method: 'GET', path: `/policy/services/${id(serviceId)}/versions`, schema: ServiceVersionList }),
    /** POST /policy/services — the secretariat drafts a service. */
    createPolicyService: (body: CreateServiceRequest) => call({ method: 'POST', path: '/policy/services', body, schema: PolicyService }),
    /** PATCH /policy/services/{id} — a draft in place; a published service gets a new version (effectiveFrom). */
    updatePolicyService: (serviceId: string, body: UpdateServiceRequest) =>
      call({ method: 'PATCH', path: `/policy/services/${id(serviceId)}`, body, schema: PolicyService }),
    /** POST /policy/services/{id}/publish or /archive */
    setPolicyServiceStatus: (serviceId: string, step: 'publish' | 'archive') =>
      call({ method: 'POST', path: `/policy/services/${id(serviceId)}/${step}`, schema: PolicyService }),
    /** POST /policy/services/{id}/templates — a form to fill in, named by a material's templateFileId. */
    uploadServiceTemplate: (serviceId: string, file: Blob, fileName: string) => {
      const form = new FormData();
      form.set('file', file, fileName);
      return call({ method: 'POST', path: `/policy/services/${id(serviceId)}/templates`, form, schema: ServiceTemplate });
    },
    /** GET /policy/eligibility — every published service with the caller's firm's eligibility, likeliest first. */
    policyEligibility: () => call({ method: 'GET', path: '/policy/eligibility', schema: EligibilityOverview }),
    /** GET /organisations/mine/facts — what the firm told about itself for eligibility. */
    organisationFacts: () => call({ method: 'GET', path: '/organisations/mine/facts', schema: OrganisationFacts }),
    /** PUT /organisations/mine/facts */
    putOrganisationFacts: (body: UpdateOrganisationFacts) =>
      call({ method: 'PUT', path: '/organisations/mine/facts', body, schema: OrganisationFacts }),
    /** POST /policy/cases — a member firm opens a case for a published service. */
    openPolicyCase: (serviceId: string, note = '', idempotencyKey?: string) =>
      call({ method: 'POST', path: '/policy/cases', body: { serviceId, note }, headers: idem(idempotencyKey), schema: PolicyCase }),
    /** GET /policy/cases — the caller's firm's cases, newest first. */
    myPolicyCases: (q: Partial<Omit<CaseListQuery, 'cursor' | 'limit'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/policy/cases', query: q, schema: CaseList }),
    /** GET /policy/cases/{id} — its firm and the secretariat only (404 to others). */
    policyCase: (caseId: string) => call({ method: 'GET', path: `/policy/cases/${id(caseId)}`, schema: PolicyCase }),
    /** POST /policy/cases/{id}/transition — a step of the case (see the case's permissions). */
    transitionPolicyCase: (caseId: string, body: CaseTransitionRequest) =>
      call({ method: 'POST', path: `/policy/cases/${id(caseId)}/transition`, body, schema: PolicyCase }),
    /** POST /policy/cases/{id}/materials/{materialId}/files — the firm hands in a file (multipart). */
    uploadCaseMaterial: (caseId: string, materialId: string, file: Blob, fileName: string) => {
      const form = new FormData();
      form.set('file', file, fileName);
      return call({ method: 'POST', path: `/policy/cases/${id(caseId)}/materials/${id(materialId)}/files`, form, schema: PolicyCase });
    },
    /** POST /policy/cases/{id}/materials/{materialId}/review — the secretariat accepts or asks for a correction. */
    reviewCaseMaterial: (caseId: string, materialId: string, body: MaterialReviewRequest) =>
      call({ method: 'POST', path: `/policy/cases/${id(caseId)}/materials/${id(materialId)}/review`, body, schema: PolicyCase }),
    /** GET /policy/cases/{id}/messages — oldest first. */
    caseMessages: (caseId: string, q: PageQuery = {}) =>
      call({ method: 'GET', path: `/policy/cases/${id(caseId)}/messages`, query: q, schema: CaseMessageList }),
    /** POST /policy/cases/{id}/messages */
    postCaseMessage: (caseId: string, body: string) =>
      call({ method: 'POST', path: `/policy/cases/${id(caseId)}/messages`, body: { body }, schema: CaseMessage }),
    /** GET /policy/queue — the secretariat's open cases, overdue first. */
    policyCaseQueue: (q: { status?: CaseQueueStatus; overdue?: boolean; cursor?: string | null; limit?: number } = {}) =>
      call({
        method: 'GET', path: '/policy/queue',
        query: { status: q.status, overdue: q.overdue === undefined ? undefined : String(q.overdue), cursor: q.cursor ?? undefined, limit: q.limit },
        schema: CaseQueue,
      }),
    /** GET /policy/calendar — the years entered and one year's holidays and make-up working days. */
    workingCalendar: (year?: number) => call({ method: 'GET', path: '/policy/calendar', query: { year }, schema: CalendarOverview }),
    /** PUT /policy/calendar/days/{date} — the secretariat sets a day (holiday, workday, or back to normal). */
    setCalendarDay: (date: string, body: SetCalendarDay) =>
      call({ method: 'PUT', path: `/policy/calendar/days/${id(date)}`, body, schema: CalendarYear }),
    /** POST /policy/calendar/years/{year}/confirm */
    confirmCalendarYear: (year: number, confirmed = true) =>
      call({ method: 'POST', path: `/policy/calendar/years/${year}/confirm`, body: { confirmed }, schema: CalendarYear }),

    // ---------- notifications ----------
    /** GET /notifications — the inbox, newest first, with the unread count. */
    notifications: (q: PageQuery & { unread?: boolean } = {}) =>
      call({
        method: 'GET',
        path: '/notifications',
        query: { cursor: q.cursor, limit: q.limit, unread: q.unread === undefined ? undefined : String(q.unread) },
        schema: NotificationList,
      }),
    /** POST /notifications/read — the given ids, or all. */
    markNotificationsRead: (body: MarkNotificationsRead) =>
      call({ method: 'POST', path: '/notifications/read', body, schema: UnreadCount }),

    // ---------- the public-data annotation catalogue ----------
    /** GET /catalogue — published entries by text, facets and sort; the secretariat also lists other statuses. */
    catalogue: (q: SearchQueryInput<CatalogueListQuery> = {}) =>
      call({ method: 'GET', path: '/catalogue', query: listQuery(q), schema: CatalogueListing }),
    /** GET /catalogue/{id} — anyone for a published entry, the secretariat for any; with the caller's permissions. */
    catalogueEntry: (entryId: string) => call({ method: 'GET', path: `/catalogue/${id(entryId)}`, schema: CatalogueEntry }),
    /** GET /catalogue/by-code/{code} — the same, by resource code. */
    catalogueEntryByCode: (code: string) => call({ method: 'GET', path: `/catalogue/by-code/${id(code)}`, schema: CatalogueEntry }),
    /** GET /catalogue/{id}/orders — the orders started from the entry that the caller may see. */
    catalogueEntryOrders: (entryId: string) => call({ method: 'GET', path: `/catalogue/${id(entryId)}/orders`, schema: CatalogueOrderList }),
    /** GET /catalogue/agencies — the agencies that hold public data. */
    agencies: () => call({ method: 'GET', path: '/catalogue/agencies', schema: AgencyList }),
    /** GET /catalogue/next-code — the next free resource code of a sector (the secretariat). */
    nextCatalogueCode: (sector: CatalogueEntryInput['sector']) =>
      call({ method: 'GET', path: '/catalogue/next-code', query: { sector }, schema: NextCatalogueCode }),
    /** POST /catalogue — a new draft entry (the secretariat). */
    createCatalogueEntry: (body: CatalogueEntryInput, idempotencyKey?: string) =>
      call({ method: 'POST', path: '/catalogue', body, headers: idem(idempotencyKey), schema: CatalogueEntry }),
    /** PATCH /catalogue/{id} — changes an entry (the secretariat); `version` refuses a change to an entry that moved on. */
    updateCatalogueEntry: (entryId: string, body: UpdateCatalogueEntryRequest) =>
      call({ method: 'PATCH', path: `/catalogue/${id(entryId)}`, body, schema: CatalogueEntry }),
    /** POST /catalogue/{id}/{publish|unpublish|archive} — the entry's lifecycle (the secretariat). */
    stepCatalogueEntry: (entryId: string, step: 'publish' | 'unpublish' | 'archive') =>
      call({ method: 'POST', path: `/catalogue/${id(entryId)}/${step}`, schema: CatalogueEntry }),
    /** POST /catalogue/{id}/annotation-status — confirms 已完成 or corrects the status (the secretariat). */
    setAnnotationStatus: (entryId: string, body: SetAnnotationStatusRequest) =>
      call({ method: 'POST', path: `/catalogue/${id(entryId)}/annotation-status`, body, schema: CatalogueEntry }),
    /** GET /catalogue/{id}/timeline — every change of the entry (the secretariat). */
    catalogueTimeline: (entryId: string) => call({ method: 'GET', path: `/catalogue/${id(entryId)}/timeline`, schema: Timeline }),
    /** PUT /catalogue/{id}/interest — registers or changes the calling vendor's interest. */
    putCatalogueInterest: (entryId: string, body: CatalogueInterestRequest) =>
      call({ method: 'PUT', path: `/catalogue/${id(entryId)}/interest`, body, schema: CatalogueInterest }),
    /** DELETE /catalogue/{id}/interest — withdraws it. */
    deleteCatalogueInterest: (entryId: string) => call<void>({ method: 'DELETE', path: `/catalogue/${id(entryId)}/interest` }),
    /** GET /catalogue/{id}/interests — the vendors interested in an entry (the secretariat's leads). */
    catalogueLeads: (entryId: string) => call({ method: 'GET', path: `/catalogue/${id(entryId)}/interests`, schema: CatalogueLeadList }),
    /** GET /catalogue/interests/mine — the calling vendor's interests. */
    myCatalogueInterests: () => call({ method: 'GET', path: '/catalogue/interests/mine', schema: MyCatalogueInterestList }),

    // ---------- catalogue import and export ----------
    /**
     * POST /catalogue/imports — the secretariat uploads a CSV or XLSX (multipart, field `file`); the preview lists every
     * problem by row and column and what confirming would do. A SvelteKit action passes the form's File as it is.
     */
    previewCatalogueImport: (file: Blob, fileName: string) => {
      const form = new FormData();
      form.set('file', file, fileName);
      return call({ method: 'POST', path: '/catalogue/imports', form, schema: ImportPreview, timeoutMs: IMPORT_TIMEOUT_MS });
    },
    /** GET /catalogue/imports/{id} — a preview again (after a redirect), with its confirmation once confirmed. */
    catalogueImport: (importId: string) => call({ method: 'GET', path: `/catalogue/imports/${id(importId)}`, schema: ImportPreview }),
    /** POST /catalogue/imports/{id}/confirm — `all` (refused while a row has problems) or `valid_only`, in one transaction. */
    confirmCatalogueImport: (importId: string, mode: ImportMode) =>
      call({ method: 'POST', path: `/catalogue/imports/${id(importId)}/confirm`, body: { mode }, schema: ImportResult, timeoutMs: IMPORT_TIMEOUT_MS }),
    /** GET /catalogue/imports/template — the import template (CSV or XLSX). */
    catalogueImportTemplate: (format: SheetFormat) => download('/catalogue/imports/template', { format }),
    /** GET /catalogue/export — the list's selection (same filters) as CSV (UTF-8 with BOM) or XLSX. */
    exportCatalogue: (q: SearchQueryInput<Omit<ExportQuery, 'format'>> & { format: SheetFormat }) => download('/catalogue/export', listQuery(q)),
    /** GET /catalogue/dcat.jsonld — the published catalogue as DCAT-AP 3.0 JSON-LD. */
    catalogueDcat: () => download('/catalogue/dcat.jsonld'),
    /** POST /markdown/preview — Markdown rendered and sanitised as the pages will show it once saved. */
    previewMarkdown: (markdown: string) => call({ method: 'POST', path: '/markdown/preview', body: { markdown }, schema: MarkdownPreview }),

    ...contractCalls(call),
    ...allianceCalls(call),
    ...allianceNewsCalls(call),
    ...implementationCalls(call),
    ...deskCalls(call, download),
    ...integrationCalls(call),
    ...statisticsCalls(call),
    ...kpiCalls(call),
    ...emailCalls(call),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
