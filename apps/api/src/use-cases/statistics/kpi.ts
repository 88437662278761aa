import type { KpiDashboard, KpiRows, KpiSummary } from '@annex/contracts';
import { type Db, type KpiBaseRow, type KpiQuarterRow, kpi, statistics } from '@annex/db';
import {
  KPI_DEFINITIONS, KPI_TARGETS, type KpiKey, type KpiPoint, type KpiProgress, type KpiTarget, POLICY_ISSUED_ON, formatQuarter, kpiProgress,
  parseQuarter, publicAggregate, quarterEnd, quarterOfDate, quarterOfInstant, quarterStart, shanghaiDate,
} from '@annex/domain';
import { AppError } from '../../errors.ts';
import { CSV_TYPE, type ExportTable, XLSX_TYPE, writeCsvTables, writeWorkbook } from '../../lib/sheet-file.ts';
import { type Deps, db } from '../context.ts';

// The KPI dashboard against the city's 2027 targets (issue 10 item 3). SQL sums the latest report versions
// (packages/db kpi.repo.ts); where each target stands is packages/domain kpiProgress, judged at deps.now().

/** A quarter's value of each target's figure, and how many members it sums over. */
function figureOf(key: KpiKey, q: KpiQuarterRow, bases: readonly KpiBaseRow[]): { value: number | null; members: number } {
  switch (key) {
    case 'practitioners': return { value: q.practitionersMembers > 0 ? q.practitioners : null, members: q.practitionersMembers };
    case 'above_scale_firms': return { value: q.filed > 0 ? q.aboveScaleFirms : null, members: q.filed };
    case 'annotation_revenue': return { value: q.revenueMembers > 0 || q.annotationRevenueYtdFen > 0 ? q.annotationRevenueYtdFen : null, members: q.revenueMembers };
    case 'people_trained': return { value: q.trainedMembers > 0 || q.trainedYtd > 0 ? q.trainedYtd : null, members: q.trainedMembers };
    case 'local_supply_rate': return { value: q.practitionersInCity > 0 ? q.localPractitioners / q.practitionersInCity : null, members: q.supplyMembers };
    case 'benchmark_bases': return { value: benchmarkBasesOn(bases, q.quarterEnd), members: 0 };
    default: return { value: null, members: 0 };
  }
}

/** Bases recognised as benchmark on a day (their benchmark_since at or before it). */
const benchmarkBasesOn = (bases: readonly KpiBaseRow[], on: string) =>
  bases.filter((b) => b.benchmarkStatus === 'benchmark' && b.benchmarkSince !== null && b.benchmarkSince <= on).length;

type Progress = { target: KpiTarget; progress: KpiProgress; members: number };

/** Every target with where it stands: reported figures from the quarters, benchmark bases from their records today. */
function targetsProgress(quarters: readonly KpiQuarterRow[], bases: readonly KpiBaseRow[], now: Date): Progress[] {
  return KPI_TARGETS.map((target) => {
    const def = KPI_DEFINITIONS[target.key];
    if (target.key === 'benchmark_bases') {
      const today = shanghaiDate(now);
      const progress = kpiProgress(target, {
        series: [], yearly: false,
        baseline: { value: benchmarkBasesOn(bases, POLICY_ISSUED_ON), on: POLICY_ISSUED_ON },
        current: { quarter: formatQuarter(quarterOfInstant(now)), value: benchmarkBasesOn(bases, today) },
      }, now);
      return { target, progress, members: bases.filter((b) => b.benchmarkStatus === 'benchmark').length };
    }
    const figures = quarters.map((q) => ({ quarter: q.quarter, ...figureOf(target.key, q, bases) }));
    const series: KpiPoint[] = figures.map(({ quarter, value }) => ({ quarter, value }));
    const progress = kpiProgress(target, { series, yearly: def.yearly }, now);
    return { target, progress, members: figures.findLast((f) => f.value !== null)?.members ?? 0 };
  });
}

async function read(d: Db) {
  const [quarters, bases] = await Promise.all([kpi.quarters(d), kpi.bases(d)]);
  return { quarters, bases };
}

const AWARD_MONTHS = 24;

