import {
  type FileReportRequest, KpiTargetsDocument, MarketplaceQuarters, MyStatisticsPeriods, type OpenPeriodRequest, type ReopenPeriodRequest,
  StatisticsPeriodDetail, StatisticsPeriodList, StatisticsReport,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);

/** The calls of the quarterly member statistics (统计填报): periods, reports and their versions, targets, the marketplace's figures. */
export function statisticsCalls(call: CallFn) {
  return {
    /** GET /statistics/targets — the city's targets with each figure's definition and formula. */
    kpiTargets: () => call({ method: 'GET', path: '/statistics/targets', schema: KpiTargetsDocument }),
    /** GET /statistics/marketplace — the marketplace's awarded and completed value per quarter (fen). */
    marketplaceQuarters: () => call({ method: 'GET', path: '/statistics/marketplace', schema: MarketplaceQuarters }),
    /** GET /statistics/periods — every period with its counts (the secretariat). */
    statisticsPeriods: () => call({ method: 'GET', path: '/statistics/periods', schema: StatisticsPeriodList }),
    /** POST /statistics/periods — opens a quarter's period with a due date (the secretariat). */
    openStatisticsPeriod: (body: OpenPeriodRequest) => call({ method: 'POST', path: '/statistics/periods', body, schema: StatisticsPeriodDetail }),
    /** GET /statistics/periods/{id} — a period with every filer and where it stands (the secretariat). */
    statisticsPeriod: (periodId: string) => call({ method: 'GET', path: `/statistics/periods/${id(periodId)}`, schema: StatisticsPeriodDetail }),
    /** POST /statistics/periods/{id}/close — locks the period's reports (the secretariat). */
    closeStatisticsPeriod: (periodId: string) =>
      call({ method: 'POST', path: `/statistics/periods/${id(periodId)}/close`, schema: StatisticsPeriodDetail }),
    /** POST /statistics/periods/{id}/reopen — unlocks a closed period, with a reason (the secretariat). */
    reopenStatisticsPeriod: (periodId: string, body: ReopenPeriodRequest) =>
      call({ method: 'POST', path: `/statistics/periods/${id(periodId)}/reopen`, body, schema: StatisticsPeriodDetail }),
    /** GET /statistics/mine — the periods the caller's organisation files in, newest first. */
    myStatisticsPeriods: () => call({ method: 'GET', path: '/statistics/mine', schema: MyStatisticsPeriods }),
    /** GET /statistics/periods/{id}/report — the caller's own report of a period with every version. */
    myStatisticsReport: (periodId: string) => call({ method: 'GET', path: `/statistics/periods/${id(periodId)}/report`, schema: StatisticsReport }),
    /** POST /statistics/periods/{id}/report — files the report (version 1) or corrects it (a new version with a reason). */
    fileStatisticsReport: (periodId: string, body: FileReportRequest) =>
      call({ method: 'POST', path: `/statistics/periods/${id(periodId)}/report`, body, schema: StatisticsReport }),
    /** GET /statistics/periods/{id}/reports/{orgId} — a member's report with every version (that member and the secretariat). */
    statisticsReport: (periodId: string, orgId: string) =>
      call({ method: 'GET', path: `/statistics/periods/${id(periodId)}/reports/${id(orgId)}`, schema: StatisticsReport }),
  };
}
