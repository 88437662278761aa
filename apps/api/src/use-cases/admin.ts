import type { Organisation, VendorQueueItem, VerificationDecision } from '@annex/contracts';
import { InvalidCursorError, audit, organisations, withTransaction } from '@annex/db';
import {
  type VerificationAction, type VerificationError, type VerificationStatus, applyVerification, defaultVerifiedUntil,
} from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import type { Deps, RequestMeta } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { toOrganisation } from './presenters.ts';

const VERIFICATION_ERRORS: Record<VerificationError, (status: VerificationStatus, decision: string) => AppError> = {
  invalid_transition: (status, decision) =>
    new AppError('invalid_transition', `a vendor whose verification is ${status} cannot be given "${decision}"`),
  reason_required: () => new AppError('rule_violation', 'a reason is required', { errors: [{ path: 'reason', message: 'required' }] }),
  verified_until_in_past: () =>
    new AppError('rule_violation', 'verifiedUntil must lie in the future', { errors: [{ path: 'verifiedUntil', message: 'must lie in the future' }] }),
};

/** One page of the vendor-verification queue (secretariat only). */
export async function listVendorQueue(
  deps: Deps,
  auth: AuthContext,
  q: { status: VerificationStatus; cursor?: string | undefined; limit: number },
): Promise<{ items: VendorQueueItem[]; nextCursor: string | null }> {
  requireOrgKind(auth, 'secretariat', 'see the verification queue');
  try {
    const page = await organisations.listVendorsByStatus(deps.sql, q.status, q.cursor, q.limit);
    return {
      items: page.items.map((r) => ({
        ...toOrganisation(r),
        ownerEmail: r.ownerEmail ?? '',
        submittedAt: r.verification.submittedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

function toAction(d: VerificationDecision, now: Date): VerificationAction {
  switch (d.decision) {
    case 'approve':
      return { type: 'approve', verifiedUntil: d.verifiedUntil ? new Date(d.verifiedUntil) : defaultVerifiedUntil(now) };
    case 'reject':
    case 'suspend':
      return { type: d.decision, reason: d.reason };
    case 'reinstate':
      return { type: 'reinstate' };
  }
}

/** The secretariat decides on a vendor's verification; the decision and its audit record commit together. */
export async function decideVerification(
  deps: Deps,
  auth: AuthContext,
  orgId: string,
  decision: VerificationDecision,
  meta: RequestMeta,
): Promise<Organisation> {
  const m = requireOrgKind(auth, 'secretariat', 'decide on vendor verification');
  const now = deps.now();
  return toOrganisation(
    await withTransaction(deps.sql, async (tx) => {
      const org = await organisations.findById(tx, orgId);
      const current = org?.verification;
      if (!org || !current) throw new AppError('not_found', 'no vendor with this id');
      const next = applyVerification(current, toAction(decision, now), now);
      if (!next.ok) throw VERIFICATION_ERRORS[next.error](current.status, decision.decision);
      // only from the status we decided on: a concurrent decision makes this one a conflict
      const written = await organisations.setVerification(tx, orgId, next.value, { expectedStatus: current.status });
      if (!written) throw VERIFICATION_ERRORS.invalid_transition(current.status, decision.decision);
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'organisation', entityId: orgId,
        action: `verification.${decision.decision}`,
        before: { status: current.status, verifiedUntil: current.verifiedUntil, reason: current.reason },
        after: { status: written.status, verifiedUntil: written.verifiedUntil, reason: written.reason },
        requestId: meta.requestId,
      });
      const updated = await organisations.findById(tx, orgId);
      return updated ?? org;
    }),
  );
}
