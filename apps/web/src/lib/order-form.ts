import { type AcceptanceRule as AcceptanceRuleBody, MAX_DESCRIPTION_CHARS, type Order, type UpdateOrderRequest } from '@annex/contracts';
import {
  ACCEPTANCE_RULE_KINDS, type AcceptanceRule, type AcceptanceRuleKind, acceptanceRuleProblem, BIDDING_MODES, CERTIFICATIONS, type Certification,
  checkDraftDates, GBT2828_AQLS, MAX_FEN, MAX_FIXED_SAMPLE, MAX_MARGIN_PERCENT, MODALITIES, type Modality, parseYuan, SECURITY_LEVELS, TASK_TYPES,
  type TaskType, VOLUME_UNITS, WORK_LOCATIONS,
} from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { AQL_CHOICES, formatAql } from '#lib/acceptance-text.ts';
import { fenToYuanInput, formatDateTime, formatNumber, fromBeijingInput, toBeijingInput } from '#lib/i18n.ts';
import { type Errors, intRule, reasonRule, textRule } from '#lib/validation.ts';

/** The steps of the guided order form, in order. */
export const STEPS = ['spec', 'volume', 'schedule', 'quality', 'files', 'preview'] as const;
export type Step = (typeof STEPS)[number];

/** Every field of the order form as typed (lists joined with commas, money in yuan, times in Beijing). */
export type OrderField =
  | 'title' | 'modality' | 'taskTypes' | 'description' | 'tags'
  | 'quantity' | 'unit' | 'unitPrice' | 'budget'
  | 'questionsCloseAt' | 'bidDeadline' | 'deliveryDeadline' | 'biddingMode'
  | 'accuracyTarget' | 'ruleKind' | 'fixedSampleSize' | 'expectedAccuracy' | 'marginPercent' | 'confidenceLevel' | 'aql'
  | 'securityLevel' | 'containsPersonalInfo' | 'workLocation'
  | 'certifications' | 'minHeadcount' | 'requiresSecureRoom'
  | 'amendmentReason';
export type OrderValues = Record<OrderField, string>;

/** The fields each step edits. */
export const STEP_FIELDS: Record<Step, readonly OrderField[]> = {
  spec: ['title', 'modality', 'taskTypes', 'description', 'tags'],
  volume: ['quantity', 'unit', 'unitPrice', 'budget'],
  schedule: ['questionsCloseAt', 'bidDeadline', 'deliveryDeadline', 'biddingMode'],
  quality: [
    'accuracyTarget', 'ruleKind', 'fixedSampleSize', 'expectedAccuracy', 'marginPercent', 'confidenceLevel', 'aql', 'securityLevel',
    'containsPersonalInfo', 'workLocation', 'certifications', 'minHeadcount', 'requiresSecureRoom',
  ],
  files: [],
  preview: [],
};

/** Fields sent as several values of one name (checkbox groups). */
const LIST_FIELDS = new Set<OrderField>(['taskTypes', 'certifications']);

export const isStep = (s: unknown): s is Step => (STEPS as readonly unknown[]).includes(s);
export const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
const splitTags = (s: string) => s.split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean);

/** The parameters of every rule kind as typed: the chosen rule's own, the others' defaults (so switching kind keeps sensible values). */
function ruleValues(rule: AcceptanceRule | null): Pick<OrderValues, 'ruleKind' | 'fixedSampleSize' | 'expectedAccuracy' | 'marginPercent' | 'confidenceLevel' | 'aql'> {
  // GB/T 2828.1 at AQL 1.0 is what inspection firms use most; it needs nothing else from the buyer
  const out = { ruleKind: 'gbt2828', fixedSampleSize: '200', expectedAccuracy: '98', marginPercent: '2', confidenceLevel: '95', aql: '1.0' };
  if (rule?.kind === 'fixed') Object.assign(out, { ruleKind: 'fixed', fixedSampleSize: String(rule.sampleSize) });
  if (rule?.kind === 'statistical') {
    Object.assign(out, {
      ruleKind: 'statistical', expectedAccuracy: String(rule.expectedAccuracy), marginPercent: String(rule.marginPercent), confidenceLevel: String(rule.confidence),
    });
  }
  if (rule?.kind === 'gbt2828') Object.assign(out, { ruleKind: 'gbt2828', aql: formatAql(rule.aql) });
  return out;
}

