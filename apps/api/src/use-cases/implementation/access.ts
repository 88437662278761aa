import { type ContractRow, type Db, type MilestoneContextRow, audit, contracts, deliveries } from '@annex/db';
import type { DeliveryRole } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { viewerOf } from '../viewer.ts';
import { type Notice, notify } from '../notify.ts';

/** Who acts on a milestone: one of the contract's two parties, or the secretariat. */
export type Party = Exclude<DeliveryRole, 'clock'>;

/** A milestone of an order's contract and the caller's part in it. */
export type MilestoneAccess = { ctx: MilestoneContextRow; role: Party; orgId: string | null };

/**
 * Loads a milestone of the order's contract for the caller: its buyer, its vendor or the secretariat. To anyone
 * else (and for a milestone of another order) it does not exist: 404, like a missing one.
 */
export async function loadMilestone(deps: Deps, auth: AuthContext, orderId: string, milestoneId: string, tx?: Db): Promise<MilestoneAccess> {
  const ctx = await deliveries.milestoneContext(tx ?? db(deps), orderId, milestoneId);
  const v = viewerOf(auth);
  const missing = () => new AppError('not_found', 'no milestone with this id on this order');
  if (!ctx) throw missing();
  if (v.kind === 'secretariat') return { ctx, role: 'secretariat', orgId: auth.membership?.orgId ?? null };
  if (v.kind === 'buyer' && v.orgId === ctx.buyerOrgId) return { ctx, role: 'buyer', orgId: v.orgId };
  if (v.kind === 'vendor' && v.orgId === ctx.vendorOrgId) return { ctx, role: 'vendor', orgId: v.orgId };
  throw missing();
}

/** The order's contract for one of its parties or the secretariat; 404 to anyone else and for an order without one. */
export async function loadContract(deps: Deps, auth: AuthContext, orderId: string): Promise<{ contract: ContractRow; role: Party }> {
  const contract = await contracts.getByOrderId(db(deps), orderId);
  const v = viewerOf(auth);
  if (contract) {
    if (v.kind === 'secretariat') return { contract, role: 'secretariat' };
    if (v.kind === 'buyer' && v.orgId === contract.buyerOrgId) return { contract, role: 'buyer' };
    if (v.kind === 'vendor' && v.orgId === contract.vendorOrgId) return { contract, role: 'vendor' };
  }
  throw new AppError('not_found', 'no contract for this order');
}

/** Only this party (the others who see the milestone: 403). */
export function requireParty(a: MilestoneAccess, role: Party, what: string): void {
  if (a.role !== role) throw new AppError('forbidden', `only the ${role} of this contract can ${what}`);
}

/** The contract must be in force (agreed, not completed or terminated) and the milestone part of it. */
export function requireContractInForce(ctx: MilestoneContextRow): void {
  if (ctx.contractStatus !== 'active') throw new AppError('invalid_transition', `the contract is ${ctx.contractStatus}, not in force`);
  if (ctx.milestoneStatus !== 'planned') throw new AppError('invalid_transition', 'this milestone was cancelled');
}

/** The facts every notice about a milestone carries. */
export const milestonePayload = (ctx: MilestoneContextRow, extra: Record<string, unknown> = {}) => ({
  orderTitle: ctx.orderTitle, milestoneId: ctx.milestoneId, milestoneName: ctx.title, ...extra,
});

/** Notices about a milestone to organisations (each once). */
export const toParties = (ctx: MilestoneContextRow, orgIds: readonly string[], kind: Notice['kind'], extra: Record<string, unknown> = {}): Notice[] =>
  [...new Set(orgIds)].map((orgId) => ({ to: { orgId }, kind, orderId: ctx.orderId, payload: milestonePayload(ctx, extra) }));

/** Writes the audit record of a step on a milestone (on the order's timeline) and its notices, in the caller's transaction. */
export async function record(
  tx: Db,
  a: { ctx: MilestoneContextRow; actor: { userId: string; orgId: string | null } | null; meta?: RequestMeta | undefined },
  action: string,
  change: { before?: unknown; after: Record<string, unknown> },
  notices: readonly Notice[],
): Promise<void> {
  await audit.append(tx, {
    actorUserId: a.actor?.userId ?? null, actorOrgId: a.actor?.orgId ?? null, entityType: 'order', entityId: a.ctx.orderId, action,
    before: change.before, after: { milestoneId: a.ctx.milestoneId, ...change.after }, requestId: a.meta?.requestId,
  });
  if (notices.length > 0) await notify(tx, notices);
}
