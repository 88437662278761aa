import { TOKEN_SCOPES, tokenRequirement } from '@annex/domain';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';

// The OpenAPI document integrators generate clients from. Routes declare their schemas; what holds for every
// operation is added here, from one place each: the operation's id (derived from method and path unless the route
// names one), how it is authenticated (from the domain's table of what API tokens may reach), and the bilingual
// description of that. Lint: `pnpm lint:openapi` (Redocly's recommended rules, no errors allowed).

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
  [k: string]: unknown;
};
type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Path ends that are verbs: POST …/submit is `submitOrder`, not `createOrderSubmit`. */
const ACTIONS = new Set([
  'submit', 'cancel', 'award', 'answer', 'accept', 'decline', 'withdraw', 'reconfirm', 'disqualify', 'publish', 'unpublish', 'archive',
  'confirm', 'revoke', 'review', 'decide', 'transition', 'reapply', 'terminate', 'invoice', 'pay', 'dispute', 'reply', 'request-changes',
]);

/** Ids where the derived one reads badly. */
const OPERATION_IDS: Record<string, string> = {
  'POST /api/v1/auth/register': 'register',
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/auth/logout': 'logout',
  'GET /api/v1/me': 'getMe',
  'POST /api/v1/me/password': 'changePassword',
  'GET /api/v1/uscc/check': 'checkUscc',
  'GET /api/v1/config': 'getPublicConfig',
  'GET /api/v1/search': 'searchAll',
  'GET /api/v1/search/orders': 'searchOrders',
  'GET /api/v1/policy/search': 'searchPolicyServices',
  'GET /api/v1/catalogue': 'listCatalogueEntries',
  'POST /api/v1/catalogue': 'createCatalogueEntry',
  'GET /api/v1/catalogue/{id}': 'getCatalogueEntry',
  'PATCH /api/v1/catalogue/{id}': 'updateCatalogueEntry',
  'GET /api/v1/catalogue/dcat.jsonld': 'getCatalogueDcat',
  'GET /api/v1/catalogue/by-code/{code}': 'getCatalogueEntryByCode',
  'POST /api/v1/catalogue/{id}/annotation-status': 'setCatalogueEntryAnnotationStatus',
  'POST /api/v1/orders/{id}/contract/terms': 'proposeOrderContractTerms',
  'GET /api/v1/organisations/mine/facts': 'getMyOrganisationFacts',
  'POST /api/v1/admin/vendors/{orgId}/verification': 'decideVendorVerification',
  'POST /api/v1/markdown/preview': 'previewMarkdown',
  'POST /api/v1/notifications/read': 'markNotificationsRead',
  'GET /healthz': 'checkHealth',
  'GET /readyz': 'checkReadiness',
};

