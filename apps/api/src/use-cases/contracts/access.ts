import { createHash } from 'node:crypto';
import {
  type ChangeOrderRow, type ContractRow, type Db, type OrderRow, type TerminationRow, type Tx, audit, awards, contracts, orderAttachments, orders,
  timedSteps, withTransaction,
} from '@annex/db';
import {
  type ContractFacts, type ContractRuleError, type ContractSide, type ContractTerms, type ContractViewerAction, type TermsProblem,
  canonicalTerms, checkContractAction,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { requireMembership } from '../guards.ts';
import { type Notice, notify, toOrgs } from '../notify.ts';
import { auditSystem } from '../system-audit.ts';
import { viewerOf, withState } from '../viewer.ts';

// What the contract use cases share: finding the contract of an order for one of its parties (404 to everyone
// else), the terms hash, the guarded write with its audit record and notices, and the rule errors as API errors.

/** Who looks at a contract: one of its two parties, or the secretariat. */
export type ContractRole = ContractSide | 'secretariat';

/** A contract with its order and the caller's role in it. */
export type LoadedContract = { contract: ContractRow; order: OrderRow; role: ContractRole; orgId: string };

const noContract = () => new AppError('not_found', 'no contract for this order');

/** SHA-256 (hex) of the canonical JSON of the terms: what each acceptance records. */
export const termsHash = (t: ContractTerms): string => createHash('sha256').update(canonicalTerms(t), 'utf8').digest('hex');

/**
 * The contract of an order as its buyer, its vendor or the secretariat asks for it; to anyone else — other vendors,
 * bidders who lost included — it does not exist (404). An order whose publicity window ended before the scheduler
 * ran is in progress already: its contract is made now, as the scheduler would (idempotent; a race makes one).
 */
export async function loadContract(deps: Deps, auth: AuthContext, orderId: string): Promise<LoadedContract> {
  const m = requireMembership(auth);
  const viewer = viewerOf(auth);
  const d = db(deps);
  const order = await orders.getById(d, orderId);
  if (!order) throw noContract();
  let contract = await contracts.getByOrderId(d, orderId);
  if (!contract) {
    const party = m.kind === 'secretariat' || order.buyerOrgId === m.orgId || (await awards.activeForOrder(d, orderId))?.vendorOrgId === m.orgId;
    if (!party || !['in_progress', 'completed'].includes((await withState(deps, order)).status)) throw noContract();
    contract = await withTransaction(d, async (tx) => {
      // the order's row lock first, as the scheduler's end of publicity takes it: the two then never wait on each other in a circle
      await orders.lockById(tx, orderId);
      const made = await contracts.createForOrder(tx, orderId);
      if (made?.created) {
        await auditSystem(tx, orderId, 'contract.created', null, {
          contractId: made.contract.id, status: made.contract.status, vendorOrgId: made.contract.vendorOrgId, priceFen: made.contract.priceFen,
        });
      }
      return made?.contract ?? null;
    });
    if (!contract) throw noContract();
  }
  const role: ContractRole | null =
    viewer.kind === 'secretariat' ? 'secretariat'
    : m.orgId === contract.buyerOrgId ? 'buyer'
    : m.orgId === contract.vendorOrgId ? 'vendor'
    : null;
  if (!role) throw noContract();
  return { contract, order, role, orgId: m.orgId };
}

/** The open change order and termination proposal of a contract, and the facts the permission rules look at. */
export async function openProposals(d: Db, c: ContractRow): Promise<{ change: ChangeOrderRow | null; termination: TerminationRow | null; facts: ContractFacts }> {
  const [changes, terminations] = await Promise.all([contracts.listChangeOrders(d, c.id), contracts.listTerminations(d, c.id)]);
  const change = changes.find((x) => x.status === 'proposed') ?? null;
  const termination = terminations.find((x) => x.status === 'proposed') ?? null;
  const by = (side: string | undefined) => (side === 'buyer' || side === 'vendor' ? side : null);
  return { change, termination, facts: { status: c.status, openChangeBy: by(change?.proposedBySide), openTerminationBy: by(termination?.proposedBySide) } };
}

const RULE_ERRORS: Record<ContractRuleError, () => AppError> = {
  forbidden: () => new AppError('forbidden', 'this step of the contract is not yours to take'),
  invalid_transition: () => new AppError('invalid_transition', 'the contract is not in a state that allows this step'),
  change_order_open: () => new AppError('invalid_transition', 'a change order is open: it is answered or withdrawn before the next is proposed'),
  no_open_change_order: () => new AppError('invalid_transition', 'no change order is open'),
  termination_open: () => new AppError('invalid_transition', 'a proposal to terminate the contract is open already'),
  no_open_termination: () => new AppError('invalid_transition', 'no proposal to terminate the contract is open'),
};

/** Throws the API error for an action the domain refuses to the caller now. */
export function requireAction(facts: ContractFacts, role: ContractRole, action: ContractViewerAction): void {
  const r = checkContractAction(facts, role, action);
  if (!r.ok) throw RULE_ERRORS[r.error]();
}

/** 409 version_conflict: the contract changed since the caller read it. */
export const versionConflict = () =>
  new AppError('version_conflict', 'the contract changed since you read it; read it again and decide on what it says now');

/** 422 with every problem of the terms at its path. */
export function termsRejected(problems: readonly TermsProblem[]): AppError {
  return new AppError('rule_violation', `the terms do not hold: ${[...new Set(problems.map((p) => p.error))].join(', ')}`, {
    errors: problems.map((p) => ({ path: p.path, message: p.error })),
  });
}

/**
 * A write to a contract: under its lock, the action checked against the domain's rules (403 or 409 first), then the
 * caller's version (409 version_conflict when the contract changed since it was read), then `fn`, which writes the
 * audit record and notices in the same transaction.
 */
export async function changeContract<T>(
  deps: Deps, loaded: LoadedContract, expectedVersion: number, action: ContractViewerAction,
  fn: (tx: Tx, locked: ContractRow, open: Awaited<ReturnType<typeof openProposals>>) => Promise<T>,
): Promise<T> {
  return await withTransaction(db(deps), async (tx) => {
    const locked = await contracts.lockById(tx, loaded.contract.id);
    if (!locked) throw noContract();
    const open = await openProposals(tx, locked);
    requireAction(open.facts, loaded.role, action);
    if (locked.version !== expectedVersion) throw versionConflict();
    return await fn(tx, locked, open);
  });
}

/** A guideline named in the terms must be a file of the order. */
export async function requireOrderFile(deps: Deps, orderId: string, attachmentId: string | null | undefined, path: string): Promise<void> {
  if (!attachmentId) return;
  if (!(await orderAttachments.get(db(deps), orderId, attachmentId))) {
    throw new AppError('rule_violation', 'the guideline is not a file of this order', { errors: [{ path, message: 'not a file of this order' }] });
  }
}

/**
 * The audit record of a contract step, by the caller, in the order's log: the order's timeline shows the contract stage
 * to the buyer, the contract's vendor and the secretariat only.
 */
export async function auditContract(
  tx: Db, auth: AuthContext, loaded: LoadedContract, meta: RequestMeta, action: string, before: Record<string, unknown> | null, after: Record<string, unknown>,
): Promise<void> {
  await audit.append(tx, {
    actorUserId: auth.user.id, actorOrgId: loaded.orgId, entityType: 'order', entityId: loaded.order.id, action,
    before, after: { contractId: loaded.contract.id, ...after }, requestId: meta.requestId,
  });
}

/**
 * The order follows its contract when that ends early (DESIGN §2.2 in_progress → terminated), in the same transaction
 * and with its own audit record; an order not in progress (never, but a repair by hand) is left as it is.
 */
export async function terminateOrder(tx: Db, auth: AuthContext, loaded: LoadedContract, meta: RequestMeta): Promise<void> {
  // a contract exists once publicity ended; the scheduler may not have recorded that yet: it is recorded first, as it would
  const ended = await timedSteps.endPublicity(tx, loaded.order.id);
  if (ended.ok) await auditSystem(tx, loaded.order.id, 'order.publicity_ended', { status: 'awarded' }, { status: ended.order.status });
  const w = await orders.terminate(tx, loaded.order.id);
  if (!w.ok) return;
  await auditContract(tx, auth, loaded, meta, 'order.terminated', { status: 'in_progress' }, { status: w.order.status });
}

/** The party on the other side of `role` (for the secretariat: both). */
export function otherParties(c: ContractRow, role: ContractRole): string[] {
  if (role === 'buyer') return [c.vendorOrgId];
  if (role === 'vendor') return [c.buyerOrgId];
  return [c.buyerOrgId, c.vendorOrgId];
}

/** Tells organisations of a contract step (in the caller's transaction). */
export async function tell(tx: Db, orgIds: readonly string[], n: Omit<Notice, 'to' | 'orderId'>, loaded: LoadedContract): Promise<void> {
  await notify(tx, toOrgs(orgIds, { ...n, orderId: loaded.order.id, payload: { orderTitle: loaded.order.title, ...n.payload } }));
}

/** The starting terms of a contract (before agreement) or those in force, from its row and its current version. */
export async function termsInForce(d: Db, c: ContractRow): Promise<ContractTerms> {
  if (c.currentVersion !== null) {
    const v = await contracts.getVersion(d, c.id, c.currentVersion);
    if (v) return v.terms;
  }
  return {
    priceFen: c.priceFen,
    volume: { quantity: c.volumeQuantity, unit: c.volumeUnit },
    accuracyTarget: c.accuracyTarget,
    acceptanceRule: c.acceptanceRule,
    deliveryDeadline: c.deliveryDeadline.toISOString(),
    paymentTermsDays: c.paymentTermsDays,
    guidelineAttachmentId: c.guidelineAttachmentId,
    milestones: [],
  };
}
