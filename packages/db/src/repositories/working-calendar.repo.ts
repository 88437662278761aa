import type { CalendarDayKind, WorkingCalendar } from '@annex/domain';
import { type Db, withTransaction } from '../client.ts';

/** A day that differs from the plain week. */
export type CalendarDayRow = {
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: 'library' | 'secretariat';
  updatedBy: string | null;
  updatedAt: Date;
};

/** A year of the calendar: whether its announcement is confirmed, and where its days came from. */
export type CalendarYearRow = {
  year: number;
  confirmed: boolean;
  libraryVersion: string | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  updatedAt: Date;
};

/** A year as a library knows it, to seed; `confirmed` when the library has the State Council's notice for it. */
export type LibraryYear = { year: number; confirmed: boolean; days: { day: string; kind: CalendarDayKind; name: string }[] };

/** The working-day calendar (holidays and make-up working days), year by year. */
export const workingCalendar = {
  /** The calendar from `fromYear` to `toYear` as the domain's clock reads it. */
  async load(db: Db, fromYear: number, toYear: number): Promise<WorkingCalendar> {
    const [days, years] = await Promise.all([
      db<{ day: string; kind: CalendarDayKind }[]>`
        select day, kind from working_calendar_days
        where day >= make_date(${fromYear}::int, 1, 1) and day < make_date(${toYear + 1}::int, 1, 1)`,
      db<{ year: number }[]>`select year from working_calendar_years where confirmed and year between ${fromYear} and ${toYear}`,
    ]);
    return { days: Object.fromEntries(days.map((d) => [d.day, d.kind])), confirmedYears: years.map((y) => y.year) };
  },

  /** One year: its row (null when nobody entered it) and its days. */
  async year(db: Db, year: number): Promise<{ year: CalendarYearRow | null; days: CalendarDayRow[] }> {
    const [rows, days] = await Promise.all([
      db<CalendarYearRow[]>`select * from working_calendar_years where year = ${year}`,
      db<CalendarDayRow[]>`
        select * from working_calendar_days
        where day >= make_date(${year}::int, 1, 1) and day < make_date(${year + 1}::int, 1, 1) order by day`,
    ]);
    return { year: rows[0] ?? null, days };
  },

  /** Every year entered, oldest first. */
  async years(db: Db): Promise<CalendarYearRow[]> {
    return await db<CalendarYearRow[]>`select * from working_calendar_years order by year`;
  },

  /**
   * Seeds years a library knows, each only if the calendar has no such year yet: what the secretariat corrected
   * (or removed) is never written over. Returns the years added.
   */
  async seedFromLibrary(db: Db, years: readonly LibraryYear[], libraryVersion: string): Promise<number[]> {
    const added: number[] = [];
    for (const y of years) {
      const fresh = await withTransaction(db, async (tx) => {
        const [row] = await tx<{ year: number }[]>`
          insert into working_calendar_years (year, confirmed, library_version, confirmed_at)
          values (${y.year}, ${y.confirmed}, ${libraryVersion}, ${y.confirmed ? tx`now()` : null})
          on conflict (year) do nothing returning year`;
        if (!row) return false;
        if (y.days.length > 0) {
          await tx`
            insert into working_calendar_days ${tx(y.days.map((d) => ({ day: d.day, kind: d.kind, name: d.name, source: 'library' })))}
            on conflict (day) do nothing`;
        }
        return true;
      });
      if (fresh) added.push(y.year);
    }
    return added;
  },

  /**
   * The secretariat sets a day: a holiday or a make-up working day (`kind`), or back to the plain week (null).
   * Enters the year (unconfirmed) if it was not there.
   */
  async setDay(db: Db, day: string, change: { kind: CalendarDayKind; name: string } | null, by: string): Promise<CalendarDayRow | null> {
    const year = Number(day.slice(0, 4));
    await db`insert into working_calendar_years (year) values (${year}) on conflict (year) do nothing`;
    await db`update working_calendar_years set updated_at = now() where year = ${year}`;
    if (change === null) {
      await db`delete from working_calendar_days where day = ${day}`;
      return null;
    }
    const [row] = await db<CalendarDayRow[]>`
      insert into working_calendar_days (day, kind, name, source, updated_by)
      values (${day}, ${change.kind}, ${change.name}, 'secretariat', ${by})
      on conflict (day) do update set kind = excluded.kind, name = excluded.name, source = 'secretariat',
        updated_by = excluded.updated_by, updated_at = now()
      returning *`;
    return row ?? null;
  },

  /** Marks a year confirmed (or not) by the secretariat; enters it if it was not there. */
  async confirmYear(db: Db, year: number, confirmed: boolean, by: string): Promise<CalendarYearRow> {
    const [row] = await db<CalendarYearRow[]>`
      insert into working_calendar_years (year, confirmed, confirmed_at, confirmed_by)
      values (${year}, ${confirmed}, ${confirmed ? db`now()` : null}, ${confirmed ? by : null})
      on conflict (year) do update set confirmed = excluded.confirmed, confirmed_at = excluded.confirmed_at,
        confirmed_by = excluded.confirmed_by, updated_at = now()
      returning *`;
    return row as CalendarYearRow;
  },
};
