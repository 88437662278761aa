import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_REPLAY_WINDOW_SECONDS } from '@annex/domain';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

// Webhook signatures: `Annex-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one v1 per secret that
// signs (two during a rotation's overlap). The receiver recomputes the HMAC with its secret, compares in constant time
// and refuses a timestamp further than five minutes from its clock, so a captured delivery cannot be replayed later.

/** The header a delivery's signature travels in. */
export const WEBHOOK_SIGNATURE_HEADER = 'Annex-Signature';

/** A new signing secret: `whsec_` and 32 random bytes in lower-case base32. */
export function generateWebhookSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return `whsec_${encodeBase32LowerCaseNoPadding(bytes)}`;
}

const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');

/** The header's value for `body` sent at `t` (unix seconds), signed by each secret. */
export function webhookSignature(body: string, secrets: readonly string[], t: number): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmac(s, t, body)}`)].join(',');
}

/** What a receiver does: whether the header signs `body` with `secret` within the replay window of `nowSeconds`. */
export function verifyWebhookSignature(header: string, body: string, secret: string, nowSeconds: number, toleranceSeconds = WEBHOOK_REPLAY_WINDOW_SECONDS): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return parts.some(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '') && timingSafeEqual(Buffer.from(v!, 'hex'), expected));
}
