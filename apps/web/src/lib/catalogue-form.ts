import {
  type CatalogueEntry, type CatalogueEntryInput, MAX_CATALOGUE_SUMMARY_CHARS, type UpdateCatalogueEntryRequest, findHiddenCharacter,
} from '@annex/contracts';
import {
  ANNOTATION_STATUSES, CATALOGUE_CODE_PATTERN, CATALOGUE_SECTORS, COUNTY_CODES, DATA_LEVELS, MAX_CATALOGUE_CODE_LENGTH, MODALITIES, OPEN_TYPES,
  RAW_VOLUME_UNITS, type RawVolumeUnit, SHARING_TYPES, TASK_TYPES, UPDATE_FREQUENCIES, normalizeCatalogueCode,
} from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Errors, type Rule, check, intRule, phoneRule, textRule } from '#lib/validation.ts';

// The secretariat's editor of a catalogue entry: every field as typed (lists joined with commas, yes/no for the
// flag), the rules the contracts hold, in the user's language, and the API bodies.

/** Every field of the entry editor. */
export const ENTRY_FIELDS = [
  'code', 'title', 'summary', 'agencyId', 'sector', 'modality', 'taskTypes', 'quantity', 'unit', 'coverageFrom', 'coverageTo',
  'updateFrequency', 'sharingType', 'openType', 'dataLevel', 'containsPersonalInfo', 'accessConditions', 'annotationStatus', 'county',
  'tags', 'contactName', 'contactPhone', 'contactEmail',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];
export type EntryValues = Record<EntryField, string>;

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const splitTags = (s: string) => [...new Set(s.split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean))];

/** The form's values for a saved entry, or for a new one. */
export function entryToValues(e: CatalogueEntry | null): EntryValues {
  return {
    code: e?.code ?? '',
    title: e?.title ?? '',
    summary: e?.summary ?? '',
    agencyId: e?.agency.id ?? '',
    sector: e?.sector ?? '',
    modality: e?.modality ?? '',
    taskTypes: (e?.taskTypes ?? []).join(','),
    quantity: e?.volume ? String(e.volume.quantity) : '',
    unit: e?.volume?.unit ?? 'records',
    coverageFrom: e?.coverageFrom ?? '',
    coverageTo: e?.coverageTo ?? '',
    updateFrequency: e?.updateFrequency ?? 'irregular',
    sharingType: e?.sharingType ?? 'conditional',
    openType: e?.openType ?? 'conditional',
    dataLevel: e?.dataLevel ?? 'general',
    containsPersonalInfo: e?.containsPersonalInfo ? 'yes' : 'no',
    accessConditions: e?.accessConditions ?? '',
    annotationStatus: e?.annotationStatus ?? 'pending',
    county: e?.county ?? '',
    tags: (e?.tags ?? []).join('，'),
    contactName: e?.contact?.name ?? '',
    contactPhone: e?.contact?.phone ?? '',
    contactEmail: e?.contact?.email ?? '',
  };
}

/** Reads the editor's fields from a submitted form (the task types' checkboxes joined with commas). */
export function readEntry(data: FormData): EntryValues {
  const out = {} as EntryValues;
  for (const f of ENTRY_FIELDS) {
    if (f === 'taskTypes') out[f] = data.getAll(f).filter((x): x is string => typeof x === 'string').join(',');
    else {
      const v = data.get(f);
      out[f] = typeof v === 'string' ? v : '';
    }
  }
  return out;
}

const oneOf = (values: readonly string[], optional = false): Rule => (v) => (optional && v === '') || values.includes(v) ? null : m.v_choose();
const optional = (rule: Rule): Rule => (v) => (v.trim() === '' ? null : rule(v));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateRule: Rule = (v) => (v === '' || (DATE.test(v) && !Number.isNaN(Date.parse(v))) ? null : m.v_date());
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Several lines of text, at most `max` long, without the characters the contracts refuse. */
const textBlock = (max: number): Rule => (v) => {
  if (v.trim().length > max) return m.v_too_long({ max });
  const hidden = findHiddenCharacter(v, 'text');
  return hidden ? m.v_hidden_character({ char: hidden.codePoint }) : null;
};

const codeRule: Rule = (v) => {
  const c = normalizeCatalogueCode(v);
  if (c === '') return m.v_required();
  if (c.length > MAX_CATALOGUE_CODE_LENGTH) return m.v_too_long({ max: MAX_CATALOGUE_CODE_LENGTH });
  return CATALOGUE_CODE_PATTERN.test(c) ? null : m.cat_v_code();
};

