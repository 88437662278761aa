import type { KpiDashboard } from '@annex/contracts';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridSimpleComponent, LegendComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { MODALITY, countyName } from '#lib/i18n.ts';
import { fenToWan, fenToYi, kpiName } from '#lib/kpi-text.ts';
import { m } from '#lib/paraglide/messages.js';

// The dashboard's charts with ECharts: only the chart types and components used are registered, and this module is
// imported by KpiCharts.svelte, which the page loads dynamically — the charts never weigh on a page's first load.
// Values are written on the bars and points rather than shown in tooltips: they read on a phone without a hover, and
// tooltips and axis pointers (GridComponent brings those) would need a bundler helper that the order page's first
// load would then fetch as a file of its own (scripts/js-budget.ts).

use([LineChart, BarChart, PieChart, GridSimpleComponent, LegendComponent, CanvasRenderer]);

/** A chart drawn into an element (ECharts with only what is registered above). */
export const initChart = (node: HTMLElement) => init(node, null, { renderer: 'canvas' });
export type { EChartsCoreOption };

type Option = EChartsCoreOption;

const COLORS = ['#1d5fae', '#c2410c', '#1b6e3a', '#7c3aed', '#0e7490', '#a16207'];
const base = { color: COLORS, textStyle: { fontFamily: 'inherit', fontSize: 12 }, animation: false };
const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
const round = (n: number, digits: number) => Number(n.toFixed(digits));
const VALUE_LABEL = { show: true, position: 'right', fontSize: 11 };
const TOP_LABEL = { show: true, position: 'top', fontSize: 11 };
const INSIDE_LABEL = { show: true, position: 'inside', fontSize: 11, color: '#fff' };

/** One small line chart per figure over the quarters (yearly figures year to date), each in its target's unit. */
export function trendCharts(k: KpiDashboard): { key: string; title: string; option: Option }[] {
  const quarters = k.quarters.map((q) => q.quarter);
  const line = (title: string, key: string, values: (number | null)[], unit: string) => ({
    key, title,
    option: {
      ...base,
      // room above the highest point for its label
      grid: { ...grid, top: 28 },
      xAxis: { type: 'category', data: quarters, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: `{value}${unit}` }, minInterval: unit === '' ? 1 : 0 },
      series: [{
        type: 'line', data: values, connectNulls: true, symbolSize: 7, lineStyle: { width: 2.5 },
        label: { show: true, position: 'top', fontSize: 11, formatter: `{c}${unit}` }, labelLayout: { hideOverlap: true },
      }],
    },
  });
  return [
    line(kpiName('practitioners'), 'practitioners', k.quarters.map((q) => q.practitioners), ''),
    line(kpiName('above_scale_firms'), 'above_scale_firms', k.quarters.map((q) => q.aboveScaleFirms), ''),
    line(`${kpiName('annotation_revenue')} (${m.kpi_year_to_date()}, ${m.kpi_axis_yi()})`, 'annotation_revenue',
      k.quarters.map((q) => round(fenToYi(q.annotationRevenueYtdFen), 3)), ''),
    line(`${kpiName('people_trained')} (${m.kpi_year_to_date()})`, 'people_trained', k.quarters.map((q) => q.trainedYtd), ''),
    line(kpiName('local_supply_rate'), 'local_supply_rate', k.quarters.map((q) => (q.localSupplyRate === null ? null : round(q.localSupplyRate * 100, 1))), '%'),
    line(kpiName('benchmark_bases'), 'benchmark_bases', k.quarters.map((q) => q.benchmarkBases), ''),
  ];
}

/** Horizontal bars, long category names cut to fit a phone. */
const horizontal = (names: string[], series: object[], legend: boolean): Option => ({
  ...base,
  grid: { ...grid, top: legend ? 36 : 8 },
  legend: legend ? { top: 0 } : undefined,
  yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 96, overflow: 'truncate' } },
  series: series.map((x) => ({ ...x, label: VALUE_LABEL })),
});

/** Practitioners and annotation revenue (万元) by county, on two value axes. */
export function countyChart(k: KpiDashboard): Option {
  const rows = k.byCounty;
  return {
    ...horizontal(rows.map((r) => countyName(r.county)), [
      { name: m.kpi_series_practitioners(), type: 'bar', xAxisIndex: 0, data: rows.map((r) => r.practitioners) },
      { name: m.kpi_series_revenue_wan(), type: 'bar', xAxisIndex: 1, data: rows.map((r) => round(fenToWan(r.annotationRevenueFen), 1)) },
    ], true),
    xAxis: [
      { type: 'value', position: 'bottom', axisLabel: { hideOverlap: true } },
      { type: 'value', position: 'top', splitLine: { show: false }, axisLabel: { hideOverlap: true } },
    ],
    grid: { ...grid, top: 56 },
  };
}

/** Orders on the market by modality (a ring). */
export function modalityChart(k: KpiDashboard): Option {
  return {
    ...base,
    legend: { bottom: 0, type: 'scroll' },
    series: [{
      name: m.kpi_series_orders(), type: 'pie', radius: ['38%', '68%'], center: ['50%', '45%'],
      label: { formatter: '{b}\n{c}', fontSize: 12 },
      data: k.byModality.map((r) => ({ name: r.modality in MODALITY ? MODALITY[r.modality as keyof typeof MODALITY]() : r.modality, value: r.orders })),
    }],
  };
}

/** Value awarded per month, 万元. */
export function monthChart(k: KpiDashboard): Option {
  return {
    ...base, grid: { ...grid, top: 16 },
    xAxis: { type: 'category', data: k.awardedByMonth.map((r) => r.month), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' },
    series: [{
      name: m.kpi_series_awarded(), type: 'bar', data: k.awardedByMonth.map((r) => round(fenToWan(r.awardedFen), 1)),
      label: TOP_LABEL, labelLayout: { hideOverlap: true },
    }],
  };
}

/** The vendors with the most value awarded, 万元. */
export function vendorChart(k: KpiDashboard): Option {
  return {
    ...horizontal(k.topVendors.map((v) => v.name), [
      { name: m.kpi_series_awarded(), type: 'bar', data: k.topVendors.map((v) => round(fenToWan(v.awardedFen), 1)) },
    ], false),
    xAxis: { type: 'value', axisLabel: { hideOverlap: true } },
  };
}

/** People trained per quarter, pre-job and certified stacked. */
export function trainingChart(k: KpiDashboard): Option {
  return {
    ...base, grid,
    legend: { top: 0 },
    xAxis: { type: 'category', data: k.quarters.map((q) => q.quarter), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: m.kpi_series_pre_job(), type: 'bar', stack: 'trained', data: k.quarters.map((q) => q.trainedPreJob), label: INSIDE_LABEL },
      { name: m.kpi_series_certified(), type: 'bar', stack: 'trained', data: k.quarters.map((q) => q.trainedCertified), label: INSIDE_LABEL },
    ],
  };
}

/** The marketplace's awarded and completed value per quarter, 万元. */
export function marketplaceChart(k: KpiDashboard): Option {
  return {
    ...base, grid,
    legend: { top: 0 },
    xAxis: { type: 'category', data: k.marketplace.map((q) => q.quarter), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' },
    series: [
      { name: m.kpi_series_awarded(), type: 'bar', data: k.marketplace.map((q) => round(fenToWan(q.awardedFen), 1)), label: TOP_LABEL },
      { name: m.kpi_series_completed(), type: 'bar', data: k.marketplace.map((q) => round(fenToWan(q.completedFen), 1)), label: TOP_LABEL },
    ],
  };
}
