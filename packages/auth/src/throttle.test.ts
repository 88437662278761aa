import { describe, expect, it } from 'vitest';
import { accountDelaySeconds, decideLoginThrottle } from './throttle.ts';

const now = new Date('2026-06-01T08:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const none = { accountFailures: 0, lastAccountFailureAt: null, ipFailures: 0, ipReleaseAt: null };

describe('accountDelaySeconds', () => {
  it('lets 5 failures pass, then doubles from 1 s up to 15 min', () => {
    expect([0, 4, 5, 6, 7, 8, 14, 15, 40].map(accountDelaySeconds)).toEqual([0, 0, 1, 2, 4, 8, 512, 900, 900]);
  });
});

describe('decideLoginThrottle', () => {
  it('allows a fresh account', () => {
    expect(decideLoginThrottle(none, now)).toEqual({ allowed: true });
  });

  it('makes the 6th attempt after 5 failures wait 1 s from the last failure', () => {
    const facts = { ...none, accountFailures: 5, lastAccountFailureAt: now };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 1 });
    expect(decideLoginThrottle(facts, new Date(now.getTime() + 1000))).toEqual({ allowed: true });
  });

  it('rounds the wait up and caps it at 15 min', () => {
    const facts = { ...none, accountFailures: 30, lastAccountFailureAt: ago(0.5) };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 900 });
  });

  it('never locks for good: once the wait has passed, the attempt is allowed', () => {
    const facts = { ...none, accountFailures: 100, lastAccountFailureAt: ago(901) };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: true });
  });

  it('blocks an IP over 30 failures until its surplus has left the window', () => {
    const facts = { ...none, ipFailures: 31, ipReleaseAt: new Date(now.getTime() + 120_000) };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'ip', retryAfterSeconds: 120 });
    expect(decideLoginThrottle({ ...facts, ipFailures: 30 }, now)).toEqual({ allowed: true });
  });

  it('reports the longer of two waits', () => {
    const facts = {
      accountFailures: 6, lastAccountFailureAt: now, ipFailures: 40, ipReleaseAt: new Date(now.getTime() + 60_000),
    };
    expect(decideLoginThrottle(facts, now)).toMatchObject({ reason: 'ip', retryAfterSeconds: 60 });
  });
});
