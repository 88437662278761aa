import type { AnswerProposalRequest, OrderContract, ProposeChangeOrderRequest } from '@annex/contracts';
import { type ChangeOrderRow, CONSTRAINTS, type ContractRow, type Db, type Tx, contracts, deliveries, isUniqueViolation } from '@annex/db';
import { type ChangeOrderChanges, applyChangeOrder } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import {
  type LoadedContract, auditContract, changeContract, loadContract, otherParties, requireOrderFile, tell, termsHash, termsInForce, termsRejected,
  versionConflict,
} from './access.ts';
import { presentContract } from './presenters.ts';

// Change orders: either party proposes new values for terms in force (scope and volume, price, dates, the guideline);
// the other accepts — a new version, accepted by both — or declines; the proposer may withdraw. One open at a time.

/** The milestones a change order may not touch: those with a batch delivered (the work and its inspection stand). */
async function deliveredSeqs(d: Db, contractId: string): Promise<number[]> {
  return (await deliveries.contractProgress(d, contractId)).filter((m) => m.attempts > 0 && m.milestoneStatus === 'planned').map((m) => m.seq);
}

/** POST /orders/{id}/contract/change-orders: a party proposes a change, checked now against the terms in force. */
export async function proposeChangeOrder(deps: Deps, auth: AuthContext, orderId: string, body: ProposeChangeOrderRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await requireOrderFile(deps, orderId, body.changes.guidelineAttachmentId, 'changes.guidelineAttachmentId');
  try {
    await changeContract(deps, loaded, body.version, 'propose_change', async (tx, locked) => {
      const base = await termsInForce(tx, locked);
      const { volumeQuantity, ...rest } = body.changes;
      const changes: ChangeOrderChanges = { ...rest, ...(volumeQuantity !== undefined ? { volume: { quantity: volumeQuantity, unit: base.volume.unit } } : {}) };
      const r = applyChangeOrder(base, changes, { now: deps.now(), frozen: await deliveredSeqs(tx, locked.id) });
      if (!r.ok) throw termsRejected(r.problems.map((p) => ({ ...p, path: p.path ? `changes.${p.path}` : 'changes' })));
      const side = loaded.role === 'vendor' ? 'vendor' : 'buyer';
      const w = await contracts.proposeChangeOrder(tx, {
        contractId: locked.id, expectedVersion: locked.version, baseVersion: locked.currentVersion ?? 0, side, by: auth.user.id, changes, reason: body.reason,
      });
      if (!w.ok) throw versionConflict();
      await auditContract(tx, auth, loaded, meta, 'change_order.proposed', null, {
        changeOrderId: w.value.id, baseVersion: w.value.baseVersion, changed: Object.keys(changes), reason: body.reason,
      });
      await tell(tx, otherParties(locked, loaded.role), { kind: 'change_order_proposed', payload: { changeOrderId: w.value.id, reason: body.reason } }, loaded);
    });
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.changeOrdersOneOpen)) {
      throw new AppError('invalid_transition', 'a change order is open: it is answered or withdrawn before the next is proposed');
    }
    throw err;
  }
  return await presentContract(db(deps), loaded);
}

type Answer = 'accept' | 'decline' | 'withdraw';

/**
 * POST /orders/{id}/contract/change-orders/{changeOrderId}/(accept|decline|withdraw): the other party accepts (the
 * change becomes the next version, its terms checked again against now) or declines; the proposer withdraws.
 */
export async function answerChangeOrder(
  deps: Deps, auth: AuthContext, orderId: string, changeOrderId: string, answer: Answer, body: AnswerProposalRequest, meta: RequestMeta,
): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  const found = await contracts.getChangeOrder(db(deps), changeOrderId);
  if (!found || found.contractId !== loaded.contract.id) throw new AppError('not_found', 'no change order with this id on this contract');
  await changeContract(deps, loaded, body.version, `${answer}_change`, async (tx, locked, open) => {
    if (open.change?.id !== changeOrderId) throw new AppError('invalid_transition', `this change order is ${found.status} already`);
    if (answer === 'accept') await accept(deps, tx, auth, loaded, locked, open.change, body, meta);
    else {
      const status = answer === 'decline' ? 'declined' : 'withdrawn';
      const w = await contracts.closeChangeOrder(tx, { contractId: locked.id, expectedVersion: locked.version, changeOrderId, status, by: auth.user.id, message: body.message });
      if (!w.ok) throw versionConflict();
      await auditContract(tx, auth, loaded, meta, `change_order.${status}`, { changeOrderId, status: 'proposed' }, { changeOrderId, status, reason: body.message });
      await tell(tx, otherParties(locked, loaded.role), { kind: 'change_order_decided', payload: { changeOrderId, outcome: status, message: body.message } }, loaded);
    }
  });
  return await presentContract(db(deps), loaded);
}

async function accept(
  deps: Deps, tx: Tx, auth: AuthContext, loaded: LoadedContract, locked: ContractRow, co: ChangeOrderRow,
  body: AnswerProposalRequest, meta: RequestMeta,
): Promise<void> {
  // checked again: time has passed since the proposal (a due date may be in the past by now)
  const r = applyChangeOrder(await termsInForce(tx, locked), co.changes, { now: deps.now(), frozen: await deliveredSeqs(tx, locked.id) });
  if (!r.ok) throw termsRejected(r.problems.map((p) => ({ ...p, path: p.path ? `changes.${p.path}` : 'changes' })));
  const hash = termsHash(r.terms);
  const w = await contracts.acceptChangeOrder(tx, {
    contractId: locked.id, expectedVersion: locked.version, changeOrderId: co.id, terms: r.terms, termsHash: hash, by: auth.user.id, message: body.message,
  });
  if (!w.ok) throw versionConflict();
  await auditContract(tx, auth, loaded, meta, 'change_order.accepted', { changeOrderId: co.id, status: 'proposed', number: locked.currentVersion }, {
    changeOrderId: co.id, status: 'accepted', number: w.value.version.number, termsHash: hash, reason: body.message,
  });
  await tell(tx, otherParties(locked, loaded.role), {
    kind: 'change_order_decided', payload: { changeOrderId: co.id, outcome: 'accepted', number: w.value.version.number, message: body.message },
  }, loaded);
}
