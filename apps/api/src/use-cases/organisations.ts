import type {
  CapabilityProfile, Organisation, PublicVendor, UpdateOrganisationRequest, UsccCheckResponse,
} from '@annex/contracts';
import { type Db, type OrganisationRecord, audit, organisations, withTransaction } from '@annex/db';
import { applyVerification, isVendorActive, parseUscc } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import type { Deps, RequestMeta } from './context.ts';
import { curationForPage } from './curation-view.ts';
import { requireMembership, requireOrgKind, requireOwner } from './guards.ts';
import { toOrganisation, toPublicVendor } from './presenters.ts';
import { viewerOf } from './viewer.ts';

/** Loads an organisation the caller belongs to (it exists: memberships cascade). */
async function loadOwn(db: Db, orgId: string): Promise<OrganisationRecord> {
  const org = await organisations.findById(db, orgId);
  if (!org) throw new AppError('not_found', 'your organisation no longer exists');
  return org;
}

/** Normalises a USCC and says whether it is valid (the inline check; never whether it is registered). */
export function checkUscc(code: string): UsccCheckResponse {
  const parsed = parseUscc(code);
  return { normalised: parsed.code, valid: parsed.ok, problem: parsed.ok ? null : parsed.problem };
}

/** The caller's organisation. */
export async function getMine(deps: Deps, auth: AuthContext): Promise<Organisation> {
  return toOrganisation(await loadOwn(deps.sql, requireMembership(auth).orgId));
}

/** Changes the caller's organisation profile (owners only). */
export async function updateMine(deps: Deps, auth: AuthContext, patch: UpdateOrganisationRequest, meta: RequestMeta): Promise<Organisation> {
  const m = requireOwner(auth, 'change its profile');
  return toOrganisation(
    await withTransaction(deps.sql, async (tx) => {
      const before = await loadOwn(tx, m.orgId);
      const after = (await organisations.update(tx, m.orgId, patch)) ?? before;
      const pick = (o: OrganisationRecord) => ({ name: o.name, contactName: o.contactName, contactPhone: o.contactPhone, county: o.county });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'organisation', entityId: m.orgId, action: 'profile_updated',
        before: pick(before), after: pick(after), requestId: meta.requestId,
      });
      return after;
    }),
  );
}

/** Replaces the vendor's capability profile (any user of a vendor). */
export async function setCapabilities(deps: Deps, auth: AuthContext, profile: CapabilityProfile, meta: RequestMeta): Promise<Organisation> {
  const m = requireOrgKind(auth, 'vendor', 'keep a capability profile');
  return toOrganisation(
    await withTransaction(deps.sql, async (tx) => {
      const before = await loadOwn(tx, m.orgId);
      await organisations.setCapabilities(tx, m.orgId, profile);
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'organisation', entityId: m.orgId,
        action: 'capabilities_updated', before: before.capabilities, after: profile, requestId: meta.requestId,
      });
      return loadOwn(tx, m.orgId);
    }),
  );
}

/** A rejected vendor asks to be verified again: back to pending, at the end of the queue. */
export async function reapply(deps: Deps, auth: AuthContext, meta: RequestMeta): Promise<Organisation> {
  const m = requireOrgKind(auth, 'vendor', 're-apply for verification');
  return toOrganisation(
    await withTransaction(deps.sql, async (tx) => {
      const org = await loadOwn(tx, m.orgId);
      const current = org.verification!;
      const next = applyVerification(current, { type: 'reapply' }, deps.now());
      if (!next.ok) {
        throw new AppError('invalid_transition', `only a rejected vendor can re-apply; yours is ${current.status}`);
      }
      const written = await organisations.setVerification(tx, m.orgId, next.value, { expectedStatus: current.status });
      if (!written) throw new AppError('invalid_transition', 'the verification changed meanwhile; reload and try again');
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'organisation', entityId: m.orgId,
        action: 'verification.reapply', before: { status: current.status, reason: current.reason },
        after: { status: written.status }, requestId: meta.requestId,
      });
      return loadOwn(tx, m.orgId);
    }),
  );
}

/**
 * The public profile of a vendor that is verified now; anything else is "not found" — also a vendor the secretariat
 * hides, except to the vendor itself and the secretariat (who see why).
 */
export async function getPublicVendor(deps: Deps, auth: AuthContext | null, id: string): Promise<PublicVendor> {
  const org = await organisations.findById(deps.sql, id);
  const v = org?.verification;
  if (!org || !v || !isVendorActive(v, deps.now()) || !v.verifiedUntil) {
    throw new AppError('not_found', 'no verified vendor with this id');
  }
  const curation = await curationForPage(deps.sql, 'vendor', org.id, viewerOf(auth), org.id);
  return { ...toPublicVendor({ ...org, verification: { ...v, verifiedUntil: v.verifiedUntil } }), ...(curation ? { curation } : {}) };
}
