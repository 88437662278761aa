import { type Fen, isFen } from './money.ts';
import type { VOLUME_UNITS } from './order.ts';
import { type Result, fail, ok } from './result.ts';

/** Where a contract stands (DESIGN §2.5, issue 9 item 1). */
export const CONTRACT_STATUSES = ['draft', 'proposed', 'changes_requested', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Where one version of the terms stands. */
export const CONTRACT_VERSION_STATUSES = ['proposed', 'changes_requested', 'accepted', 'superseded'] as const;
export type ContractVersionStatus = (typeof CONTRACT_VERSION_STATUSES)[number];

/** The two parties of a contract. */
export type ContractSide = 'buyer' | 'vendor';

/** One batch of the work: how many items, by when, for what share of the price. */
export type Milestone = {
  seq: number;
  title: string;
  quantity: number;
  /** ISO 8601 instant */
  dueAt: string;
  amountFen: Fen;
};

/**
 * The terms of a contract as both parties accept them; the hash of their canonical JSON (`canonicalTerms`) is what
 * each acceptance records. Dates are ISO 8601 strings so that the same terms always serialise the same way.
 */
export type ContractTerms = {
  priceFen: Fen;
  volume: { quantity: number; unit: (typeof VOLUME_UNITS)[number] };
  /** percent, e.g. 98.5 */
  accuracyTarget: number;
  /** the order's acceptance (sampling) rule as awarded; its shape is the order's */
  acceptanceRule: Record<string, unknown> | null;
  /** ISO 8601 instant */
  deliveryDeadline: string;
  /** 账期: days after a milestone's acceptance within which the buyer pays */
  paymentTermsDays: number;
  /** the guideline the work follows (an order attachment), or null */
  guidelineAttachmentId: string | null;
  milestones: Milestone[];
};

/** Where a change order or a termination by agreement stands. */
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** What a change order changes: the new values of the terms it touches (absent: unchanged). */
export type ChangeOrderChanges = {
  priceFen?: Fen;
  volume?: ContractTerms['volume'];
  deliveryDeadline?: string;
  guidelineAttachmentId?: string | null;
  /** a new milestone plan (needed whenever price or volume change, so the plan still adds up) */
  milestones?: Milestone[];
};

/** Who acts on a contract: a party, the secretariat, or the platform (completion, by the delivery rules). */
export type ContractRole = ContractSide | 'secretariat' | 'platform';

const NOT_ENDED = ['draft', 'proposed', 'changes_requested', 'active'] as const satisfies readonly ContractStatus[];

/**
 * The contract machine: for each step the statuses it starts from, where it leads and who takes it.
 * The one place these are written: the repository's guarded writes and the API's permissions ask it.
 */
export const CONTRACT_STEPS = {
  /** the buyer proposes the terms with milestones (again after the vendor asked for changes) */
  propose_terms: { from: ['draft', 'changes_requested'], to: 'proposed', by: ['buyer'] },
  /** the vendor asks for changes to the proposed terms, with a message */
  request_changes: { from: ['proposed'], to: 'changes_requested', by: ['vendor'] },
  /** the vendor accepts the proposed terms: both have accepted, the contract is in force */
  accept_terms: { from: ['proposed'], to: 'active', by: ['vendor'] },
  /** the other party accepts a proposal to end the contract early */
  accept_termination: { from: NOT_ENDED, to: 'terminated', by: ['buyer', 'vendor'] },
  /** the secretariat ends the contract on a dispute, with a reason */
  terminate: { from: NOT_ENDED, to: 'terminated', by: ['secretariat'] },
  /** every milestone accepted and paid (decided by the delivery rules) */
  complete: { from: ['active'], to: 'completed', by: ['platform'] },
} as const satisfies Record<string, { from: readonly ContractStatus[]; to: ContractStatus; by: readonly ContractRole[] }>;

/** What parties do with a contract without changing its status, and while it is in which statuses. */
export const CONTRACT_ACTIVITIES = {
  propose_change: { while: ['active'], by: ['buyer', 'vendor'] },
  /** accept or decline: the party that did not propose it */
  answer_change: { while: ['active'], by: ['buyer', 'vendor'] },
  /** the party that proposed it */
  withdraw_change: { while: ['active'], by: ['buyer', 'vendor'] },
  propose_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
  /** decline: the party that did not propose it */
  decline_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
  withdraw_termination: { while: NOT_ENDED, by: ['buyer', 'vendor'] },
} as const satisfies Record<string, { while: readonly ContractStatus[]; by: readonly ContractRole[] }>;

/** A step or an activity of the contract machine. */
export type ContractMove = keyof typeof CONTRACT_STEPS | keyof typeof CONTRACT_ACTIVITIES;

/** The statuses in which a step may be taken or an activity done. */
export function contractStatusesFor(move: ContractMove): readonly ContractStatus[] {
  return move in CONTRACT_STEPS
    ? CONTRACT_STEPS[move as keyof typeof CONTRACT_STEPS].from
    : CONTRACT_ACTIVITIES[move as keyof typeof CONTRACT_ACTIVITIES].while;
}

// ---------------------------------------------------------------------------------------------------------
// Milestone plans

/** The most milestones one contract takes. */
export const MAX_MILESTONES = 50;
/** The longest 账期 the platform takes, in days. */
export const MAX_PAYMENT_TERMS_DAYS = 365;
/** The 账期 a contract starts with until the buyer sets another. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/** What can be wrong with contract terms or a milestone plan. */
export type TermsError =
  | 'milestones_missing'
  | 'too_many_milestones'
  | 'seq_invalid'
  | 'title_missing'
  | 'quantity_invalid'
  | 'amount_invalid'
  | 'quantity_sum'
  | 'amount_sum'
  | 'due_invalid'
  | 'due_after_deadline'
  | 'due_in_past'
  | 'price_invalid'
  | 'volume_invalid'
  | 'deadline_invalid'
  | 'payment_terms_invalid'
  | 'milestone_frozen'
  | 'milestones_required'
  | 'no_changes';

/** One thing wrong, at a path the API reports as is (`milestones.1.amountFen`). */
export type TermsProblem = { path: string; error: TermsError };

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
const instant = (iso: string): number => (typeof iso === 'string' && iso.trim() !== '' ? Date.parse(iso) : Number.NaN);

/**
 * `total` in `parts` whole shares, as even as whole numbers allow, the remainder on the last share
 * (10 in 3 → 3, 3, 4). Null when some share would be 0 (fewer units than parts) or the input is not whole.
 */
export function splitEvenly(total: number, parts: number): number[] | null {
  if (!Number.isSafeInteger(total) || !isCount(parts) || total < parts) return null;
  const share = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - share * (parts - 1) : share));
}

