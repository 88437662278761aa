import { ApiToken, ApiTokenList, ApiTokenUsagePage, ApiTokenUsageQuery, CreateApiTokenRequest, CreatedApiToken } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import * as cases from '../use-cases/api-tokens.ts';
import type { Deps } from '../use-cases/context.ts';
import { requestMeta } from './meta.ts';

// Managed signed in only: a token never creates, lists or revokes tokens (403 token_not_allowed).
const owners = { tags: ['API tokens'], security: sessionSecurity, middleware: authenticated };
const Item = named(ApiToken, 'ApiToken');
const params = z.object({ id: PathId });

const list = createRoute({
  ...owners, method: 'get', path: '/organisations/mine/tokens', operationId: 'listApiTokens',
  summary: '本组织的 API 令牌 · The organisation\'s API tokens (owners)',
  description: '最新的在前，含已撤销和已过期的；最近使用时间每分钟至多记录一次。\n\nNewest first, revoked and expired ones included; the last use is recorded at most once a minute.',
  responses: { 200: jsonResponse(named(ApiTokenList, 'ApiTokenList'), 'The tokens'), ...problems(401, 403) },
});

const create = createRoute({
  ...owners, method: 'post', path: '/organisations/mine/tokens', operationId: 'createApiToken',
  summary: '创建 API 令牌 · Create an API token (owners)',
  description:
    '令牌文本（`annex_<id>_<secret>`）只在此响应中出现一次，请立即保存。令牌以本组织成员（非所有者）的身份行事，仅限所选权限范围；有效期必填，最长一年。\n\n' +
    'The token\'s text (`annex_<id>_<secret>`) is in this answer only: store it now. The token acts as a member (not an owner) of ' +
    'the organisation, on the routes its scopes allow; an expiry is required, at most a year ahead.',
  request: { body: jsonBody(named(CreateApiTokenRequest, 'CreateApiTokenRequest')) },
  responses: { 201: jsonResponse(named(CreatedApiToken, 'CreatedApiToken'), 'The token and its text'), ...problems(...WRITE_PROBLEMS, 401, 422) },
});

const revoke = createRoute({
  ...owners, method: 'post', path: '/organisations/mine/tokens/{id}/revoke', operationId: 'revokeApiToken',
  summary: '撤销 API 令牌 · Revoke an API token (owners)',
  description: '立即生效：下一个请求即被拒绝（401 token_revoked）。\n\nAt once: the very next request with it is refused (401 token_revoked).',
  request: { params },
  responses: { 200: jsonResponse(Item, 'The revoked token'), ...problems(401, 403, 404, 409) },
});

const usage = createRoute({
  ...owners, method: 'get', path: '/organisations/mine/tokens/{id}/usage', operationId: 'listApiTokenUsage',
  summary: 'API 令牌的使用记录 · An API token\'s usage log (owners)',
  description: '每个请求一行（时间、方法、路由模式、状态码、来源地址），保留 90 天，最新的在前。\n\nOne line per request (time, method, route pattern, status, source address), kept 90 days, newest first.',
  request: { params, query: ApiTokenUsageQuery },
  responses: { 200: jsonResponse(named(ApiTokenUsagePage, 'ApiTokenUsagePage'), 'A page of the log'), ...problems(400, 401, 403, 404) },
});

/** The organisation's API tokens, for its owners. */
export const apiTokenRoutes = (deps: Deps) =>
  createRouter()
    .openapi(list, async (c) => c.json(await cases.listApiTokens(deps, requireAuth(c)), 200))
    .openapi(create, async (c) => c.json(await cases.createApiToken(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 201))
    .openapi(revoke, async (c) => c.json(await cases.revokeApiToken(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200))
    .openapi(usage, async (c) => c.json(await cases.apiTokenUsage(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query')), 200));
