import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate, countdown, formatDateTime, problemMessage } from './i18n.ts';

describe('time in Beijing', () => {
  it('shows instants as Beijing wall-clock time', () => {
    expect(formatDateTime('2026-06-30T16:30:00Z')).toBe('2026-07-01 00:30');
    expect(beijingDate(new Date('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
    expect(beijingDate(new Date('2026-06-30T16:30:00Z'), 1)).toBe('2027-07-01');
  });
  it('counts down to a deadline from the given now', () => {
    const now = '2026-06-01T00:00:00Z';
    expect(countdown('2026-06-04T05:30:00Z', now)).toBe(m.countdown_days({ days: 3, hours: 5 }));
    expect(countdown('2026-06-01T02:10:00Z', now)).toBe(m.countdown_hours({ hours: 2, minutes: 10 }));
    expect(countdown('2026-05-31T00:00:00Z', now)).toBe(m.countdown_closed());
  });
});
describe('problemMessage', () => {
  it('uses the words for a known code and the status for others', () => {
    expect(problemMessage({ code: 'invalid_uscc' })).toBe(m.err_invalid_uscc());
    expect(problemMessage({ code: 'too_many_requests' }, 30)).toBe(m.err_too_many_requests_wait({ seconds: 30 }));
    expect(problemMessage({ code: 'idempotency_key_in_use' })).toBe(m.err_idempotency_key_in_use());
    expect(problemMessage({ code: 'csrf_origin_mismatch' })).toBe(m.err_forbidden());
  });
});

describe('saved-search problems', () => {
  it('explains the saved-search codes in words', () => {
    expect(problemMessage({ code: 'saved_search_name_taken' })).toBe(m.ss_err_name_taken());
    expect(problemMessage({ code: 'saved_search_limit_reached' })).toBe(m.ss_err_limit({ max: 20 }));
  });
});
