import type { ContractImplementation } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { contractTodo, summarise } from '#lib/milestone-summary.ts';

type State = ContractImplementation['milestones'][number];
const now = new Date('2027-01-10T00:00:00Z');
const ms = (status: State['status'], payment: Partial<NonNullable<State['payment']>> | null = null, reviewEndsAt = '2027-01-12T16:00:00Z'): State => ({
  milestoneId: `m-${status}`, seq: 1, title: 'A', quantity: 10, amountFen: 100, dueAt: '2027-01-31T09:00:00Z', cancelled: false, status,
  attempts: status === 'awaiting_delivery' ? 0 : 1, reworks: 0, accepted: status === 'accepted' || status === 'auto_accepted',
  reviewEndsAt: status === 'awaiting_delivery' ? null : reviewEndsAt,
  payment: payment ? { status: 'unpaid', dueOn: '2027-02-10', paidOn: null, overdue: false, ...payment } : null,
});

describe('the milestone and contract summaries of the lists', () => {
  it("asks the domain whose turn it is: the vendor delivers and invoices, the buyer inspects and pays, the secretariat rules", () => {
    expect(summarise(ms('awaiting_delivery'), 'vendor', now).yourTurn).toBe(true);
    expect(summarise(ms('awaiting_delivery'), 'buyer', now).yourTurn).toBe(false);
    expect(summarise(ms('delivered'), 'buyer', now).yourTurn).toBe(true);
    // the review window is over: the batch waits for the automatic acceptance, not for the buyer
    expect(summarise(ms('delivered', null, '2027-01-09T16:00:00Z'), 'buyer', now).yourTurn).toBe(false);
    expect(summarise(ms('rejected'), 'vendor', now).yourTurn).toBe(true);
    expect(summarise(ms('disputed'), 'secretariat', now).yourTurn).toBe(true);
    expect(summarise(ms('accepted', { status: 'unpaid' }), 'vendor', now).yourTurn).toBe(true);
    expect(summarise(ms('accepted', { status: 'invoiced', overdue: true }), 'buyer', now)).toMatchObject({ yourTurn: true, overdue: true, payment: 'invoiced', dueOn: '2027-02-10' });
    // a party may always dispute a payment, but it owes nothing while the other side acts
    expect(summarise(ms('accepted', { status: 'invoiced' }), 'vendor', now).yourTurn).toBe(false);
  });

  it("names the contract's open steps and its progress", () => {
    const s = [
      summarise(ms('accepted', { status: 'confirmed' }), 'buyer', now),
      summarise(ms('auto_accepted', { status: 'invoiced', overdue: true }), 'buyer', now),
      summarise(ms('rejected'), 'buyer', now),
    ];
    expect(contractTodo(['accept_change', 'propose_termination'], s, 4)).toEqual({
      todos: ['change'], milestonesYourTurn: 1, overdue: 1, accepted: 2, paid: 1, total: 4,
    });
    expect(contractTodo(['propose_terms'], [], 0).todos).toEqual(['terms']);
  });
});