/** The marketplace's value per quarter: the months' awards added up by quarter, beside the contracts completed. */
function marketplaceQuarters(months: readonly { month: string; awardedFen: number }[], completed: readonly { quarter: string; completedFen: number }[]) {
  const byQuarter = new Map<string, { quarter: string; awardedFen: number; completedFen: number }>();
  const at = (quarter: string) => byQuarter.get(quarter) ?? byQuarter.set(quarter, { quarter, awardedFen: 0, completedFen: 0 }).get(quarter)!;
  for (const m of months) at(formatQuarter(quarterOfDate(`${m.month}-01`))).awardedFen += m.awardedFen;
  for (const c of completed) at(c.quarter).completedFen += c.completedFen;
  return [...byQuarter.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

/** GET /admin/kpi: every target with its path and verdict, and the tables the charts draw (the secretariat). */
export async function getKpiDashboard(deps: Deps): Promise<KpiDashboard> {
  const d = db(deps);
  const [{ quarters, bases }, awards, completed, byModality] = await Promise.all([
    read(d), kpi.awardTotals(d), kpi.completedByQuarter(d), kpi.ordersByModality(d),
  ]);
  const asOf = quarters.findLast((q) => q.filed > 0)?.quarter ?? null;
  return {
    asOf,
    targets: targetsProgress(quarters, bases, deps.now()).map(({ target, progress, members }) => {
      const def = KPI_DEFINITIONS[target.key];
      return {
        key: target.key, unit: def.unit, yearly: def.yearly, definition: def.definition, formula: def.formula, source: target.source,
        target: target.value, comparison: target.comparison, deadline: target.deadline, ...progress, members,
      };
    }),
    quarters: quarters.map(({ practitionersMembers: _p, revenueMembers: _r, trainedMembers: _t, supplyMembers: _s, ...q }) => ({
      ...q, localSupplyRate: q.practitionersInCity > 0 ? q.localPractitioners / q.practitionersInCity : null,
      benchmarkBases: benchmarkBasesOn(bases, q.quarterEnd),
    })),
    marketplace: marketplaceQuarters(awards.months, completed),
    byCounty: asOf ? await kpi.byCounty(d, asOf) : [],
    byModality,
    awardedByMonth: awards.months.slice(-AWARD_MONTHS),
    topVendors: awards.vendors,
  };
}

/** GET /public/kpi-summary: progress toward each target, each figure published only when enough members make it. */
export async function getKpiSummary(deps: Deps): Promise<KpiSummary> {
  const { quarters, bases } = await read(db(deps));
  const asOf = quarters.findLast((q) => q.filed > 0);
  return {
    asOf: asOf?.quarter ?? null,
    filed: asOf?.filed ?? 0,
    targets: targetsProgress(quarters, bases, deps.now()).map(({ target, progress, members }) => {
      const def = KPI_DEFINITIONS[target.key];
      // bases are public records; a reported figure is published only as a sum over several members
      const shown = target.key === 'benchmark_bases' ? progress.current : publicAggregate(progress.current, members);
      return {
        key: target.key, unit: def.unit, yearly: def.yearly, definition: def.definition, source: target.source, target: target.value,
        comparison: target.comparison, deadline: target.deadline, current: shown, progress: shown === null ? null : progress.progress,
        pathShare: progress.pathShare, onTrack: shown === null ? null : progress.onTrack, met: shown !== null && progress.met,
      };
    }),
  };
}

const DEAL_ROWS = 500;

/**
 * GET /admin/kpi/{kpi}/rows: the rows a figure of a quarter is made of (default: the latest period's quarter) — the
 * latest report versions summed and the members that did not file; the bases; the awards or completed contracts.
 */
export async function getKpiRows(deps: Deps, key: KpiKey, quarterText: string | undefined): Promise<KpiRows> {
  const d = db(deps);
  const { quarters, bases } = await read(d);
  const quarterId = quarterText ?? quarters.findLast((q) => q.filed > 0)?.quarter ?? formatQuarter(quarterOfInstant(deps.now()));
  const quarter = parseQuarter(quarterId)!;
  const def = KPI_DEFINITIONS[key];
  const empty = { reports: [], notFiled: [], bases: [], deals: [], dealsTotal: 0 };
  if (key === 'awarded_value' || key === 'completed_value') {
    const { rows, total } = await kpi.dealRows(d, key === 'awarded_value' ? 'awards' : 'completions', quarterStart(quarter), quarterEnd(quarter), DEAL_ROWS);
    const m = (await statistics.marketplaceByQuarter(d)).find((x) => x.quarter === quarterId);
    return {
      kpi: key, quarter: quarterId, quarters: [quarterId], value: (key === 'awarded_value' ? m?.awardedFen : m?.completedFen) ?? 0, ...empty,
      deals: rows.map((r) => ({ ...r, at: r.at.toISOString() })), dealsTotal: total,
    };
  }
  const row = quarters.find((q) => q.quarter === quarterId);
  if (key === 'benchmark_bases') {
    const on = quarterEnd(quarter);
    return {
      kpi: key, quarter: quarterId, quarters: [quarterId], value: benchmarkBasesOn(bases, on), ...empty,
      bases: bases.filter((b) => b.benchmarkStatus === 'benchmark' && b.benchmarkSince !== null && b.benchmarkSince <= on),
    };
  }
  if (!row) throw new AppError('not_found', `no statistics period for ${quarterId}`);
  const summed = def.yearly
    ? quarters.filter((q) => q.quarter.slice(0, 4) === quarterId.slice(0, 4) && q.quarter <= quarterId).map((q) => q.quarter)
    : [quarterId];
  const [reports, notFiled] = await Promise.all([kpi.reportRows(d, summed), kpi.notFiled(d, summed)]);
  return {
    kpi: key, quarter: quarterId, quarters: summed, value: figureOf(key, row, bases).value, ...empty,
    reports: reports.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })), notFiled,
  };
}

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
/** A figure in the unit its target is written in: money in yuan, the rest as counted. */
const figure = (unit: string, v: number | null) => (unit === 'fen' ? yuan(v) : v);

