import type { AcceptTermsRequest, OrderContract, ProposeTermsRequest, RequestChangesRequest } from '@annex/contracts';
import { contracts } from '@annex/db';
import { checkContractTerms, proposedTerms } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { auditContract, changeContract, loadContract, requireOrderFile, tell, termsHash, termsInForce, termsRejected, versionConflict } from './access.ts';
import { presentContract } from './presenters.ts';

// The terms of a contract before it is in force: the buyer proposes them with milestones, the vendor accepts (both
// acceptances then hold the same hash) or asks for changes with a message, and the buyer proposes again.

/** GET /orders/{id}/contract: the contract, to its two parties and the secretariat (404 to everyone else). */
export async function getContract(deps: Deps, auth: AuthContext, orderId: string): Promise<OrderContract> {
  return await presentContract(db(deps), await loadContract(deps, auth, orderId));
}

/**
 * POST /orders/{id}/contract/terms: the buyer proposes the 账期, the guideline and the milestone plan (draft, or after
 * the vendor asked for changes). Price, volume, accuracy, acceptance rule and deadline are the award's; the shares of
 * the plan must sum to the price exactly. The buyer's acceptance of the new version's hash is recorded with it.
 */
export async function proposeTerms(deps: Deps, auth: AuthContext, orderId: string, body: ProposeTermsRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await requireOrderFile(deps, orderId, body.guidelineAttachmentId, 'guidelineAttachmentId');
  await changeContract(deps, loaded, body.version, 'propose_terms', async (tx, locked) => {
    const { paymentTermsDays: _, guidelineAttachmentId: __, milestones: ___, ...base } = await termsInForce(tx, locked);
    const terms = proposedTerms(base, body);
    const problems = checkContractTerms(terms, { now: deps.now() });
    if (problems.length > 0) throw termsRejected(problems);
    const hash = termsHash(terms);
    const w = await contracts.proposeVersion(tx, { contractId: locked.id, expectedVersion: locked.version, terms, termsHash: hash, proposedBy: auth.user.id });
    if (!w.ok) throw versionConflict();
    await auditContract(tx, auth, loaded, meta, 'contract.terms_proposed', { status: locked.status }, {
      status: w.contract.status, number: w.value.number, termsHash: hash, paymentTermsDays: terms.paymentTermsDays, milestones: terms.milestones.length,
    });
    await tell(tx, [locked.vendorOrgId], { kind: 'contract_proposed', payload: { number: w.value.number } }, loaded);
  });
  return await presentContract(db(deps), loaded);
}

/**
 * POST /orders/{id}/contract/accept: the vendor accepts the proposed version, naming its number and the hash of the
 * terms it read — terms proposed again since then answer 409, so nobody accepts what they did not see. The contract
 * is then in force and its milestones exist.
 */
export async function acceptTerms(deps: Deps, auth: AuthContext, orderId: string, body: AcceptTermsRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await changeContract(deps, loaded, body.version, 'accept_terms', async (tx, locked) => {
    const proposed = await contracts.getVersion(tx, locked.id, body.number);
    if (proposed?.status !== 'proposed' || proposed.termsHash !== body.termsHash) {
      throw new AppError('version_conflict', 'these are not the terms waiting for your acceptance; read the contract again');
    }
    const w = await contracts.acceptProposal(tx, { contractId: locked.id, expectedVersion: locked.version, number: body.number, termsHash: body.termsHash, by: auth.user.id });
    if (!w.ok) throw versionConflict();
    await auditContract(tx, auth, loaded, meta, 'contract.accepted', { status: locked.status }, {
      status: w.contract.status, number: body.number, termsHash: body.termsHash,
    });
    await tell(tx, [locked.buyerOrgId], { kind: 'contract_active', payload: { number: body.number } }, loaded);
  });
  return await presentContract(db(deps), loaded);
}

/** POST /orders/{id}/contract/request-changes: the vendor asks for changes to the proposed version, saying which. */
export async function requestChanges(deps: Deps, auth: AuthContext, orderId: string, body: RequestChangesRequest, meta: RequestMeta): Promise<OrderContract> {
  const loaded = await loadContract(deps, auth, orderId);
  await changeContract(deps, loaded, body.version, 'request_changes', async (tx, locked) => {
    const w = await contracts.requestChanges(tx, { contractId: locked.id, expectedVersion: locked.version, number: body.number, message: body.message, by: auth.user.id });
    if (!w.ok) throw new AppError('version_conflict', 'this version is not the one waiting for your answer; read the contract again');
    await auditContract(tx, auth, loaded, meta, 'contract.changes_requested', { status: locked.status }, {
      status: w.contract.status, number: body.number, reason: body.message,
    });
    await tell(tx, [locked.buyerOrgId], { kind: 'contract_changes_requested', payload: { number: body.number, message: body.message } }, loaded);
  });
  return await presentContract(db(deps), loaded);
}
