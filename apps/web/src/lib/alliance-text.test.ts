import { describe, expect, it } from 'vitest';
import { eventTimes } from '#lib/alliance-text.ts';
import { errorsFrom, eventBody, readEvent } from '#lib/alliance-form.ts';
import { formatDateTime } from '#lib/i18n.ts';

describe('eventTimes', () => {
  it('writes one day with its hours, and both ends in full across days (Beijing time)', () => {
    expect(eventTimes('2026-12-16T06:00:00Z', '2026-12-16T09:00:00Z', formatDateTime)).toBe('2026-12-16 14:00–17:00');
    expect(eventTimes('2026-12-16T06:00:00Z', '2026-12-17T09:00:00Z', formatDateTime)).toBe('2026-12-16 14:00 – 2026-12-17 17:00');
  });
});

describe('the event form', () => {
  const form = (over: Record<string, string> = {}) => {
    const f = new FormData();
    const values = {
      title: ' 研讨会 ', description: '', startsAt: '2026-12-16T14:00', endsAt: '2026-12-16T17:00', registrationDeadline: '2026-12-14T14:00',
      placeKind: 'online', place: 'https://meeting.example.cn/j/1', capacity: '30', audience: 'members', ...over,
    };
    for (const [k, v] of Object.entries(values)) f.set(k, v);
    return f;
  };

  it('reads Beijing wall-clock times as instants and keeps the audience', () => {
    const { values, errors } = readEvent(form());
    expect(errors).toEqual({});
    expect(eventBody(values)).toMatchObject({
      title: '研讨会', startsAt: '2026-12-16T06:00:00.000Z', registrationDeadline: '2026-12-14T06:00:00.000Z', capacity: 30, audience: 'members', placeKind: 'online',
    });
  });

  it('asks an online event for its link, and a capacity of at least one', () => {
    const { errors } = readEvent(form({ place: '腾讯会议', capacity: '0' }));
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'place']);
  });

  it("puts the API's field errors under the form's fields", () => {
    const problem = { type: '', title: '', status: 400, code: 'validation_failed' as const, detail: '', requestId: '', errors: [{ path: 'endsAt', message: 'x' }, { path: 'query.cursor', message: 'y' }] };
    expect(errorsFrom(problem, ['endsAt', 'title'])).toEqual({ endsAt: 'x' });
  });
});
