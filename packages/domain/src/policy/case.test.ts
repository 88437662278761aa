import { describe, expect, it } from 'vitest';
import type { Viewer } from '../visibility.ts';
import {
  CASE_STATUSES, CASE_VIEWER_ACTIONS, type CaseAction, type CaseRole, type CaseStatus, type CaseViewerAction, allowedCaseActions,
  applyCaseAction, stampOf,
} from './case.ts';
import { type MaterialAction, type MaterialState, type MaterialStatus, applyMaterialAction, checklistProgress } from './materials.ts';

const FIRM = '00000000-0000-4000-8000-00000000000a';
const accepted: MaterialState[] = [
  { materialId: 'm1', required: true, status: 'accepted' },
  { materialId: 'm2', required: false, status: 'missing' },
];
const pending: MaterialState[] = [
  { materialId: 'm1', required: true, status: 'needs_correction' },
  { materialId: 'm2', required: false, status: 'accepted' },
];

describe('applyCaseAction', () => {
  const cases: [string, CaseStatus, CaseAction, CaseRole, MaterialState[], CaseStatus | string][] = [
    ['the secretariat accepts a new case', 'submitted', { type: 'accept' }, 'secretariat', [], 'accepted'],
    ['the firm cannot accept its own case', 'submitted', { type: 'accept' }, 'firm', [], 'forbidden'],
    ['accepting twice', 'accepted', { type: 'accept' }, 'secretariat', [], 'invalid_transition'],
    ['asking for materials after acceptance', 'accepted', { type: 'request_materials' }, 'secretariat', [], 'collecting_materials'],
    ['asking for materials before acceptance', 'submitted', { type: 'request_materials' }, 'secretariat', [], 'invalid_transition'],
    ['filing with every required material accepted (optional ones missing)', 'collecting_materials', { type: 'file' }, 'secretariat', accepted, 'filed'],
    ['filing straight after acceptance', 'accepted', { type: 'file' }, 'secretariat', accepted, 'filed'],
    ['filing while a required material needs correction', 'collecting_materials', { type: 'file' }, 'secretariat', pending, 'materials_incomplete'],
    ['filing before acceptance', 'submitted', { type: 'file' }, 'secretariat', accepted, 'invalid_transition'],
    ['approval of a filed case', 'filed', { type: 'approve' }, 'secretariat', accepted, 'approved'],
    ['approval before filing', 'collecting_materials', { type: 'approve' }, 'secretariat', accepted, 'invalid_transition'],
    ['rejection with a reason', 'filed', { type: 'reject', reason: '主管部门未予通过' }, 'secretariat', [], 'rejected'],
    ['rejection of a new case (declined)', 'submitted', { type: 'reject', reason: '不属于代办范围' }, 'secretariat', [], 'rejected'],
    ['rejection without a reason', 'filed', { type: 'reject', reason: '  ' }, 'secretariat', [], 'reason_required'],
    ['rejection after approval', 'approved', { type: 'reject', reason: 'x' }, 'secretariat', [], 'invalid_transition'],
    ['closing an approved case', 'approved', { type: 'close' }, 'secretariat', [], 'closed'],
    ['closing a rejected case', 'rejected', { type: 'close' }, 'secretariat', [], 'closed'],
    ['closing a case still worked', 'filed', { type: 'close' }, 'secretariat', [], 'invalid_transition'],
    ['the firm closes', 'approved', { type: 'close' }, 'firm', [], 'forbidden'],
    ['the firm withdraws a new case', 'submitted', { type: 'withdraw' }, 'firm', [], 'withdrawn'],
    ['the firm withdraws while materials are collected', 'collecting_materials', { type: 'withdraw', reason: '暂不申请' }, 'firm', [], 'withdrawn'],
    ['the firm withdraws once filed', 'filed', { type: 'withdraw' }, 'firm', [], 'invalid_transition'],
    ['the secretariat withdraws for the firm', 'submitted', { type: 'withdraw' }, 'secretariat', [], 'forbidden'],
    ['anything after closing', 'closed', { type: 'accept' }, 'secretariat', [], 'invalid_transition'],
    ['anything after withdrawal', 'withdrawn', { type: 'accept' }, 'secretariat', [], 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, status, action, role, materials, expected) => {
    const r = applyCaseAction({ status, orgId: FIRM }, action, role, materials);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });

  it('stamps the time of acceptance, filing, the outcome and closing', () => {
    expect(['accepted', 'filed', 'approved', 'rejected', 'withdrawn', 'closed', 'collecting_materials'].map((s) => stampOf(s as CaseStatus))).toEqual([
      'acceptedAt', 'filedAt', 'decidedAt', 'decidedAt', 'decidedAt', 'closedAt', null,
    ]);
  });
});

