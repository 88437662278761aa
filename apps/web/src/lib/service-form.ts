import type { PolicyCondition, PolicyService, ServiceFields } from '@annex/contracts';
import { COUNTY_CODES, MATERIAL_FORMS, POLICY_CATEGORY_CODES, REVENUE_BANDS, type MaterialForm, type PolicyCategory, type RevenueBand } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { intRule, textRule } from '#lib/validation.ts';

// The secretariat's service form (办事指南): what was typed, as strings, and the service fields built from it.
// Lists are repeated fields read in order (FormData.getAll); a row left blank is dropped.

export type BasisRow = { documentNumber: string; title: string; article: string; excerpt: string };
export type MaterialRow = { id: string; name: string; form: string; copies: string; required: string; formats: string; templateFileId: string; note: string };
export type FaqRow = { question: string; answer: string };
export type ConditionDraft = {
  kinds: string[]; counties: string[]; headMin: string; headMax: string; aboveSize: string; highTech: string; yearsMin: string; yearsMax: string; revenue: string[];
};

/** The form as typed. */
export type ServiceDraft = {
  code: string; name: string; category: string; summary: string; applicants: string; agencies: string; freeConditions: string; steps: string;
  timeLimitDays: string; fee: string; contact: string; effectiveFrom: string;
  basis: BasisRow[]; materials: MaterialRow[]; faq: FaqRow[]; cond: ConditionDraft;
};
export type DraftErrors = Record<string, string>;

const lines = (xs: readonly string[]) => xs.join('\n');
const splitLines = (s: string) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
const num = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The form of an existing service (its current version), or of a new one. */
export function draftOf(s: PolicyService | null): ServiceDraft {
  const c = (type: PolicyCondition['type']) => s?.conditions.find((x) => x.type === type);
  const kind = c('org_kind');
  const county = c('county');
  const head = c('headcount');
  const above = c('above_designated_size');
  const tech = c('high_tech_certificate');
  const years = c('years_since_founding');
  const revenue = c('revenue_band');
  return {
    code: s?.code ?? '', name: s?.name ?? '', category: s?.category ?? '', summary: s?.summary ?? '', applicants: s?.applicants ?? '',
    agencies: lines(s?.agencies ?? []), freeConditions: lines(s?.freeConditions ?? []), steps: lines(s?.steps ?? []),
    timeLimitDays: s?.timeLimitDays === null || s === null ? '' : String(s.timeLimitDays), fee: s?.fee ?? '', contact: s?.contact ?? '', effectiveFrom: '',
    basis: (s?.policyBasis ?? []).map((b) => ({ ...b, excerpt: b.excerpt ?? '' })),
    materials: (s?.materials ?? []).map((x) => ({
      id: x.id, name: x.name, form: x.form, copies: String(x.copies), required: x.required ? 'yes' : 'no', formats: x.formats.join(', '),
      templateFileId: x.templateFileId ?? '', note: x.note ?? '',
    })),
    faq: (s?.faq ?? []).map((f) => ({ ...f })),
    cond: {
      kinds: kind?.type === 'org_kind' ? [...kind.anyOf] : [],
      counties: county?.type === 'county' ? [...county.anyOf] : [],
      headMin: head?.type === 'headcount' ? num(head.min) : '', headMax: head?.type === 'headcount' ? num(head.max) : '',
      aboveSize: above?.type === 'above_designated_size' ? (above.value ? 'yes' : 'no') : '',
      highTech: tech?.type === 'high_tech_certificate' ? (tech.value ? 'yes' : 'no') : '',
      yearsMin: years?.type === 'years_since_founding' ? num(years.min) : '', yearsMax: years?.type === 'years_since_founding' ? num(years.max) : '',
      revenue: revenue?.type === 'revenue_band' ? [...revenue.anyOf] : [],
    },
  };
}

const str = (data: FormData, name: string) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : '');
const all = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v : ''));

/** Reads rows of repeated fields; rows whose every field is blank are dropped. */
function rows<K extends string>(data: FormData, prefix: string, keys: readonly K[], keep: readonly K[] = []): Record<K, string>[] {
  const cols = keys.map((k) => all(data, `${prefix}_${k}`));
  const n = Math.max(0, ...cols.map((c) => c.length));
  const out: Record<K, string>[] = [];
  for (let i = 0; i < n; i++) {
    const row = Object.fromEntries(keys.map((k, j) => [k, cols[j]![i] ?? ''])) as Record<K, string>;
    if (keys.some((k) => !keep.includes(k) && row[k].trim() !== '')) out.push(row);
  }
  return out;
}

/** The form as it was posted. */
export function readDraft(data: FormData): ServiceDraft {
  return {
    code: str(data, 'code'), name: str(data, 'name'), category: str(data, 'category'), summary: str(data, 'summary'), applicants: str(data, 'applicants'),
    agencies: str(data, 'agencies'), freeConditions: str(data, 'freeConditions'), steps: str(data, 'steps'), timeLimitDays: str(data, 'timeLimitDays'),
    fee: str(data, 'fee'), contact: str(data, 'contact'), effectiveFrom: str(data, 'effectiveFrom'),
    basis: rows(data, 'basis', ['documentNumber', 'title', 'article', 'excerpt'] as const),
    // the id, form, copies and required of a blank row are defaults, not something typed
    materials: rows(data, 'mat', ['id', 'name', 'form', 'copies', 'required', 'formats', 'templateFileId', 'note'] as const, ['id', 'form', 'copies', 'required']),
    faq: rows(data, 'faq', ['question', 'answer'] as const),
    cond: {
      kinds: all(data, 'cond_kind'), counties: all(data, 'cond_county'), headMin: str(data, 'cond_headMin'), headMax: str(data, 'cond_headMax'),
      aboveSize: str(data, 'cond_aboveSize'), highTech: str(data, 'cond_highTech'), yearsMin: str(data, 'cond_yearsMin'), yearsMax: str(data, 'cond_yearsMax'),
      revenue: all(data, 'cond_revenue'),
    },
  };
}