/**
 * A suggested plan of `count` milestones: quantities and the price split evenly (remainders on the last), due dates
 * spread evenly from `from` to the delivery deadline (the last on the deadline). Null when the volume or the price
 * cannot give every milestone a share above zero. `title(seq)` names them (the caller's language).
 */
export function suggestMilestones(p: {
  priceFen: Fen; quantity: number; count: number; from: Date; deliveryDeadline: Date; title: (seq: number) => string;
}): Milestone[] | null {
  if (!isCount(p.count) || p.count > MAX_MILESTONES || !(p.from < p.deliveryDeadline)) return null;
  const quantities = splitEvenly(p.quantity, p.count);
  const amounts = splitEvenly(p.priceFen, p.count);
  if (!quantities || !amounts) return null;
  const span = p.deliveryDeadline.getTime() - p.from.getTime();
  return quantities.map((quantity, i) => ({
    seq: i + 1,
    title: p.title(i + 1),
    quantity,
    // whole seconds, so the suggestion reads cleanly; the last one is exactly the deadline
    dueAt: new Date(i === p.count - 1 ? p.deliveryDeadline.getTime() : p.from.getTime() + Math.floor((span * (i + 1)) / p.count / 1000) * 1000).toISOString(),
    amountFen: amounts[i]!,
  }));
}