/** The form's values for a saved order, or for a new one. */
export function orderToValues(o: Order | null): OrderValues {
  return {
    title: o?.title ?? '',
    modality: o?.modality ?? '',
    taskTypes: (o?.taskTypes ?? []).join(','),
    description: o?.description ?? '',
    tags: (o?.tags ?? []).join('，'),
    quantity: o?.volume ? String(o.volume.quantity) : '',
    unit: o?.volume?.unit ?? 'images',
    unitPrice: fenToYuanInput(o?.unitPriceCeilingFen),
    budget: fenToYuanInput(o?.budgetTotalFen),
    questionsCloseAt: toBeijingInput(o?.questionsCloseAt),
    bidDeadline: toBeijingInput(o?.bidDeadline),
    deliveryDeadline: toBeijingInput(o?.deliveryDeadline),
    biddingMode: o?.biddingMode ?? 'sealed',
    accuracyTarget: o?.accuracyTarget != null ? String(o.accuracyTarget) : '',
    ...ruleValues(o?.samplingRule ?? null),
    securityLevel: o?.securityLevel ?? 'internal',
    containsPersonalInfo: o?.containsPersonalInfo ? 'yes' : 'no',
    workLocation: o?.workLocation ?? 'remote',
    certifications: (o?.requiredCertifications ?? []).join(','),
    minHeadcount: o ? String(o.minHeadcount) : '0',
    requiresSecureRoom: o?.requiresSecureRoom ? 'yes' : 'no',
    amendmentReason: '',
  };
}

/** Reads one step's fields from a submitted form (checkbox groups joined with commas). */
export function readStep(data: FormData, step: Step, amending: boolean): Partial<OrderValues> {
  const out: Partial<OrderValues> = {};
  const fields = amending ? [...STEP_FIELDS[step], 'amendmentReason' as const] : STEP_FIELDS[step];
  for (const f of fields) {
    if (LIST_FIELDS.has(f)) out[f] = data.getAll(f).filter((x): x is string => typeof x === 'string').join(',');
    else {
      const v = data.get(f);
      out[f] = typeof v === 'string' ? v : '';
    }
  }
  return out;
}

// ---------- rules: the same on the server and in the browser, messages in the user's language ----------

const oneOf = (values: readonly string[]) => (v: string) => (values.includes(v) ? null : m.v_choose());

/** Yuan as typed ("12,500.5"), optional; an amount above 0 and at most the platform's limit. */
export function yuanRule(v: string): string | null {
  if (v.trim() === '') return null;
  const fen = parseYuan(v);
  if (fen === null) return /^\s*\d[\d,]*(\.\d*)?\s*$/.test(v) && !/\.\d{3,}/.test(v) ? m.v_money_limit({ max: MAX_FEN / 100 }) : m.v_money();
  if (fen === 0) return m.v_money_positive();
  return null;
}

/** A percentage above 0 and at most 100 with at most two decimals. */
export function percentRule(v: string, optional = false): string | null {
  const t = v.trim();
  if (t === '') return optional ? null : m.v_required();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return m.v_percent();
  const n = Number(t);
  return n > 0 && n <= 100 ? null : m.v_percent();
}

/** A decimal with at most two places, above 0 and at most `max` (below it when `maxExcluded`). */
const decimalRule = (max: number, maxExcluded: boolean, message: () => string) => (v: string): string | null => {
  const t = v.trim();
  if (t === '') return m.v_required();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return message();
  const n = Number(t);
  return n > 0 && (maxExcluded ? n < max : n <= max) ? null : message();
};

