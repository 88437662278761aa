import { m } from '#lib/paraglide/messages.js';

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
    const r = v.reason.trim();
    if (r === '') e.reason = m.v_reason_required();
    else if (r.length < 2) e.reason = m.v_too_short({ min: 2 });
    else if (r.length > 500) e.reason = m.v_too_long({ max: 500 });
  }
  return e;
}