/**
 * Checks a milestone plan against the terms it divides: numbered 1…n in order, each with a title, a quantity and a
 * share of the price above zero, quantities summing to the volume and shares to the price in fen exactly, each due by
 * the delivery deadline and (when `now` is given) after now — except a milestone `before` already had with the same
 * due date, which may lie in the past by now. Milestones whose seq is in `frozen` (delivered already) must stay as
 * they were in `before`.
 */
export function checkMilestonePlan(
  plan: readonly Milestone[],
  terms: { priceFen: Fen; quantity: number; deliveryDeadline: string },
  opts: { now?: Date; before?: readonly Milestone[]; frozen?: readonly number[] } = {},
): TermsProblem[] {
  if (plan.length === 0) return [{ path: 'milestones', error: 'milestones_missing' }];
  if (plan.length > MAX_MILESTONES) return [{ path: 'milestones', error: 'too_many_milestones' }];
  const found: TermsProblem[] = [];
  const deadline = instant(terms.deliveryDeadline);
  const earlier = new Map((opts.before ?? []).map((m) => [m.seq, m]));
  plan.forEach((m, i) => {
    const at = (field: string) => `milestones.${i}.${field}`;
    if (m.seq !== i + 1) found.push({ path: at('seq'), error: 'seq_invalid' });
    if (typeof m.title !== 'string' || m.title.trim() === '') found.push({ path: at('title'), error: 'title_missing' });
    if (!isCount(m.quantity)) found.push({ path: at('quantity'), error: 'quantity_invalid' });
    if (!isFen(m.amountFen) || m.amountFen === 0) found.push({ path: at('amountFen'), error: 'amount_invalid' });
    const due = instant(m.dueAt);
    if (Number.isNaN(due)) found.push({ path: at('dueAt'), error: 'due_invalid' });
    else if (due > deadline) found.push({ path: at('dueAt'), error: 'due_after_deadline' });
    else if (opts.now && due <= opts.now.getTime() && instant(earlier.get(m.seq)?.dueAt ?? '') !== due) {
      found.push({ path: at('dueAt'), error: 'due_in_past' });
    }
    const was = earlier.get(m.seq);
    if (opts.frozen?.includes(m.seq) && (!was || canonicalJson(normalMilestone(was)) !== canonicalJson(normalMilestone(m)))) {
      found.push({ path: `milestones.${i}`, error: 'milestone_frozen' });
    }
  });
  for (const seq of opts.frozen ?? []) {
    if (!plan.some((m) => m.seq === seq)) found.push({ path: 'milestones', error: 'milestone_frozen' });
  }
  const sum = (k: 'quantity' | 'amountFen') => plan.reduce((s, m) => s + (Number.isSafeInteger(m[k]) ? m[k] : 0), 0);
  if (sum('quantity') !== terms.quantity) found.push({ path: 'milestones', error: 'quantity_sum' });
  if (sum('amountFen') !== terms.priceFen) found.push({ path: 'milestones', error: 'amount_sum' });
  return found;
}

/** Checks whole contract terms: price, volume, deadline and 账期 in range, and the milestone plan against them. */
export function checkContractTerms(
  t: ContractTerms, opts: { now?: Date; before?: readonly Milestone[]; frozen?: readonly number[] } = {},
): TermsProblem[] {
  const found: TermsProblem[] = [];
  if (!isFen(t.priceFen) || t.priceFen === 0) found.push({ path: 'priceFen', error: 'price_invalid' });
  if (!isCount(t.volume.quantity)) found.push({ path: 'volume.quantity', error: 'volume_invalid' });
  if (Number.isNaN(instant(t.deliveryDeadline))) found.push({ path: 'deliveryDeadline', error: 'deadline_invalid' });
  if (!Number.isSafeInteger(t.paymentTermsDays) || t.paymentTermsDays < 0 || t.paymentTermsDays > MAX_PAYMENT_TERMS_DAYS) {
    found.push({ path: 'paymentTermsDays', error: 'payment_terms_invalid' });
  }
  if (found.length > 0) return found;
  return checkMilestonePlan(t.milestones, { priceFen: t.priceFen, quantity: t.volume.quantity, deliveryDeadline: t.deliveryDeadline }, opts);
}