describe('allowedCaseActions', () => {
  const firm: Viewer = { kind: 'vendor', orgId: FIRM };
  const otherFirm: Viewer = { kind: 'vendor', orgId: '00000000-0000-4000-8000-00000000000b' };
  const buyerFirm: Viewer = { kind: 'buyer', orgId: FIRM };
  const secretariat: Viewer = { kind: 'secretariat' };
  const allowed = (status: CaseStatus, v: Viewer, materials: MaterialState[] = accepted) =>
    CASE_VIEWER_ACTIONS.filter((a) => allowedCaseActions({ status, orgId: FIRM }, v, materials)[a]);

  const cases: [string, CaseStatus, Viewer, MaterialState[], CaseViewerAction[]][] = [
    ['the firm, just opened', 'submitted', firm, accepted, ['withdraw', 'upload', 'message']],
    ['the secretariat, just opened', 'submitted', secretariat, accepted, ['accept', 'reject', 'message']],
    ['the secretariat, materials complete', 'collecting_materials', secretariat, accepted, ['file', 'reject', 'reviewMaterial', 'message']],
    ['the secretariat, a correction outstanding', 'collecting_materials', secretariat, pending, ['reject', 'reviewMaterial', 'message']],
    ['the secretariat, accepted', 'accepted', secretariat, pending, ['requestMaterials', 'reject', 'reviewMaterial', 'message']],
    ['the firm, collecting materials', 'collecting_materials', firm, pending, ['withdraw', 'upload', 'message']],
    ['the firm, filed', 'filed', firm, accepted, ['message']],
    ['the secretariat, filed', 'filed', secretariat, accepted, ['approve', 'reject', 'message']],
    ['the secretariat, approved', 'approved', secretariat, accepted, ['close', 'message']],
    ['the firm, closed', 'closed', firm, accepted, []],
    ['the firm (a buyer organisation), submitted', 'submitted', buyerFirm, accepted, ['withdraw', 'upload', 'message']],
    ['another firm', 'submitted', otherFirm, accepted, []],
    ['the public', 'submitted', { kind: 'public' }, accepted, []],
  ];
  it.each(cases)('%s', (_, status, viewer, materials, expected) => {
    expect(allowed(status, viewer, materials)).toEqual(expected);
  });

  it('offers nobody anything in a withdrawn case', () => {
    for (const v of [firm, secretariat]) expect(allowed('withdrawn', v)).toEqual([]);
  });

  it('knows every status', () => {
    for (const s of CASE_STATUSES) expect(() => allowedCaseActions({ status: s, orgId: FIRM }, secretariat, [])).not.toThrow();
  });
});

describe('applyMaterialAction', () => {
  const cases: [string, MaterialStatus, MaterialAction, MaterialStatus | string][] = [
    ['first upload', 'missing', { type: 'upload' }, 'submitted'],
    ['a second file before review replaces the first', 'submitted', { type: 'upload' }, 'submitted'],
    ['uploading again after a correction request', 'needs_correction', { type: 'upload' }, 'submitted'],
    ['replacing an accepted material', 'accepted', { type: 'upload' }, 'invalid_transition'],
    ['accepting what was handed in', 'submitted', { type: 'accept' }, 'accepted'],
    ['accepting nothing', 'missing', { type: 'accept' }, 'invalid_transition'],
    ['accepting what needs correction', 'needs_correction', { type: 'accept' }, 'invalid_transition'],
    ['asking for a correction', 'submitted', { type: 'request_correction', reason: '营业执照复印件需加盖公章' }, 'needs_correction'],
    ['sending back an accepted material', 'accepted', { type: 'request_correction', reason: '年度报表口径有误' }, 'needs_correction'],
    ['a correction without a reason', 'submitted', { type: 'request_correction', reason: ' ' }, 'reason_required'],
    ['a correction of nothing', 'missing', { type: 'request_correction', reason: 'x' }, 'invalid_transition'],
  ];
  it.each(cases)('%s', (_, status, action, expected) => {
    const r = applyMaterialAction(status, action);
    expect(r.ok ? r.value : r.error).toBe(expected);
  });

  it('counts the checklist and says whether the case may be filed', () => {
    expect(checklistProgress(pending)).toEqual({ missing: 0, submitted: 0, accepted: 1, needs_correction: 1, readyToFile: false });
    expect(checklistProgress(accepted)).toEqual({ missing: 1, submitted: 0, accepted: 1, needs_correction: 0, readyToFile: true });
    expect(checklistProgress([]).readyToFile).toBe(true);
  });
});
