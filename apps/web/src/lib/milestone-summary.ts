import type { MilestoneImplementation } from '@annex/contracts';

/** What a contract's lists show of one milestone: where its batch and its payment stand, and whether the viewer is due to act. */
export type MilestoneSummary = {
  id: string;
  batch: MilestoneImplementation['state']['status'];
  payment: NonNullable<MilestoneImplementation['payment']>['status'] | null;
  dueOn: string | null;
  overdue: boolean;
  /** the viewer has a step to take on it now (deliver, inspect, decide, invoice, pay, confirm, rule on a dispute) */
  yourTurn: boolean;
};

// steps that move the milestone on; raising a dispute is always open to a party and is not a step it owes
const OWED = ['deliver', 'startInspection', 'recordErrors', 'accept', 'invoice', 'pay', 'confirm', 'decideDispute', 'decidePaymentDispute'] as const;

/** A milestone's implementation as the lists show it. */
export function summarise(impl: MilestoneImplementation): MilestoneSummary {
  return {
    id: impl.milestoneId,
    batch: impl.state.status,
    payment: impl.payment?.status ?? null,
    dueOn: impl.payment?.dueOn ?? null,
    overdue: impl.payment?.overdue ?? false,
    yourTurn: OWED.some((k) => impl.permissions[k]),
  };
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
