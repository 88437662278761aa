import type { BenchmarkStatus } from '@annex/domain';
import type { Db } from '../client.ts';
import { isUuid } from '../ids.ts';

/** The facts of an industrial base the secretariat keeps. */
export type IndustrialBaseFields = {
  name: string;
  county: string;
  operatorOrgId: string | null;
  address: string;
  floorAreaM2: number;
  seats: number;
  occupiedSeats: number;
  /** ISO dates */
  openedOn: string | null;
  benchmarkStatus: BenchmarkStatus;
  benchmarkSince: string | null;
};

/** A stored base, with its operator's name. */
export type IndustrialBaseRow = IndustrialBaseFields & {
  id: string;
  operatorName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const SELECT = (db: Db) => db`
  select b.*, op.name as operator_name
  from industrial_bases b left join organisations op on op.id = b.operator_org_id`;

/** The city's annotation industrial bases (table industrial_bases, migration 0016). */
export const industrialBases = {
  /** Every base: benchmark ones first, then candidates, then by name. */
  async list(db: Db, f: { county?: string; benchmarkStatus?: BenchmarkStatus } = {}): Promise<IndustrialBaseRow[]> {
    return await db<IndustrialBaseRow[]>`
      ${SELECT(db)}
      where true
        ${f.county ? db`and b.county = ${f.county}` : db``}
        ${f.benchmarkStatus ? db`and b.benchmark_status = ${f.benchmarkStatus}` : db``}
      order by array_position(array['benchmark', 'candidate', 'none'], b.benchmark_status), b.name, b.id`;
  },

  /** The base with this id, or null. */
  async get(db: Db, id: string): Promise<IndustrialBaseRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<IndustrialBaseRow[]>`${SELECT(db)} where b.id = ${id}`;
    return row ?? null;
  },

  /** Records a base. */
  async create(db: Db, b: IndustrialBaseFields, at?: Date): Promise<IndustrialBaseRow> {
    const when = at ?? null;
    const [row] = await db<{ id: string }[]>`
      insert into industrial_bases (name, county, operator_org_id, address, floor_area_m2, seats, occupied_seats, opened_on,
                                    benchmark_status, benchmark_since, created_at, updated_at)
      values (${b.name}, ${b.county}, ${b.operatorOrgId}, ${b.address}, ${b.floorAreaM2}, ${b.seats}, ${b.occupiedSeats}, ${b.openedOn},
              ${b.benchmarkStatus}, ${b.benchmarkSince}, coalesce(${when}::timestamptz, clock_timestamp()),
              coalesce(${when}::timestamptz, clock_timestamp()))
      returning id`;
    return (await industrialBases.get(db, (row as { id: string }).id)) as IndustrialBaseRow;
  },

  /** Replaces a base's facts; null when there is no such base. */
  async update(db: Db, id: string, b: IndustrialBaseFields): Promise<IndustrialBaseRow | null> {
    if (!isUuid(id)) return null;
    const res = await db`
      update industrial_bases set name = ${b.name}, county = ${b.county}, operator_org_id = ${b.operatorOrgId}, address = ${b.address},
        floor_area_m2 = ${b.floorAreaM2}, seats = ${b.seats}, occupied_seats = ${b.occupiedSeats}, opened_on = ${b.openedOn},
        benchmark_status = ${b.benchmarkStatus}, benchmark_since = ${b.benchmarkSince}, updated_at = clock_timestamp()
      where id = ${id}`;
    return res.count === 0 ? null : industrialBases.get(db, id);
  },
};