/** The acceptance rule the quality step's fields describe, or null while they do not describe a valid one. */
export function ruleFromValues(v: OrderValues): AcceptanceRuleBody | null {
  let rule: AcceptanceRuleBody;
  if (v.ruleKind === 'fixed') rule = { kind: 'fixed', sampleSize: Number(v.fixedSampleSize.trim()) };
  else if (v.ruleKind === 'statistical') {
    rule = {
      kind: 'statistical', expectedAccuracy: Number(v.expectedAccuracy.trim()), marginPercent: Number(v.marginPercent.trim()),
      confidence: Number(v.confidenceLevel) as 90 | 95 | 99,
    };
  } else if (v.ruleKind === 'gbt2828') {
    const i = AQL_CHOICES.indexOf(v.aql);
    if (i < 0) return null;
    rule = { kind: 'gbt2828', aql: GBT2828_AQLS[i]! };
  } else return null;
  return acceptanceRuleErrors(v).length === 0 && acceptanceRuleProblem(rule) === null ? rule : null;
}

/** The errors of the chosen rule's own fields (the other kinds' fields are not sent). */
function acceptanceRuleErrors(v: OrderValues): [OrderField, string][] {
  const out: [OrderField, string | null][] = [];
  if (!(ACCEPTANCE_RULE_KINDS as readonly string[]).includes(v.ruleKind)) out.push(['ruleKind', m.v_choose()]);
  const kind = v.ruleKind as AcceptanceRuleKind;
  if (kind === 'fixed') out.push(['fixedSampleSize', intRule(1, MAX_FIXED_SAMPLE)(v.fixedSampleSize)]);
  if (kind === 'statistical') {
    out.push(['expectedAccuracy', decimalRule(100, true, m.v_expected_accuracy)(v.expectedAccuracy)]);
    out.push(['marginPercent', decimalRule(MAX_MARGIN_PERCENT, false, () => m.v_margin({ max: MAX_MARGIN_PERCENT }))(v.marginPercent)]);
    out.push(['confidenceLevel', oneOf(['90', '95', '99'])(v.confidenceLevel)]);
  }
  if (kind === 'gbt2828') out.push(['aql', oneOf(AQL_CHOICES)(v.aql)]);
  return out.filter((e): e is [OrderField, string] => e[1] !== null);
}

const DATE_ERROR = {
  deadline_in_past: () => m.v_deadline_past(),
  deadline_too_far: (f: string) => (f === 'deliveryDeadline' ? m.v_deadline_far({ years: 2 }) : m.v_deadline_far({ years: 1 })),
  deadline_order: (f: string) => (f === 'questionsCloseAt' ? m.v_deadline_order_questions() : m.v_deadline_order_delivery()),
  // the earliest allowed deadline, rounded up to the minute the date field takes
  bid_window_too_short: (_f: string, now: Date, windowSeconds: number) =>
    m.v_bid_window({
      hours: formatNumber(Math.ceil(windowSeconds / 3600)),
      earliest: formatDateTime(new Date(Math.ceil((now.getTime() + windowSeconds * 1000) / 60_000) * 60_000).toISOString()),
    }),
};

/** The market's rules a step checks besides its own values: amending an open order, the minimum bidding window. */
export type StepContext = { amending?: boolean; minBidWindowSeconds?: number };

