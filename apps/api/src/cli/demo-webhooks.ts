import { generateWebhookSecret } from '@annex/auth';
import { type Tx, audit, webhooks } from '@annex/db';
import { type WebhookEventType, notificationKindsOf, webhookRetryAt } from '@annex/domain';
import { type DemoPerson, SEED_REQUEST } from './demo-history.ts';

// 星衡's data pipeline follows its contracts by webhook, so /org/webhooks shows a subscription and a delivery log at
// first start. The subscription is written before the demo's contracts, so their events reach it through the
// notifications trigger as real traffic does; the demo then plays the sender's part with the sender's own repository
// calls — the first event delivered, the second answered 503 once and delivered on its retry. Nothing is left due:
// the sender finds nothing to send at start. The host is under `.example` (RFC 2606), which no resolver answers, so
// an event of later use (the review window's acceptance, say) fails at the lookup and reaches nobody.

export const DEMO_WEBHOOK = {
  owner: 'buyer.xingheng@annex.local',
  url: 'https://pipeline.xingheng-ai.example/annex/webhooks',
  description: '数据管线：合同、交付与付款事件',
  eventTypes: ['contract.active', 'contract.changed', 'delivery.delivered', 'delivery.decided', 'payment.updated'] satisfies WebhookEventType[],
};

/** The subscription (before the contracts: their events become its deliveries). Returns its id. */
export async function subscribeDemoWebhook(tx: Tx, owner: DemoPerson): Promise<string> {
  const created = await webhooks.create(tx, {
    orgId: owner.orgId, url: DEMO_WEBHOOK.url, description: DEMO_WEBHOOK.description, eventTypes: DEMO_WEBHOOK.eventTypes,
    notificationKinds: notificationKindsOf(DEMO_WEBHOOK.eventTypes), secret: generateWebhookSecret(), createdBy: owner.userId,
  });
  await audit.append(tx, {
    actorUserId: owner.userId, actorOrgId: owner.orgId, entityType: 'webhook_subscription', entityId: created.id, action: 'created',
    after: { url: created.url, description: created.description, eventTypes: created.eventTypes, active: true, disabledReason: null },
    requestId: SEED_REQUEST.requestId,
  });
  return created.id;
}

/**
 * The sender's attempts on what the contracts queued: the first delivery succeeds; every later one is answered 503
 * and succeeds on its retry. The retry is made due at once (the demo does not wait the schedule's 30 s).
 */
export async function deliverDemoWebhooks(tx: Tx): Promise<void> {
  const first = await webhooks.claimDue(tx, 100);
  for (const [i, d] of first.entries()) {
    const ok = i === 0;
    await webhooks.recordAttempt(tx, {
      deliveryId: d.id, attempt: d.attempts, responseStatus: ok ? 200 : 503, durationMs: ok ? 184 : 96, error: ok ? null : 'HTTP 503',
      result: ok ? { kind: 'succeeded' } : { kind: 'retry', at: webhookRetryAt(d.attempts, new Date(Date.now() - 60_000))! },
    });
  }
  for (const d of await webhooks.claimDue(tx, 100)) {
    await webhooks.recordAttempt(tx, { deliveryId: d.id, attempt: d.attempts, responseStatus: 204, durationMs: 212, error: null, result: { kind: 'succeeded' } });
  }
}
