import { describe, expect, it } from 'vitest';
import { type Verification, type VerificationAction, applyVerification, isVendorActive } from './organisation.ts';

const now = new Date('2026-06-01T00:00:00Z');
const later = new Date('2027-06-01T00:00:00Z');
const at = (status: Verification['status'], verifiedUntil: Date | null = null): Verification => ({
  status, verifiedUntil, reason: null,
});

describe('applyVerification', () => {
  const cases: [Verification, VerificationAction, Verification | string][] = [
    [at('pending'), { type: 'approve', verifiedUntil: later }, at('verified', later)],
    [at('pending'), { type: 'approve', verifiedUntil: now }, 'verified_until_in_past'],
    [at('pending'), { type: 'reject', reason: ' 营业执照模糊 ' }, { status: 'rejected', verifiedUntil: null, reason: '营业执照模糊' }],
    [at('pending'), { type: 'reject', reason: '  ' }, 'reason_required'],
    [at('pending'), { type: 'suspend', reason: 'x' }, 'invalid_transition'],
    [at('verified', later), { type: 'suspend', reason: '投诉核实' }, { status: 'suspended', verifiedUntil: later, reason: '投诉核实' }],
    [at('verified', later), { type: 'approve', verifiedUntil: later }, 'invalid_transition'],
    [at('suspended', later), { type: 'reinstate' }, at('verified', later)],
    [at('rejected'), { type: 'reapply' }, at('pending')],
    [at('verified', later), { type: 'reapply' }, 'invalid_transition'],
    [at('rejected'), { type: 'approve', verifiedUntil: later }, 'invalid_transition'],
  ];
  it.each(cases)('%o + %o → %o', (from, action, expected) => {
    const result = applyVerification(from, action, now);
    if (typeof expected === 'string') expect(result).toEqual({ ok: false, error: expected });
    else expect(result).toEqual({ ok: true, value: expected });
  });
});

describe('isVendorActive', () => {
  it('needs verified status and an unexpired period', () => {
    expect(isVendorActive(at('verified', later), now)).toBe(true);
    expect(isVendorActive(at('verified', now), now)).toBe(false);
    expect(isVendorActive(at('suspended', later), now)).toBe(false);
  });
});
