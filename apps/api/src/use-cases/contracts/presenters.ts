import type { OrderContract, TimelineEntry } from '@annex/contracts';
import { type ChangeOrderRow, type ContractVersionRow, type Db, type MilestoneRow, type TerminationRow, audit, contracts, organisations, users } from '@annex/db';
import { type ContractTerms, contractActions, effectiveAcceptanceRule } from '@annex/domain';
import { auditActors, changesOf } from '../audit-view.ts';
import { type LoadedContract, openProposals, termsInForce } from './access.ts';

// The contract as the API shows it to its parties and the secretariat.

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toTerms = (t: ContractTerms): OrderContract['terms'] => ({
  priceFen: t.priceFen,
  volume: t.volume,
  accuracyTarget: t.accuracyTarget,
  acceptanceRule: t.acceptanceRule,
  ruleInEffect: effectiveAcceptanceRule(t.acceptanceRule, t.accuracyTarget),
  deliveryDeadline: t.deliveryDeadline,
  paymentTermsDays: t.paymentTermsDays,
  guidelineAttachmentId: t.guidelineAttachmentId,
  milestones: t.milestones.map((m) => ({ seq: m.seq, title: m.title, quantity: m.quantity, dueAt: m.dueAt, amountFen: m.amountFen })),
});

function toVersion(v: ContractVersionRow, names: Map<string, string | null>): OrderContract['versions'][number] {
  const acceptance = (by: string | null, at: Date | null, hash: string | null) =>
    at && hash ? { at: at.toISOString(), userName: by ? names.get(by) ?? null : null, termsHash: hash } : null;
  return {
    number: v.number,
    status: v.status,
    terms: toTerms(v.terms),
    termsHash: v.termsHash,
    changeOrderId: v.changeOrderId,
    proposedAt: v.proposedAt.toISOString(),
    buyerAcceptance: acceptance(v.buyerAcceptedBy, v.buyerAcceptedAt, v.buyerAcceptedHash),
    vendorAcceptance: acceptance(v.vendorAcceptedBy, v.vendorAcceptedAt, v.vendorAcceptedHash),
    changesRequest: v.changesMessage && v.changesRequestedAt ? { message: v.changesMessage, at: v.changesRequestedAt.toISOString() } : null,
  };
}

const toMilestone = (m: MilestoneRow): OrderContract['milestones'][number] => ({
  id: m.id, seq: m.seq, title: m.title, quantity: m.quantity, dueAt: m.dueAt.toISOString(), amountFen: m.amountFen, status: m.status,
  sinceVersion: m.sinceVersion,
});

const toChangeOrder = (c: ChangeOrderRow): OrderContract['changeOrders'][number] => ({
  id: c.id, baseVersion: c.baseVersion, proposedBy: c.proposedBySide, proposedAt: c.proposedAt.toISOString(), changes: c.changes,
  reason: c.reason, status: c.status, decidedAt: iso(c.decidedAt), decisionMessage: c.decisionMessage, resultVersion: c.resultVersion,
});

const toTermination = (t: TerminationRow): OrderContract['terminations'][number] => ({
  id: t.id, kind: t.kind, proposedBy: t.proposedBySide, proposedAt: t.proposedAt.toISOString(), reason: t.reason, status: t.status,
  decidedAt: iso(t.decidedAt), decisionMessage: t.decisionMessage,
});

// the steps of the contract stage in the order's audit log
const CONTRACT_STAGE = /^(contract|change_order|termination|delivery|payment)\./;

/** The contract's history: every step of the contract stage recorded in the order's audit log, with who took it. */
async function historyOf(d: Db, orderId: string): Promise<TimelineEntry[]> {
  const rows = (await audit.listForEntity(d, 'order', orderId)).filter((e) => CONTRACT_STAGE.test(e.action));
  const { orgs, people } = await auditActors(d, rows);
  return rows.map((e) => {
    const org = e.actorOrgId ? orgs.get(e.actorOrgId) ?? null : null;
    const { changes, reason } = changesOf(e);
    return {
      id: String(e.id),
      at: e.at.toISOString(),
      action: e.action,
      actor: { kind: org?.kind ?? 'system', orgName: org?.name ?? null, userName: e.actorUserId ? people.get(e.actorUserId) ?? null : null },
      changes: changes.filter((c) => c.field !== 'contractId'),
      reason,
    };
  });
}

/** The contract with its versions, milestones, change orders, terminations, history and what the caller may do now. */
export async function presentContract(d: Db, loaded: LoadedContract): Promise<OrderContract> {
  const c = (await contracts.getById(d, loaded.contract.id)) ?? loaded.contract;
  const [versions, milestones, open, changeOrders, terminations, buyer, vendor, terms, history] = await Promise.all([
    contracts.listVersions(d, c.id), contracts.listMilestones(d, c.id), openProposals(d, c), contracts.listChangeOrders(d, c.id),
    contracts.listTerminations(d, c.id), organisations.findById(d, c.buyerOrgId), organisations.findById(d, c.vendorOrgId),
    termsInForce(d, c), historyOf(d, c.orderId),
  ]);
  const names = new Map<string, string | null>();
  for (const id of new Set(versions.flatMap((v) => [v.buyerAcceptedBy, v.vendorAcceptedBy]).filter((x): x is string => x !== null))) {
    names.set(id, (await users.findById(d, id))?.displayName ?? null);
  }
  const pending = versions.find((v) => v.status === 'proposed');
  return {
    id: c.id,
    orderId: c.orderId,
    orderTitle: loaded.order.title,
    status: c.status,
    buyer: { orgId: c.buyerOrgId, name: buyer?.name ?? '' },
    vendor: { orgId: c.vendorOrgId, name: vendor?.name ?? '' },
    terms: toTerms(terms),
    currentVersion: c.currentVersion,
    version: c.version,
    pendingProposal: pending ? { number: pending.number, termsHash: pending.termsHash } : null,
    versions: versions.map((v) => toVersion(v, names)),
    milestones: milestones.map(toMilestone),
    changeOrders: changeOrders.map(toChangeOrder),
    terminations: terminations.map(toTermination),
    viewerRole: loaded.role,
    allowedActions: contractActions(open.facts, loaded.role),
    history,
    createdAt: c.createdAt.toISOString(),
    activatedAt: iso(c.activatedAt),
    completedAt: iso(c.completedAt),
    terminatedAt: iso(c.terminatedAt),
  };
}