/** What is wrong with the editor's values, per field (empty when the entry may be saved). */
export function entryErrors(v: EntryValues): Errors<EntryField> {
  const e = check<EntryField>(
    {
      code: codeRule,
      title: textRule(2, 200),
      summary: textBlock(MAX_CATALOGUE_SUMMARY_CHARS),
      agencyId: (s) => (s === '' ? m.v_choose() : null),
      sector: oneOf(CATALOGUE_SECTORS),
      modality: oneOf(MODALITIES),
      taskTypes: (s) => (list(s).every((t) => (TASK_TYPES as readonly string[]).includes(t)) ? null : m.v_choose()),
      quantity: intRule(1, 1_000_000_000_000_000, true),
      unit: oneOf(RAW_VOLUME_UNITS),
      coverageFrom: dateRule,
      coverageTo: dateRule,
      updateFrequency: oneOf(UPDATE_FREQUENCIES),
      sharingType: oneOf(SHARING_TYPES),
      openType: oneOf(OPEN_TYPES),
      dataLevel: oneOf(DATA_LEVELS),
      containsPersonalInfo: oneOf(['yes', 'no']),
      accessConditions: textBlock(2000),
      annotationStatus: oneOf(ANNOTATION_STATUSES),
      county: oneOf(COUNTY_CODES, true),
      tags: (s) => (splitTags(s).length > 20 || splitTags(s).some((t) => t.length > 30) ? m.cat_v_tags() : null),
      contactName: optional(textRule(1, 50)),
      contactPhone: optional(phoneRule),
      contactEmail: (s) => (s.trim() === '' || (EMAIL.test(s.trim()) && s.trim().length <= 200) ? null : m.v_email()),
    },
    v,
  );
  if (!e.coverageTo && v.coverageFrom && v.coverageTo && v.coverageFrom > v.coverageTo) e.coverageTo = m.cat_v_coverage_order();
  if (!e.contactName && v.contactName.trim() === '' && (v.contactPhone.trim() || v.contactEmail.trim())) e.contactName = m.cat_v_contact_name();
  return e;
}

/** The entry as the API takes it (call only once `entryErrors` is empty). */
export function entryInput(v: EntryValues): CatalogueEntryInput {
  return {
    code: normalizeCatalogueCode(v.code),
    title: v.title.trim(),
    summary: v.summary,
    agencyId: v.agencyId,
    sector: v.sector as CatalogueEntryInput['sector'],
    modality: v.modality as CatalogueEntryInput['modality'],
    taskTypes: list(v.taskTypes) as CatalogueEntryInput['taskTypes'],
    volume: v.quantity.trim() === '' ? null : { quantity: Number(v.quantity.trim()), unit: v.unit as RawVolumeUnit },
    coverageFrom: v.coverageFrom || null,
    coverageTo: v.coverageTo || null,
    updateFrequency: v.updateFrequency as CatalogueEntryInput['updateFrequency'],
    sharingType: v.sharingType as CatalogueEntryInput['sharingType'],
    openType: v.openType as CatalogueEntryInput['openType'],
    dataLevel: v.dataLevel as CatalogueEntryInput['dataLevel'],
    containsPersonalInfo: v.containsPersonalInfo === 'yes',
    accessConditions: v.accessConditions.trim(),
    annotationStatus: v.annotationStatus as CatalogueEntryInput['annotationStatus'],
    county: (v.county || null) as CatalogueEntryInput['county'],
    tags: splitTags(v.tags),
    contact: v.contactName.trim()
      ? { name: v.contactName.trim(), phone: v.contactPhone.trim() || null, email: v.contactEmail.trim() || null }
      : null,
  };
}

/**
 * The PATCH of a saved entry: the fields that differ from it (the code only while it may change; the annotation
 * status has its own request), with the version read, so a change made meanwhile by someone else is refused.
 */
export function entryPatch(v: EntryValues, saved: CatalogueEntry): UpdateCatalogueEntryRequest {
  const next = entryInput(v);
  const before = entryInput(entryToValues(saved));
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof CatalogueEntryInput)[]) {
    if (k === 'annotationStatus' || (k === 'code' && !saved.permissions.editCode)) continue;
    if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) patch[k] = next[k];
  }
  return { ...patch, version: saved.version } as UpdateCatalogueEntryRequest;
}

/** The editor's field an API error path names (`code`, `volume.quantity`, `contact.phone`, …). */
export function entryFieldOfPath(path: string): EntryField | null {
  const [head, sub] = path.replace(/^body\./, '').split('.');
  if (head === 'volume') return sub === 'unit' ? 'unit' : 'quantity';
  if (head === 'contact') return sub === 'phone' ? 'contactPhone' : sub === 'email' ? 'contactEmail' : 'contactName';
  return (ENTRY_FIELDS as readonly string[]).includes(head ?? '') ? (head as EntryField) : null;
}
