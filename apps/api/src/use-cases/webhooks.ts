import { generateWebhookSecret } from '@annex/auth';
import type {
  CreateWebhookRequest, UpdateWebhookRequest, WebhookDelivery, WebhookDeliveryPage, WebhookSubscription, WebhookSubscriptionList, WebhookWithSecret,
} from '@annex/contracts';
import { InvalidCursorError, type WebhookAttemptRow, type WebhookDeliveryRow, type WebhookSubscriptionRow, audit, webhooks, withTransaction } from '@annex/db';
import {
  type DestinationProblem, type WebhookEventType, MAX_WEBHOOK_SUBSCRIPTIONS, WEBHOOK_SECRET_OVERLAP_MS, notificationKindsOf, webhookEventOf,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { destinationProblem } from '../lib/webhook-post.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireMembership } from './guards.ts';

// Webhook subscriptions of an organisation (issue 11): its owners signed in, or an API token with webhooks:manage (the
// scope is checked before the route runs), create them (the secret is shown once), change, turn off and on, rotate the
// secret, read the delivery log and ask for a redelivery. The sender is ../webhook-sender.ts.

function requireWebhookManager(auth: AuthContext) {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', "the secretariat's organisation has no webhooks");
  if (!auth.apiToken && m.role !== 'owner') throw new AppError('forbidden', 'only an owner of the organisation manages its webhooks');
  return m;
}

const DESTINATION_MESSAGES: Record<DestinationProblem, string> = {
  invalid_url: 'not a URL whose host resolves',
  scheme_not_allowed: 'only http and https URLs',
  credentials_in_url: 'a URL may not carry a user name or password',
  private_destination: 'the host resolves to a loopback, private, link-local or otherwise non-public address',
};

async function checkDestination(deps: Deps, url: string): Promise<void> {
  const problem = await destinationProblem(url, deps.config.webhookAllowPrivateDestinations);
  if (problem) {
    throw new AppError('webhook_destination_not_allowed', `webhooks cannot be sent to this URL: ${DESTINATION_MESSAGES[problem]}`, {
      errors: [{ path: 'url', message: DESTINATION_MESSAGES[problem] }],
    });
  }
}

const notFound = () => new AppError('not_found', 'no webhook subscription of your organisation with this id');

function toSubscription(s: WebhookSubscriptionRow, now: Date): WebhookSubscription {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    eventTypes: s.eventTypes as WebhookEventType[],
    active: s.active,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    previousSecretUntil: s.previousSecret && s.previousSecretUntil && s.previousSecretUntil > now ? s.previousSecretUntil.toISOString() : null,
    consecutiveFailures: s.consecutiveFailures,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function toDelivery(d: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): WebhookDelivery {
  return {
    id: String(d.id),
    eventId: d.eventId,
    eventType: webhookEventOf(d.kind)!,
    orderId: d.orderId,
    status: d.status,
    attempts: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), responseStatus: a.responseStatus, durationMs: a.durationMs, error: a.error })),
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    redeliveryOf: d.redeliveryOf === null ? null : String(d.redeliveryOf),
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a subscription (never its secrets). */
const audited = (s: WebhookSubscriptionRow) => ({ url: s.url, description: s.description, eventTypes: s.eventTypes, active: s.active, disabledReason: s.disabledReason });

/** GET /webhooks */
export async function listWebhooks(deps: Deps, auth: AuthContext): Promise<WebhookSubscriptionList> {
  const m = requireWebhookManager(auth);
  const now = deps.now();
  return { items: (await webhooks.listForOrg(db(deps), m.orgId)).map((s) => toSubscription(s, now)) };
}

/** GET /webhooks/{id} */
export async function getWebhook(deps: Deps, auth: AuthContext, id: string): Promise<WebhookSubscription> {
  const m = requireWebhookManager(auth);
  const s = await webhooks.findForOrg(db(deps), m.orgId, id);
  if (!s) throw notFound();
  return toSubscription(s, deps.now());
}

/** POST /webhooks: a new subscription; its secret is in this answer only. */
export async function createWebhook(deps: Deps, auth: AuthContext, body: CreateWebhookRequest, meta: RequestMeta): Promise<WebhookWithSecret> {
  const m = requireWebhookManager(auth);
  await checkDestination(deps, body.url);
  const eventTypes = [...new Set(body.eventTypes)];
  const secret = generateWebhookSecret();
  const row = await withTransaction(db(deps), async (tx) => {
    await webhooks.lockOrg(tx, m.orgId);
    if ((await webhooks.countForOrg(tx, m.orgId)) >= MAX_WEBHOOK_SUBSCRIPTIONS) {
      throw new AppError('webhook_limit_reached', `an organisation keeps at most ${MAX_WEBHOOK_SUBSCRIPTIONS} webhook subscriptions; delete one first`);
    }
    const created = await webhooks.create(tx, {
      orgId: m.orgId, url: body.url, description: body.description ?? '', eventTypes, notificationKinds: notificationKindsOf(eventTypes), secret,
      createdBy: auth.user.id,
    });
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'webhook_subscription', entityId: created.id, action: 'created',
      after: audited(created), requestId: meta.requestId,
    });
    return created;
  });
  return { subscription: toSubscription(row, deps.now()), secret };
}

