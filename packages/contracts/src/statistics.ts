import {
  FILER_KINDS, FILING_STATES, KPI_KEYS, PERIOD_STATUSES, REPORT_ERROR_CODES, REPORT_FIELDS, REPORT_WARNING_CODES, formatQuarter, parseQuarter,
} from '@annex/domain';
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common.ts';
import { multiLine } from './text.ts';

// Quarterly member statistics (统计填报, DESIGN §2.8): reporting periods, members' reports and their versions, the
// KPI targets as data and the marketplace's own figures. The rules live in packages/domain statistics/.

/** A quarter's identity, e.g. 2026Q3. */
export const QuarterId = z.string().refine((s) => parseQuarter(s) !== null && formatQuarter(parseQuarter(s)!) === s, 'a quarter such as 2026Q3');

/** POST /statistics/periods: the secretariat opens a quarter's period with a due date. */
export const OpenPeriodRequest = z.strictObject({ quarter: QuarterId, dueOn: IsoDate });
export type OpenPeriodRequest = z.infer<typeof OpenPeriodRequest>;

/** POST /statistics/periods/{id}/reopen: the reason is required. */
export const ReopenPeriodRequest = z.strictObject({ reason: multiLine(1, 500) });
export type ReopenPeriodRequest = z.infer<typeof ReopenPeriodRequest>;

/** How many of a period's filers stand where (packages/domain filingState). */
export const FilingCounts = z.object({
  filers: z.number().int(), filed: z.number().int(), filedLate: z.number().int(), outstanding: z.number().int(), late: z.number().int(),
});
export type FilingCounts = z.infer<typeof FilingCounts>;

/** A reporting period as lists show it. */
export const StatisticsPeriod = z.object({
  id: Id,
  quarter: z.string(),
  quarterStart: IsoDate,
  quarterEnd: IsoDate,
  dueOn: IsoDate,
  /** the moment filings become late: the end of the due day in Asia/Shanghai */
  dueAt: IsoDateTime,
  status: z.enum(PERIOD_STATUSES),
  reopenReason: z.string().nullable(),
  openedAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  reopenedAt: IsoDateTime.nullable(),
  counts: FilingCounts,
  permissions: z.object({ close: z.boolean(), reopen: z.boolean() }),
});
export type StatisticsPeriod = z.infer<typeof StatisticsPeriod>;
export const StatisticsPeriodList = z.object({ items: z.array(StatisticsPeriod) });
export type StatisticsPeriodList = z.infer<typeof StatisticsPeriodList>;

/** A member that must file in a period, and where its report stands. */
export const PeriodFiler = z.object({
  orgId: Id,
  orgName: z.string(),
  county: z.string().nullable(),
  filerKind: z.enum(FILER_KINDS),
  state: z.enum(FILING_STATES),
  latestVersion: z.number().int().nullable(),
  firstFiledAt: IsoDateTime.nullable(),
  lastFiledAt: IsoDateTime.nullable(),
  warningCount: z.number().int(),
});
export type PeriodFiler = z.infer<typeof PeriodFiler>;

/** GET /statistics/periods/{id}: the period with every filer (the secretariat's view; late ones marked by `state`). */
export const StatisticsPeriodDetail = StatisticsPeriod.extend({ filers: z.array(PeriodFiler) });
export type StatisticsPeriodDetail = z.infer<typeof StatisticsPeriodDetail>;

const count = z.number().nullable();
/** The figures of a report (packages/domain ReportFigures): people as counts, money in fen; null = not stated. */
export const ReportFigures = z.strictObject({
  practitioners: count,
  practitionersInCity: count,
  localPractitioners: count,
  revenueFen: count,
  annotationRevenueFen: count,
  trainedPreJob: count,
  trainedCertified: count,
  aboveDesignatedSize: z.boolean().nullable(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

/**
 * POST /statistics/periods/{id}/report: a filing (version 1) or a correction (a later version; `reason` required).
 * The shape is checked here; the rules (of-which ≤ total, required fields of the kind) answer 422 report_invalid
 * with one error per field (`path` the field, `message` starting with the rule's code).
 */
export const FileReportRequest = ReportFigures.extend({ reason: multiLine(1, 500).nullable().optional() });
export type FileReportRequest = z.infer<typeof FileReportRequest>;

/** A finding of the validation (packages/domain ReportIssue). */
export const ReportIssue = z.object({
  severity: z.enum(['error', 'warning']),
  field: z.enum(REPORT_FIELDS),
  code: z.enum([...REPORT_ERROR_CODES, ...REPORT_WARNING_CODES]),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type ReportIssue = z.infer<typeof ReportIssue>;

/** One version of a report: its figures, the correction's reason, the warnings shown when it was filed. */
export const ReportVersion = z.object({
  version: z.number().int(),
  figures: ReportFigures,
  reason: z.string().nullable(),
  warnings: z.array(ReportIssue),
  submittedAt: IsoDateTime,
  submittedBy: z.string().nullable(),
});
export type ReportVersion = z.infer<typeof ReportVersion>;

/** A member's report of a period: its versions (newest first), where it stands, and what the caller may do. */
export const StatisticsReport = z.object({
  period: StatisticsPeriod.omit({ counts: true, permissions: true }),
  orgId: Id,
  orgName: z.string(),
  filerKind: z.enum(FILER_KINDS),
  state: z.enum(FILING_STATES),
  latest: ReportVersion.nullable(),
  versions: z.array(ReportVersion),
  /** the latest figures of the previous quarter (the form warns of a jump of more than 50 %) */
  previous: ReportFigures.nullable(),
  permissions: z.object({ file: z.boolean(), correct: z.boolean() }),
});
export type StatisticsReport = z.infer<typeof StatisticsReport>;

/** GET /statistics/mine: the periods the caller's organisation must file in, newest first. */
export const MyStatisticsPeriods = z.object({
  items: z.array(z.object({
    period: StatisticsPeriod.omit({ counts: true, permissions: true }),
    filerKind: z.enum(FILER_KINDS),
    state: z.enum(FILING_STATES),
    latestVersion: z.number().int().nullable(),
    lastFiledAt: IsoDateTime.nullable(),
    canFile: z.boolean(),
  })),
});
export type MyStatisticsPeriods = z.infer<typeof MyStatisticsPeriods>;

const Text = z.object({ zh: z.string(), en: z.string() });
/** GET /statistics/targets: the city's targets and every figure's definition and formula, as data. */
export const KpiTargetsDocument = z.object({
  policyIssuedOn: IsoDate,
  localTalentDefinition: Text,
  definitions: z.array(z.object({
    key: z.enum(KPI_KEYS), unit: z.enum(['people', 'firms', 'bases', 'fen', 'share']), yearly: z.boolean(), definition: Text, formula: Text,
  })),
  targets: z.array(z.object({
    key: z.enum(KPI_KEYS), value: z.number(), comparison: z.enum(['at_least', 'more_than']), deadline: IsoDate, source: Text,
  })),
});
export type KpiTargetsDocument = z.infer<typeof KpiTargetsDocument>;

/** GET /statistics/marketplace: the marketplace's own figures per quarter (fen), computed from awards and contracts. */
export const MarketplaceQuarters = z.object({
  items: z.array(z.object({ quarter: z.string(), awardedFen: z.number().int(), completedFen: z.number().int() })),
});
export type MarketplaceQuarters = z.infer<typeof MarketplaceQuarters>;