// ---------------------------------------------------------------------------------------------------------
// Canonical form and hash input

/**
 * JSON with object keys sorted at every level and no whitespace: equal values give equal text, whatever order their
 * keys were built in. Undefined members are left out (as JSON.stringify does); non-finite numbers are refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no representation for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON has no representation for a ${typeof value}`);
}

const iso = (s: string) => new Date(s).toISOString();
const normalMilestone = (m: Milestone): Milestone => ({ seq: m.seq, title: m.title.trim(), quantity: m.quantity, dueAt: iso(m.dueAt), amountFen: m.amountFen });

/** The terms in their one normal form: trimmed titles, instants as UTC ISO strings, milestones by seq, known keys only. */
export function normalTerms(t: ContractTerms): ContractTerms {
  return {
    priceFen: t.priceFen,
    volume: { quantity: t.volume.quantity, unit: t.volume.unit },
    accuracyTarget: t.accuracyTarget,
    acceptanceRule: t.acceptanceRule ?? null,
    deliveryDeadline: iso(t.deliveryDeadline),
    paymentTermsDays: t.paymentTermsDays,
    guidelineAttachmentId: t.guidelineAttachmentId ?? null,
    milestones: [...t.milestones].sort((a, b) => a.seq - b.seq).map(normalMilestone),
  };
}

/**
 * The text whose SHA-256 is the terms hash each acceptance records: the canonical JSON of the normal terms, so two
 * parties shown the same terms hash the same bytes (the hash itself is computed where a digest is at hand).
 */
export function canonicalTerms(t: ContractTerms): string {
  return canonicalJson(normalTerms(t));
}

// ---------------------------------------------------------------------------------------------------------
// Proposals and change orders

/** What the buyer sets in a proposal; the rest of the terms come from the award and the order. */
export type TermsProposal = { paymentTermsDays: number; guidelineAttachmentId: string | null; milestones: Milestone[] };

/** The terms a proposal makes from the contract's starting terms (checked with `checkContractTerms`). */
export function proposedTerms(base: Omit<ContractTerms, 'paymentTermsDays' | 'guidelineAttachmentId' | 'milestones'>, p: TermsProposal): ContractTerms {
  return normalTerms({ ...base, paymentTermsDays: p.paymentTermsDays, guidelineAttachmentId: p.guidelineAttachmentId, milestones: p.milestones });
}

/**
 * The terms an accepted change order makes of the version in force: its new values over the old. Refused when it
 * changes nothing, when it changes the price or the volume without a new milestone plan (the plan must still add
 * up), or when the result breaks the terms rules — due dates are checked against the deadline the change order
 * sets, so moving the deadline lets the plan move with it; a milestone already delivered (`frozen`) stays.
 */
export function applyChangeOrder(
  base: ContractTerms, changes: ChangeOrderChanges, opts: { now: Date; frozen?: readonly number[] },
): { ok: true; terms: ContractTerms } | { ok: false; problems: TermsProblem[] } {
  const next = normalTerms({
    ...base,
    ...(changes.priceFen !== undefined ? { priceFen: changes.priceFen } : {}),
    ...(changes.volume !== undefined ? { volume: changes.volume } : {}),
    ...(changes.deliveryDeadline !== undefined ? { deliveryDeadline: changes.deliveryDeadline } : {}),
    ...(changes.guidelineAttachmentId !== undefined ? { guidelineAttachmentId: changes.guidelineAttachmentId } : {}),
    ...(changes.milestones !== undefined ? { milestones: changes.milestones } : {}),
  });
  const plain = normalTerms(base);
  if (canonicalJson(next) === canonicalJson(plain)) return { ok: false, problems: [{ path: '', error: 'no_changes' }] };
  const moved = next.priceFen !== plain.priceFen || next.volume.quantity !== plain.volume.quantity;
  if (moved && changes.milestones === undefined) return { ok: false, problems: [{ path: 'milestones', error: 'milestones_required' }] };
  const problems = checkContractTerms(next, { now: opts.now, before: plain.milestones, frozen: opts.frozen ?? [] });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, terms: next };
}

