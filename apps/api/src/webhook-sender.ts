import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from '@annex/auth';
import { type ClaimedWebhookDelivery, type Sql, organisations, webhooks, withTransaction } from '@annex/db';
import { type DisablePolicy, DEFAULT_DISABLE_POLICY, deliverySucceeded, webhookDisableDue, webhookEventBody, webhookEventOf, webhookRetryAt } from '@annex/domain';
import type { Logger } from 'pino';
import { postWebhook } from './lib/webhook-post.ts';
import { notify } from './use-cases/notify.ts';

// Sends the webhooks' deliveries: claims due ones (each by one process: SKIP LOCKED and a lease), signs and POSTs each,
// records the attempt, schedules the retry by the domain's schedule, and disables a subscription that keeps failing,
// telling the organisation's owners. Safe in every API process; all state is in the database.

export type WebhookSenderOptions = {
  sql: Sql;
  logger: Logger;
  /** the operator lets webhooks reach private and loopback addresses (WEBHOOK_ALLOW_PRIVATE_DESTINATIONS; tests) */
  allowPrivate: boolean;
  disablePolicy?: DisablePolicy;
  /** deliveries claimed per pass, sent concurrently */
  batchSize?: number;
  /** pause between passes when there was nothing to send (default 2 s) */
  intervalMs?: number;
  timeoutMs?: number;
  /** false: only `pass()` runs (tests) */
  loop?: boolean;
  now?: () => Date;
};

export type WebhookSender = {
  /** one pass: claims and sends what is due; returns how many attempts it made */
  pass(): Promise<{ attempted: number; succeeded: number; disabled: number }>;
  /** stops the loop: the pass in flight cuts its POSTs off and gives their claims back, so another sender takes them at once */
  stop(): Promise<void>;
};

/** The previous secret signs beside the current one until its overlap ends. */
function signingSecrets(d: ClaimedWebhookDelivery, now: Date): string[] {
  return d.previousSecret && d.previousSecretUntil && d.previousSecretUntil > now ? [d.secret, d.previousSecret] : [d.secret];
}

export function startWebhookSender(opts: WebhookSenderOptions): WebhookSender {
  const log = opts.logger.child({ component: 'webhooks' });
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | null = null;
  const stopping = new AbortController();

  const send = async (d: ClaimedWebhookDelivery): Promise<{ ok: boolean; disabled: boolean }> => {
    const body = JSON.stringify(webhookEventBody(d));
    const at = now();
    const result = await postWebhook(d.url, body, {
      'user-agent': 'Annex-Webhooks/1',
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(body, signingSecrets(d, at), Math.floor(at.getTime() / 1000)),
      'annex-event-id': d.eventId,
      'annex-event-type': webhookEventOf(d.kind) ?? d.kind,
      'annex-delivery-id': String(d.id),
    }, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs, signal: stopping.signal });
    // stopping: not an attempt (the receiver may be merely slow); the delivery goes back, due now, to another sender
    if (result.aborted) {
      await webhooks.releaseClaim(opts.sql, d.id, d.attempts);
      return { ok: false, disabled: false };
    }
    const ok = deliverySucceeded(result.status);
    const retryAt = ok ? null : webhookRetryAt(d.attempts, now());
    return await withTransaction(opts.sql, async (tx) => {
      const streak = await webhooks.recordAttempt(tx, {
        deliveryId: d.id, attempt: d.attempts, responseStatus: result.status, durationMs: result.durationMs, error: result.error,
        result: ok ? { kind: 'succeeded' } : retryAt ? { kind: 'retry', at: retryAt } : { kind: 'failed' },
      });
      if (!streak) {
        log.warn({ deliveryId: d.id }, 'webhook delivery was claimed again before its attempt was recorded');
        return { ok, disabled: false };
      }
      if (ok || !webhookDisableDue(streak, now(), opts.disablePolicy ?? DEFAULT_DISABLE_POLICY)) return { ok, disabled: false };
      const sub = await webhooks.disableFailing(tx, streak.subscriptionId);
      if (!sub) return { ok, disabled: false };
      const owners = (await organisations.listMembers(tx, sub.orgId)).filter((m) => m.role === 'owner');
      await notify(tx, owners.map((o) => ({
        to: { userId: o.userId }, kind: 'webhook_disabled', orderId: null,
        payload: { subscriptionId: sub.id, url: sub.url, failures: streak.consecutiveFailures, lastError: result.error },
      })));
      log.warn({ subscriptionId: sub.id, failures: streak.consecutiveFailures }, 'webhook subscription disabled after persistent failure');
      return { ok, disabled: true };
    });
  };

  const pass = async () => {
    const claimed = await webhooks.claimDue(opts.sql, opts.batchSize ?? 20, { leaseSeconds: Math.ceil((opts.timeoutMs ?? 10_000) / 1000) * 3 + 30 });
    const results = await Promise.all(claimed.map((d) => send(d).catch((err) => {
      log.error({ err, deliveryId: d.id }, 'webhook delivery failed to be recorded');
      return { ok: false, disabled: false };
    })));
    return { attempted: claimed.length, succeeded: results.filter((r) => r.ok).length, disabled: results.filter((r) => r.disabled).length };
  };

  const loop = async () => {
    if (stopped) return;
    let busy = false;
    inFlight = pass().then((r) => { busy = r.attempted > 0; }).catch((err) => log.error({ err }, 'webhook pass failed'));
    await inFlight;
    inFlight = null;
    if (!stopped) timer = setTimeout(loop, busy ? 0 : (opts.intervalMs ?? 2000)).unref();
  };
  if (opts.loop !== false) timer = setTimeout(loop, 0).unref();

  return {
    pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
      await inFlight;
    },
  };
}
