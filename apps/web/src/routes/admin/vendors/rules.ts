import { m } from '#lib/paraglide/messages.js';
import { type OrgDecision, reasonError } from '#lib/org-decision.ts';

export type DecideField = 'verifiedUntil' | 'reason';

/** What the secretariat must give for a decision: a future end date to approve, a reason to reject or suspend. */
export function decideErrors(decision: OrgDecision, v: Record<DecideField, string>, today: string): Partial<Record<DecideField, string>> {
  const e: Partial<Record<DecideField, string>> = {};
  if (decision === 'approve') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.verifiedUntil) || Number.isNaN(Date.parse(v.verifiedUntil))) e.verifiedUntil = m.v_date();
    else if (v.verifiedUntil <= today) e.verifiedUntil = m.v_date_future();
  }
  const reason = reasonError(decision, v.reason);
  if (reason) e.reason = reason;
  return e;
}