/** What is wrong with one step's values, per field (empty when the step may be saved). */
export function stepErrors(step: Step, v: OrderValues, now: Date, { amending = false, minBidWindowSeconds = 0 }: StepContext = {}): Errors<OrderField> {
  const e: Errors<OrderField> = {};
  const put = (f: OrderField, msg: string | null) => {
    if (msg && !e[f]) e[f] = msg;
  };
  if (step === 'spec') {
    put('title', textRule(2, 200)(v.title));
    put('modality', v.modality === '' ? m.v_choose() : oneOf(MODALITIES)(v.modality));
    const tasks = list(v.taskTypes);
    put('taskTypes', tasks.length === 0 ? m.v_task_types() : tasks.every((t) => (TASK_TYPES as readonly string[]).includes(t)) ? null : m.v_choose());
    put('description', v.description.length > MAX_DESCRIPTION_CHARS ? m.v_too_long({ max: MAX_DESCRIPTION_CHARS }) : null);
    const tags = splitTags(v.tags);
    put('tags', tags.length > 10 || tags.some((t) => t.length > 30) ? m.v_tags() : null);
  }
  if (step === 'volume') {
    put('quantity', intRule(1, 1_000_000_000_000)(v.quantity));
    put('unit', oneOf(VOLUME_UNITS)(v.unit));
    put('unitPrice', yuanRule(v.unitPrice));
    put('budget', yuanRule(v.budget));
    if (v.unitPrice.trim() === '' && v.budget.trim() === '') put('budget', m.v_price_one_of());
  }
  if (step === 'schedule') {
    const dates: Partial<Record<'questionsCloseAt' | 'bidDeadline' | 'deliveryDeadline', Date>> = {};
    for (const f of ['questionsCloseAt', 'bidDeadline', 'deliveryDeadline'] as const) {
      if (v[f].trim() === '') put(f, m.v_required());
      else {
        const iso = fromBeijingInput(v[f]);
        if (iso === null) put(f, m.v_datetime());
        else dates[f] = new Date(iso);
      }
    }
    for (const found of checkDraftDates(dates, now, minBidWindowSeconds)) put(found.field, DATE_ERROR[found.error](found.field, now, minBidWindowSeconds));
    put('biddingMode', oneOf(BIDDING_MODES)(v.biddingMode));
  }
  if (step === 'quality') {
    put('accuracyTarget', percentRule(v.accuracyTarget));
    for (const [field, msg] of acceptanceRuleErrors(v)) put(field, msg);
    put('securityLevel', oneOf(SECURITY_LEVELS)(v.securityLevel));
    put('containsPersonalInfo', oneOf(['yes', 'no'])(v.containsPersonalInfo));
    put('workLocation', oneOf(WORK_LOCATIONS)(v.workLocation));
    put('certifications', list(v.certifications).every((c) => (CERTIFICATIONS as readonly string[]).includes(c)) ? null : m.v_choose());
    put('minHeadcount', intRule(0, 100_000, true)(v.minHeadcount));
    put('requiresSecureRoom', oneOf(['yes', 'no'])(v.requiresSecureRoom));
  }
  if (amending && step !== 'files' && step !== 'preview') {
    const r = v.amendmentReason.trim();
    put('amendmentReason', r === '' ? m.v_amendment_reason() : r.length < 2 ? m.v_too_short({ min: 2 }) : r.length > 500 ? m.v_too_long({ max: 500 }) : null);
  }
  return e;
}

const fenOrNull = (v: string) => (v.trim() === '' ? null : parseYuan(v));

/** The PATCH body of one step (call only once `stepErrors` is empty). */
export function stepPatch(step: Step, v: OrderValues, amending: boolean): UpdateOrderRequest {
  const reason = amending ? { amendmentReason: v.amendmentReason.trim() } : {};
  switch (step) {
    case 'spec':
      return {
        title: v.title.trim(),
        modality: v.modality as Modality,
        taskTypes: list(v.taskTypes) as TaskType[],
        description: v.description,
        tags: [...new Set(splitTags(v.tags))],
        ...reason,
      };
    case 'volume':
      return {
        volume: { quantity: Number(v.quantity.trim()), unit: v.unit as (typeof VOLUME_UNITS)[number] },
        unitPriceCeilingFen: fenOrNull(v.unitPrice),
        budgetTotalFen: fenOrNull(v.budget),
        ...reason,
      };
    case 'schedule':
      return {
        questionsCloseAt: fromBeijingInput(v.questionsCloseAt),
        bidDeadline: fromBeijingInput(v.bidDeadline),
        deliveryDeadline: fromBeijingInput(v.deliveryDeadline),
        // the bidding mode of a published order is fixed
        ...(amending ? {} : { biddingMode: v.biddingMode as (typeof BIDDING_MODES)[number] }),
        ...reason,
      };
    case 'quality':
      return {
        accuracyTarget: Number(v.accuracyTarget.trim()),
        samplingRule: ruleFromValues(v),
        securityLevel: v.securityLevel as (typeof SECURITY_LEVELS)[number],
        containsPersonalInfo: v.containsPersonalInfo === 'yes',
        workLocation: v.workLocation as (typeof WORK_LOCATIONS)[number],
        requiredCertifications: list(v.certifications) as Certification[],
        minHeadcount: v.minHeadcount.trim() === '' ? 0 : Number(v.minHeadcount.trim()),
        requiresSecureRoom: v.requiresSecureRoom === 'yes',
        ...reason,
      };
    default:
      return {};
  }
}

