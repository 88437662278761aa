import { describe, expect, it } from 'vitest';
import { EMAIL_RETRY, defaultEmailMode, digestCutoff, effectiveEmailMode, isPermanentSmtpFailure, nextEmailAttempt } from './email.ts';

const now = new Date('2026-12-07T10:00:00Z');

describe('e-mail preferences', () => {
  it.each([
    ['deadline_soon', 'immediate'],
    ['award_final', 'immediate'],
    ['contract_proposed', 'immediate'],
    ['payment_overdue', 'immediate'],
    ['question_answered', 'off'],
    ['announcement_published', 'off'],
    ['not_a_kind', 'off'],
  ])('%s is %s by default', (kind, mode) => {
    expect(defaultEmailMode(kind)).toBe(mode);
  });

  it('a choice beats the default, both ways', () => {
    expect(effectiveEmailMode('deadline_soon', 'off')).toBe('off');
    expect(effectiveEmailMode('question_answered', 'digest')).toBe('digest');
    expect(effectiveEmailMode('question_answered', null)).toBe('off');
  });
});

describe('retries', () => {
  it.each([
    [{ responseCode: 550 }, true],
    [{ responseCode: 554 }, true],
    [{ responseCode: 451 }, false],
    [{ responseCode: 421 }, false],
    [{ code: 'ECONNECTION' }, false],
    [{ code: 'ETIMEDOUT', responseCode: null }, false],
  ])('%o permanent: %s', (failure, permanent) => {
    expect(isPermanentSmtpFailure(failure)).toBe(permanent);
  });

  it('doubles from a minute: 1st failure +60 s, 2nd +120 s, 3rd +240 s', () => {
    const at = (n: number) => {
      const d = nextEmailAttempt(n, { responseCode: 451 }, now);
      return d.retry ? (d.at.getTime() - now.getTime()) / 1000 : null;
    };
    expect([at(1), at(2), at(3)]).toEqual([60, 120, 240]);
  });

  it('caps the wait at two hours: 60 · 2^9 = 30 720 s > 7 200 s', () => {
    const d = nextEmailAttempt(10, { code: 'ECONNECTION' }, now);
    expect(d).toEqual({ retry: true, at: new Date(now.getTime() + 7_200_000) });
  });

  it('does not retry a 5xx, even on the first attempt', () => {
    expect(nextEmailAttempt(1, { responseCode: 550 }, now)).toEqual({ retry: false, reason: 'permanent' });
  });

  it('gives up after the last attempt', () => {
    expect(nextEmailAttempt(EMAIL_RETRY.maxAttempts, { responseCode: 451 }, now)).toEqual({ retry: false, reason: 'exhausted' });
    expect(nextEmailAttempt(EMAIL_RETRY.maxAttempts - 1, { responseCode: 451 }, now).retry).toBe(true);
  });
});

describe('digest cutoff (08:00 Shanghai = 00:00 UTC)', () => {
  it.each([
    // 10:00 UTC is 18:00 Shanghai: today's 08:00 has passed
    ['2026-12-07T10:00:00Z', '2026-12-07T00:00:00Z'],
    // 23:59 UTC on the 6th is 07:59 on the 7th in Shanghai: still yesterday's 08:00
    ['2026-12-06T23:59:00Z', '2026-12-06T00:00:00Z'],
    // exactly 08:00 Shanghai
    ['2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z'],
    // 17:00 UTC is 01:00 Shanghai on the next day: that day's 08:00 has not come
    ['2026-12-07T17:00:00Z', '2026-12-07T00:00:00Z'],
  ])('at %s the cutoff is %s', (at, cutoff) => {
    expect(digestCutoff(new Date(at)).toISOString()).toBe(new Date(cutoff).toISOString());
  });
});
