import {
  ApiToken, ApiTokenList, ApiTokenUsagePage, type CreateApiTokenRequest, type CreateWebhookRequest, CreatedApiToken, type UpdateWebhookRequest,
  WebhookDelivery, WebhookDeliveryPage, WebhookSubscription, WebhookSubscriptionList, WebhookWithSecret,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);

/** The calls of an organisation's integrations: its API tokens and webhooks. */
export function integrationCalls(call: CallFn) {
  return {
    /** GET /organisations/mine/tokens — the organisation's tokens, newest first (owners). */
    apiTokens: () => call({ method: 'GET', path: '/organisations/mine/tokens', schema: ApiTokenList }),
    /** POST /organisations/mine/tokens — a new token; its text is in this answer only. */
    createApiToken: (body: CreateApiTokenRequest) => call({ method: 'POST', path: '/organisations/mine/tokens', body, schema: CreatedApiToken }),
    /** POST /organisations/mine/tokens/{id}/revoke — at once. */
    revokeApiToken: (tokenId: string) => call({ method: 'POST', path: `/organisations/mine/tokens/${id(tokenId)}/revoke`, schema: ApiToken }),
    /** GET /organisations/mine/tokens/{id}/usage — a page of the token's usage log, newest first. */
    apiTokenUsage: (tokenId: string, q: { cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: `/organisations/mine/tokens/${id(tokenId)}/usage`, query: { cursor: q.cursor, limit: q.limit }, schema: ApiTokenUsagePage }),
    /** GET /webhooks — the organisation's subscriptions (never their secrets). */
    webhooks: () => call({ method: 'GET', path: '/webhooks', schema: WebhookSubscriptionList }),
    /** POST /webhooks — a subscription; its secret is in this answer only. */
    createWebhook: (body: CreateWebhookRequest) => call({ method: 'POST', path: '/webhooks', body, schema: WebhookWithSecret }),
    /** PATCH /webhooks/{id} — change, turn off or on again. */
    updateWebhook: (webhookId: string, body: UpdateWebhookRequest) => call({ method: 'PATCH', path: `/webhooks/${id(webhookId)}`, body, schema: WebhookSubscription }),
    /** POST /webhooks/{id}/rotate-secret — a new secret (shown once); the previous one signs beside it for 24 h. */
    rotateWebhookSecret: (webhookId: string) => call({ method: 'POST', path: `/webhooks/${id(webhookId)}/rotate-secret`, schema: WebhookWithSecret }),
    /** GET /webhooks/{id}/deliveries — the delivery log, newest first. */
    webhookDeliveries: (webhookId: string, q: { cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: `/webhooks/${id(webhookId)}/deliveries`, query: { cursor: q.cursor, limit: q.limit }, schema: WebhookDeliveryPage }),
    /** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver — the same event again, due now. */
    redeliverWebhook: (webhookId: string, deliveryId: string) =>
      call({ method: 'POST', path: `/webhooks/${id(webhookId)}/deliveries/${id(deliveryId)}/redeliver`, schema: WebhookDelivery }),
  };
}
