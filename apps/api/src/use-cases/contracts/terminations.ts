import type { AnswerProposalRequest, OrderContract, TerminationRequest } from '@annex/contracts';
import { CONSTRAINTS, contracts, isUniqueViolation } from '@annex/db';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { auditContract, changeContract, loadContract, otherParties, tell, terminateOrder, versionConflict } from './access.ts';
import { presentContract } from './presenters.ts';

// Early termination: by agreement (one party proposes with a reason, the other accepts or declines, the proposer may
// withdraw), or by the secretariat on a dispute, with a reason, at once.

/** POST /orders/{id}/contract/termination: a party proposes to end the contract early. */
export async function proposeTermination(deps: Deps, auth: AuthContext, orderId: string, body: TerminationRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  try {
    await changeContract(deps, loaded, body.version, 'propose_termination', async (tx, locked) => {
      const side = loaded.role === 'vendor' ? 'vendor' : 'buyer';
      const w = await contracts.proposeTermination(tx, { contractId: locked.id, expectedVersion: locked.version, side, by: auth.user.id, reason: body.reason });
      if (!w.ok) throw versionConflict();
      await auditContract(tx, auth, loaded, meta, 'termination.proposed', null, { terminationId: w.value.id, reason: body.reason });
      await tell(tx, otherParties(locked, loaded.role), { kind: 'termination_proposed', payload: { reason: body.reason } }, loaded);
    });
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.contractTerminationsOneOpen)) throw new AppError('invalid_transition', 'a proposal to terminate the contract is open already');
    throw err;
  }
  return await presentContract(db(deps), loaded);
}

/** POST /orders/{id}/contract/termination/(accept|decline|withdraw): the open proposal answered by the other party, or withdrawn. */
export async function answerTermination(
  deps: Deps, auth: AuthContext, orderId: string, answer: 'accept' | 'decline' | 'withdraw', body: AnswerProposalRequest, meta: RequestMeta,
): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await changeContract(deps, loaded, body.version, `${answer}_termination`, async (tx, locked, open) => {
    const status = answer === 'accept' ? 'accepted' : answer === 'decline' ? 'declined' : 'withdrawn';
    const w = await contracts.closeTermination(tx, {
      contractId: locked.id, expectedVersion: locked.version, terminationId: open.termination?.id ?? '', status, by: auth.user.id, message: body.message,
    });
    if (!w.ok) throw versionConflict();
    await auditContract(tx, auth, loaded, meta, `termination.${status}`, { status: locked.status }, {
      status: w.contract.status, terminationId: w.value.id, reason: body.message,
    });
    if (w.contract.status === 'terminated') await terminateOrder(tx, auth, loaded, meta);
    await tell(tx, otherParties(locked, loaded.role), { kind: 'termination_decided', payload: { outcome: status, message: body.message } }, loaded);
  });
  return await presentContract(db(deps), loaded);
}

/** POST /orders/{id}/contract/terminate: the secretariat ends the contract on a dispute, with a reason; both parties are told. */
export async function terminateContract(deps: Deps, auth: AuthContext, orderId: string, body: TerminationRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await changeContract(deps, loaded, body.version, 'terminate', async (tx, locked) => {
    const w = await contracts.terminateBySecretariat(tx, { contractId: locked.id, expectedVersion: locked.version, by: auth.user.id, reason: body.reason });
    if (!w.ok) throw versionConflict();
    await auditContract(tx, auth, loaded, meta, 'contract.terminated', { status: locked.status }, { status: w.contract.status, reason: body.reason });
    await terminateOrder(tx, auth, loaded, meta);
    await tell(tx, otherParties(locked, loaded.role), { kind: 'contract_terminated', payload: { reason: body.reason } }, loaded);
  });
  return await presentContract(db(deps), loaded);
}
