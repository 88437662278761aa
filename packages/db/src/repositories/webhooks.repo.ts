import type { Db } from '../client.ts';
import { decodeIdCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

// Webhook subscriptions, their deliveries (the webhooks' outbox, written by the trigger of migration 0025) and the
// attempts of each delivery.

export type WebhookSubscriptionRow = {
  id: string;
  orgId: string;
  url: string;
  description: string;
  eventTypes: string[];
  notificationKinds: string[];
  active: boolean;
  disabledReason: 'owner' | 'failing' | null;
  disabledAt: Date | null;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewWebhookSubscription = {
  orgId: string; url: string; description: string; eventTypes: string[]; notificationKinds: string[]; secret: string; createdBy: string;
};

export type WebhookSubscriptionPatch = Partial<Pick<WebhookSubscriptionRow, 'url' | 'description' | 'eventTypes' | 'notificationKinds'>> & {
  /** true: turn it on again (its failure count starts afresh); false: the owner turns it off */
  active?: boolean;
};

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export type WebhookDeliveryRow = {
  id: number;
  subscriptionId: string;
  orgId: string;
  eventId: string;
  kind: string;
  orderId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
  redeliveryOf: number | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

/** A delivery a sender claimed, with what it needs of its subscription. */
export type ClaimedWebhookDelivery = WebhookDeliveryRow & {
  url: string; secret: string; previousSecret: string | null; previousSecretUntil: Date | null;
};

export type WebhookAttemptRow = { attempt: number; at: Date; responseStatus: number | null; durationMs: number; error: string | null };

/** One attempt's outcome as the sender records it: delivered, tried again at `retryAt`, or given up. */
export type AttemptOutcome = {
  deliveryId: number;
  attempt: number;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  result: { kind: 'succeeded' } | { kind: 'retry'; at: Date } | { kind: 'failed' };
};

export const webhooks = {
  async create(db: Db, s: NewWebhookSubscription): Promise<WebhookSubscriptionRow> {
    const [row] = await db<WebhookSubscriptionRow[]>`
      insert into webhook_subscriptions (org_id, url, description, event_types, notification_kinds, secret, created_by)
      values (${s.orgId}, ${s.url}, ${s.description}, ${db.array(s.eventTypes)}::text[], ${db.array(s.notificationKinds)}::text[], ${s.secret}, ${s.createdBy})
      returning *`;
    return row!;
  },

  /** Serialises the organisation's subscription writes (the count limit). */
  async lockOrg(db: Db, orgId: string): Promise<void> {
    await db`select pg_advisory_xact_lock(hashtextextended('webhooks:' || ${orgId}, 0))`;
  },

  async countForOrg(db: Db, orgId: string): Promise<number> {
    const [row] = await db<{ n: number }[]>`select count(*)::int as n from webhook_subscriptions where org_id = ${orgId}`;
    return row?.n ?? 0;
  },

  async listForOrg(db: Db, orgId: string): Promise<WebhookSubscriptionRow[]> {
    return [...(await db<WebhookSubscriptionRow[]>`select * from webhook_subscriptions where org_id = ${orgId} order by created_at desc, id`)];
  },

  /** The organisation's subscription (null: none such, or another organisation's). */
  async findForOrg(db: Db, orgId: string, id: string, opts: { lock?: boolean } = {}): Promise<WebhookSubscriptionRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<WebhookSubscriptionRow[]>`
      select * from webhook_subscriptions where id = ${id} and org_id = ${orgId} ${opts.lock ? db`for update` : db``}`;
    return row ?? null;
  },

  async update(db: Db, id: string, p: WebhookSubscriptionPatch): Promise<WebhookSubscriptionRow> {
    const [row] = await db<WebhookSubscriptionRow[]>`
      update webhook_subscriptions set
        url = coalesce(${p.url ?? null}, url),
        description = coalesce(${p.description ?? null}, description),
        event_types = coalesce(${p.eventTypes ? db.array(p.eventTypes) : null}::text[], event_types),
        notification_kinds = coalesce(${p.notificationKinds ? db.array(p.notificationKinds) : null}::text[], notification_kinds),
        active = coalesce(${p.active ?? null}::boolean, active),
        disabled_reason = case when ${p.active ?? null}::boolean is null then disabled_reason when ${p.active ?? null}::boolean then null else 'owner' end,
        disabled_at = case when ${p.active ?? null}::boolean is null then disabled_at when ${p.active ?? null}::boolean then null else now() end,
        consecutive_failures = case when ${p.active ?? null}::boolean then 0 else consecutive_failures end,
        failing_since = case when ${p.active ?? null}::boolean then null else failing_since end,
        updated_at = now()
      where id = ${id}
      returning *`;
    return row!;
  },

  /** A new secret; the previous one keeps signing beside it until `previousUntil`. */
  async rotateSecret(db: Db, id: string, secret: string, previousUntil: Date): Promise<WebhookSubscriptionRow> {
    const [row] = await db<WebhookSubscriptionRow[]>`
      update webhook_subscriptions set previous_secret = secret, previous_secret_until = ${previousUntil}, secret = ${secret}, updated_at = now()
      where id = ${id}
      returning *`;
    return row!;
  },

  async remove(db: Db, id: string): Promise<void> {
    await db`delete from webhook_subscriptions where id = ${id}`;
  },

  /**
   * Claims up to `limit` due deliveries of active subscriptions, oldest first, skipping rows other senders hold (FOR
   * UPDATE SKIP LOCKED): each claimed row's attempts goes up by one and it is leased for `leaseSeconds`.
   */
  async claimDue(db: Db, limit: number, opts: { leaseSeconds?: number } = {}): Promise<ClaimedWebhookDelivery[]> {
    const lease = opts.leaseSeconds ?? 60;
    const rows = await db<ClaimedWebhookDelivery[]>`
      with claimed as (
        update webhook_deliveries d set attempts = d.attempts + 1, locked_until = clock_timestamp() + ${lease} * interval '1 second'
        where d.id in (
          select w.id from webhook_deliveries w
          join webhook_subscriptions s on s.id = w.subscription_id and s.active
          where w.status = 'pending' and w.next_attempt_at <= clock_timestamp()
            and (w.locked_until is null or w.locked_until <= clock_timestamp())
          order by w.next_attempt_at, w.id
          limit ${Math.max(1, Math.trunc(limit))}
          for update of w skip locked)
        returning d.*)
      select c.*, s.url, s.secret, s.previous_secret, s.previous_secret_until
      from claimed c join webhook_subscriptions s on s.id = c.subscription_id
      order by c.id`;
    return [...rows];
  },

  /**
   * Records an attempt and its delivery's new state, and the subscription's failure streak; only while the sender's
   * claim holds (the attempt number it claimed). Returns the subscription's streak, or null when the claim was lost.
   */
  async recordAttempt(db: Db, o: AttemptOutcome): Promise<{ subscriptionId: string; consecutiveFailures: number; failingSince: Date | null } | null> {
    const status = o.result.kind === 'retry' ? 'pending' : o.result.kind;
    const nextAt = o.result.kind === 'retry' ? o.result.at : null;
    const [row] = await db<{ subscriptionId: string; consecutiveFailures: number; failingSince: Date | null }[]>`
      with delivery as (
        update webhook_deliveries set status = ${status}, locked_until = null,
          next_attempt_at = coalesce(${nextAt}::timestamptz, next_attempt_at),
          last_status = ${o.responseStatus}, last_error = ${o.error?.slice(0, 2000) ?? null}, last_duration_ms = ${o.durationMs},
          delivered_at = case when ${status} = 'succeeded' then clock_timestamp() else null end
        where id = ${o.deliveryId} and status = 'pending' and attempts = ${o.attempt} and locked_until is not null
        returning subscription_id),
      attempt as (
        insert into webhook_attempts (delivery_id, attempt, response_status, duration_ms, error)
        select ${o.deliveryId}, ${o.attempt}, ${o.responseStatus}, ${o.durationMs}, ${o.error?.slice(0, 2000) ?? null} from delivery)
      update webhook_subscriptions s set
        consecutive_failures = case when ${status} = 'succeeded' then 0 else s.consecutive_failures + 1 end,
        failing_since = case when ${status} = 'succeeded' then null else coalesce(s.failing_since, clock_timestamp()) end
      from delivery where s.id = delivery.subscription_id
      returning s.id as subscription_id, s.consecutive_failures, s.failing_since`;
    return row ?? null;
  },

  /**
   * Gives a claim back unattempted (the sender is stopping): the delivery is due again at once for another sender,
   * and the attempt it had counted is not one. Only while the claim holds; false when it was lost.
   */
  async releaseClaim(db: Db, deliveryId: number, attempt: number): Promise<boolean> {
    const res = await db`
      update webhook_deliveries set locked_until = null, attempts = attempts - 1
      where id = ${deliveryId} and status = 'pending' and attempts = ${attempt} and locked_until is not null`;
    return res.count === 1;
  },

  /** Disables a subscription that keeps failing (once: false when it was no longer active). */
  async disableFailing(db: Db, id: string): Promise<WebhookSubscriptionRow | null> {
    const [row] = await db<WebhookSubscriptionRow[]>`
      update webhook_subscriptions set active = false, disabled_reason = 'failing', disabled_at = now(), updated_at = now()
      where id = ${id} and active
      returning *`;
    return row ?? null;
  },

  /** A page of a subscription's deliveries, newest first. */
  async listDeliveries(db: Db, subscriptionId: string, opts: { cursor?: string | null; limit?: number } = {}): Promise<{ items: WebhookDeliveryRow[]; nextCursor: string | null }> {
    const n = pageSize(opts.limit);
    const before = opts.cursor ? decodeIdCursor(opts.cursor) : null;
    const rows = await db<WebhookDeliveryRow[]>`
      select * from webhook_deliveries where subscription_id = ${subscriptionId}
        ${before === null ? db`` : db`and id < ${before}`}
      order by id desc limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.id) : null };
  },

  /** A delivery of one of the organisation's subscriptions (null: none such). */
  async findDelivery(db: Db, orgId: string, subscriptionId: string, id: number): Promise<WebhookDeliveryRow | null> {
    const [row] = await db<WebhookDeliveryRow[]>`
      select * from webhook_deliveries where id = ${id} and subscription_id = ${subscriptionId} and org_id = ${orgId}`;
    return row ?? null;
  },

  async attemptsOf(db: Db, deliveryIds: readonly number[]): Promise<(WebhookAttemptRow & { deliveryId: number })[]> {
    if (deliveryIds.length === 0) return [];
    return [...(await db<(WebhookAttemptRow & { deliveryId: number })[]>`
      select delivery_id, attempt, at, response_status, duration_ms, error from webhook_attempts
      where delivery_id = any(${db.array([...deliveryIds])}::bigint[]) order by delivery_id, attempt`)];
  },

  /** The same event again, as a new delivery due now (the owner asked). */
  async redeliver(db: Db, d: WebhookDeliveryRow): Promise<WebhookDeliveryRow> {
    const [row] = await db<WebhookDeliveryRow[]>`
      insert into webhook_deliveries (subscription_id, org_id, event_id, kind, order_id, payload, occurred_at, redelivery_of)
      values (${d.subscriptionId}, ${d.orgId}, ${d.eventId}, ${d.kind}, ${d.orderId}, ${db.json(d.payload as never)}, ${d.occurredAt}, ${d.id})
      returning *`;
    return row!;
  },
};
