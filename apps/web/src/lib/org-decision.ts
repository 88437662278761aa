import { m } from '#lib/paraglide/messages.js';
import { reasonRule } from '#lib/validation.ts';

// The secretariat's decisions on an organisation in its review queues — a vendor's verification (/admin/vendors) and
// an alliance membership (/admin/members): approve, reject or suspend with a reason, reinstate.

export const ORG_DECISIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type OrgDecision = (typeof ORG_DECISIONS)[number];

export const isOrgDecision = (s: unknown): s is OrgDecision => (ORG_DECISIONS as readonly unknown[]).includes(s);

const REASON_MAX = 500;
const needsReason = (d: OrgDecision) => d === 'reject' || d === 'suspend';

/** What is wrong with a decision's reason (required to reject or suspend), or null. */
export function reasonError(d: OrgDecision, reason: string): string | null {
  return needsReason(d) ? reasonRule({ required: true, max: REASON_MAX })(reason) : null;
}

/** The reason field of a decision's dialog (to reject or suspend), with the queue's hint; null when it takes none. */
export function reasonField(d: OrgDecision, hint: string) {
  return needsReason(d)
    ? { name: 'reason', label: d === 'reject' ? m.f_reject_reason() : m.f_suspend_reason(), hint, required: true, max: REASON_MAX }
    : null;
}

/** The colour of a decision's button: approving and reinstating green, rejecting and suspending red. */
export const decisionTone = (d: OrgDecision) => (d === 'approve' || d === 'reinstate' ? 'success' : 'danger');
