import type { OrganisationFacts, UpdateOrganisationFacts } from '@annex/contracts';
import { audit, organisations, withTransaction } from '@annex/db';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership } from '../guards.ts';
import { toFacts } from './presenters.ts';

/** The caller's member firm (the secretariat applies for nothing). */
function requireFirm(auth: AuthContext) {
  const m = requireMembership(auth);
  if (m.kind === 'secretariat') throw new AppError('forbidden', 'the secretariat keeps no eligibility facts');
  return m;
}

/** GET /organisations/mine/facts: what the firm told about itself for policy eligibility. */
export async function getFacts(deps: Deps, auth: AuthContext): Promise<OrganisationFacts> {
  const facts = await organisations.facts(db(deps), requireFirm(auth).orgId);
  if (!facts) throw new AppError('not_found', 'your organisation no longer exists');
  return toFacts(facts);
}

/** PUT /organisations/mine/facts: the firm replaces its eligibility facts (audited). */
export async function setFacts(deps: Deps, auth: AuthContext, body: UpdateOrganisationFacts, meta: RequestMeta): Promise<OrganisationFacts> {
  const m = requireFirm(auth);
  const saved = await withTransaction(db(deps), async (tx) => {
    const before = await organisations.facts(tx, m.orgId);
    const after = await organisations.setFacts(tx, m.orgId, body);
    if (!before || !after) throw new AppError('not_found', 'your organisation no longer exists');
    const { updatedAt: _, ...was } = before;
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'organisation', entityId: m.orgId, action: 'organisation.facts_updated',
      before: was, after: body, requestId: meta.requestId,
    });
    return after;
  });
  return toFacts(saved);
}