const problem = (description: string) => ({
  description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

const pascal = (word: string) => word.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
/** Nouns whose single item has another name. */
const ITEM_NAMES: Record<string, string> = { catalogue: 'catalogue-entry' };
function singular(word: string): string {
  if (ITEM_NAMES[word]) return ITEM_NAMES[word];
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(us|ss)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A readable camelCase id from method and path: a verb (list/get/create/update/set/delete, or the action the path
 * ends in) and the nouns of the path, each singular when an id follows it; `mine` reads "my".
 * GET /orders/{id}/bids → listOrderBids; POST /orders/{id}/questions/{qid}/answer → answerOrderQuestion.
 */
export function deriveOperationId(method: string, path: string): string {
  const segments = path.replace(/^\/api\/v1/, '').split('/').filter(Boolean);
  let action: string | null = null;
  if (method === 'post' && segments.length > 1 && ACTIONS.has(segments.at(-1)!)) action = segments.pop()!;
  const endsInParam = /^\{.+\}$/.test(segments.at(-1) ?? '');
  const nouns: string[] = [];
  segments.forEach((s, i) => {
    if (/^\{.+\}$/.test(s)) return;
    if (s === 'mine' || s === 'me') {
      nouns.unshift('my');
      return;
    }
    const followedById = /^\{.+\}$|^mine$/.test(segments[i + 1] ?? '');
    nouns.push(followedById ? singular(s) : s.replace(/\./g, '-'));
  });
  const last = segments.at(-1) ?? '';
  const verb = action
    ? action
    : { get: endsInParam || !last.endsWith('s') ? 'get' : 'list', post: 'create', put: 'set', patch: 'update', delete: 'delete' }[method]!;
  // "create" of a collection makes one item
  if (verb === 'create' && nouns.length > 0) nouns[nouns.length - 1] = singular(nouns.at(-1)!);
  const id = [verb, ...nouns].map((w, i) => (i === 0 ? pascal(w).charAt(0).toLowerCase() + pascal(w).slice(1) : pascal(w))).join('');
  return id;
}

const SCOPE_WORDS: Record<string, string> = {
  orders: '订单 orders', bids: '投标 bids', contracts: '合同、交付与付款 contracts, delivery and payment', catalogue: '公共数据目录 catalogue',
  policy: '政策代办 policy services and cases', organisation: '组织与服务商 organisations and vendors', notifications: '站内通知 notifications',
};

/** How the operation is authenticated, in Chinese and English, for its description. */
function authNote(requiresSignIn: boolean, need: ReturnType<typeof tokenRequirement>): string {
  const who = requiresSignIn ? '需要登录 · Requires authentication' : '公开，可匿名访问 · Public (anonymous callers allowed)';
  if (need.kind === 'never') {
    const why = need.why === 'secretariat' ? '秘书处接口 · secretariat route' : '账户或令牌管理 · account or token management';
    return `${who}. API 令牌不可用（${why}），仅限浏览器会话 · API tokens never reach this route; browser session only.`;
  }
  if (need.kind === 'open') return `${who}. API 令牌：任何有效令牌 · API tokens: any valid token.`;
  return `${who}. API 令牌权限范围 · API token scope: \`${need.scope}\`.`;
}

/**
 * The document of the app, with ids, security and the authentication notes on every operation, the security
 * schemes and the tags explained.
 */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>, cookieName: string): Document {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Annex API',
      version: '1.0.0',
      description: INFO_DESCRIPTION,
      license: { name: '专有 · Proprietary (数据标注产业联盟 · the data-annotation industry alliance)' },
    },
    servers: [{ url: '/', description: '本站 · This site' }],
  });
  // two paths deriving the same id (GET /x and GET /x/{kind}/{id}): the later one is told apart by its parameters
  const taken = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      op.operationId ??= OPERATION_IDS[key] ?? deriveOperationId(method, path);
      if (taken.has(op.operationId)) op.operationId = `${op.operationId}By${pathParams(path).map(pascal).join('And')}`;
      taken.add(op.operationId);
      if (!path.startsWith('/api/v1/')) {
        op.security = [];
        continue;
      }
      const requiresSignIn = (op.security?.length ?? 0) > 0;
      const need = tokenRequirement(method, path.slice('/api/v1'.length).replace(/\{[^}]+\}/g, ':p'));
      const cookie = { sessionCookie: [] };
      const token = need.kind === 'never' ? [] : [{ bearerToken: need.kind === 'scope' ? [need.scope] : [] }];
      op.security = [...(requiresSignIn ? [] : [{}]), cookie, ...token];
      const note = authNote(requiresSignIn, need);
      op.description = op.description ? `${op.description}\n\n${note}` : note;
      // what any route may answer a bearer token: refused (401), out of scope (403), past its rate (429)
      const responses = (op.responses ?? {}) as Record<string, unknown>;
      responses['401'] ??= problem('未登录、会话过期，或 API 令牌无效 · Not signed in, session expired, or the API token refused');
      if (need.kind !== 'never') {
        responses['403'] ??= problem('API 令牌缺少权限范围（insufficient_scope） · The API token lacks the scope (insufficient_scope)');
        responses['429'] ??= problem('超出 API 令牌每分钟的请求限额，见 Retry-After · Past the API token\'s requests a minute; see Retry-After');
      }
      op.responses = responses;
    }
  }
  doc.components = {
    ...doc.components,
    securitySchemes: {
      sessionCookie: {
        type: 'apiKey',
        in: 'cookie',
        name: cookieName,
        description:
          '浏览器会话：登录（POST /api/v1/auth/login）后设置的 Cookie。凡是修改数据的请求都必须带有本站的 `Origin` 请求头（浏览器会自动发送），' +
          '否则返回 403 csrf_origin_mismatch；程序请改用 API 令牌。\n\n' +
          'The browser session: the cookie set by signing in (POST /api/v1/auth/login). Every request that changes something must ' +
          'carry the `Origin` header of this site (browsers send it), else 403 csrf_origin_mismatch; programs use an API token instead.',
      },
      bearerToken: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'annex_<id>_<secret>',
        description:
          '机器客户端：组织所有者在“API 令牌”页面（/org/tokens）创建的令牌，以 `Authorization: Bearer annex_…` 发送，无需 Origin。令牌以本组织成员身份行事，' +
          `仅限其权限范围（${TOKEN_SCOPES.join(', ')}）；缺少权限范围返回 403 insufficient_scope，吊销、过期或来源地址不符返回 401，超出每分钟限额返回 429 并带 Retry-After。\n\n` +
          'Machine clients: a token an owner of the organisation creates on the "API tokens" page (/org/tokens), sent as ' +
          '`Authorization: Bearer annex_…`, with no Origin needed. It acts as a member of its organisation on the routes its scopes ' +
          'allow; a missing scope is 403 insufficient_scope, a revoked, expired or wrongly sourced token 401, past the per-minute ' +
          'limit 429 with Retry-After.',
      },
    },
  };
  const used = new Set(Object.values(doc.paths ?? {}).flatMap((item) =>
    METHODS.flatMap((m) => (item as Record<string, Operation | undefined>)[m]?.tags ?? [])));
  doc.tags = [...used].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  return doc;
}

const INFO_DESCRIPTION = [
  '数据标注产业联盟的订单交易平台：需求方发布标注订单，服务商投标，秘书处审核。错误以 application/problem+json 返回，带稳定的 `code`；',
  '写请求须为 application/json。浏览器用会话 Cookie（并带本站 Origin），程序用 API 令牌（Bearer）。',
  '',
  'The order exchange of the data-annotation industry alliance: buyers post annotation orders, vendors bid, the secretariat reviews. ',
  'Errors are application/problem+json with a stable `code`; writes must be application/json. Browsers use the session cookie ',
  '(with an Origin of this site), programs an API token (Bearer). Scopes of API tokens per route family: ',
  Object.entries(SCOPE_WORDS).map(([f, w]) => `\`${f}:read\` / \`${f}:write\` (${w})`).join('; '),
  '; `webhooks:manage` (webhook subscriptions).',
].join('\n');

const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: '注册与登录 · Registration and sign-in',
  me: '当前用户 · The signed-in user',
  organisations: '组织 · Organisations',
  admin: '秘书处 · The secretariat',
  orders: '标注订单 · Annotation orders',
  bids: '投标 · Bids',
  questions: '答疑 · Questions and answers',
  awards: '定标与异议 · Awards and objections',
  contracts: '合同 · Contracts',
  catalogue: '公共数据标注目录 · The public-data annotation catalogue',
  policy: '政策代办 · Policy services and cases',
  notifications: '站内通知 · Notifications',
  search: '搜索 · Search',
  'API tokens': 'API 令牌 · API tokens',
};
