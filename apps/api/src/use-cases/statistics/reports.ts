import type { FileReportRequest, KpiTargetsDocument, MarketplaceQuarters, StatisticsReport } from '@annex/contracts';
import { type Db, type PeriodRow, audit, statistics, users, withTransaction } from '@annex/db';
import {
  KPI_DEFINITIONS, KPI_KEYS, KPI_TARGETS, LOCAL_TALENT_DEFINITION, POLICY_ISSUED_ON, type ReportFigures, type ReportIssue, allowedReportActions,
  checkFiling, checkReport, filingAllowed, formatQuarter, parseQuarter, previousQuarter, statisticsRoleOf,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership } from '../guards.ts';
import { notify, toOrgs } from '../notify.ts';
import { viewerOf } from '../viewer.ts';
import { secretariatOrgIds } from './periods.ts';
import { figuresOf, stateOf, toPeriodSummary, toVersion } from './presenters.ts';

// Members' reports (统计报表): a filing is version 1, each correction a new version with a reason; the earlier ones
// stay. A report is visible to its member and the secretariat only: to anyone else it does not exist (404).

/** GET /statistics/periods/{id}/report: the caller's own report of a period (404 when it need not file there). */
export async function getMyReport(deps: Deps, auth: AuthContext, periodId: string): Promise<StatisticsReport> {
  const m = requireMembership(auth);
  return await getReport(deps, auth, periodId, m.orgId);
}

/** GET /statistics/periods/{id}/reports/{orgId}: a member's report with every version — that member and the secretariat only. */
export async function getReport(deps: Deps, auth: AuthContext, periodId: string, orgId: string): Promise<StatisticsReport> {
  const role = statisticsRoleOf(orgId, viewerOf(auth));
  const d = db(deps);
  const [period, filer] = role ? await Promise.all([statistics.getPeriod(d, periodId), statistics.filer(d, periodId, orgId)]) : [null, null];
  if (!role || !period || !filer) throw new AppError('not_found', 'no statistics report for this period and organisation');
  const versions = await statistics.versions(d, periodId, orgId);
  const q = parseQuarter(period.quarter);
  const previous = q ? await statistics.latestReportOfQuarter(d, formatQuarter(previousQuarter(q)), orgId) : null;
  const names = await namesOf(d, versions.flatMap((v) => (v.submittedBy ? [v.submittedBy] : [])));
  const shown = versions.map((v) => toVersion(v, names));
  return {
    period: toPeriodSummary(period),
    orgId,
    orgName: filer.orgName,
    filerKind: filer.filerKind,
    state: stateOf(period, filer, deps.now()),
    latest: shown[0] ?? null,
    versions: shown,
    previous: previous ? figuresOf(previous) : null,
    permissions: allowedReportActions({ periodOpen: filingAllowed(period.status), filed: versions.length > 0 }, role),
  };
}

async function namesOf(d: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const u = await users.findById(d, id);
    if (u) names.set(id, u.displayName);
  }
  return names;
}

const ISSUE_SENTENCES: Record<string, (i: ReportIssue) => string> = {
  required: () => 'required for your kind of organisation',
  not_a_count: () => 'a whole number, 0 or more',
  too_large: (i) => `at most ${i.params.max}`,
  exceeds_total: (i) => `cannot exceed ${i.params.totalField} (${i.params.total})`,
};

/**
 * POST /statistics/periods/{id}/report: files the caller's report (version 1) or corrects it (a new version with a
 * reason), while the period takes filings. Errors of the rules block (422 report_invalid, one per field);
 * plausibility warnings are stored with the version and returned, never blocking. A correction tells the secretariat.
 */
export async function fileReport(deps: Deps, auth: AuthContext, periodId: string, body: FileReportRequest, meta: RequestMeta): Promise<StatisticsReport> {
  const m = requireMembership(auth);
  const { reason: rawReason, ...figures } = body;
  const reason = rawReason?.trim() || null;
  await withTransaction(db(deps), async (tx) => {
    const filer = await statistics.lockFiler(tx, periodId, m.orgId);
    if (!filer) throw new AppError('not_found', 'no statistics report for this period and organisation');
    const latest = await statistics.latestReport(tx, periodId, m.orgId);
    const rule = checkFiling({ periodOpen: filingAllowed(filer.status), latestVersion: latest?.version ?? null, reason });
    if (rule === 'period_closed') throw new AppError('statistics_period_closed', 'the period is closed: reports are locked until the secretariat reopens it');
    if (rule === 'reason_required') {
      throw new AppError('validation_failed', 'a correction needs a reason', { errors: [{ path: 'reason', message: 'required for a correction' }] });
    }
    const period = (await statistics.getPeriod(tx, periodId)) as PeriodRow;
    const q = parseQuarter(period.quarter);
    const prev = q ? await statistics.latestReportOfQuarter(tx, formatQuarter(previousQuarter(q)), m.orgId) : null;
    const check = checkReport(filer.filerKind, figures as ReportFigures, prev ? figuresOf(prev) : null);
    if (check.errors.length > 0) {
      throw new AppError('report_invalid', `the report breaks ${check.errors.length === 1 ? 'a rule' : `${check.errors.length} rules`}`, {
        errors: check.errors.map((e) => ({ path: e.field, message: `${e.code}: ${ISSUE_SENTENCES[e.code]?.(e) ?? e.code}` })),
      });
    }
    const added = await statistics.addVersion(tx, {
      periodId, orgId: m.orgId, filerKind: filer.filerKind, figures: figures as ReportFigures, warnings: check.warnings,
      reason: latest ? reason : null, submittedBy: auth.user.id,
    });
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'statistics_report', entityId: `${periodId}:${m.orgId}`,
      action: latest ? 'statistics_report.corrected' : 'statistics_report.filed',
      before: latest ? { version: latest.version, ...figuresOf(latest) } : null,
      after: { version: added.version, ...figuresOf(added), ...(added.reason ? { reason: added.reason } : {}), warnings: check.warnings.map((w) => w.code) },
      requestId: meta.requestId,
    });
    if (latest) {
      const filerRow = await statistics.filer(tx, periodId, m.orgId);
      await notify(tx, toOrgs(await secretariatOrgIds(tx), {
        kind: 'statistics_report_corrected', orderId: null,
        payload: { periodId, quarter: period.quarter, orgId: m.orgId, orgName: filerRow?.orgName ?? '', version: added.version, reason: added.reason },
      }));
    }
  });
  return await getReport(deps, auth, periodId, m.orgId);
}

/** GET /statistics/targets: the city's targets and every figure's definition and formula, as data (public). */
export function kpiTargets(): KpiTargetsDocument {
  return {
    policyIssuedOn: POLICY_ISSUED_ON,
    localTalentDefinition: LOCAL_TALENT_DEFINITION,
    definitions: KPI_KEYS.map((k) => KPI_DEFINITIONS[k]),
    targets: KPI_TARGETS.map((t) => ({ ...t })),
  };
}

/** GET /statistics/marketplace: the marketplace's awarded and completed value per quarter (public aggregates). */
export async function marketplaceQuarters(deps: Deps): Promise<MarketplaceQuarters> {
  return { items: await statistics.marketplaceByQuarter(db(deps)) };
}
