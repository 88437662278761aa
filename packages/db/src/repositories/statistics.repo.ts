import type { FilerKind, FilingReminderKind, PeriodStatus, ReportFigures, ReportIssue } from '@annex/domain';
import type { Db, Tx } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A reporting period (统计填报期) with its filers' counts. */
export type PeriodRow = {
  id: string;
  quarter: string;
  quarterEnd: string;
  dueOn: string;
  status: PeriodStatus;
  reopenReason: string | null;
  openedAt: Date;
  openedBy: string | null;
  closedAt: Date | null;
  reopenedAt: Date | null;
  updatedAt: Date;
};

/** A member that must file in a period, with where its report stands (no report: nulls). */
export type FilerRow = {
  periodId: string;
  orgId: string;
  orgName: string;
  county: string | null;
  filerKind: FilerKind;
  latestVersion: number | null;
  firstFiledAt: Date | null;
  lastFiledAt: Date | null;
  /** warnings of the latest version */
  warningCount: number;
};

/** One version of a report. */
export type ReportRow = ReportFigures & {
  id: string;
  periodId: string;
  orgId: string;
  version: number;
  isLatest: boolean;
  filerKind: FilerKind;
  reason: string | null;
  warnings: ReportIssue[];
  submittedAt: Date;
  submittedBy: string | null;
};

/** A version to add: figures, the warnings shown, who filed and why (corrections). */
export type NewReportVersion = {
  periodId: string;
  orgId: string;
  filerKind: FilerKind;
  figures: ReportFigures;
  warnings: readonly ReportIssue[];
  reason: string | null;
  submittedBy: string | null;
  /** when it was filed (default: now; the demo's past filings give theirs) */
  at?: Date;
};

/** A member of a period taking filings that has not filed, with the reminders it has had (for the scheduler). */
export type ReminderCandidateRow = {
  periodId: string;
  quarter: string;
  dueOn: string;
  status: PeriodStatus;
  orgId: string;
  sent: FilingReminderKind[];
};

/** The marketplace's own figures of a quarter (fen). */
export type MarketplaceQuarterRow = { quarter: string; awardedFen: number; completedFen: number };

const figureColumns = (f: ReportFigures) => ({
  practitioners: f.practitioners,
  practitioners_in_city: f.practitionersInCity,
  local_practitioners: f.localPractitioners,
  revenue_fen: f.revenueFen,
  annotation_revenue_fen: f.annotationRevenueFen,
  trained_pre_job: f.trainedPreJob,
  trained_certified: f.trainedCertified,
  above_designated_size: f.aboveDesignatedSize,
});

