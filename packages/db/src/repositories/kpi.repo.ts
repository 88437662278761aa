import type { Db } from '../client.ts';

// The KPI dashboard's aggregates, summed in SQL over the latest version of each report (`is_latest`, one per
// period and member under statistics_reports_one_latest); the marketplace's figures (awards, completed contracts,
// published orders) read from the totals triggers keep as those rows change (migration 0026), which grow with the
// market where the reports grow only with the members. The formulas are packages/domain statistics/kpi.ts; the
// tests compare the two.

/** One quarter's figures over the members' latest reports; `…Members` are how many members each figure sums over. */
export type KpiQuarterRow = {
  quarter: string;
  quarterEnd: string;
  status: string;
  filers: number;
  filed: number;
  practitioners: number;
  practitionersMembers: number;
  aboveScaleFirms: number;
  annotationRevenueFen: number;
  annotationRevenueYtdFen: number;
  revenueMembers: number;
  trainedPreJob: number;
  trainedCertified: number;
  trainedYtd: number;
  trainedMembers: number;
  localPractitioners: number;
  practitionersInCity: number;
  supplyMembers: number;
};

/** A county's practitioners and annotation revenue in a quarter. */
export type KpiCountyRow = { county: string | null; members: number; practitioners: number; annotationRevenueFen: number };
/** Published orders of a modality. */
export type KpiModalityRow = { modality: string; orders: number };
/** The value awarded in a month (Shanghai calendar, YYYY-MM). */
export type KpiMonthRow = { month: string; awards: number; awardedFen: number };
/** A vendor and the value awarded to it. */
export type KpiVendorRow = { orgId: string; name: string; awards: number; awardedFen: number };
/** An industrial base and its benchmark status. */
export type KpiBaseRow = { id: string; name: string; county: string; benchmarkStatus: string; benchmarkSince: string | null; seats: number; occupiedSeats: number };

/** A member's latest report of a quarter, as a drill-down row. */
export type KpiReportRow = {
  quarter: string; orgId: string; orgName: string; county: string | null; filerKind: string; version: number; submittedAt: Date;
  practitioners: number | null; practitionersInCity: number | null; localPractitioners: number | null; revenueFen: number | null;
  annotationRevenueFen: number | null; trainedPreJob: number | null; trainedCertified: number | null; aboveDesignatedSize: boolean | null;
};
/** A member asked to file for a quarter that has not. */
export type KpiNotFiledRow = { quarter: string; orgId: string; orgName: string; filerKind: string };
/** An award or a completed contract behind a marketplace figure. */
export type KpiDealRow = { orderId: string; title: string; modality: string; vendorOrgId: string; vendorName: string; at: Date; amountFen: number };

