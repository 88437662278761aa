import { KpiDashboard, KpiRows, KpiSummary } from '@annex/contracts';
import type { CallFn } from './index.ts';

/** The calls of the KPI dashboard (the secretariat's) and its public summary. */
export function kpiCalls(call: CallFn) {
  return {
    /** GET /admin/kpi — every target with its path and verdict, and the tables behind the charts. */
    kpiDashboard: () => call({ method: 'GET', path: '/admin/kpi', schema: KpiDashboard }),
    /** GET /admin/kpi/{kpi}/rows — the rows a figure of a quarter is made of. */
    kpiRows: (kpi: KpiRows['kpi'], quarter?: string) =>
      call({ method: 'GET', path: `/admin/kpi/${kpi}/rows`, query: quarter ? { quarter } : {}, schema: KpiRows }),
    /** GET /public/kpi-summary — progress toward each target, in aggregates only. */
    kpiSummary: () => call({ method: 'GET', path: '/public/kpi-summary', schema: KpiSummary }),
  };
}
