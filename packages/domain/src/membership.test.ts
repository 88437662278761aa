import { describe, expect, it } from 'vitest';
import {
  type Membership, type MembershipAction, type MembershipRole, allowedMembershipActions, applicationAgeDays, applyMembership,
  formatMemberNo, isMemberKind, membershipStatusesFor,
} from './membership.ts';
import type { OrgKind } from './organisation.ts';

// 2026-06-01 02:00 in Shanghai is still 2026-05-31 18:00 UTC: "today" is the Shanghai date
const now = new Date('2026-05-31T18:00:00Z');
const at = (status: Membership['status'], over: Partial<Membership> = {}): Membership => ({
  status, tier: 'member', statement: '愿为本地标注人才培养出力', memberNo: status === 'member' || status === 'suspended' ? 7 : null,
  joinedOn: status === 'member' || status === 'suspended' ? '2025-03-01' : null, reason: null, ...over,
});
const apply: MembershipAction = { type: 'apply', tier: 'council', statement: '  申请成为理事单位  ' };
const applied: Membership = { status: 'applied', tier: 'council', statement: '申请成为理事单位', memberNo: null, joinedOn: null, reason: null };

describe('applyMembership', () => {
  const cases: [string, Membership | null, OrgKind, MembershipAction, MembershipRole, Membership | string][] = [
    ['a first application (statement trimmed)', null, 'vendor', apply, 'applicant', applied],
    ['an AI company applies', null, 'buyer', apply, 'applicant', applied],
    ['a training institution applies', null, 'training_institution', apply, 'applicant', applied],
    ['a base operator applies', null, 'base_operator', apply, 'applicant', applied],
    ['the secretariat does not join', null, 'secretariat', apply, 'applicant', 'not_member_kind'],
    ['the secretariat does not apply for others', null, 'vendor', apply, 'secretariat', 'forbidden'],
    ['no second application while one waits', applied, 'vendor', apply, 'applicant', 'invalid_transition'],
    ['a member does not apply again', at('member'), 'vendor', apply, 'applicant', 'invalid_transition'],
    ['a suspended member cannot apply its way back', at('suspended', { reason: '违规' }), 'vendor', apply, 'applicant', 'invalid_transition'],
    ['re-application after a rejection clears the reason', at('rejected', { reason: '材料不全' }), 'vendor', apply, 'applicant', applied],
    // approve: the tier the secretariat sets wins over the wish; the number comes from the repository's sequence
    ['approve as 会员单位 with today (Shanghai)', applied, 'vendor', { type: 'approve', tier: 'member', joinedOn: '2026-06-01' }, 'secretariat',
      { ...applied, status: 'member', tier: 'member', joinedOn: '2026-06-01' }],
    ['approve with a past join date', applied, 'buyer', { type: 'approve', tier: 'council', joinedOn: '2024-12-31' }, 'secretariat',
      { ...applied, status: 'member', joinedOn: '2024-12-31' }],
    ['a join date tomorrow (Shanghai)', applied, 'vendor', { type: 'approve', tier: 'member', joinedOn: '2026-06-02' }, 'secretariat', 'joined_on_in_future'],
    ['a join date that is no date', applied, 'vendor', { type: 'approve', tier: 'member', joinedOn: '2026-02-30' }, 'secretariat', 'joined_on_invalid'],
    ['the applicant cannot approve itself', applied, 'vendor', { type: 'approve', tier: 'member', joinedOn: '2026-06-01' }, 'applicant', 'forbidden'],
    ['approve twice', at('member'), 'vendor', { type: 'approve', tier: 'member', joinedOn: '2026-06-01' }, 'secretariat', 'invalid_transition'],
    ['reject with a reason', applied, 'vendor', { type: 'reject', reason: ' 未提供营业执照 ' }, 'secretariat',
      { ...applied, status: 'rejected', reason: '未提供营业执照' }],
    ['reject without one', applied, 'vendor', { type: 'reject', reason: '   ' }, 'secretariat', 'reason_required'],
    ['reject a member', at('member'), 'vendor', { type: 'reject', reason: 'x' }, 'secretariat', 'invalid_transition'],
    ['suspend a member keeps number and date', at('member'), 'vendor', { type: 'suspend', reason: '拖欠会费' }, 'secretariat',
      at('suspended', { reason: '拖欠会费' })],
    ['suspend without a reason', at('member'), 'vendor', { type: 'suspend', reason: '' }, 'secretariat', 'reason_required'],
    ['suspend an application', applied, 'vendor', { type: 'suspend', reason: 'x' }, 'secretariat', 'invalid_transition'],
    ['reinstate keeps number and date', at('suspended', { reason: '拖欠会费' }), 'vendor', { type: 'reinstate' }, 'secretariat', at('member')],
    ['reinstate a member', at('member'), 'vendor', { type: 'reinstate' }, 'secretariat', 'invalid_transition'],
    ['reinstate with no membership', null, 'vendor', { type: 'reinstate' }, 'secretariat', 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, from, kind, action, role, expected) => {
    const result = applyMembership(from, kind, action, role, now);
    if (typeof expected === 'string') expect(result).toEqual({ ok: false, error: expected });
    else expect(result).toEqual({ ok: true, value: expected });
  });
});

