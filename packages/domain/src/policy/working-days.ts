/**
 * Working days in mainland China: Monday to Friday, except the public holidays the State Council announces each
 * year, plus the weekend days it makes working days (调休上班). The announcements are data, passed in: the
 * calendar is kept in the database, seeded from a library and corrected by the secretariat, year by year.
 */

/** What a day differs in from the plain week: a holiday on a weekday, or a make-up working day on a weekend. */
export type CalendarDayKind = 'holiday' | 'workday';

/** The calendar the clock reads: the exceptions by ISO date, and the years whose announcement someone confirmed. */
export type WorkingCalendar = {
  days: Readonly<Record<string, CalendarDayKind>>;
  confirmedYears: readonly number[];
};

const DAY_MS = 86_400_000;
/** Asia/Shanghai keeps UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** A clock longer than this is a mistake in the data, not a time limit. */
const MAX_WORKING_DAYS = 1000;

/** The calendar date in Asia/Shanghai of an instant, as YYYY-MM-DD. */
export const shanghaiDate = (at: Date): string => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** The ISO date `n` calendar days after `iso` (n may be negative). */
export function addCalendarDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** Whether a date is a working day: the calendar's exception if it has one, else Monday to Friday. */
export function isWorkingDay(cal: WorkingCalendar, iso: string): boolean {
  const exception = cal.days[iso];
  if (exception) return exception === 'workday';
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`-th working day after `iso` (the day itself does not count); `iso` for n = 0. */
export function nthWorkingDayAfter(cal: WorkingCalendar, iso: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) throw new RangeError(`working days must be 0…${MAX_WORKING_DAYS}, got ${n}`);
  let day = iso;
  for (let left = n; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(cal, day)) left -= 1;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(cal, day)) count += 1;
  }
  return count;
}

/** Years from the year of `from` to the year of `to` that nobody has confirmed (the clock may be wrong there). */
export function unconfirmedYearsBetween(cal: WorkingCalendar, from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y += 1) if (!cal.confirmedYears.includes(y)) years.push(y);
  return years;
}

/** The working-day clock of a case: from acceptance to filing, against the service's time limit. */
export type CaseClock = {
  /** the date of acceptance (Asia/Shanghai); the count starts the next day */
  startedOn: string;
  /** the last working day within the limit; null when the service sets no limit */
  dueOn: string | null;
  timeLimitDays: number | null;
  /** working days used so far (until filing, or until today while not filed) */
  elapsedWorkingDays: number;
  /** working days left before the limit (negative when over); null without a limit */
  remainingWorkingDays: number | null;
  /** false once filed (or when the case stopped before filing) */
  running: boolean;
  overdue: boolean;
  /** years the clock runs through whose holidays nobody confirmed: the count there may change */
  unconfirmedYears: number[];
};

/**
 * The clock of a case accepted at `acceptedAt` and filed at `stoppedAt` (null while it runs; a case withdrawn or
 * rejected before filing stops it too), for a limit of `timeLimitDays` working days, as of `now`.
 */
export function caseClock(
  cal: WorkingCalendar,
  c: { acceptedAt: Date; stoppedAt: Date | null; timeLimitDays: number | null },
  now: Date,
): CaseClock {
  const startedOn = shanghaiDate(c.acceptedAt);
  const endOn = shanghaiDate(c.stoppedAt ?? now);
  const elapsed = workingDaysBetween(cal, startedOn, endOn);
  const dueOn = c.timeLimitDays === null ? null : nthWorkingDayAfter(cal, startedOn, c.timeLimitDays);
  const lastDay = dueOn !== null && dueOn > endOn ? dueOn : endOn;
  return {
    startedOn,
    dueOn,
    timeLimitDays: c.timeLimitDays,
    elapsedWorkingDays: elapsed,
    remainingWorkingDays: c.timeLimitDays === null ? null : c.timeLimitDays - elapsed,
    running: c.stoppedAt === null,
    overdue: dueOn !== null && endOn > dueOn,
    unconfirmedYears: unconfirmedYearsBetween(cal, startedOn, lastDay),
  };
}
