import { describe, expect, it } from 'vitest';
import { libraryYear } from './holiday-library.ts';

describe('libraryYear (chinese-days)', () => {
  it('knows 2026: 国庆 on weekdays and its make-up Saturday, 春节 and its make-up Saturdays', () => {
    const y = libraryYear(2026);
    const kind = (day: string) => y.days.find((d) => d.day === day);
    expect(y.confirmed).toBe(true);
    expect(kind('2026-10-01')).toEqual({ day: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(kind('2026-10-10')).toMatchObject({ kind: 'workday' });
    expect(kind('2026-02-16')).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(kind('2026-02-14')).toMatchObject({ kind: 'workday' });
    expect(kind('2026-02-28')).toMatchObject({ kind: 'workday' });
    // a plain Saturday is no exception
    expect(kind('2026-10-17')).toBeUndefined();
  });

  it('does not know 2027 yet: no exceptions, unconfirmed', () => {
    expect(libraryYear(2027)).toEqual({ year: 2027, confirmed: false, days: [] });
  });
});