/** PATCH /webhooks/{id}: change the URL, description or event types; turn it off, or on again (its failure count afresh). */
export async function updateWebhook(deps: Deps, auth: AuthContext, id: string, body: UpdateWebhookRequest, meta: RequestMeta): Promise<WebhookSubscription> {
  const m = requireWebhookManager(auth);
  if (body.url !== undefined) await checkDestination(deps, body.url);
  const eventTypes = body.eventTypes ? [...new Set(body.eventTypes)] : undefined;
  const row = await withTransaction(db(deps), async (tx) => {
    const before = await webhooks.findForOrg(tx, m.orgId, id, { lock: true });
    if (!before) throw notFound();
    const after = await webhooks.update(tx, id, {
      url: body.url, description: body.description, eventTypes, notificationKinds: eventTypes && notificationKindsOf(eventTypes),
      // turning on what is on, or off what is off, changes nothing
      active: body.active === undefined || body.active === before.active ? undefined : body.active,
    });
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'webhook_subscription', entityId: id, action: 'updated',
      before: audited(before), after: audited(after), requestId: meta.requestId,
    });
    return after;
  });
  return toSubscription(row, deps.now());
}

/** DELETE /webhooks/{id}: the subscription and its delivery log. */
export async function deleteWebhook(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<void> {
  const m = requireWebhookManager(auth);
  await withTransaction(db(deps), async (tx) => {
    const before = await webhooks.findForOrg(tx, m.orgId, id, { lock: true });
    if (!before) throw notFound();
    await webhooks.remove(tx, id);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'webhook_subscription', entityId: id, action: 'deleted',
      before: audited(before), requestId: meta.requestId,
    });
  });
}

/** POST /webhooks/{id}/rotate-secret: a new secret; the previous one signs beside it for WEBHOOK_SECRET_OVERLAP_MS. */
export async function rotateWebhookSecret(deps: Deps, auth: AuthContext, id: string, meta: RequestMeta): Promise<WebhookWithSecret> {
  const m = requireWebhookManager(auth);
  const secret = generateWebhookSecret();
  const now = deps.now();
  const row = await withTransaction(db(deps), async (tx) => {
    if (!(await webhooks.findForOrg(tx, m.orgId, id, { lock: true }))) throw notFound();
    const rotated = await webhooks.rotateSecret(tx, id, secret, new Date(now.getTime() + WEBHOOK_SECRET_OVERLAP_MS));
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'webhook_subscription', entityId: id, action: 'secret_rotated',
      after: { previousSecretUntil: rotated.previousSecretUntil }, requestId: meta.requestId,
    });
    return rotated;
  });
  return { subscription: toSubscription(row, now), secret };
}

/** GET /webhooks/{id}/deliveries: newest first, each with its attempts. */
export async function listWebhookDeliveries(
  deps: Deps, auth: AuthContext, id: string, query: { cursor?: string; limit?: number },
): Promise<WebhookDeliveryPage> {
  const m = requireWebhookManager(auth);
  if (!(await webhooks.findForOrg(db(deps), m.orgId, id))) throw notFound();
  try {
    const page = await webhooks.listDeliveries(db(deps), id, { cursor: query.cursor ?? null, limit: query.limit });
    const attempts = await webhooks.attemptsOf(db(deps), page.items.map((d) => d.id));
    return { items: page.items.map((d) => toDelivery(d, attempts.filter((a) => a.deliveryId === d.id))), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver: the same event (same id) again, as a new delivery due now. */
export async function redeliverWebhook(deps: Deps, auth: AuthContext, id: string, deliveryId: string, meta: RequestMeta): Promise<WebhookDelivery> {
  const m = requireWebhookManager(auth);
  const n = /^\d{1,15}$/.test(deliveryId) ? Number(deliveryId) : null;
  const original = n === null ? null : await webhooks.findDelivery(db(deps), m.orgId, id, n);
  if (!original) throw new AppError('not_found', 'no delivery of this webhook subscription with this id');
  const copy = await withTransaction(db(deps), async (tx) => {
    const made = await webhooks.redeliver(tx, original);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'webhook_subscription', entityId: id, action: 'redelivered',
      after: { deliveryId: made.id, of: original.id, eventId: original.eventId }, requestId: meta.requestId,
    });
    return made;
  });
  return toDelivery(copy, []);
}