describe('allowedMembershipActions', () => {
  const none = { apply: false, approve: false, reject: false, suspend: false, reinstate: false };
  const cases: [string, Pick<Membership, 'status'> | null, OrgKind, MembershipRole | null, Partial<typeof none>][] = [
    ['an owner who never applied', null, 'vendor', 'applicant', { apply: true }],
    ['an owner rejected before', { status: 'rejected' }, 'buyer', 'applicant', { apply: true }],
    ['an owner waiting', { status: 'applied' }, 'vendor', 'applicant', {}],
    ['the secretariat on an application', { status: 'applied' }, 'training_institution', 'secretariat', { approve: true, reject: true }],
    ['the secretariat on a member', { status: 'member' }, 'base_operator', 'secretariat', { suspend: true }],
    ['the secretariat on a suspended member', { status: 'suspended' }, 'vendor', 'secretariat', { reinstate: true }],
    ['a member of staff who is not the owner', null, 'vendor', null, {}],
    ['the secretariat itself never applies', null, 'secretariat', 'applicant', {}],
  ];
  it.each(cases)('%s', (_, m, kind, role, expected) => {
    expect(allowedMembershipActions(m, kind, role)).toEqual({ ...none, ...expected });
  });
});

describe('membershipStatusesFor', () => {
  it('names the stored states a step starts from (no row is not one of them)', () => {
    expect(membershipStatusesFor('apply')).toEqual(['rejected']);
    expect(membershipStatusesFor('approve')).toEqual(['applied']);
    expect(membershipStatusesFor('reinstate')).toEqual(['suspended']);
  });
});

describe('formatMemberNo', () => {
  it.each([[1, 'LCDA-0001'], [42, 'LCDA-0042'], [9999, 'LCDA-9999'], [12345, 'LCDA-12345']])('%i → %s', (n, s) => {
    expect(formatMemberNo(n)).toBe(s);
  });
});

describe('isMemberKind', () => {
  it.each([['vendor', true], ['buyer', true], ['training_institution', true], ['base_operator', true], ['secretariat', false]] as const)(
    '%s → %s', (k, yes) => expect(isMemberKind(k)).toBe(yes),
  );
});

describe('applicationAgeDays', () => {
  const appliedAt = new Date('2026-05-01T09:00:00Z');
  it.each([
    ['the same hour', '2026-05-01T09:30:00Z', 0],
    ['23 h 59 min later', '2026-05-02T08:59:00Z', 0],
    ['a day later', '2026-05-02T09:00:00Z', 1],
    ['30 days later', '2026-05-31T10:00:00Z', 30],
    // a clock a little behind the database's never makes a negative age
    ['a second before', '2026-05-01T08:59:59Z', 0],
  ])('%s → %i', (_, t, days) => expect(applicationAgeDays(appliedAt, new Date(t))).toBe(days));
});
