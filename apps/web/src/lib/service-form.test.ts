import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { type ServiceDraft, draftOf, fieldsOf, readDraft } from './service-form.ts';

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

/** A service form as the browser posts it: an existing material, and a blank row under each list. */
const posted = (extra: [string, string][] = []) =>
  form([
    ['name', '升规纳统申报辅导'], ['category', 'above_size'], ['timeLimitDays', '10'], ['agencies', '市统计局\n\n 市大数据局 '], ['steps', '提交申请\n受理'],
    ['basis_documentNumber', '聊政办字〔2025〕19号'], ['basis_title', '若干措施'], ['basis_article', '第二条'], ['basis_excerpt', ''],
    ['basis_documentNumber', ''], ['basis_title', ''], ['basis_article', ''], ['basis_excerpt', ''],
    ['mat_id', 'm1'], ['mat_templateFileId', ''], ['mat_name', '营业执照'], ['mat_form', 'copy'], ['mat_copies', '1'], ['mat_required', 'yes'], ['mat_formats', 'PDF, .jpg'], ['mat_note', ''],
    ['mat_id', ''], ['mat_templateFileId', ''], ['mat_name', ''], ['mat_form', 'copy'], ['mat_copies', '1'], ['mat_required', 'yes'], ['mat_formats', ''], ['mat_note', ''],
    ['faq_question', ''], ['faq_answer', ''],
    ['cond_kind', 'vendor'], ['cond_aboveSize', 'no'], ['cond_headMin', '10'], ['cond_headMax', ''], ['cond_highTech', ''],
    ...extra,
  ]);

describe('the service form', () => {
  it('reads rows in order, drops the blank ones and builds the conditions that were set', () => {
    const { fields, errors } = fieldsOf(readDraft(posted()));
    expect(errors).toEqual({});
    expect(fields).toMatchObject({
      agencies: ['市统计局', '市大数据局'],
      steps: ['提交申请', '受理'],
      policyBasis: [{ documentNumber: '聊政办字〔2025〕19号', title: '若干措施', article: '第二条', excerpt: null }],
      materials: [{ id: 'm1', name: '营业执照', form: 'copy', copies: 1, required: true, formats: ['pdf', 'jpg'], templateFileId: null, note: null }],
      faq: [],
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, { type: 'headcount', min: 10 }, { type: 'above_designated_size', value: false }],
      timeLimitDays: 10,
    });
  });

  it('gives a new material the next free id, after the ones the service has', () => {
    const f = posted();
    // the blank material row filled in (its name is the 24th field posted)
    const entries = [...f.entries()].map(([k, v]) => [k, v] as [string, string]);
    entries[23] = ['mat_name', '财务报表'];
    const { fields } = fieldsOf(readDraft(form(entries)));
    expect(fields?.materials.map((x) => x.id)).toEqual(['m1', 'm2']);
  });

  it('names each wrong field by its place in the form', () => {
    const d: ServiceDraft = { ...readDraft(posted()), name: 'x', timeLimitDays: '400' };
    d.materials = [{ ...d.materials[0]!, name: '', formats: 'p d f!' }];
    d.basis = [{ documentNumber: '', title: 't', article: 'a', excerpt: '' }];
    expect(fieldsOf(d).errors).toEqual({
      name: m.v_too_short({ min: 2 }),
      timeLimitDays: m.v_at_most({ max: '365' }),
      'basis.0.documentNumber': m.v_required(),
      'materials.0.name': m.v_required(),
      'materials.0.formats': m.pol_v_formats(),
    });
  });

  it('comes back unchanged from a service it was made from', () => {
    const { fields } = fieldsOf(readDraft(posted()));
    const service = { ...fields!, id: 's1', code: 'x', status: 'published', version: 1, effectiveFrom: '2026-01-01' } as never;
    expect(fieldsOf(draftOf(service)).fields).toEqual(fields);
  });
});
