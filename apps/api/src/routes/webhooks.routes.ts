import { CreateWebhookRequest, UpdateWebhookRequest, WebhookDelivery, WebhookDeliveryPage, WebhookDeliveryQuery, WebhookSubscription, WebhookSubscriptionList, WebhookWithSecret } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import * as cases from '../use-cases/webhooks.ts';
import { requestMeta } from './meta.ts';

// The organisation's webhook subscriptions: its owners signed in, or an API token with webhooks:manage.
const owners = { tags: ['Webhooks'], security: sessionSecurity, middleware: authenticated };
const Subscription = named(WebhookSubscription, 'WebhookSubscription');
const WithSecret = named(WebhookWithSecret, 'WebhookWithSecret');
const params = z.object({ id: PathId });

const SIGNATURE_NOTE =
  '每次投递都是一个 POST，正文为 JSON 事件（id、type、occurredAt、organisationId、data），并带请求头 ' +
  '`Annex-Signature: t=<unix 秒>,v1=<十六进制 HMAC-SHA256(密钥, "<t>.<正文>")>`。接收方用自己的密钥重算并以常数时间比较，' +
  '且拒绝与本地时钟相差超过 5 分钟的 t（防重放）。轮换密钥后的 24 小时内，新旧密钥各签一个 `v1=`，任一匹配即可。' +
  '2xx 视为成功；其他状态、超时（10 秒）或连接失败会按指数退避重试约 24 小时（30 秒起翻倍，最长 4 小时，共 15 次）；' +
  '持续失败的订阅会被停用并通知组织所有者。地址须解析到公网（拒绝回环、私网、链路本地、CGNAT、ULA），投递时再次检查。\n\n' +
  'Every delivery is a POST of a JSON event (id, type, occurredAt, organisationId, data) with the header ' +
  '`Annex-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Receivers recompute it with their ' +
  'secret, compare in constant time, and refuse a t more than 5 minutes from their clock (replays). For 24 h after a ' +
  'rotation the new and the previous secret each sign one `v1=`: accept either. A 2xx is success; any other status, a ' +
  'timeout (10 s) or a connection failure is retried with exponential backoff for about 24 h (from 30 s doubling, at ' +
  'most 4 h, 15 attempts); a subscription that keeps failing is disabled and the owners told. The URL must resolve to ' +
  'public addresses (loopback, private, link-local, CGNAT and ULA ranges are refused), checked again at each delivery.';

const list = createRoute({
  ...owners, method: 'get', path: '/webhooks', operationId: 'listWebhooks',
  summary: '本组织的 Webhook 订阅 · The organisation\'s webhook subscriptions',
  description: '最新的在前；从不返回密钥。\n\nNewest first; never the secrets.',
  responses: { 200: jsonResponse(named(WebhookSubscriptionList, 'WebhookSubscriptionList'), 'The subscriptions'), ...problems(401, 403) },
});

const create = createRoute({
  ...owners, method: 'post', path: '/webhooks', operationId: 'createWebhook',
  summary: '创建 Webhook 订阅 · Create a webhook subscription',
  description: `签名密钥（\`whsec_…\`）只在此响应中出现一次。每个组织最多 10 个订阅。\n\nThe signing secret (\`whsec_…\`) is in this answer only. At most 10 subscriptions per organisation.\n\n${SIGNATURE_NOTE}`,
  request: { body: jsonBody(named(CreateWebhookRequest, 'CreateWebhookRequest')) },
  responses: { 201: jsonResponse(WithSecret, 'The subscription and its secret'), ...problems(...WRITE_PROBLEMS, 401, 422) },
});

const get = createRoute({
  ...owners, method: 'get', path: '/webhooks/{id}', operationId: 'getWebhook',
  summary: 'Webhook 订阅 · A webhook subscription', description: '不含密钥。\n\nWithout its secret.',
  request: { params },
  responses: { 200: jsonResponse(Subscription, 'The subscription'), ...problems(401, 403, 404) },
});

