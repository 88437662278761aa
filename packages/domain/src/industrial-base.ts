import { shanghaiDate } from './policy/working-days.ts';

// The city's annotation industrial bases (数据标注产业基地/园区). The policy's target "≥ 3 benchmark bases by the end
// of 2026" counts the bases whose benchmark status is `benchmark`.

/** none: an ordinary base; candidate: put forward for recognition; benchmark: recognised (标杆基地), since a date. */
export const BENCHMARK_STATUSES = ['none', 'candidate', 'benchmark'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

/** The facts of a base its rules look at. */
export type IndustrialBaseFacts = {
  floorAreaM2: number;
  seats: number;
  occupiedSeats: number;
  /** ISO dates */
  openedOn: string | null;
  benchmarkStatus: BenchmarkStatus;
  benchmarkSince: string | null;
};

/** Which field breaks which rule. */
export type IndustrialBaseProblem = {
  path: 'occupiedSeats' | 'openedOn' | 'benchmarkSince';
  rule: 'occupied_over_seats' | 'in_future' | 'since_required' | 'since_only_for_benchmark' | 'since_before_opening';
};

/**
 * The rules of a base beyond each field's own shape: occupied seats within the seats, dates not in the future
 * (today in Asia/Shanghai), a recognition date exactly for benchmark bases and not before the base opened.
 */
export function checkIndustrialBase(b: IndustrialBaseFacts, now: Date): IndustrialBaseProblem[] {
  const today = shanghaiDate(now);
  const problems: IndustrialBaseProblem[] = [];
  if (b.occupiedSeats > b.seats) problems.push({ path: 'occupiedSeats', rule: 'occupied_over_seats' });
  if (b.openedOn !== null && b.openedOn > today) problems.push({ path: 'openedOn', rule: 'in_future' });
  if (b.benchmarkStatus === 'benchmark' && b.benchmarkSince === null) problems.push({ path: 'benchmarkSince', rule: 'since_required' });
  if (b.benchmarkStatus !== 'benchmark' && b.benchmarkSince !== null) problems.push({ path: 'benchmarkSince', rule: 'since_only_for_benchmark' });
  if (b.benchmarkSince !== null) {
    if (b.benchmarkSince > today) problems.push({ path: 'benchmarkSince', rule: 'in_future' });
    else if (b.openedOn !== null && b.benchmarkSince < b.openedOn) problems.push({ path: 'benchmarkSince', rule: 'since_before_opening' });
  }
  return problems;
}

/** Occupied seats as a share of all seats, in whole per cent (null for a base without seats). */
export function occupancyPercent(b: Pick<IndustrialBaseFacts, 'seats' | 'occupiedSeats'>): number | null {
  return b.seats === 0 ? null : Math.round((b.occupiedSeats / b.seats) * 100);
}
