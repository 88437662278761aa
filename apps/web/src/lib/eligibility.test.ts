import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { askFailureMessage, blocksQuestions, eligibilityNotice } from './eligibility.ts';

describe('eligibilityNotice', () => {
  it('is there only for an open order the caller may not bid on', () => {
    expect(eligibilityNotice({ status: 'open', ineligible: [] })).toBeNull();
    expect(eligibilityNotice({ status: 'evaluation', ineligible: [{ code: 'not_verified' }] })).toBeNull();
  });

  it('tells an unverified firm to await or renew verification, and keeps it from asking too', () => {
    const n = eligibilityNotice({ status: 'open', ineligible: [{ code: 'not_verified' }] });
    expect(n).toEqual({ kind: 'not_verified', reasons: [m.inel_not_verified()], todo: m.elig_todo_not_verified() });
    expect(blocksQuestions(n)).toBe(true);
  });

  it('names a suspension before anything else', () => {
    const n = eligibilityNotice({ status: 'open', ineligible: [{ code: 'no_secure_room' }, { code: 'suspended' }] });
    expect(n?.kind).toBe('suspended');
    expect(n?.reasons).toEqual([m.inel_no_secure_room(), m.inel_suspended()]);
  });

  it("lists an order's requirements a verified firm lacks; it may still ask", () => {
    const n = eligibilityNotice({ status: 'open', ineligible: [{ code: 'headcount_below_minimum', required: 50, actual: 8 }] });
    expect(n?.kind).toBe('requirements');
    expect(n?.todo).toBe(m.elig_todo_requirements());
    expect(blocksQuestions(n)).toBe(false);
  });
});

describe('askFailureMessage', () => {
  it('speaks of questions, not of bidding, when the vendor may not ask', () => {
    expect(askFailureMessage({ code: 'not_eligible' }, null)).toBe(m.err_ask_not_eligible());
    expect(askFailureMessage({ code: 'not_eligible' }, null)).not.toBe(m.err_not_eligible());
    expect(askFailureMessage({ code: 'questions_closed' }, null)).toBe(m.err_questions_closed());
  });
});