// ---------------------------------------------------------------------------------------------------------
// Who may do what now

/** What a viewer may do with a contract. */
export const CONTRACT_VIEWER_ACTIONS = [
  'propose_terms', 'request_changes', 'accept_terms',
  'propose_change', 'accept_change', 'decline_change', 'withdraw_change',
  'propose_termination', 'accept_termination', 'decline_termination', 'withdraw_termination',
  'terminate',
] as const;
export type ContractViewerAction = (typeof CONTRACT_VIEWER_ACTIONS)[number];

/** The facts of a contract the permission rules look at. */
export type ContractFacts = {
  status: ContractStatus;
  /** the side that proposed the open change order, or null when none is open */
  openChangeBy: ContractSide | null;
  /** the side that proposed the open termination, or null when none is open */
  openTerminationBy: ContractSide | null;
};

/** Why an action is refused. */
export type ContractRuleError = 'forbidden' | 'invalid_transition' | 'change_order_open' | 'no_open_change_order' | 'termination_open' | 'no_open_termination';

// each viewer action: the step or activity of the machine it is, and what it needs of the open proposals
const ACTION_MOVES: Record<ContractViewerAction, { move: ContractMove; needs?: 'change' | 'termination'; refusesOpen?: 'change' | 'termination'; proposer?: 'own' | 'other' }> = {
  propose_terms: { move: 'propose_terms' },
  request_changes: { move: 'request_changes' },
  accept_terms: { move: 'accept_terms' },
  propose_change: { move: 'propose_change', refusesOpen: 'change' },
  accept_change: { move: 'answer_change', needs: 'change', proposer: 'other' },
  decline_change: { move: 'answer_change', needs: 'change', proposer: 'other' },
  withdraw_change: { move: 'withdraw_change', needs: 'change', proposer: 'own' },
  propose_termination: { move: 'propose_termination', refusesOpen: 'termination' },
  accept_termination: { move: 'accept_termination', needs: 'termination', proposer: 'other' },
  decline_termination: { move: 'decline_termination', needs: 'termination', proposer: 'other' },
  withdraw_termination: { move: 'withdraw_termination', needs: 'termination', proposer: 'own' },
  terminate: { move: 'terminate' },
};

const rolesOf = (move: ContractMove): readonly ContractRole[] =>
  move in CONTRACT_STEPS ? CONTRACT_STEPS[move as keyof typeof CONTRACT_STEPS].by : CONTRACT_ACTIVITIES[move as keyof typeof CONTRACT_ACTIVITIES].by;

/** Whether `role` may take `action` on the contract now, and if not, why. */
export function checkContractAction(c: ContractFacts, role: ContractSide | 'secretariat', action: ContractViewerAction): Result<true, ContractRuleError> {
  const rule = ACTION_MOVES[action];
  if (!rolesOf(rule.move).includes(role)) return fail('forbidden');
  if (!contractStatusesFor(rule.move).includes(c.status)) return fail('invalid_transition');
  const open = (k: 'change' | 'termination') => (k === 'change' ? c.openChangeBy : c.openTerminationBy);
  if (rule.refusesOpen && open(rule.refusesOpen) !== null) return fail(rule.refusesOpen === 'change' ? 'change_order_open' : 'termination_open');
  if (rule.needs) {
    const by = open(rule.needs);
    if (by === null) return fail(rule.needs === 'change' ? 'no_open_change_order' : 'no_open_termination');
    if ((rule.proposer === 'own') !== (by === role)) return fail('forbidden');
  }
  return ok(true);
}

/** Everything `role` may do with the contract now (the web shows these buttons, the API allows these requests). */
export function contractActions(c: ContractFacts, role: ContractSide | 'secretariat'): ContractViewerAction[] {
  return CONTRACT_VIEWER_ACTIONS.filter((a) => checkContractAction(c, role, a).ok);
}
