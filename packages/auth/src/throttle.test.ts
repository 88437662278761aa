import { describe, expect, it } from 'vitest';
import { THROTTLE_RULES, decideLoginThrottle, pairDelaySeconds, throttleSource } from './throttle.ts';

const now = new Date('2026-06-01T08:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const later = (s: number) => new Date(now.getTime() + s * 1000);
const none = {
  pairFailures: 0, lastPairFailureAt: null, sourceFailures: 0, sourceReleaseAt: null, accountFailures: 0, accountReleaseAt: null,
};

describe('pairDelaySeconds', () => {
  it('lets 5 failures pass, then doubles from 1 s up to 15 min', () => {
    expect([0, 4, 5, 6, 7, 8, 14, 15, 40].map(pairDelaySeconds)).toEqual([0, 0, 1, 2, 4, 8, 512, 900, 900]);
  });
});

describe('decideLoginThrottle', () => {
  it('allows a fresh pair', () => {
    expect(decideLoginThrottle(none, now)).toEqual({ allowed: true });
  });

  it('makes the 6th attempt of a pair wait 1 s from its last failure', () => {
    const facts = { ...none, pairFailures: 5, lastPairFailureAt: now, sourceFailures: 5, accountFailures: 5 };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'pair', retryAfterSeconds: 1 });
    expect(decideLoginThrottle(facts, later(1))).toEqual({ allowed: true });
  });

  it('rounds the wait up and caps it at 15 min; once it has passed the pair may try again', () => {
    const facts = { ...none, pairFailures: 30, lastPairFailureAt: ago(0.5) };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'pair', retryAfterSeconds: 900 });
    expect(decideLoginThrottle({ ...facts, lastPairFailureAt: ago(901) }, now)).toEqual({ allowed: true });
  });

  it('stops a source at 30 failures across accounts until the oldest of them leaves the window', () => {
    const facts = { ...none, sourceFailures: 30, sourceReleaseAt: later(120) };
    expect(decideLoginThrottle(facts, now)).toEqual({ allowed: false, reason: 'source', retryAfterSeconds: 120 });
    expect(decideLoginThrottle({ ...facts, sourceFailures: 29 }, now)).toEqual({ allowed: true });
  });

  it('past the account budget, checks the password from a source without recent failures on it', () => {
    // 10 failures from elsewhere: this source has none, so the owner is not refused here
    const attacked = { ...none, accountFailures: 10, accountReleaseAt: later(600) };
    expect(decideLoginThrottle(attacked, now)).toEqual({ allowed: true });
  });

  it('past the account budget, makes a source that failed on it wait for the account or for its own failure to age out', () => {
    // one failure 60 s ago from here: forgotten at +840 s, the account back within budget at +600 s
    const tried = { ...none, accountFailures: 11, accountReleaseAt: later(600), pairFailures: 1, lastPairFailureAt: ago(60), sourceFailures: 1 };
    expect(decideLoginThrottle(tried, now)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 600 });
    expect(decideLoginThrottle({ ...tried, accountReleaseAt: later(890) }, now)).toMatchObject({ retryAfterSeconds: THROTTLE_RULES.windowSeconds - 60 });
    expect(decideLoginThrottle({ ...tried, accountFailures: 9 }, now)).toEqual({ allowed: true });
  });

  it('reports the longest of several waits', () => {
    const facts = { ...none, pairFailures: 6, lastPairFailureAt: now, sourceFailures: 40, sourceReleaseAt: later(60) };
    expect(decideLoginThrottle(facts, now)).toMatchObject({ reason: 'source', retryAfterSeconds: 60 });
  });
});

describe('throttleSource', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:12:8a2e:370:7334:1', '2001:db8:85a3:12::/64'],
    ['2001:0DB8:85a3:0012::1', '2001:db8:85a3:12::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('counts %s as %s', (ip, source) => {
    expect(throttleSource(ip)).toBe(source);
  });
});
