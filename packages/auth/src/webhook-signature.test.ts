import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, verifyWebhookSignature, webhookSignature } from './webhook-signature.ts';

describe('webhook signatures', () => {
  const body = '{"id":"evt","type":"bid.received"}';
  const t = 1_780_000_000;

  it('signs "t.body" with HMAC-SHA256 (a known vector) and verifies within five minutes only', () => {
    const header = webhookSignature(body, ['whsec_test'], t);
    // printf '1780000000.{"id":"evt","type":"bid.received"}' | openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe('t=1780000000,v1=9269fc06b24f7c12283585fc76221c12acd7975ca28391fdbf50614b72be333b');
    expect(verifyWebhookSignature(header, body, 'whsec_test', t + 299)).toBe(true);
    expect(verifyWebhookSignature(header, body, 'whsec_test', t + 301)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_test', t - 301)).toBe(false);
    expect(verifyWebhookSignature(header, `${body} `, 'whsec_test', t)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_other', t)).toBe(false);
  });

  it('during a rotation both secrets sign, and either verifies', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(a).toMatch(/^whsec_[a-z2-7]{52}$/);
    const header = webhookSignature(body, [a, b], t);
    expect(header.split(',')).toHaveLength(3);
    expect(verifyWebhookSignature(header, body, a, t)).toBe(true);
    expect(verifyWebhookSignature(header, body, b, t)).toBe(true);
    expect(verifyWebhookSignature('t=x,v1=zz', body, a, t)).toBe(false);
  });
});