export const kpi = {
  /** Every period's figures, oldest quarter first; year-to-date sums restart with each calendar year. */
  async quarters(db: Db): Promise<KpiQuarterRow[]> {
    return await db<KpiQuarterRow[]>`
      with q as (
        select p.quarter, p.quarter_end, p.status,
          (select count(*) from statistics_filers f where f.period_id = p.id)::int as filers,
          count(r.id)::int as filed,
          coalesce(sum(r.practitioners), 0)::int as practitioners, count(r.practitioners)::int as practitioners_members,
          (count(*) filter (where r.filer_kind = 'annotation_firm' and r.above_designated_size))::int as above_scale_firms,
          coalesce(sum(r.annotation_revenue_fen), 0)::bigint as annotation_revenue_fen, count(r.annotation_revenue_fen)::int as revenue_members,
          coalesce(sum(r.trained_pre_job), 0)::int as trained_pre_job, coalesce(sum(r.trained_certified), 0)::int as trained_certified,
          (count(*) filter (where r.trained_pre_job is not null or r.trained_certified is not null))::int as trained_members,
          coalesce(sum(r.local_practitioners) filter (where r.practitioners_in_city is not null and r.local_practitioners is not null), 0)::int
            as local_practitioners,
          coalesce(sum(r.practitioners_in_city) filter (where r.practitioners_in_city is not null and r.local_practitioners is not null), 0)::int
            as practitioners_in_city,
          (count(*) filter (where r.practitioners_in_city is not null and r.local_practitioners is not null))::int as supply_members
        from statistics_periods p
        left join statistics_reports r on r.period_id = p.id and r.is_latest
        group by p.id
      )
      select q.*, to_char(q.quarter_end, 'YYYY-MM-DD') as quarter_end,
        (sum(q.annotation_revenue_fen) over ytd)::bigint as annotation_revenue_ytd_fen,
        (sum(q.trained_pre_job + q.trained_certified) over ytd)::int as trained_ytd
      from q
      window ytd as (partition by extract(year from q.quarter_end) order by q.quarter_end)
      order by q.quarter_end`;
  },

  /** Practitioners and annotation revenue of a quarter's latest reports by the member's county. */
  async byCounty(db: Db, quarter: string): Promise<KpiCountyRow[]> {
    return await db<KpiCountyRow[]>`
      select o.county, count(*)::int as members, coalesce(sum(r.practitioners), 0)::int as practitioners,
             coalesce(sum(r.annotation_revenue_fen), 0)::bigint as annotation_revenue_fen
      from statistics_periods p
      join statistics_reports r on r.period_id = p.id and r.is_latest
      join organisations o on o.id = r.org_id
      where p.quarter = ${quarter}
      group by o.county order by practitioners desc, o.county`;
  },

  /** Published orders by modality (as orders_modality_published_idx: the ones that reached the market), as counted in kpi_order_modalities. */
  async ordersByModality(db: Db): Promise<KpiModalityRow[]> {
    return await db<KpiModalityRow[]>`
      select modality, orders from kpi_order_modalities where orders > 0 order by orders desc, modality`;
  },

  /**
   * The value of active awards per month (Shanghai calendar, every month that has any, oldest first) and the
   * `topVendors` vendors with the most value awarded, from the totals migration 0026's triggers keep.
   */
  async awardTotals(db: Db, topVendors = 10): Promise<{ months: KpiMonthRow[]; vendors: KpiVendorRow[] }> {
    const [months, vendors] = await Promise.all([
      db<KpiMonthRow[]>`
        select to_char(month, 'YYYY-MM') as month, awards, awarded_fen from kpi_marketplace_months where awards > 0 order by month`,
      db<KpiVendorRow[]>`
        select v.vendor_org_id as org_id, o.name, v.awards, v.awarded_fen
        from kpi_vendor_awards v join organisations o on o.id = v.vendor_org_id
        where v.awards > 0 order by v.awarded_fen desc, v.vendor_org_id limit ${topVendors}`,
    ]);
    return { months, vendors };
  },

  /** The price of contracts completed per quarter (Shanghai calendar), oldest first, from the months' totals (0026). */
  async completedByQuarter(db: Db): Promise<{ quarter: string; completedFen: number }[]> {
    return await db<{ quarter: string; completedFen: number }[]>`
      select to_char(month, 'YYYY"Q"Q') as quarter, sum(completed_fen)::bigint as completed_fen
      from kpi_marketplace_months where completions > 0 group by 1 order by 1`;
  },

  /** Every industrial base with its benchmark status (a handful: the city counts them). */
  async bases(db: Db): Promise<KpiBaseRow[]> {
    return await db<KpiBaseRow[]>`
      select id, name, county, benchmark_status, to_char(benchmark_since, 'YYYY-MM-DD') as benchmark_since, seats, occupied_seats
      from industrial_bases order by benchmark_since nulls last, name`;
  },

  /** The latest reports of some quarters, with their members, by quarter and name: the rows a report figure sums. */
  async reportRows(db: Db, quarters: readonly string[]): Promise<KpiReportRow[]> {
    if (quarters.length === 0) return [];
    return await db<KpiReportRow[]>`
      select p.quarter, r.org_id, o.name as org_name, o.county, r.filer_kind, r.version, r.submitted_at,
             r.practitioners, r.practitioners_in_city, r.local_practitioners, r.revenue_fen, r.annotation_revenue_fen,
             r.trained_pre_job, r.trained_certified, r.above_designated_size
      from statistics_periods p
      join statistics_reports r on r.period_id = p.id and r.is_latest
      join organisations o on o.id = r.org_id
      where p.quarter = any(${db.array([...quarters])}::text[])
      order by p.quarter_end, o.name, r.org_id`;
  },

  /** The members asked to file for some quarters that have not. */
  async notFiled(db: Db, quarters: readonly string[]): Promise<KpiNotFiledRow[]> {
    if (quarters.length === 0) return [];
    return await db<KpiNotFiledRow[]>`
      select p.quarter, f.org_id, o.name as org_name, f.filer_kind
      from statistics_periods p
      join statistics_filers f on f.period_id = p.id
      join organisations o on o.id = f.org_id
      where p.quarter = any(${db.array([...quarters])}::text[])
        and not exists (select 1 from statistics_reports r where r.period_id = p.id and r.org_id = f.org_id)
      order by p.quarter_end, o.name, f.org_id`;
  },

  /**
   * The active awards (`awards`) or completed contracts (`completions`) between two Shanghai dates (inclusive): the
   * rows a marketplace figure sums, largest first, at most `limit`; `total` counts them all.
   */
  async dealRows(db: Db, kind: 'awards' | 'completions', from: string, to: string, limit: number): Promise<{ rows: KpiDealRow[]; total: number }> {
    const start = `${from}T00:00:00+08:00`;
    const end = `${to}T24:00:00+08:00`;
    const rows = kind === 'awards'
      ? await db<(KpiDealRow & { total: number })[]>`
          select o.id as order_id, o.title, o.modality, b.vendor_org_id, v.name as vendor_name, a.awarded_at as at,
                 b.total_price_fen as amount_fen, count(*) over ()::int as total
          from awards a join bids b on b.id = a.bid_id join orders o on o.id = a.order_id join organisations v on v.id = b.vendor_org_id
          where a.cancelled_at is null and a.awarded_at >= ${start}::timestamptz and a.awarded_at < ${end}::timestamptz
          order by amount_fen desc, o.id limit ${limit}`
      : await db<(KpiDealRow & { total: number })[]>`
          select o.id as order_id, o.title, o.modality, c.vendor_org_id, v.name as vendor_name, c.completed_at as at,
                 c.price_fen as amount_fen, count(*) over ()::int as total
          from contracts c join orders o on o.id = c.order_id join organisations v on v.id = c.vendor_org_id
          where c.status = 'completed' and c.completed_at >= ${start}::timestamptz and c.completed_at < ${end}::timestamptz
          order by amount_fen desc, o.id limit ${limit}`;
    return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
  },
};