const optionalText = (max: number) => (v: string) => (v.trim().length > max ? m.v_too_long({ max }) : null);

/** The service fields the form stands for, or the errors by field (`materials.0.name`, …). */
export function fieldsOf(d: ServiceDraft): { fields: ServiceFields | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const put = (key: string, e: string | null) => {
    if (e) errors[key] = e;
  };
  put('name', textRule(2, 200)(d.name));
  if (!(POLICY_CATEGORY_CODES as readonly string[]).includes(d.category)) errors.category = m.v_required();
  put('timeLimitDays', intRule(1, 365, true)(d.timeLimitDays));
  for (const [k, max] of [['summary', 10_000], ['applicants', 2000], ['fee', 500], ['contact', 500]] as const) put(k, optionalText(max)(d[k]));
  const agencies = splitLines(d.agencies);
  for (const [i, a] of agencies.entries()) put('agencies', a.length < 2 || a.length > 60 ? m.pol_v_agency({ line: i + 1 }) : null);
  d.basis.forEach((b, i) => {
    put(`basis.${i}.documentNumber`, textRule(1, 100)(b.documentNumber));
    put(`basis.${i}.title`, textRule(1, 200)(b.title));
    put(`basis.${i}.article`, textRule(1, 100)(b.article));
  });
  const used = new Set(d.materials.map((x) => x.id).filter(Boolean));
  let next = 1;
  const newId = () => {
    while (used.has(`m${next}`)) next++;
    used.add(`m${next}`);
    return `m${next}`;
  };
  const materials = d.materials.map((x, i) => {
    put(`materials.${i}.name`, textRule(1, 200)(x.name));
    put(`materials.${i}.copies`, intRule(0, 20)(x.copies || '1'));
    const formats = x.formats.split(/[,，\s]+/).map((f) => f.trim().toLowerCase().replace(/^\./, '')).filter(Boolean);
    if (formats.some((f) => !/^[a-z0-9]{1,10}$/.test(f)) || formats.length > 10) errors[`materials.${i}.formats`] = m.pol_v_formats();
    return {
      id: x.id || newId(), name: x.name.trim(), form: ((MATERIAL_FORMS as readonly string[]).includes(x.form) ? x.form : 'copy') as MaterialForm,
      copies: Number(x.copies || '1'), required: x.required !== 'no', formats, templateFileId: x.templateFileId || null, note: x.note.trim() || null,
    };
  });
  d.faq.forEach((f, i) => {
    put(`faq.${i}.question`, textRule(1, 300)(f.question));
    if (f.answer.trim() === '') errors[`faq.${i}.answer`] = m.v_required();
  });
  const conditions: PolicyCondition[] = [];
  const c = d.cond;
  const kinds = c.kinds.filter((k): k is 'buyer' | 'vendor' => k === 'buyer' || k === 'vendor');
  if (kinds.length) conditions.push({ type: 'org_kind', anyOf: kinds });
  const counties = c.counties.filter((k) => (COUNTY_CODES as readonly string[]).includes(k)) as (typeof COUNTY_CODES)[number][];
  if (counties.length) conditions.push({ type: 'county', anyOf: counties });
  const range = (key: string, min: string, max: string, hi: number) => {
    put(`${key}Min`, intRule(0, hi, true)(min));
    put(`${key}Max`, intRule(0, hi, true)(max));
    return { ...(min.trim() ? { min: Number(min) } : {}), ...(max.trim() ? { max: Number(max) } : {}) };
  };
  const head = range('cond.head', c.headMin, c.headMax, 1_000_000);
  if (Object.keys(head).length) conditions.push({ type: 'headcount', ...head });
  if (c.aboveSize) conditions.push({ type: 'above_designated_size', value: c.aboveSize === 'yes' });
  if (c.highTech) conditions.push({ type: 'high_tech_certificate', value: c.highTech === 'yes' });
  const years = range('cond.years', c.yearsMin, c.yearsMax, 200);
  if (Object.keys(years).length) conditions.push({ type: 'years_since_founding', ...years });
  const bands = c.revenue.filter((b) => (REVENUE_BANDS as readonly string[]).includes(b)) as RevenueBand[];
  if (bands.length) conditions.push({ type: 'revenue_band', anyOf: bands });

  if (Object.keys(errors).length) return { fields: null, errors };
  return {
    errors,
    fields: {
      name: d.name.trim(), category: d.category as PolicyCategory, summary: d.summary.trim(),
      policyBasis: d.basis.map((b) => ({ documentNumber: b.documentNumber.trim(), title: b.title.trim(), article: b.article.trim(), excerpt: b.excerpt.trim() || null })),
      agencies, applicants: d.applicants.trim(), conditions, freeConditions: splitLines(d.freeConditions), materials, steps: splitLines(d.steps),
      timeLimitDays: d.timeLimitDays.trim() ? Number(d.timeLimitDays) : null, fee: d.fee.trim(), contact: d.contact.trim(),
      faq: d.faq.map((f) => ({ question: f.question.trim(), answer: f.answer.trim() })),
    },
  };
}

/** Errors of a refused body (zod issues or the API's `errors[]`) keyed like the form's fields. */
export function errorsAt(paths: readonly { path: string }[], message: string): DraftErrors {
  const out: DraftErrors = {};
  for (const p of paths) out[p.path.replace(/^policyBasis\./, 'basis.').replace(/^freeConditions.*/, 'freeConditions')] = message;
  return out;
}
