import { WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX, type WebhookEventType } from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, Page } from './common.ts';
import { singleLine } from './text.ts';

// Webhook subscriptions of an organisation (packages/domain webhook.ts), managed by its owners or by an API token
// with the scope webhooks:manage.

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]]);

/** A subscription as its organisation sees it (never its secret, which is shown once). */
export const WebhookSubscription = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(WebhookEventTypeSchema),
  /** false: its owner turned it off, or it kept failing and was disabled (disabledReason) */
  active: z.boolean(),
  disabledReason: z.enum(['owner', 'failing']).nullable(),
  disabledAt: IsoDateTime.nullable(),
  /** after a rotation, until when the previous secret still signs beside the new one (null: no overlap now) */
  previousSecretUntil: IsoDateTime.nullable(),
  /** failed attempts in a row (0 after a success) */
  consecutiveFailures: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const WebhookSubscriptionList = z.object({ items: z.array(WebhookSubscription) });
export type WebhookSubscriptionList = z.infer<typeof WebhookSubscriptionList>;

const Url = z.string().trim().min(8).max(WEBHOOK_URL_MAX);
const EventTypes = z.array(WebhookEventTypeSchema).min(1, 'choose at least one event type').max(WEBHOOK_EVENT_TYPES.length);

/** POST /webhooks (at most MAX_WEBHOOK_SUBSCRIPTIONS per organisation). */
export const CreateWebhookRequest = z.strictObject({
  /** http(s); its host must resolve to public addresses only (unless the operator allows private ones) */
  url: Url,
  description: singleLine(0, 200).default(''),
  eventTypes: EventTypes,
});
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequest>;

/** PATCH /webhooks/{id}: what is given changes; `active: true` turns a disabled subscription on again. */
export const UpdateWebhookRequest = z.strictObject({
  url: Url.optional(),
  description: singleLine(0, 200).optional(),
  eventTypes: EventTypes.optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

/** A new subscription, or a rotated secret: the secret (`whsec_…`) is in this answer only. */
export const WebhookWithSecret = z.object({ subscription: WebhookSubscription, secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

/** One attempt of a delivery. */
export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  at: IsoDateTime,
  /** the receiver's HTTP status; null when none came (refused destination, connection error, timeout) */
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

/** One event sent to one subscription, with its attempts. */
export const WebhookDelivery = z.object({
  id: z.string(),
  eventId: Id,
  eventType: WebhookEventTypeSchema,
  orderId: Id.nullable(),
  /** pending: waiting for its next attempt; succeeded: a 2xx came; failed: the retries ran out */
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.array(WebhookAttempt),
  nextAttemptAt: IsoDateTime.nullable(),
  redeliveryOf: z.string().nullable(),
  createdAt: IsoDateTime,
  deliveredAt: IsoDateTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryPage = Page(WebhookDelivery);
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;

export const WebhookDeliveryQuery = z.object({ cursor: Cursor.optional(), limit: Limit });

/** The body of every delivery (what receivers parse). */
export const WebhookEvent = z.object({
  /** the event's id: the same in a redelivery, so receivers can deduplicate */
  id: Id,
  type: WebhookEventTypeSchema,
  occurredAt: IsoDateTime,
  organisationId: Id,
  /** the order it concerns (most events) and the facts the organisation's inbox shows for it; never a sealed amount */
  data: z.object({ orderId: Id.nullable() }).catchall(z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

