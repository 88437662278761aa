import { m } from '#lib/paraglide/messages.js';

/** "2026 年第 3 季度" / "Q3 2026" from a quarter's identity (2026Q3), as the statistics and KPI pages write it. */
export function quarterLabel(quarter: string): string {
  const [year, q] = quarter.split('Q');
  return year && q ? m.st_quarter({ year, q }) : quarter;
}
