import type { IndustrialBaseInput } from '@annex/contracts';
import { BENCHMARK_STATUSES, type BenchmarkStatus, type CountyCode, checkIndustrialBase } from '@annex/domain';
import { BASE_PROBLEM } from '#lib/alliance-text.ts';
import { m } from '#lib/paraglide/messages.js';
import { countyRule, intRule, readFields, textRule } from '#lib/validation.ts';

// The industrial-base form of the secretariat: the fields as typed, their checks (each field's shape, then the domain's
// rules of a base), and the request they make.

export const BASE_FIELDS = [
  'name', 'county', 'operatorOrgId', 'address', 'floorAreaM2', 'seats', 'occupiedSeats', 'openedOn', 'benchmarkStatus', 'benchmarkSince',
] as const;
export type BaseField = (typeof BASE_FIELDS)[number];
export type BaseValues = Record<BaseField, string>;
export type BaseErrors = Partial<Record<BaseField, string>>;

const COUNT_MAX = 10_000_000;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
const isStatus = (v: string): v is BenchmarkStatus => (BENCHMARK_STATUSES as readonly string[]).includes(v);

/** The form's values from a post. */
export const readBase = (data: FormData): BaseValues => readFields(data, BASE_FIELDS);

/** The request the values make (call after `baseErrors` found nothing). */
export function baseRequest(v: BaseValues): IndustrialBaseInput {
  return {
    name: v.name.trim(),
    county: v.county as CountyCode,
    operatorOrgId: v.operatorOrgId || null,
    address: v.address.trim(),
    floorAreaM2: Number(v.floorAreaM2),
    seats: Number(v.seats),
    occupiedSeats: Number(v.occupiedSeats),
    openedOn: v.openedOn || null,
    benchmarkStatus: v.benchmarkStatus as BenchmarkStatus,
    benchmarkSince: v.benchmarkStatus === 'benchmark' ? v.benchmarkSince || null : null,
  };
}

/** Each field's problem: its own shape first, then the domain's rules of a base as of `now`. */
export function baseErrors(v: BaseValues, now: Date): BaseErrors {
  const e: BaseErrors = {};
  const put = (f: BaseField, msg: string | null) => {
    if (msg && !e[f]) e[f] = msg;
  };
  put('name', textRule(2, 200)(v.name));
  put('county', countyRule(v.county));
  if (v.address.trim().length > 300) put('address', m.v_too_long({ max: 300 }));
  for (const f of ['floorAreaM2', 'seats', 'occupiedSeats'] as const) put(f, intRule(0, COUNT_MAX)(v[f]));
  if (v.openedOn && !isDate(v.openedOn)) put('openedOn', m.v_date());
  if (!isStatus(v.benchmarkStatus)) put('benchmarkStatus', m.v_required());
  if (v.benchmarkStatus === 'benchmark' && v.benchmarkSince && !isDate(v.benchmarkSince)) put('benchmarkSince', m.v_date());
  if (Object.keys(e).length > 0) return e;
  for (const p of checkIndustrialBase(baseRequest(v), now)) put(p.path, BASE_PROBLEM[p.rule]());
  return e;
}
