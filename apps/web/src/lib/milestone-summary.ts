import type { ContractImplementation } from '@annex/contracts';
import { allowedDeliveryActions, allowedPaymentActions } from '@annex/domain';

type MilestoneState = ContractImplementation['milestones'][number];

/** What a contract's lists show of one milestone: where its batch and its payment stand, and whether the viewer is due to act. */
export type MilestoneSummary = {
  id: string;
  batch: MilestoneState['status'];
  payment: NonNullable<MilestoneState['payment']>['status'] | null;
  dueOn: string | null;
  overdue: boolean;
  /** the viewer has a step to take on it now (deliver, inspect, decide, invoice, pay, confirm, rule on a dispute) */
  yourTurn: boolean;
};

/** Who looks at the contract. */
export type Viewer = 'buyer' | 'vendor' | 'secretariat';

/**
 * A milestone as the lists show it. Whether the viewer owes a step is the domain's answer for the batch and the
 * payment in their current states; raising a dispute, always open to a party, is not a step it owes.
 */
export function summarise(x: MilestoneState, viewer: Viewer, now: Date): MilestoneSummary {
  const state = { status: x.status, attempts: x.attempts, reworks: x.reworks, accepted: x.accepted, firstPass: false };
  const latest = x.status === 'awaiting_delivery' ? null : { status: x.status, reviewEndsAt: new Date(x.reviewEndsAt ?? 0), disputed: false };
  const d = allowedDeliveryActions(state, latest, viewer, now);
  const p = x.payment ? allowedPaymentActions({ status: x.payment.status, acceptedOn: '', invoiceDate: null }, viewer) : null;
  return {
    id: x.milestoneId,
    batch: x.status,
    payment: x.payment?.status ?? null,
    dueOn: x.payment?.dueOn ?? null,
    overdue: x.payment?.overdue ?? false,
    yourTurn: d.deliver || d.startInspection || d.recordErrors || d.accept || d.decideDispute || Boolean(p && (p.invoice || p.pay || p.confirm)),
  };
}

/** Every planned milestone of a contract's one-read implementation, by milestone id. */
export function summariesById(ci: ContractImplementation, viewer: Viewer, now: Date): Record<string, MilestoneSummary> {
  return Object.fromEntries(ci.milestones.filter((x) => !x.cancelled).map((x) => [x.milestoneId, summarise(x, viewer, now)]));
}

/** What a contract asks of the viewer now and how far it has come, for the "my contracts" list. */
export type ContractTodo = {
  todos: ('terms' | 'accept' | 'change' | 'termination')[];
  milestonesYourTurn: number;
  overdue: number;
  accepted: number;
  paid: number;
  total: number;
};

/** The viewer's open steps on a contract (from the actions the API allows it) and its milestones' progress. */
export function contractTodo(allowed: readonly string[], summaries: readonly MilestoneSummary[], planned: number): ContractTodo {
  const has = (a: string) => allowed.includes(a);
  const todos: ContractTodo['todos'] = [];
  if (has('propose_terms')) todos.push('terms');
  if (has('accept_terms')) todos.push('accept');
  if (has('accept_change')) todos.push('change');
  if (has('accept_termination')) todos.push('termination');
  return {
    todos,
    milestonesYourTurn: summaries.filter((s) => s.yourTurn).length,
    overdue: summaries.filter((s) => s.overdue).length,
    accepted: summaries.filter((s) => s.batch === 'accepted' || s.batch === 'auto_accepted').length,
    paid: summaries.filter((s) => s.payment === 'confirmed').length,
    total: planned,
  };
}