const update = createRoute({
  ...owners, method: 'patch', path: '/webhooks/{id}', operationId: 'updateWebhook',
  summary: '修改 Webhook 订阅 · Change a webhook subscription',
  description: '修改地址、说明或事件类型；`active: false` 停用，`active: true` 重新启用（失败计数清零）。\n\nChange the URL, description or event types; `active: false` turns it off, `active: true` on again (its failure count starts afresh).',
  request: { params, body: jsonBody(named(UpdateWebhookRequest, 'UpdateWebhookRequest')) },
  responses: { 200: jsonResponse(Subscription, 'The subscription'), ...problems(...WRITE_PROBLEMS, 401, 404, 422) },
});

const remove = createRoute({
  ...owners, method: 'delete', path: '/webhooks/{id}', operationId: 'deleteWebhook',
  summary: '删除 Webhook 订阅 · Delete a webhook subscription', description: '连同其投递记录。\n\nWith its delivery log.',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
});

const rotate = createRoute({
  ...owners, method: 'post', path: '/webhooks/{id}/rotate-secret', operationId: 'rotateWebhookSecret',
  summary: '轮换签名密钥 · Rotate the signing secret',
  description: '新密钥只在此响应中出现一次；之后 24 小时内新旧密钥都签名（两个 `v1=`），以便接收方切换。\n\nThe new secret is in this answer only; for 24 h both the new and the previous secret sign (two `v1=`), so receivers can switch over.',
  request: { params },
  responses: { 200: jsonResponse(WithSecret, 'The subscription and its new secret'), ...problems(401, 403, 404) },
});

const deliveries = createRoute({
  ...owners, method: 'get', path: '/webhooks/{id}/deliveries', operationId: 'listWebhookDeliveries',
  summary: '投递记录 · The delivery log',
  description: '最新的在前，每次投递含各次尝试的响应码、耗时和错误。\n\nNewest first; each delivery with its attempts\' response codes, durations and errors.',
  request: { params, query: WebhookDeliveryQuery },
  responses: { 200: jsonResponse(named(WebhookDeliveryPage, 'WebhookDeliveryPage'), 'A page of the log'), ...problems(400, 401, 403, 404) },
});

const redeliver = createRoute({
  ...owners, method: 'post', path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver', operationId: 'redeliverWebhook',
  summary: '重新投递 · Deliver an event again',
  description: '以同一事件 id 新建一次投递，立即发送（接收方可按事件 id 去重）。\n\nA new delivery of the same event (same event id, so receivers can deduplicate), due now.',
  request: { params: z.object({ id: PathId, deliveryId: z.string().max(20) }) },
  responses: { 201: jsonResponse(named(WebhookDelivery, 'WebhookDelivery'), 'The new delivery'), ...problems(401, 403, 404) },
});

/** The organisation's webhooks, for its owners and tokens with webhooks:manage. */
export const webhookRoutes = (deps: Deps) =>
  createRouter()
    .openapi(list, async (c) => c.json(await cases.listWebhooks(deps, requireAuth(c)), 200))
    .openapi(create, async (c) => c.json(await cases.createWebhook(deps, requireAuth(c), c.req.valid('json'), requestMeta(c)), 201))
    .openapi(get, async (c) => c.json(await cases.getWebhook(deps, requireAuth(c), c.req.valid('param').id), 200))
    .openapi(update, async (c) => c.json(await cases.updateWebhook(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200))
    .openapi(remove, async (c) => {
      await cases.deleteWebhook(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c));
      return c.body(null, 204);
    })
    .openapi(rotate, async (c) => c.json(await cases.rotateWebhookSecret(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200))
    .openapi(deliveries, async (c) => c.json(await cases.listWebhookDeliveries(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query')), 200))
    .openapi(redeliver, async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      return c.json(await cases.redeliverWebhook(deps, requireAuth(c), id, deliveryId, requestMeta(c)), 201);
    });
