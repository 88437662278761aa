import type { IndustrialBase, IndustrialBaseInput, IndustrialBaseList, IndustrialBaseQuery } from '@annex/contracts';
import { type Db, type IndustrialBaseFields, type IndustrialBaseRow, audit, industrialBases, organisations, withTransaction } from '@annex/db';
import { type IndustrialBaseProblem, checkIndustrialBase } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireOrgKind } from '../guards.ts';
import { toIndustrialBase } from './presenters.ts';

// The city's annotation industrial bases (产业基地): public to read, kept by the secretariat. The number of benchmark
// bases is the figure of the city's target "≥ 3 benchmark bases by the end of 2026".

const PROBLEM_MESSAGES: Record<IndustrialBaseProblem['rule'], string> = {
  occupied_over_seats: 'more seats occupied than the base has',
  in_future: 'the date lies in the future',
  since_required: 'a benchmark base needs the day it was recognised',
  since_only_for_benchmark: 'only a benchmark base has a recognition day',
  since_before_opening: 'recognised before the base opened',
};

/** GET /industrial-bases: every base, benchmark ones first, with the count of benchmark bases. */
export async function listBases(deps: Deps, q: IndustrialBaseQuery): Promise<IndustrialBaseList> {
  const rows = await industrialBases.list(db(deps), q);
  const all = q.county || q.benchmarkStatus ? await industrialBases.list(db(deps)) : rows;
  return { items: rows.map(toIndustrialBase), benchmarkCount: all.filter((b) => b.benchmarkStatus === 'benchmark').length };
}

/** GET /industrial-bases/{id}. */
export async function getBase(deps: Deps, id: string): Promise<IndustrialBase> {
  const row = await industrialBases.get(db(deps), id);
  if (!row) throw new AppError('not_found', 'no industrial base with this id');
  return toIndustrialBase(row);
}

/** The domain's rules of a base, and an operator that is a registered base operator; 422 naming the fields otherwise. */
async function checked(d: Db, input: IndustrialBaseInput, now: Date): Promise<IndustrialBaseFields> {
  const errors: { path: string; message: string }[] = checkIndustrialBase(input, now).map((p) => ({ path: p.path, message: PROBLEM_MESSAGES[p.rule] }));
  if (input.operatorOrgId !== null) {
    const op = await organisations.findById(d, input.operatorOrgId);
    if (op?.kind !== 'base_operator') errors.push({ path: 'operatorOrgId', message: 'not a registered base operator' });
  }
  if (errors.length > 0) throw new AppError('rule_violation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  return input;
}

const auditFacts = (b: IndustrialBaseRow) => ({
  name: b.name, county: b.county, operatorOrgId: b.operatorOrgId, floorAreaM2: b.floorAreaM2, seats: b.seats, occupiedSeats: b.occupiedSeats,
  openedOn: b.openedOn, benchmarkStatus: b.benchmarkStatus, benchmarkSince: b.benchmarkSince,
});

/** POST /industrial-bases: the secretariat records a base. */
export async function createBase(deps: Deps, auth: AuthContext, input: IndustrialBaseInput, meta: RequestMeta): Promise<IndustrialBase> {
  const m = requireOrgKind(auth, 'secretariat', 'keep the industrial bases');
  const d = db(deps);
  const fields = await checked(d, input, deps.now());
  const row = await withTransaction(d, async (tx) => {
    const b = await industrialBases.create(tx, fields);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'industrial_base', entityId: b.id, action: 'base.created',
      after: auditFacts(b), requestId: meta.requestId,
    });
    return b;
  });
  return toIndustrialBase(row);
}

/** PUT /industrial-bases/{id}: the secretariat replaces a base's facts (seats taken, recognition as a benchmark, …). */
export async function updateBase(deps: Deps, auth: AuthContext, id: string, input: IndustrialBaseInput, meta: RequestMeta): Promise<IndustrialBase> {
  const m = requireOrgKind(auth, 'secretariat', 'keep the industrial bases');
  const d = db(deps);
  const before = await industrialBases.get(d, id);
  if (!before) throw new AppError('not_found', 'no industrial base with this id');
  const fields = await checked(d, input, deps.now());
  const row = await withTransaction(d, async (tx) => {
    const b = await industrialBases.update(tx, id, fields);
    if (!b) throw new AppError('not_found', 'no industrial base with this id');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'industrial_base', entityId: id,
      action: 'base.updated',
      before: auditFacts(before), after: auditFacts(b), requestId: meta.requestId,
    });
    return b;
  });
  return toIndustrialBase(row);
}
