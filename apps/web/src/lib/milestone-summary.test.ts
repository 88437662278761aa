import type { MilestoneImplementation } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { contractTodo, summarise } from '#lib/milestone-summary.ts';

const none = {
  deliver: false, uploadFile: false, startInspection: false, recordErrors: false, accept: false, reject: false, dispute: false, decideDispute: false,
  invoice: false, pay: false, confirm: false, disputePayment: false, decidePaymentDispute: false,
};
const impl = (status: MilestoneImplementation['state']['status'], permissions: Partial<typeof none>, payment: Partial<NonNullable<MilestoneImplementation['payment']>> | null = null) =>
  ({
    orderId: 'o', milestoneId: `m-${status}`, state: { status, attempts: 1, reworks: 0, accepted: false }, reviewWorkingDays: 5, deliveries: [], pendingFiles: [],
    payment: payment ? { status: 'unpaid', dueOn: '2027-01-31', overdue: false, ...payment } : null,
    permissions: { ...none, ...permissions },
  }) as unknown as MilestoneImplementation;

describe('the milestone and contract summaries of the lists', () => {
  it('counts a step the viewer owes, but not a dispute it may always raise', () => {
    expect(summarise(impl('under_inspection', { recordErrors: true, accept: true, reject: true })).yourTurn).toBe(true);
    expect(summarise(impl('accepted', { disputePayment: true }, { status: 'invoiced' })).yourTurn).toBe(false);
    expect(summarise(impl('accepted', { pay: true }, { status: 'invoiced', overdue: true }))).toMatchObject({ yourTurn: true, overdue: true, payment: 'invoiced', dueOn: '2027-01-31' });
  });

  it("names the contract's open steps and its progress", () => {
    const s = [
      summarise(impl('accepted', {}, { status: 'confirmed' })),
      summarise(impl('auto_accepted', { pay: true }, { status: 'invoiced', overdue: true })),
      summarise(impl('rejected', { dispute: true })),
    ];
    expect(contractTodo(['accept_change', 'propose_termination'], s, 4)).toEqual({
      todos: ['change'], milestonesYourTurn: 1, overdue: 1, accepted: 2, paid: 1, total: 4,
    });
    expect(contractTodo(['propose_terms'], [], 0).todos).toEqual(['terms']);
  });
});
