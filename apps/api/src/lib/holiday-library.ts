import { type Db, type LibraryYear, workingCalendar } from '@annex/db';
import { addCalendarDays, shanghaiDate } from '@annex/domain';
// a CommonJS package: Node gives its exports as the default export only
import chineseDays from 'chinese-days';

/** The library the working calendar is seeded from (keep equal to the pinned dependency). */
export const HOLIDAY_LIBRARY = 'chinese-days@1.5.7';

const { getDayDetail } = chineseDays;

// getDayDetail names a holiday "National Day,国庆节,3" and a plain day "Friday"
const chineseName = (name: string) => name.split(',')[1] ?? name;

/**
 * A year as chinese-days knows it: the holidays that fall on weekdays and the weekends made working days. A year
 * without any such day is one the library does not know yet (it then reads 10-01 as a working day): entered
 * unconfirmed and empty, for the secretariat to fill in once the State Council publishes it.
 */
export function libraryYear(year: number): LibraryYear {
  const days: LibraryYear['days'] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addCalendarDays(day, 1)) {
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const detail = getDayDetail(day);
    if (!weekend && !detail.work) days.push({ day, kind: 'holiday', name: chineseName(detail.name) });
    if (weekend && detail.work) days.push({ day, kind: 'workday', name: chineseName(detail.name) });
  }
  return { year, confirmed: days.length > 0, days };
}

/** Seeds last year, this year and next year from the library where the calendar lacks them (never over corrections). */
export async function seedWorkingCalendar(db: Db, now = new Date()): Promise<number[]> {
  const year = Number(shanghaiDate(now).slice(0, 4));
  return await workingCalendar.seedFromLibrary(db, [year - 1, year, year + 1].map(libraryYear), HOLIDAY_LIBRARY);
}
