import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';

export const DECISIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type Decision = (typeof DECISIONS)[number];
export type DecideField = 'verifiedUntil' | 'reason';

/** What the secretariat must give for a decision: a future end date to approve, a reason to reject or suspend. */
export function decideErrors(decision: Decision, v: Record<DecideField, string>, today: string): Partial<Record<DecideField, string>> {
  const e: Partial<Record<DecideField, string>> = {};
  if (decision === 'approve') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.verifiedUntil) || Number.isNaN(Date.parse(v.verifiedUntil))) e.verifiedUntil = m.v_date();
    else if (v.verifiedUntil <= today) e.verifiedUntil = m.v_date_future();
  }
  if (decision === 'reject' || decision === 'suspend') {
    const error = reasonRule({ required: true, max: 500 })(v.reason);
    if (error) e.reason = error;
  }
  return e;
}
