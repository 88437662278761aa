import { describe, expect, it } from 'vitest';
import {
  type WorkingCalendar, addCalendarDays, caseClock, isWorkingDay, nthWorkingDayAfter, shanghaiDate, workingDaysBetween,
} from './working-days.ts';

// 2026 as the State Council announced it: 元旦 1–3 January, 4 January worked;
// 春节 15–23 February, Saturdays 14 and 28 February worked; 国庆 1–7 October, Sunday 20 September and Saturday 10 October worked.
const days: Record<string, 'holiday' | 'workday'> = { '2026-01-04': 'workday', '2026-02-14': 'workday', '2026-02-28': 'workday',
  '2026-09-20': 'workday', '2026-10-10': 'workday' };
const holidays = (from: string, to: string) => {
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days[d] = 'holiday';
};
holidays('2026-01-01', '2026-01-03');
holidays('2026-02-15', '2026-02-23');
holidays('2026-10-01', '2026-10-07');
const cal: WorkingCalendar = { days, confirmedYears: [2026] };
/** An instant at a wall-clock time in Asia/Shanghai. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('isWorkingDay', () => {
  it.each([
    ['a plain Monday', '2026-09-28', true],
    ['a plain Saturday', '2026-09-26', false],
    ['国庆 on a Thursday', '2026-10-01', false],
    ['the make-up Saturday after 国庆', '2026-10-10', true],
    ['the make-up Sunday before 国庆', '2026-09-20', true],
    ['春节 on a Monday', '2026-02-16', false],
    ['the make-up Saturday before 春节', '2026-02-14', true],
    // a year nobody entered falls back to the plain week: 2027-10-01 reads as a working Friday (hence the confirmation flag)
    ['国庆 of a year not yet in the calendar', '2027-10-01', true],
  ])('%s', (_, iso, expected) => {
    expect(isWorkingDay(cal, iso)).toBe(expected);
  });
});

describe('nthWorkingDayAfter and workingDaysBetween', () => {
  const cases: [string, string, number, string][] = [
    // 30 Sep (Wed) + 5: 1–7 Oct off; 8 Thu, 9 Fri, 10 Sat (make-up), 12 Mon, 13 Tue
    ['across 国庆, counting the make-up Saturday', '2026-09-30', 5, '2026-10-13'],
    // 18 Sep (Fri) + 2: 19 Sat off, 20 Sun (make-up), 21 Mon
    ['the make-up Sunday before 国庆', '2026-09-18', 2, '2026-09-21'],
    // 13 Feb (Fri) + 3: 14 Sat (make-up), 15–23 off, 24 Tue, 25 Wed
    ['across 春节, counting the make-up Saturday', '2026-02-13', 3, '2026-02-25'],
    // 27 Feb (Fri) + 1: 28 Sat (make-up after 春节)
    ['the make-up Saturday after 春节', '2026-02-27', 1, '2026-02-28'],
    ['a plain week', '2026-11-06', 5, '2026-11-13'],
    ['zero days', '2026-10-03', 0, '2026-10-03'],
  ];
  it.each(cases)('%s', (_, from, n, due) => {
    expect(nthWorkingDayAfter(cal, from, n)).toBe(due);
    if (n > 0) expect(workingDaysBetween(cal, from, due)).toBe(n);
  });

  it('counts nothing inside a holiday and nothing backwards', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysBetween(cal, '2026-10-13', '2026-10-01')).toBe(0);
  });

  it('refuses a limit that is not a small whole number', () => {
    for (const n of [-1, 1.5, 5000]) expect(() => nthWorkingDayAfter(cal, '2026-01-05', n)).toThrow(RangeError);
  });
});

describe('caseClock', () => {
  const accepted = cst('2026-09-30T16:00:00');
  const clock = (now: Date, stoppedAt: Date | null = null, timeLimitDays: number | null = 5) =>
    caseClock(cal, { acceptedAt: accepted, stoppedAt, timeLimitDays }, now);

  it('runs across 国庆 and is due on the fifth working day', () => {
    expect(clock(cst('2026-10-09T09:00:00'))).toEqual({
      startedOn: '2026-09-30', dueOn: '2026-10-13', timeLimitDays: 5, elapsedWorkingDays: 2, remainingWorkingDays: 3,
      running: true, overdue: false, unconfirmedYears: [],
    });
  });

  it('is not overdue until the due day has passed in Asia/Shanghai', () => {
    // 23:30 on the 13th in Liaocheng is 15:30 UTC; half an hour after midnight it is the 14th
    expect(clock(cst('2026-10-13T23:30:00'))).toMatchObject({ elapsedWorkingDays: 5, remainingWorkingDays: 0, overdue: false });
    expect(clock(cst('2026-10-14T00:30:00'))).toMatchObject({ elapsedWorkingDays: 6, remainingWorkingDays: -1, overdue: true });
  });

  it('stops when the case is filed, and stays overdue if it was filed late', () => {
    expect(clock(cst('2026-11-30T09:00:00'), cst('2026-10-12T10:00:00'))).toMatchObject({ elapsedWorkingDays: 4, running: false, overdue: false });
    expect(clock(cst('2026-11-30T09:00:00'), cst('2026-10-15T10:00:00'))).toMatchObject({ elapsedWorkingDays: 7, running: false, overdue: true });
  });

  it('counts 春节 out, with its make-up Saturday in', () => {
    const c = caseClock(cal, { acceptedAt: cst('2026-02-12T10:00:00'), stoppedAt: null, timeLimitDays: 3 }, cst('2026-02-24T10:00:00'));
    // 13 Fri, 14 Sat (make-up), 24 Tue
    expect(c).toMatchObject({ elapsedWorkingDays: 3, dueOn: '2026-02-24', overdue: false });
  });

  it('says when it runs through a year nobody confirmed', () => {
    const c = caseClock(cal, { acceptedAt: cst('2026-12-28T10:00:00'), stoppedAt: null, timeLimitDays: 10 }, cst('2026-12-29T10:00:00'));
    expect(c).toMatchObject({ dueOn: '2027-01-11', unconfirmedYears: [2027] });
    const confirmed = caseClock({ ...cal, confirmedYears: [2026, 2027] }, { acceptedAt: cst('2026-12-28T10:00:00'), stoppedAt: null, timeLimitDays: 10 }, cst('2026-12-29T10:00:00'));
    expect(confirmed.unconfirmedYears).toEqual([]);
  });

  it('has no due day and is never overdue without a time limit', () => {
    expect(clock(cst('2027-03-01T10:00:00'), null, null)).toMatchObject({ dueOn: null, remainingWorkingDays: null, overdue: false });
  });

  it('reads dates in Asia/Shanghai', () => {
    expect(shanghaiDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(shanghaiDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
  });
});