/** The dashboard's tables, as they are exported: money in yuan, a share as a fraction. */
export function kpiTables(k: KpiDashboard): ExportTable[] {
  return [
    {
      title: '指标 Targets',
      header: ['指标 key', '定义', '公式', '当前值', '所属季度', '目标', '期限', '基线', '基线日期', '当前路径值', '进度', '是否达标路径 on track', '已达标 met'],
      rows: k.targets.map((t) => [
        t.key, t.definition.zh, t.formula.zh, figure(t.unit, t.current), t.asOf, figure(t.unit, t.target), t.deadline, figure(t.unit, t.baseline.value),
        t.baseline.on, figure(t.unit, t.pathNow), t.progress, t.onTrack === null ? null : t.onTrack ? 'on track' : 'behind', t.met ? 'yes' : 'no',
      ]),
    },
    {
      title: '季度趋势 Quarters',
      header: [
        '季度', '状态', '应填报', '已填报', '从业人员', '规上企业', '数据标注收入(元)', '本年累计收入(元)', '岗前培训', '技能等级认定', '本年累计培训',
        '本地人才', '在聊城从业人员', '本地人才供给率', '标杆基地',
      ],
      rows: k.quarters.map((q) => [
        q.quarter, q.status, q.filers, q.filed, q.practitioners, q.aboveScaleFirms, yuan(q.annotationRevenueFen), yuan(q.annotationRevenueYtdFen),
        q.trainedPreJob, q.trainedCertified, q.trainedYtd, q.localPractitioners, q.practitionersInCity, q.localSupplyRate, q.benchmarkBases,
      ]),
    },
    {
      title: '平台交易 Marketplace',
      header: ['季度', '中标金额(元)', '履约完成金额(元)'],
      rows: k.marketplace.map((m) => [m.quarter, yuan(m.awardedFen), yuan(m.completedFen)]),
    },
    {
      title: '区县 Counties',
      header: ['区县代码', '填报单位', '从业人员', '数据标注收入(元)'],
      rows: k.byCounty.map((c) => [c.county, c.members, c.practitioners, yuan(c.annotationRevenueFen)]),
    },
    { title: '订单模态 Modalities', header: ['模态', '订单数'], rows: k.byModality.map((m) => [m.modality, m.orders]) },
    { title: '月度中标 Months', header: ['月份', '定标数', '中标金额(元)'], rows: k.awardedByMonth.map((m) => [m.month, m.awards, yuan(m.awardedFen)]) },
    { title: '服务商排名 Vendors', header: ['服务商', '中标数', '中标金额(元)'], rows: k.topVendors.map((v) => [v.name, v.awards, yuan(v.awardedFen)]) },
  ];
}

/** GET /admin/kpi/export: the dashboard's tables as CSV (one after the other) or XLSX (a sheet per table). */
export async function exportKpi(deps: Deps, format: 'csv' | 'xlsx'): Promise<{ fileName: string; type: string; bytes: Uint8Array }> {
  const tables = kpiTables(await getKpiDashboard(deps));
  const name = `联盟指标-${shanghaiDate(deps.now())}`;
  return format === 'csv'
    ? { fileName: `${name}.csv`, type: CSV_TYPE, bytes: writeCsvTables(tables) }
    : { fileName: `${name}.xlsx`, type: XLSX_TYPE, bytes: await writeWorkbook(tables) };
}