/** The step where an API error path (`bidDeadline`, `volume.quantity`, …) is corrected, and the form field. */
export function fieldOfPath(path: string): { step: Step; field: OrderField } | null {
  const [head = '', sub] = path.replace(/^body\./, '').split('.');
  const ruleField: Record<string, OrderField> = {
    sampleSize: 'fixedSampleSize', expectedAccuracy: 'expectedAccuracy', marginPercent: 'marginPercent', confidence: 'confidenceLevel', aql: 'aql',
  };
  if (head === 'samplingRule') return { step: 'quality', field: (sub && ruleField[sub]) || 'ruleKind' };
  const map: Record<string, OrderField> = {
    title: 'title', modality: 'modality', taskTypes: 'taskTypes', description: 'description', tags: 'tags',
    volume: 'quantity', unitPriceCeilingFen: 'unitPrice', budgetTotalFen: 'budget',
    questionsCloseAt: 'questionsCloseAt', bidDeadline: 'bidDeadline', deliveryDeadline: 'deliveryDeadline', biddingMode: 'biddingMode',
    accuracyTarget: 'accuracyTarget', securityLevel: 'securityLevel', containsPersonalInfo: 'containsPersonalInfo',
    workLocation: 'workLocation', requiredCertifications: 'certifications', minHeadcount: 'minHeadcount', requiresSecureRoom: 'requiresSecureRoom',
    amendmentReason: 'amendmentReason',
  };
  const field = map[head];
  if (!field) return null;
  const step = STEPS.find((s) => STEP_FIELDS[s].includes(field)) ?? 'spec';
  return { step, field };
}

/** The terms a draft still lacks before it can be submitted, each with the step that sets it. */
export function missingTerms(o: Order): { step: Step; label: string }[] {
  const out: { step: Step; label: string }[] = [];
  if (o.taskTypes.length === 0) out.push({ step: 'spec', label: m.f_task_types() });
  if (!o.volume) out.push({ step: 'volume', label: m.f_quantity() });
  if (o.unitPriceCeilingFen === null && o.budgetTotalFen === null) out.push({ step: 'volume', label: m.f_price() });
  if (!o.questionsCloseAt) out.push({ step: 'schedule', label: m.f_questions_close() });
  if (!o.bidDeadline) out.push({ step: 'schedule', label: m.f_bid_deadline() });
  if (!o.deliveryDeadline) out.push({ step: 'schedule', label: m.f_delivery_deadline() });
  if (o.accuracyTarget === null) out.push({ step: 'quality', label: m.f_accuracy_target() });
  return out;
}

/** The title of each step. */
export const STEP_TITLE: Record<Step, () => string> = {
  spec: m.step_spec,
  volume: m.step_volume,
  schedule: m.step_schedule,
  quality: m.step_quality,
  files: m.step_files,
  preview: m.step_preview,
};

/** The note that tells an open order's bidders why its files changed (an amendment, like a change of its fields). */
export const fileChangeReasonRule = reasonRule({ required: true, max: 500 });
