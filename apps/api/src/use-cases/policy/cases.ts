import type { CaseList, CaseListQuery, CaseQueue, CaseQueueQuery, CaseTransitionRequest, OpenCaseRequest, PolicyCase } from '@annex/contracts';
import {
  CONSTRAINTS, type CaseRow, InvalidCursorError, audit, isUniqueViolation, policyCases, policyServices, withTransaction,
} from '@annex/db';
import {
  type CaseAction, type CaseRuleError, OPEN_CASE_STATUSES, type QueueKey, applyCaseAction, caseStatusesFor, missingMaterials, queuePage, stampOf,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership, requireOrgKind } from '../guards.ts';
import { notify, toOrgs } from '../notify.ts';
import { clocksOf, loadCase, presentCase, secretariatOrgIds } from './access.ts';
import { materialStates, toCaseListItem } from './presenters.ts';

// Cases (代办事项): a member firm opens one for a published service; the secretariat works it through the case
// machine of packages/domain. Only the firm and the secretariat know a case exists.

const RULE_ERRORS: Record<CaseRuleError, (missing: string[]) => AppError> = {
  invalid_transition: () => new AppError('invalid_transition', 'the case is not in a state that allows this step'),
  reason_required: () => new AppError('validation_failed', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] }),
  forbidden: () => new AppError('forbidden', 'this step is not yours to take'),
  materials_incomplete: (missing) =>
    new AppError('materials_incomplete', `these required materials are not accepted yet: ${missing.join('、')}`, {
      errors: missing.map((name) => ({ path: 'materials', message: name })),
    }),
};

/** POST /policy/cases: a member firm opens a case for a published service, under its current version. */
export async function openCase(deps: Deps, auth: AuthContext, body: OpenCaseRequest, meta: RequestMeta): Promise<PolicyCase> {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', 'cases are opened by member firms; the secretariat works them');
  const service = await policyServices.get(db(deps), body.serviceId);
  if (!service || service.status === 'draft') throw new AppError('not_found', 'no policy service with this id');
  if (service.status !== 'published') throw new AppError('invalid_transition', 'this service is archived and takes no new cases');
  try {
    const row = await withTransaction(db(deps), async (tx) => {
      const c = await policyCases.open(tx, {
        serviceId: service.id, serviceVersion: service.currentVersion, orgId: m.orgId, openedBy: auth.user.id, note: body.note,
        materials: service.current.materials.map((x) => ({ materialId: x.id, name: x.name, required: x.required })),
      });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'policy_case', entityId: c.id, action: 'case.opened',
        after: { status: c.status, serviceVersion: c.serviceVersion }, requestId: meta.requestId,
      });
      await notify(tx, toOrgs(await secretariatOrgIds(tx), {
        kind: 'policy_case_opened', orderId: null, payload: { caseId: c.id, serviceName: c.serviceName, orgName: c.orgName },
      }));
      return c;
    });
    return await getCase(deps, auth, row.id);
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.policyCasesOneOpenPerService)) {
      throw new AppError('policy_case_already_open', 'your organisation already has an open case for this service');
    }
    throw err;
  }
}

/** GET /policy/cases/{id}: the firm's own case, or any case for the secretariat; 404 to everyone else. */
export async function getCase(deps: Deps, auth: AuthContext, id: string): Promise<PolicyCase> {
  return await presentCase(deps, await loadCase(deps, auth, id));
}