/** Quarterly member statistics: periods, who must file, the reports' versions, the reminders sent. */
export const statistics = {
  /**
   * Opens a period and writes down who must file: the organisations that are alliance members when it opens (joined by
   * that day), of the kinds that file (vendor → annotation firm, training institution). UniqueViolation
   * ('statistics_periods_quarter_key') when the quarter has a period already. `at`: when it opened (default: now; the
   * demo's past periods give theirs).
   */
  async openPeriod(tx: Tx, p: { quarter: string; quarterEnd: string; dueOn: string; openedBy: string | null; at?: Date }): Promise<PeriodRow> {
    try {
      const [row] = await tx<PeriodRow[]>`
        insert into statistics_periods (quarter, quarter_end, due_on, opened_by, opened_at, updated_at)
        values (${p.quarter}, ${p.quarterEnd}, ${p.dueOn}, ${p.openedBy}, coalesce(${p.at ?? null}::timestamptz, clock_timestamp()),
                coalesce(${p.at ?? null}::timestamptz, clock_timestamp()))
        returning *`;
      const period = row as PeriodRow;
      await tx`
        insert into statistics_filers (period_id, org_id, filer_kind)
        select ${period.id}, o.id, case o.kind when 'vendor' then 'annotation_firm' else 'training_institution' end
        from alliance_memberships m join organisations o on o.id = m.org_id
        where m.status = 'member' and o.kind in ('vendor', 'training_institution')
          and (m.joined_on is null or m.joined_on <= (${period.openedAt}::timestamptz at time zone 'Asia/Shanghai')::date)`;
      return period;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** A period, or null. */
  async getPeriod(db: Db, id: string): Promise<PeriodRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<PeriodRow[]>`select * from statistics_periods where id = ${id}`;
    return row ?? null;
  },

  /** A period locked for an update (a step of the machine), or null. */
  async lockPeriod(tx: Tx, id: string): Promise<PeriodRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await tx<PeriodRow[]>`select * from statistics_periods where id = ${id} for update`;
    return row ?? null;
  },

  /** Every period, newest quarter first. */
  async listPeriods(db: Db): Promise<PeriodRow[]> {
    return await db<PeriodRow[]>`select * from statistics_periods order by quarter_end desc`;
  },

  /** The periods an organisation must file in, newest quarter first. */
  async periodsOfOrg(db: Db, orgId: string): Promise<PeriodRow[]> {
    if (!isUuid(orgId)) return [];
    return await db<PeriodRow[]>`
      select p.* from statistics_periods p join statistics_filers f on f.period_id = p.id
      where f.org_id = ${orgId} order by p.quarter_end desc`;
  },

  /**
   * Moves a period from one of `from` to `to` (closing stamps closed_at, reopening sets its reason and reopened_at) at
   * `at` (default: now); null when its state was not one of `from`.
   */
  async transitionPeriod(
    tx: Tx, id: string, from: readonly PeriodStatus[], to: PeriodStatus, reason: string | null, at?: Date,
  ): Promise<PeriodRow | null> {
    if (!isUuid(id)) return null;
    const stamp = tx`coalesce(${at ?? null}::timestamptz, clock_timestamp())`;
    const [row] = await tx<PeriodRow[]>`
      update statistics_periods set status = ${to}, updated_at = ${stamp}
        ${to === 'closed' ? tx`, closed_at = ${stamp}` : tx``}
        ${to === 'reopened' ? tx`, reopened_at = ${stamp}, reopen_reason = ${reason}` : tx``}
      where id = ${id} and status = any(${tx.array(from as PeriodStatus[])}::text[])
      returning *`;
    return row ?? null;
  },

  /** The filers of some periods with where their reports stand, by organisation name. */
  async filersOf(db: Db, periodIds: readonly string[]): Promise<FilerRow[]> {
    const ids = periodIds.filter(isUuid);
    if (ids.length === 0) return [];
    return await db<FilerRow[]>`
      select f.period_id, f.org_id, o.name as org_name, o.county, f.filer_kind,
             l.version as latest_version, v1.submitted_at as first_filed_at, l.submitted_at as last_filed_at,
             coalesce(jsonb_array_length(l.warnings), 0)::int as warning_count
      from statistics_filers f
      join organisations o on o.id = f.org_id
      left join statistics_reports l on l.period_id = f.period_id and l.org_id = f.org_id and l.is_latest
      left join statistics_reports v1 on v1.period_id = f.period_id and v1.org_id = f.org_id and v1.version = 1
      where f.period_id = any(${db.array(ids)}::uuid[])
      order by f.period_id, o.name, f.org_id`;
  },

  /** One organisation's filer row of a period, or null when it need not file there. */
  async filer(db: Db, periodId: string, orgId: string): Promise<FilerRow | null> {
    if (!isUuid(periodId) || !isUuid(orgId)) return null;
    const rows = await statistics.filersOf(db, [periodId]);
    return rows.find((r) => r.orgId === orgId) ?? null;
  },

  /**
   * Locks the filer row of (period, organisation) for a filing — two filings of one member wait for each other, so
   * versions and `is_latest` stay straight — and the period's row for share, so a close waits for the filing in flight.
   * Null when the organisation need not file in the period.
   */
  async lockFiler(tx: Tx, periodId: string, orgId: string): Promise<{ filerKind: FilerKind; status: PeriodStatus } | null> {
    if (!isUuid(periodId) || !isUuid(orgId)) return null;
    const [period] = await tx<{ status: PeriodStatus }[]>`select status from statistics_periods where id = ${periodId} for share`;
    if (!period) return null;
    const [f] = await tx<{ filerKind: FilerKind }[]>`
      select filer_kind from statistics_filers where period_id = ${periodId} and org_id = ${orgId} for update`;
    return f ? { filerKind: f.filerKind, status: period.status } : null;
  },

  /** The latest version of a member's report for a period, or null. */
  async latestReport(db: Db, periodId: string, orgId: string): Promise<ReportRow | null> {
    if (!isUuid(periodId) || !isUuid(orgId)) return null;
    const [row] = await db<ReportRow[]>`
      select * from statistics_reports where period_id = ${periodId} and org_id = ${orgId} and is_latest`;
    return row ?? null;
  },

  /** The latest report of a member for the quarter before (by quarter identity), or null (the jump warning compares). */
  async latestReportOfQuarter(db: Db, quarter: string, orgId: string): Promise<ReportRow | null> {
    if (!isUuid(orgId)) return null;
    const [row] = await db<ReportRow[]>`
      select r.* from statistics_reports r join statistics_periods p on p.id = r.period_id
      where p.quarter = ${quarter} and r.org_id = ${orgId} and r.is_latest`;
    return row ?? null;
  },

  /** Every version of a member's report for a period, newest first. */
  async versions(db: Db, periodId: string, orgId: string): Promise<ReportRow[]> {
    if (!isUuid(periodId) || !isUuid(orgId)) return [];
    return await db<ReportRow[]>`
      select * from statistics_reports where period_id = ${periodId} and org_id = ${orgId} order by version desc`;
  },

  /**
   * Adds the next version of a member's report and makes it the latest, in the caller's transaction (which holds
   * the filer's lock, see lockFiler), filed at `at` (default: now). Returns the new version.
   */
  async addVersion(tx: Tx, v: NewReportVersion): Promise<ReportRow> {
    const [prev] = await tx<{ version: number }[]>`
      update statistics_reports set is_latest = false
      where period_id = ${v.periodId} and org_id = ${v.orgId} and is_latest
      returning version`;
    const [row] = await tx<ReportRow[]>`
      insert into statistics_reports ${tx({
        period_id: v.periodId, org_id: v.orgId, version: (prev?.version ?? 0) + 1, is_latest: true, filer_kind: v.filerKind,
        ...figureColumns(v.figures), reason: v.reason, submitted_by: v.submittedBy,
        warnings: tx.json(JSON.parse(JSON.stringify(v.warnings))),
        ...(v.at ? { submitted_at: v.at } : {}),
      })}
      returning *`;
    return row as ReportRow;
  },

  /**
   * Members of periods taking filings that have not filed, with the reminders they have had (the scheduler decides
   * which are due with packages/domain dueFilingReminders).
   */
  async reminderCandidates(db: Db): Promise<ReminderCandidateRow[]> {
    return await db<ReminderCandidateRow[]>`
      select p.id as period_id, p.quarter, p.due_on, p.status, f.org_id,
             coalesce((select array_agg(n.kind order by n.kind) from statistics_notices n
                       where n.period_id = p.id and n.org_id = f.org_id), '{}') as sent
      from statistics_periods p join statistics_filers f on f.period_id = p.id
      where p.status in ('open', 'reopened')
        and not exists (select 1 from statistics_reports r where r.period_id = p.id and r.org_id = f.org_id)
      order by p.quarter_end, f.org_id`;
  },

  /** Records a reminder as sent (at `at`, default now); false when it was sent already (another tick got there first). */
  async markReminderSent(tx: Tx, periodId: string, orgId: string, kind: FilingReminderKind, at?: Date): Promise<boolean> {
    const rows = await tx`
      insert into statistics_notices (period_id, org_id, kind, sent_at)
      values (${periodId}, ${orgId}, ${kind}, coalesce(${at ?? null}::timestamptz, clock_timestamp()))
      on conflict do nothing returning period_id`;
    return rows.length === 1;
  },

  /**
   * The marketplace's own figures per quarter, never typed in (packages/domain marketplaceFigures defines them): the
   * total of awarded bids by the award's date, of active awards, and the price of completed contracts by the
   * completion date, both on the Shanghai calendar (+08:00, no daylight saving). Only quarters with either. Read
   * from the months' totals that triggers keep (migration 0026).
   */
  async marketplaceByQuarter(db: Db): Promise<MarketplaceQuarterRow[]> {
    return await db<MarketplaceQuarterRow[]>`
      select to_char(month, 'YYYY"Q"Q') as quarter, sum(awarded_fen)::bigint as awarded_fen, sum(completed_fen)::bigint as completed_fen
      from kpi_marketplace_months where awards > 0 or completions > 0
      group by 1 order by 1`;
  },

  /** The raw amounts behind marketplaceByQuarter (tests compare the two). */
  async marketplaceAmounts(db: Db): Promise<{ awards: { at: Date; amountFen: number }[]; completions: { at: Date; amountFen: number }[] }> {
    const awards = await db<{ at: Date; amountFen: number }[]>`
      select a.awarded_at as at, b.total_price_fen as amount_fen from awards a join bids b on b.id = a.bid_id where a.cancelled_at is null`;
    const completions = await db<{ at: Date; amountFen: number }[]>`
      select completed_at as at, price_fen as amount_fen from contracts where status = 'completed' and completed_at is not null`;
    return { awards, completions };
  },
};
