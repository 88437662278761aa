import { describe, expect, it } from 'vitest';
import {
  WEBHOOK_EVENT_TYPES, WEBHOOK_MAX_ATTEMPTS, destinationAddressesProblem, isPublicAddress, notificationKindsOf, webhookDisableDue, webhookEventOf,
  webhookRetryAt, webhookUrlProblem,
} from './webhook.ts';

describe('webhook events', () => {
  it('maps notification kinds to event types, and an event type to its kinds', () => {
    expect(webhookEventOf('bid_received')).toBe('bid.received');
    expect(webhookEventOf('bid_not_awarded')).toBe('award.result');
    expect(webhookEventOf('saved_search_match')).toBeNull();
    expect(notificationKindsOf(['award.made', 'bidding.closed'])).toEqual(['award_made', 'award_final', 'bidding_closed']);
    // no kind stands for two event types
    const kinds = WEBHOOK_EVENT_TYPES.flatMap((t) => notificationKindsOf([t]));
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('the retry schedule', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('doubles from 30 s up to 4 h and gives up after the 15th attempt, about a day after the first', () => {
    const waits = Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => (webhookRetryAt(i + 1, now)!.getTime() - now.getTime()) / 1000);
    expect(waits.slice(0, 4)).toEqual([30, 60, 120, 240]);
    expect(Math.max(...waits)).toBe(4 * 3600);
    const total = waits.reduce((a, b) => a + b, 0) / 3600;
    expect(total).toBeGreaterThan(22);
    expect(total).toBeLessThan(26);
    expect(webhookRetryAt(WEBHOOK_MAX_ATTEMPTS, now)).toBeNull();
  });

  it('disables a subscription only after enough failures over long enough', () => {
    const now = new Date('2026-06-02T00:00:00Z');
    const since = new Date('2026-06-01T00:00:00Z');
    expect(webhookDisableDue({ consecutiveFailures: 15, failingSince: since }, now)).toBe(true);
    expect(webhookDisableDue({ consecutiveFailures: 14, failingSince: since }, now)).toBe(false);
    expect(webhookDisableDue({ consecutiveFailures: 50, failingSince: new Date('2026-06-01T12:00:00Z') }, now)).toBe(false);
    expect(webhookDisableDue({ consecutiveFailures: 3, failingSince: now }, now, { failures: 3, afterMs: 0 })).toBe(true);
    expect(webhookDisableDue({ consecutiveFailures: 0, failingSince: null }, now, { failures: 0, afterMs: 0 })).toBe(false);
  });
});

describe('webhook destinations', () => {
  it('refuses loopback, private, link-local, CGNAT, ULA and mapped private addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '::1', '::', 'fd00::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '224.0.0.1', '255.255.255.255']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
    expect(isPublicAddress('not an address')).toBe(false);
  });

  it('checks the URL and every address its host resolves to', () => {
    expect(webhookUrlProblem('https://hooks.example.com/annex')).toBeNull();
    expect(webhookUrlProblem('ftp://example.com/')).toBe('scheme_not_allowed');
    expect(webhookUrlProblem('https://user:pw@example.com/')).toBe('credentials_in_url');
    expect(webhookUrlProblem('not a url')).toBe('invalid_url');
    expect(destinationAddressesProblem(['8.8.8.8', '10.0.0.1'], false)).toBe('private_destination');
    expect(destinationAddressesProblem(['8.8.8.8'], false)).toBeNull();
    expect(destinationAddressesProblem(['127.0.0.1'], true)).toBeNull();
    expect(destinationAddressesProblem([], true)).toBe('invalid_url');
  });
});