/** GET /policy/cases: the caller's organisation's cases, newest first. */
export async function listMyCases(deps: Deps, auth: AuthContext, q: CaseListQuery): Promise<CaseList> {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', 'the secretariat works cases from its queue (GET /policy/queue)');
  const d = db(deps);
  try {
    const page = await policyCases.listForOrg(d, m.orgId, { statuses: q.status ? [q.status] : undefined, cursor: q.cursor, limit: q.limit });
    const [materials, clocks] = await Promise.all([policyCases.materialsOf(d, page.items.map((c) => c.id)), clocksOf(d, page.items, deps.now())]);
    return { items: page.items.map((c, i) => toCaseListItem(c, materials.get(c.id) ?? [], clocks[i] ?? null)), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/**
 * GET /policy/queue: the secretariat's cases still worked — overdue first, then the nearest due day, then the
 * oldest; `overdue=true` keeps only those past their time limit. The order comes from the clocks, so the page is
 * cut from the whole queue (open cases are few) and the cursor carries the last case's place in that order.
 */
export async function caseQueue(deps: Deps, auth: AuthContext, q: CaseQueueQuery): Promise<CaseQueue> {
  requireOrgKind(auth, 'secretariat', 'see the case queue');
  const after = q.cursor === undefined ? null : decodeQueueCursor(q.cursor);
  const d = db(deps);
  const rows = await policyCases.listInStatuses(d, q.status ? [q.status] : OPEN_CASE_STATUSES);
  const [materials, clocks] = await Promise.all([policyCases.materialsOf(d, rows.map((c) => c.id)), clocksOf(d, rows, deps.now())]);
  const items = rows.map((c, i) => toCaseListItem(c, materials.get(c.id) ?? [], clocks[i] ?? null));
  const overdueCount = items.filter((x) => x.clock?.overdue).length;
  const kept = q.overdue === undefined ? items : items.filter((x) => (x.clock?.overdue ?? false) === q.overdue);
  const page = queuePage(kept, (x) => ({ overdue: x.clock?.overdue ?? false, dueOn: x.clock?.dueOn ?? null, createdAt: x.createdAt, id: x.id }), after, q.limit);
  return { items: page.items, nextCursor: page.next ? encodeQueueCursor(page.next) : null, overdueCount };
}

const encodeQueueCursor = (k: QueueKey): string => Buffer.from(JSON.stringify([k.overdue, k.dueOn, k.createdAt, k.id]), 'utf8').toString('base64url');

function decodeQueueCursor(cursor: string): QueueKey {
  try {
    const [overdue, dueOn, createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof overdue === 'boolean' && (dueOn === null || typeof dueOn === 'string') && typeof createdAt === 'string' && typeof id === 'string') {
      return { overdue, dueOn, createdAt, id };
    }
  } catch {
    // not JSON: refused below like any other cursor this API did not issue
  }
  throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
}

const ACTION_NAMES: Record<CaseAction['type'], string> = {
  accept: 'case.accepted', request_materials: 'case.materials_requested', file: 'case.filed', approve: 'case.approved',
  reject: 'case.rejected', close: 'case.closed', withdraw: 'case.withdrawn',
};

function toAction(body: CaseTransitionRequest): CaseAction {
  switch (body.action) {
    case 'reject':
      return { type: 'reject', reason: body.reason };
    case 'withdraw':
      return { type: 'withdraw', reason: body.reason ?? null };
    default:
      return { type: body.action };
  }
}

/**
 * POST /policy/cases/{id}/transition: a step of the case machine — the secretariat accepts, asks for materials,
 * files, records the outcome and closes; the firm withdraws before filing. The other side is told.
 */
export async function transitionCase(deps: Deps, auth: AuthContext, id: string, body: CaseTransitionRequest, meta: RequestMeta): Promise<PolicyCase> {
  const c = await loadCase(deps, auth, id);
  const action = toAction(body);
  const d = db(deps);
  const materials = await policyCases.materials(d, c.row.id);
  const next = applyCaseAction(c.row, action, c.role, materialStates(materials));
  if (!next.ok) {
    const missing = missingMaterials(materialStates(materials)).map((x) => materials.find((r) => r.materialId === x.materialId)?.name ?? x.materialId);
    throw RULE_ERRORS[next.error](missing);
  }
  const reason = action.type === 'reject' ? action.reason : action.type === 'withdraw' ? (action.reason ?? null) : null;
  await withTransaction(d, async (tx) => {
    const moved: CaseRow | null = await policyCases.transition(tx, c.row.id, caseStatusesFor(action.type), next.value, {
      stamp: stampOf(next.value), rejectReason: action.type === 'reject' ? reason : null, withdrawReason: action.type === 'withdraw' ? reason : null,
    });
    if (!moved || moved.status !== next.value) throw new AppError('invalid_transition', 'the case changed meanwhile; load it again');
    const actorOrgId = auth.membership?.orgId ?? null;
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId, entityType: 'policy_case', entityId: c.row.id, action: ACTION_NAMES[action.type],
      before: { status: c.row.status }, after: { status: next.value, ...(reason ? { reason } : {}) }, requestId: meta.requestId,
    });
    if (body.action === 'request_materials' && body.message) {
      await policyCases.addMessage(tx, { caseId: c.row.id, authorUserId: auth.user.id, authorOrgId: actorOrgId, fromSecretariat: true, body: body.message });
    }
    const to = c.role === 'secretariat' ? [c.row.orgId] : await secretariatOrgIds(tx);
    await notify(tx, toOrgs(to, {
      kind: 'policy_case_status', orderId: null,
      payload: { caseId: c.row.id, serviceName: c.row.serviceName, orgName: c.row.orgName, status: next.value, reason },
    }));
  });
  return getCase(deps, auth, c.row.id);
}
