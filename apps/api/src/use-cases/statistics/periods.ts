import type { MyStatisticsPeriods, OpenPeriodRequest, ReopenPeriodRequest, StatisticsPeriodDetail, StatisticsPeriodList } from '@annex/contracts';
import { CONSTRAINTS, type PeriodRow, type Tx, audit, isUniqueViolation, organisations, statistics, withTransaction } from '@annex/db';
import {
  type PeriodAction, allowedReportActions, applyPeriodAction, checkPeriodOpening, filingAllowed, parseQuarter, periodStatusesFor, quarterEnd,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership, requireOrgKind } from '../guards.ts';
import { notify, toOrgs } from '../notify.ts';
import { stateOf, toFiler, toPeriod, toPeriodSummary } from './presenters.ts';

// Reporting periods (统计填报期): the secretariat opens one per quarter with a due date, closes it (locks the reports)
// and reopens it with a reason; the members who must file are written down when it opens.

const NOT_OPENABLE = {
  quarter_not_ended: 'the quarter has not ended yet: a period opens once its last day is over',
  due_date_passed: 'the due date is already past',
} as const;

/** POST /statistics/periods: the secretariat opens a quarter's period; every member that must file is told. */
export async function openPeriod(deps: Deps, auth: AuthContext, body: OpenPeriodRequest, meta: RequestMeta): Promise<StatisticsPeriodDetail> {
  const m = requireOrgKind(auth, 'secretariat', 'open statistics periods');
  const quarter = parseQuarter(body.quarter);
  if (!quarter) throw new AppError('validation_failed', 'not a quarter', { errors: [{ path: 'quarter', message: 'a quarter such as 2026Q3' }] });
  const check = checkPeriodOpening(quarter, body.dueOn, deps.now(), deps.config.statisticsDueBackdateDays ?? 0);
  if (!check.ok) {
    throw new AppError('statistics_period_not_openable', NOT_OPENABLE[check.error], {
      errors: [{ path: check.error === 'quarter_not_ended' ? 'quarter' : 'dueOn', message: check.error }],
    });
  }
  try {
    const id = await withTransaction(db(deps), async (tx) => {
      const p = await statistics.openPeriod(tx, { quarter: body.quarter, quarterEnd: quarterEnd(quarter), dueOn: body.dueOn, openedBy: auth.user.id });
      const filers = await statistics.filersOf(tx, [p.id]);
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'statistics_period', entityId: p.id, action: 'statistics_period.opened',
        after: { quarter: p.quarter, dueOn: p.dueOn, status: p.status, filers: filers.length }, requestId: meta.requestId,
      });
      await notify(tx, toOrgs(filers.map((f) => f.orgId), {
        kind: 'statistics_period_opened', orderId: null, payload: { periodId: p.id, quarter: p.quarter, dueOn: p.dueOn },
      }));
      return p.id;
    });
    return await presentPeriod(deps, id);
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.statisticsPeriodsQuarter)) {
      throw new AppError('statistics_period_exists', `${body.quarter} has a reporting period already`);
    }
    throw err;
  }
}

/** GET /statistics/periods: every period with its filed and late counts (the secretariat's). */
export async function listPeriods(deps: Deps, auth: AuthContext): Promise<StatisticsPeriodList> {
  requireOrgKind(auth, 'secretariat', 'list statistics periods');
  const d = db(deps);
  const periods = await statistics.listPeriods(d);
  const filers = await statistics.filersOf(d, periods.map((p) => p.id));
  const now = deps.now();
  return { items: periods.map((p) => toPeriod(p, filers.filter((f) => f.periodId === p.id), now)) };
}

/** GET /statistics/periods/{id}: a period with every filer and where it stands (late ones marked), for the secretariat. */
export async function getPeriod(deps: Deps, auth: AuthContext, id: string): Promise<StatisticsPeriodDetail> {
  requireOrgKind(auth, 'secretariat', 'see a statistics period');
  return await presentPeriod(deps, id);
}

