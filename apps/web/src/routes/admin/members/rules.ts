import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';

export const DECISIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type Decision = (typeof DECISIONS)[number];
export type DecideField = 'tier' | 'joinedOn' | 'reason';

/** What the secretariat must give for a decision: a tier and a join date not after today to approve, a reason to reject or suspend. */
export function decideErrors(decision: Decision, v: Record<DecideField, string>, today: string): Partial<Record<DecideField, string>> {
  const e: Partial<Record<DecideField, string>> = {};
  if (decision === 'approve') {
    if (v.tier !== 'council' && v.tier !== 'member') e.tier = m.v_required();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.joinedOn) || Number.isNaN(Date.parse(v.joinedOn))) e.joinedOn = m.v_date();
    else if (v.joinedOn > today) e.joinedOn = m.ib_err_in_future();
  }
  if (decision === 'reject' || decision === 'suspend') {
    const error = reasonRule({ required: true, max: 500 })(v.reason);
    if (error) e.reason = error;
  }
  return e;
}
