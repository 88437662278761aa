import type { CapabilityProfile } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { capErrors, capFormFrom, capFormRead, capFormToProfile, splitTools } from './capability-form.ts';

const profile: CapabilityProfile = {
  modalities: ['image', 'point_cloud'],
  taskTypes: ['bbox', 'cuboid_3d'],
  headcount: 120,
  dailyCapacity: { bbox: 20000 },
  certifications: [{ name: 'iso27001', expiresOn: '2028-06-30' }],
  secureRoom: true,
  tools: ['cvat', '自研质检系统'],
  yearsActive: 4,
  revenueBand: '5m_20m',
  aboveDesignatedSize: true,
};

describe('capability editor', () => {
  it('turns a saved profile into the editor and back unchanged', () => {
    const form = capFormFrom(profile);
    expect(capErrors(form, '2026-06-01')).toEqual({});
    expect(capFormToProfile(form)).toEqual(profile);
  });

  it('reads a submitted form; capacity of task types not offered is dropped', () => {
    const data = new FormData();
    for (const [k, v] of [
      ['modalities', 'text'], ['taskTypes', 'ner'], ['cap_ner', '5000'], ['cap_bbox', '900'], ['headcount', '30'], ['yearsActive', '2'],
      ['revenueBand', 'lt1m'], ['secureRoom', 'no'], ['certs', 'dcmm'], ['certExp_dcmm', '2027-01-31'], ['tools', 'doccano'], ['otherTools', '标注宝，  QA-Kit'],
    ]) data.append(k!, v!);
    const form = capFormRead(data);
    expect(capErrors(form, '2026-06-01')).toEqual({});
    expect(capFormToProfile(form)).toEqual({
      modalities: ['text'], taskTypes: ['ner'], headcount: 30, dailyCapacity: { ner: 5000 },
      certifications: [{ name: 'dcmm', expiresOn: '2027-01-31' }], secureRoom: false, tools: ['doccano', '标注宝', 'QA-Kit'],
      yearsActive: 2, revenueBand: 'lt1m', aboveDesignatedSize: false,
    });
  });

  it('reports missing choices, bad numbers and expired certificates by control name', () => {
    const form = { ...capFormFrom(null), headcount: '12.5', yearsActive: '', certs: ['iso9001'], certExp: { iso9001: '2020-01-01' } };
    form.taskTypes = ['ocr'];
    form.capacity = { ocr: '-3' };
    expect(capErrors(form, '2026-06-01')).toEqual({
      modalities: m.v_pick_one(),
      headcount: m.v_integer(),
      yearsActive: m.v_required(),
      revenueBand: m.v_select(),
      cap_ocr: m.v_at_least({ min: 0 }),
      certExp_iso9001: m.v_cert_expired(),
    });
  });

  it('splits tools on Chinese and English separators', () => {
    expect(splitTools('CVAT、 Label Studio，doccano; ')).toEqual(['CVAT', 'Label Studio', 'doccano']);
  });
});
