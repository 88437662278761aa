import type { Order, Problem } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { ineligibleReasons } from '#lib/market-text.ts';

/** Why a vendor may not take part in an open order: its standing in the market, or this order's requirements. */
export type EligibilityKind = 'not_verified' | 'suspended' | 'requirements';

/** What the order page tells a vendor that may not bid, before it fills in a form: why, in its language, and what to do. */
export type EligibilityNotice = { kind: EligibilityKind; reasons: string[]; todo: string };

/** The notice for the caller of an open order it may not bid on (from the API's `ineligible`), or null. */
export function eligibilityNotice(order: Pick<Order, 'status' | 'ineligible'>): EligibilityNotice | null {
  if (order.status !== 'open' || order.ineligible.length === 0) return null;
  const codes = order.ineligible.map((r) => r.code);
  const kind: EligibilityKind = codes.includes('suspended') ? 'suspended' : codes.includes('not_verified') ? 'not_verified' : 'requirements';
  const todo = kind === 'suspended' ? m.elig_todo_suspended() : kind === 'not_verified' ? m.elig_todo_not_verified() : m.elig_todo_requirements();
  return { kind, reasons: ineligibleReasons(order.ineligible), todo };
}

/** Whether the notice keeps the vendor from asking questions too (verification and suspension do; an order's requirements do not). */
export const blocksQuestions = (n: EligibilityNotice | null): boolean => n !== null && n.kind !== 'requirements';

/** The message for a question the API refused: a vendor not allowed to ask hears why in terms of questions, not of bidding. */
export function askFailureMessage(problem: Pick<Problem, 'code'>, retryAfterSeconds: number | null): string {
  return problem.code === 'not_eligible' ? m.err_ask_not_eligible() : problemMessage(problem, retryAfterSeconds);
}