async function presentPeriod(deps: Deps, id: string): Promise<StatisticsPeriodDetail> {
  const d = db(deps);
  const p = await statistics.getPeriod(d, id);
  if (!p) throw new AppError('not_found', 'no statistics period with this id');
  const filers = await statistics.filersOf(d, [p.id]);
  const now = deps.now();
  return { ...toPeriod(p, filers, now), filers: filers.map((f) => toFiler(p, f, now)) };
}

/** POST /statistics/periods/{id}/close: locks the reports (no filing, no correction) until reopened. */
export const closePeriod = (deps: Deps, auth: AuthContext, id: string, meta: RequestMeta) => stepPeriod(deps, auth, id, { type: 'close' }, meta);

/** POST /statistics/periods/{id}/reopen: unlocks a closed period, with a reason; the members that must file are told. */
export const reopenPeriod = (deps: Deps, auth: AuthContext, id: string, body: ReopenPeriodRequest, meta: RequestMeta) =>
  stepPeriod(deps, auth, id, { type: 'reopen', reason: body.reason }, meta);

async function stepPeriod(deps: Deps, auth: AuthContext, id: string, action: PeriodAction, meta: RequestMeta): Promise<StatisticsPeriodDetail> {
  const m = requireOrgKind(auth, 'secretariat', 'close or reopen statistics periods');
  await withTransaction(db(deps), async (tx: Tx) => {
    const p = await statistics.lockPeriod(tx, id);
    if (!p) throw new AppError('not_found', 'no statistics period with this id');
    const next = applyPeriodAction(p.status, action);
    if (!next.ok) {
      if (next.error === 'reason_required') {
        throw new AppError('validation_failed', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] });
      }
      throw new AppError('invalid_transition', `the period is ${p.status}: it cannot be ${action.type === 'close' ? 'closed' : 'reopened'}`);
    }
    const reason = action.type === 'reopen' ? action.reason.trim() : null;
    const moved = (await statistics.transitionPeriod(tx, p.id, periodStatusesFor(action.type), next.value, reason)) as PeriodRow;
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'statistics_period', entityId: p.id,
      action: action.type === 'close' ? 'statistics_period.closed' : 'statistics_period.reopened',
      before: { status: p.status }, after: { status: moved.status, ...(reason ? { reason } : {}) }, requestId: meta.requestId,
    });
    if (action.type === 'reopen') {
      const filers = await statistics.filersOf(tx, [p.id]);
      await notify(tx, toOrgs(filers.map((f) => f.orgId), {
        kind: 'statistics_period_reopened', orderId: null, payload: { periodId: p.id, quarter: p.quarter, dueOn: p.dueOn, reason },
      }));
    }
  });
  return await presentPeriod(deps, id);
}

/** GET /statistics/mine: the periods the caller's organisation must file in, with where its report stands. */
export async function myPeriods(deps: Deps, auth: AuthContext): Promise<MyStatisticsPeriods> {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', 'members file statistics; the secretariat sees them under /statistics/periods');
  const d = db(deps);
  const periods = await statistics.periodsOfOrg(d, m.orgId);
  const filers = (await statistics.filersOf(d, periods.map((p) => p.id))).filter((f) => f.orgId === m.orgId);
  const now = deps.now();
  return {
    items: periods.flatMap((p) => {
      const f = filers.find((x) => x.periodId === p.id);
      if (!f) return [];
      const can = allowedReportActions({ periodOpen: filingAllowed(p.status), filed: f.latestVersion !== null }, 'filer');
      return [{
        period: toPeriodSummary(p), filerKind: f.filerKind, state: stateOf(p, f, now), latestVersion: f.latestVersion,
        lastFiledAt: f.lastFiledAt?.toISOString() ?? null, canFile: can.file || can.correct,
      }];
    }),
  };
}

/** The secretariat's organisations (told of corrections). */
export const secretariatOrgIds = (d: Tx) => organisations.listIdsOfKind(d, 'secretariat');
