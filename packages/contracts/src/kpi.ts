import { KPI_KEYS } from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common.ts';
import { QuarterId } from './statistics.ts';

// The KPI dashboard against the city's 2027 targets (DESIGN §2.8, issue 10 item 3): for the secretariat every figure
// with its path and drill-down rows; for the public the aggregates only.

const Text = z.object({ zh: z.string(), en: z.string() });
const KpiKey = z.enum(KPI_KEYS);
const Unit = z.enum(['people', 'firms', 'bases', 'fen', 'share']);

/** A target with where it stands: the figure, the straight-line path from the baseline and the verdict. */
const TargetProgress = z.object({
  key: KpiKey, unit: Unit, yearly: z.boolean(), definition: Text, formula: Text, source: Text,
  target: z.number(), comparison: z.enum(['at_least', 'more_than']), deadline: IsoDate,
  /** the figure's latest value (yearly figures: year to date) and its quarter; null while nobody reported it */
  current: z.number().nullable(), asOf: z.string().nullable(),
  baseline: z.object({ value: z.number(), on: IsoDate }),
  /** the path's value today (yearly figures: the share of the year the current value covers) */
  pathNow: z.number(),
  progress: z.number().nullable(), pathShare: z.number(),
  onTrack: z.boolean().nullable(), met: z.boolean(),
  /** how many members the current value sums over (records: how many records) */
  members: z.number().int(),
});

/** GET /admin/kpi: every target and the dashboard's tables. */
export const KpiDashboard = z.object({
  asOf: z.string().nullable(),
  targets: z.array(TargetProgress),
  /** one row per reporting period: who had to file, who did, and every figure (yearly ones year to date) */
  quarters: z.array(z.object({
    quarter: z.string(), quarterEnd: IsoDate, status: z.string(), filers: z.number().int(), filed: z.number().int(),
    practitioners: z.number().int(), aboveScaleFirms: z.number().int(), annotationRevenueFen: z.number().int(),
    annotationRevenueYtdFen: z.number().int(), trainedPreJob: z.number().int(), trainedCertified: z.number().int(), trainedYtd: z.number().int(),
    localPractitioners: z.number().int(), practitionersInCity: z.number().int(), localSupplyRate: z.number().nullable(),
    benchmarkBases: z.number().int(),
  })),
  marketplace: z.array(z.object({ quarter: z.string(), awardedFen: z.number().int(), completedFen: z.number().int() })),
  /** of the latest quarter */
  byCounty: z.array(z.object({ county: z.string().nullable(), members: z.number().int(), practitioners: z.number().int(), annotationRevenueFen: z.number().int() })),
  byModality: z.array(z.object({ modality: z.string(), orders: z.number().int() })),
  awardedByMonth: z.array(z.object({ month: z.string(), awards: z.number().int(), awardedFen: z.number().int() })),
  topVendors: z.array(z.object({ orgId: Id, name: z.string(), awards: z.number().int(), awardedFen: z.number().int() })),
});
export type KpiDashboard = z.infer<typeof KpiDashboard>;

/** GET /admin/kpi/{kpi}/rows: the quarter (default: the latest period's). */
export const KpiRowsQuery = z.object({ quarter: QuarterId.optional() });
export const KpiRowsParams = z.object({ kpi: KpiKey });

/** GET /admin/kpi/{kpi}/rows: the rows a figure is made of — which member's which report version, which orders, which bases. */
export const KpiRows = z.object({
  kpi: KpiKey, quarter: z.string(),
  /** the quarters summed: the quarter itself, or the year's quarters up to it for a yearly figure */
  quarters: z.array(z.string()),
  /** the figure the rows make */
  value: z.number().nullable(),
  reports: z.array(z.object({
    quarter: z.string(), orgId: Id, orgName: z.string(), county: z.string().nullable(), filerKind: z.string(), version: z.number().int(),
    submittedAt: IsoDateTime, practitioners: z.number().int().nullable(), practitionersInCity: z.number().int().nullable(),
    localPractitioners: z.number().int().nullable(), revenueFen: z.number().int().nullable(), annotationRevenueFen: z.number().int().nullable(),
    trainedPreJob: z.number().int().nullable(), trainedCertified: z.number().int().nullable(), aboveDesignatedSize: z.boolean().nullable(),
  })),
  /** members asked to file that did not: they add nothing to the figure */
  notFiled: z.array(z.object({ quarter: z.string(), orgId: Id, orgName: z.string(), filerKind: z.string() })),
  bases: z.array(z.object({
    id: Id, name: z.string(), county: z.string(), benchmarkStatus: z.string(), benchmarkSince: IsoDate.nullable(), seats: z.number().int(),
    occupiedSeats: z.number().int(),
  })),
  deals: z.array(z.object({
    orderId: Id, title: z.string(), modality: z.string(), vendorOrgId: Id, vendorName: z.string(), at: IsoDateTime, amountFen: z.number().int(),
  })),
  /** how many deals make the figure (the list holds the largest) */
  dealsTotal: z.number().int(),
});
export type KpiRows = z.infer<typeof KpiRows>;

/** GET /admin/kpi/export: CSV (every table one after the other) or XLSX (a sheet per table). */
export const KpiExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

/** GET /public/kpi-summary: progress toward each target in aggregates over several members — never one member's figure. */
export const KpiSummary = z.object({
  asOf: z.string().nullable(),
  /** how many members filed for that quarter */
  filed: z.number().int(),
  targets: z.array(z.object({
    key: KpiKey, unit: Unit, yearly: z.boolean(), definition: Text, source: Text, target: z.number(), comparison: z.enum(['at_least', 'more_than']),
    deadline: IsoDate,
    /** null when nobody reported it or too few members did to publish it */
    current: z.number().nullable(), progress: z.number().nullable(), pathShare: z.number(), onTrack: z.boolean().nullable(), met: z.boolean(),
  })),
});
export type KpiSummary = z.infer<typeof KpiSummary>;
