import type { PolicyCase } from '@annex/contracts';
import { type CaseRow, type Db, audit, organisations, policyCases, policyServices, users, workingCalendar } from '@annex/db';
import {
  type CaseClock, type CaseRole, type EligibilityProfile, type OrgKind, type Viewer, caseClock, caseRoleOf, shanghaiDate,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, db } from '../context.ts';
import { viewerOf } from '../viewer.ts';
import { toCaseTimeline, toPolicyCase } from './presenters.ts';

// What the policy use cases share: loading a case the caller may see, its clock, and a firm's eligibility profile.

/** A case with the caller's role in it. */
export type LoadedCase = { row: CaseRow; role: CaseRole; viewer: Viewer };

/** Loads a case its firm or the secretariat asks for; to everyone else it does not exist (404). */
export async function loadCase(deps: Deps, auth: AuthContext, id: string): Promise<LoadedCase> {
  const viewer = viewerOf(auth);
  const row = await policyCases.get(db(deps), id);
  const role = row ? caseRoleOf(row, viewer) : null;
  if (!row || !role) throw new AppError('not_found', 'no case with this id');
  return { row, role, viewer };
}

/** When the clock of a case stops: at filing, or when the case ended before it was filed. */
function stoppedAt(c: CaseRow): Date | null {
  if (c.filedAt) return c.filedAt;
  return c.status === 'rejected' || c.status === 'withdrawn' || c.status === 'closed' ? (c.decidedAt ?? c.closedAt ?? c.updatedAt) : null;
}

/**
 * The clocks of some cases (null for those not yet accepted), reading the calendar once for all of them: from the
 * earliest acceptance to two years after today (a time limit can reach into the next year).
 */
export async function clocksOf(d: Db, rows: readonly CaseRow[], now: Date): Promise<(CaseClock | null)[]> {
  const accepted = rows.filter((r) => r.acceptedAt !== null);
  if (accepted.length === 0) return rows.map(() => null);
  const first = Math.min(...accepted.map((r) => Number(shanghaiDate(r.acceptedAt as Date).slice(0, 4))));
  const last = Number(shanghaiDate(now).slice(0, 4)) + 2;
  const cal = await workingCalendar.load(d, first, last);
  return rows.map((r) => (r.acceptedAt ? caseClock(cal, { acceptedAt: r.acceptedAt, stoppedAt: stoppedAt(r), timeLimitDays: r.timeLimitDays }, now) : null));
}

/**
 * The facts eligibility looks at: the organisation's own policy facts; where it has not said, what its vendor
 * capability profile already tells (revenue band, 规上, headcount), so a vendor is not asked twice.
 */
export async function eligibilityProfile(d: Db, orgId: string): Promise<EligibilityProfile | null> {
  const [org, facts] = await Promise.all([organisations.findById(d, orgId), organisations.facts(d, orgId)]);
  if (!org || !facts) return null;
  // a vendor that never filled in its profile has the empty one, whose defaults are no statement
  const caps = org.capabilities && org.capabilities.taskTypes.length > 0 ? org.capabilities : null;
  return {
    kind: org.kind,
    county: org.county,
    practitioners: facts.practitioners ?? caps?.headcount ?? null,
    aboveDesignatedSize: facts.aboveDesignatedSize ?? caps?.aboveDesignatedSize ?? null,
    highTechCertificate: facts.highTechCertificate,
    highTechValidUntil: facts.highTechValidUntil,
    foundedOn: facts.foundedOn,
    revenueBand: facts.revenueBand ?? caps?.revenueBand ?? null,
  };
}

/** The secretariat's organisations, told of new cases and of firms' uploads and messages (read in the writer's transaction). */
export const secretariatOrgIds = (d: Db) => organisations.listIdsOfKind(d, 'secretariat');

/** The case page: the checklist under the case's version, its files, clock, permissions and timeline. */
export async function presentCase(deps: Deps, c: LoadedCase): Promise<PolicyCase> {
  const d = db(deps);
  const [version, materials, files, entries, [clock]] = await Promise.all([
    policyServices.getVersion(d, c.row.serviceId, c.row.serviceVersion),
    policyCases.materials(d, c.row.id),
    policyCases.files(d, c.row.id),
    audit.listForEntity(d, 'policy_case', c.row.id),
    clocksOf(d, [c.row], deps.now()),
  ]);
  const orgs = new Map<string, { kind: OrgKind; name: string }>();
  const people = new Map<string, string>();
  for (const orgId of new Set(entries.flatMap((e) => (e.actorOrgId ? [e.actorOrgId] : [])))) {
    const org = await organisations.findById(d, orgId);
    if (org) orgs.set(orgId, { kind: org.kind, name: org.name });
  }
  for (const userId of new Set(entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))) {
    const user = await users.findById(d, userId);
    if (user) people.set(userId, user.displayName);
  }
  return toPolicyCase(c.row, {
    specs: version?.materials ?? [], materials, files, clock: clock ?? null, viewer: c.viewer, timeline: toCaseTimeline(entries, { orgs, people }),
  });
}

