import type { ContractList, ContractListQuery } from '@annex/contracts';
import { type ContractListRow, InvalidCursorError, contracts } from '@annex/db';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, db } from '../context.ts';
import { requireMembership } from '../guards.ts';
import { viewerOf } from '../viewer.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toItem = (r: ContractListRow, orgId: string | null): ContractList['items'][number] => ({
  id: r.id, orderId: r.orderId, orderTitle: r.orderTitle, status: r.status,
  side: r.buyerOrgId === orgId ? 'buyer' : r.vendorOrgId === orgId ? 'vendor' : null,
  buyer: { orgId: r.buyerOrgId, name: r.buyerName }, vendor: { orgId: r.vendorOrgId, name: r.vendorName },
  priceFen: r.priceFen, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  activatedAt: iso(r.activatedAt), completedAt: iso(r.completedAt), terminatedAt: iso(r.terminatedAt),
});

/**
 * GET /contracts: the contracts the caller's organisation is a party to (as buyer or vendor; `side` narrows to one),
 * newest first. The secretariat, which may open every contract, lists every one (`side` then says nothing).
 */
export async function listContracts(deps: Deps, auth: AuthContext, q: ContractListQuery): Promise<ContractList> {
  const m = requireMembership(auth);
  const orgId = viewerOf(auth).kind === 'secretariat' ? null : m.orgId;
  try {
    const page = await contracts.list(db(deps), orgId, { status: q.status, side: orgId === null ? undefined : q.side, cursor: q.cursor, limit: q.limit });
    return { items: page.items.map((r) => toItem(r, orgId)), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}
