import { type Milestone, type TermsProblem, checkMilestonePlan, formatFen, parseYuan, suggestMilestones } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { fenToYuanInput, fromBeijingInput, toBeijingInput } from '#lib/i18n.ts';

/** One milestone as typed in the plan form: the due time as a Beijing datetime-local value, the share in yuan. */
export type MilestoneRow = { title: string; quantity: string; due: string; amount: string };
export type MilestoneField = keyof MilestoneRow;

/** The form's field names of a row's cells: repeated once per row, read back in order. */
export const MILESTONE_INPUTS: Record<MilestoneField, string> = { title: 'msTitle', quantity: 'msQuantity', due: 'msDue', amount: 'msAmount' };

/** What the plan is measured against: the contract's price, volume and delivery deadline. */
export type PlanTerms = { priceFen: number; quantity: number; deliveryDeadline: string };

export const emptyMilestoneRow = (): MilestoneRow => ({ title: '', quantity: '', due: '', amount: '' });

/** The rows of a submitted plan form, in order; rows left entirely blank are dropped. */
export function readMilestoneRows(data: FormData): MilestoneRow[] {
  const col = (f: MilestoneField) => data.getAll(MILESTONE_INPUTS[f]).map((x) => (typeof x === 'string' ? x : ''));
  const [titles, quantities, dues, amounts] = [col('title'), col('quantity'), col('due'), col('amount')];
  const n = Math.max(titles.length, quantities.length, dues.length, amounts.length);
  return Array.from({ length: n }, (_, i) => ({ title: titles[i] ?? '', quantity: quantities[i] ?? '', due: dues[i] ?? '', amount: amounts[i] ?? '' }))
    .filter((r) => r.title.trim() || r.quantity.trim() || r.due.trim() || r.amount.trim());
}

const wholeCount = (s: string): number | null => (/^\d{1,12}$/.test(s.trim()) && Number(s.trim()) > 0 ? Number(s.trim()) : null);

/**
 * What is left to divide: the price minus the shares typed so far (in fen) and the volume minus the quantities.
 * A cell that is not a number yet counts as nothing, so the remainder moves as the buyer types.
 */
export function planRemainder(rows: readonly MilestoneRow[], terms: Pick<PlanTerms, 'priceFen' | 'quantity'>): { fen: number; quantity: number } {
  let fen = terms.priceFen;
  let quantity = terms.quantity;
  for (const r of rows) {
    fen -= parseYuan(r.amount) ?? 0;
    quantity -= wholeCount(r.quantity) ?? 0;
  }
  return { fen, quantity };
}

/** The remainder in words: "还剩 ¥12.00 未分配" / "超出 ¥3.00" / "已分配完毕". */
export function remainderText(fen: number): string {
  if (fen === 0) return m.ms_remainder_zero();
  return fen > 0 ? m.ms_remainder_left({ amount: formatFen(fen) }) : m.ms_remainder_over({ amount: formatFen(-fen) });
}

/** An even plan of `count` rows (the domain's split: remainders on the last one), due dates spread to the deadline. */
export function evenRows(terms: PlanTerms, count: number, now: Date): MilestoneRow[] | null {
  const plan = suggestMilestones({
    priceFen: terms.priceFen, quantity: terms.quantity, count, from: now, deliveryDeadline: new Date(terms.deliveryDeadline),
    title: (seq) => m.ms_default_title({ seq }),
  });
  if (!plan) return null;
  // spread evenly the times fall on odd seconds; a whole hour reads better (a minute when the hour is already past)
  const tidy = (iso: string): string => {
    const t = Date.parse(iso);
    const hour = Math.floor(t / 3_600_000) * 3_600_000;
    return new Date(hour > now.getTime() ? hour : Math.floor(t / 60_000) * 60_000).toISOString();
  };
  return plan.map((ms, i) => rowOf(i === plan.length - 1 ? ms : { ...ms, dueAt: tidy(ms.dueAt) }));
}

/** A milestone of the terms as a row of the form. */
export function rowOf(ms: Milestone): MilestoneRow {
  return { title: ms.title, quantity: String(ms.quantity), due: toBeijingInput(ms.dueAt), amount: fenToYuanInput(ms.amountFen) };
}

export type RowErrors = Partial<Record<MilestoneField, string>>;

const TERMS_MESSAGE: Record<TermsProblem['error'], () => string> = {
  milestones_missing: () => m.ms_e_missing(),
  too_many_milestones: () => m.ms_e_too_many(),
  seq_invalid: () => m.err_validation_failed(),
  title_missing: () => m.v_required(),
  quantity_invalid: () => m.ms_e_quantity(),
  amount_invalid: () => m.ms_e_amount(),
  quantity_sum: () => m.ms_e_quantity_sum(),
  amount_sum: () => m.ms_e_amount_sum(),
  due_invalid: () => m.ms_e_due(),
  due_after_deadline: () => m.ms_e_due_after_deadline(),
  due_in_past: () => m.ms_e_due_in_past(),
  price_invalid: () => m.err_validation_failed(),
  volume_invalid: () => m.err_validation_failed(),
  deadline_invalid: () => m.err_validation_failed(),
  payment_terms_invalid: () => m.ms_e_payment_terms(),
  milestone_frozen: () => m.ms_e_frozen(),
  milestones_required: () => m.ms_e_missing(),
  no_changes: () => m.co_e_no_changes(),
};

/** A problem of the terms rules in words. */
export const termsProblemText = (p: TermsProblem): string => TERMS_MESSAGE[p.error]();

/**
 * Checks the typed plan by the contract's rules (the domain's, which the API applies again) and gives the milestones
 * to send, or the problems per row and for the whole plan (sums, count) in the reader's language.
 */
export function checkRows(
  rows: readonly MilestoneRow[], terms: PlanTerms, now: Date, before?: readonly Milestone[],
): { milestones: Milestone[] | null; rowErrors: RowErrors[]; planErrors: string[] } {
  const rowErrors: RowErrors[] = rows.map(() => ({}));
  const milestones: Milestone[] = rows.map((r, i) => {
    const quantity = wholeCount(r.quantity);
    const amountFen = parseYuan(r.amount);
    const dueAt = fromBeijingInput(r.due);
    if (quantity === null) rowErrors[i]!.quantity = r.quantity.trim() ? m.ms_e_quantity() : m.v_required();
    if (amountFen === null) rowErrors[i]!.amount = r.amount.trim() ? m.ms_e_amount() : m.v_required();
    if (dueAt === null) rowErrors[i]!.due = r.due.trim() ? m.ms_e_due() : m.v_required();
    return { seq: i + 1, title: r.title.trim(), quantity: quantity ?? 0, dueAt: dueAt ?? '', amountFen: amountFen ?? 0 };
  });
  const planErrors: string[] = [];
  for (const p of checkMilestonePlan(milestones, terms, { now, ...(before ? { before } : {}) })) {
    const at = /^milestones\.(\d+)\.(\w+)$/.exec(p.path);
    if (at) {
      const field = ({ title: 'title', quantity: 'quantity', dueAt: 'due', amountFen: 'amount' } as const)[at[2] as 'title'];
      const errs = rowErrors[Number(at[1])];
      if (errs && field && !errs[field]) errs[field] = termsProblemText(p);
    } else if (!planErrors.includes(termsProblemText(p))) planErrors.push(termsProblemText(p));
  }
  const ok = planErrors.length === 0 && rowErrors.every((e) => Object.keys(e).length === 0);
  return { milestones: ok ? milestones : null, rowErrors, planErrors };
}
