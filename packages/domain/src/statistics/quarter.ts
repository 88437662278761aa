import { shanghaiDate } from '../policy/working-days.ts';

/** A calendar quarter, e.g. 2026Q3 (July to September 2026). */
export type Quarter = { year: number; q: 1 | 2 | 3 | 4 };

const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;

/** Parses `2026Q3`; null for anything else. */
export function parseQuarter(text: string): Quarter | null {
  const m = QUARTER_PATTERN.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] };
}

/** The quarter as its identity, `2026Q3`. */
export const formatQuarter = (x: Quarter): string => `${x.year}Q${x.q}`;

const pad = (n: number) => String(n).padStart(2, '0');
const LAST_DAY: Record<Quarter['q'], string> = { 1: '03-31', 2: '06-30', 3: '09-30', 4: '12-31' };

/** The first day of the quarter (ISO date). */
export const quarterStart = (x: Quarter): string => `${x.year}-${pad((x.q - 1) * 3 + 1)}-01`;
/** The last day of the quarter (ISO date): the day its figures are taken at (practitioners at quarter end). */
export const quarterEnd = (x: Quarter): string => `${x.year}-${LAST_DAY[x.q]}`;

/** The quarter an ISO date (YYYY-MM-DD) falls in. */
export function quarterOfDate(iso: string): Quarter {
  const month = Number(iso.slice(5, 7));
  return { year: Number(iso.slice(0, 4)), q: (Math.floor((month - 1) / 3) + 1) as Quarter['q'] };
}

/** The quarter a moment falls in, on the Shanghai calendar. */
export const quarterOfInstant = (at: Date): Quarter => quarterOfDate(shanghaiDate(at));

/** The quarter `n` quarters after `x` (n may be negative). */
export function addQuarters(x: Quarter, n: number): Quarter {
  const index = x.year * 4 + (x.q - 1) + n;
  return { year: Math.floor(index / 4), q: ((index % 4) + 1) as Quarter['q'] };
}

/** The quarter before. */
export const previousQuarter = (x: Quarter): Quarter => addQuarters(x, -1);

/** Orders quarters in time (negative: a before b). */
export const compareQuarters = (a: Quarter, b: Quarter): number => a.year * 4 + a.q - (b.year * 4 + b.q);
