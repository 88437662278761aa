import type { FilingCounts, PeriodFiler, ReportVersion, StatisticsPeriod } from '@annex/contracts';
import type { FilerRow, PeriodRow, ReportRow } from '@annex/db';
import {
  type FilingState, type ReportFigures, allowedPeriodActions, dueMoment, filingState, parseQuarter, quarterStart,
} from '@annex/domain';

// How statistics rows are shown: a period with its counts, a filer with its state, a report's version.

/** The period without counts and permissions (what a member's views carry). */
export function toPeriodSummary(p: PeriodRow): Omit<StatisticsPeriod, 'counts' | 'permissions'> {
  const q = parseQuarter(p.quarter);
  return {
    id: p.id,
    quarter: p.quarter,
    quarterStart: q ? quarterStart(q) : p.quarterEnd,
    quarterEnd: p.quarterEnd,
    dueOn: p.dueOn,
    dueAt: dueMoment(p.dueOn).toISOString(),
    status: p.status,
    reopenReason: p.reopenReason,
    openedAt: p.openedAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
    reopenedAt: p.reopenedAt?.toISOString() ?? null,
  };
}

/** Where a filer stands now. */
export const stateOf = (p: PeriodRow, f: Pick<FilerRow, 'firstFiledAt'>, now: Date): FilingState => filingState(p.dueOn, f.firstFiledAt, now);

/** How many filers stand where. */
export function countsOf(p: PeriodRow, filers: readonly FilerRow[], now: Date): FilingCounts {
  const c: FilingCounts = { filers: filers.length, filed: 0, filedLate: 0, outstanding: 0, late: 0 };
  for (const f of filers) {
    const s = stateOf(p, f, now);
    if (s === 'filed') c.filed += 1;
    else if (s === 'filed_late') c.filedLate += 1;
    else if (s === 'outstanding') c.outstanding += 1;
    else c.late += 1;
  }
  return c;
}

/** A period with its counts and the secretariat's steps. */
export const toPeriod = (p: PeriodRow, filers: readonly FilerRow[], now: Date): StatisticsPeriod => ({
  ...toPeriodSummary(p), counts: countsOf(p, filers, now), permissions: allowedPeriodActions(p.status),
});

/** A filer row of the secretariat's table. */
export const toFiler = (p: PeriodRow, f: FilerRow, now: Date): PeriodFiler => ({
  orgId: f.orgId,
  orgName: f.orgName,
  county: f.county,
  filerKind: f.filerKind,
  state: stateOf(p, f, now),
  latestVersion: f.latestVersion,
  firstFiledAt: f.firstFiledAt?.toISOString() ?? null,
  lastFiledAt: f.lastFiledAt?.toISOString() ?? null,
  warningCount: f.warningCount,
});

/** The figures of a stored version. */
export const figuresOf = (r: ReportRow): ReportFigures => ({
  practitioners: r.practitioners,
  practitionersInCity: r.practitionersInCity,
  localPractitioners: r.localPractitioners,
  revenueFen: r.revenueFen,
  annotationRevenueFen: r.annotationRevenueFen,
  trainedPreJob: r.trainedPreJob,
  trainedCertified: r.trainedCertified,
  aboveDesignatedSize: r.aboveDesignatedSize,
});

/** A version of a report, with the name of who filed it. */
export const toVersion = (r: ReportRow, names: ReadonlyMap<string, string>): ReportVersion => ({
  version: r.version,
  figures: figuresOf(r),
  reason: r.reason,
  warnings: r.warnings,
  submittedAt: r.submittedAt.toISOString(),
  submittedBy: r.submittedBy ? (names.get(r.submittedBy) ?? null) : null,
});
