import { m } from '#lib/paraglide/messages.js';
import { type OrgDecision, reasonError } from '#lib/org-decision.ts';

export type DecideField = 'tier' | 'joinedOn' | 'reason';

/** What the secretariat must give for a decision: a tier and a join date not after today to approve, a reason to reject or suspend. */
export function decideErrors(decision: OrgDecision, v: Record<DecideField, string>, today: string): Partial<Record<DecideField, string>> {
  const e: Partial<Record<DecideField, string>> = {};
  if (decision === 'approve') {
    if (v.tier !== 'council' && v.tier !== 'member') e.tier = m.v_required();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.joinedOn) || Number.isNaN(Date.parse(v.joinedOn))) e.joinedOn = m.v_date();
    else if (v.joinedOn > today) e.joinedOn = m.ib_err_in_future();
  }
  const reason = reasonError(decision, v.reason);
  if (reason) e.reason = reason;
  return e;
}
