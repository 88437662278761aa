import type { Modality, TaskType } from './capability.ts';
import { type Result, fail, ok } from './result.ts';

// The public-data annotation catalogue (公共数据标注目录, DESIGN §2.6): the vocabularies of an entry with their
// Chinese and English labels (imports read the Chinese ones, exports and search write them), the lifecycle
// draft → published → archived and back, the annotation status, and what a viewer may do with an entry.

/** A code with its labels: `zh` is the word the city's catalogues use, `en` the English switch's. */
export type Labelled<C extends string> = { code: C; zh: string; en: string };

const labelled = <const T extends readonly Labelled<string>[]>(xs: T) => xs;
const codesOf = <T extends readonly { code: string }[]>(xs: T) => xs.map((x) => x.code) as unknown as [T[number]['code'], ...T[number]['code'][]];

/** Sectors of the catalogue, with the two letters of their resource codes (LC-JY-0001 is an education entry). */
export const CATALOGUE_SECTOR_LIST = labelled([
  { code: 'education', zh: '教育', en: 'Education', prefix: 'JY' },
  { code: 'science_technology', zh: '科技', en: 'Science & technology', prefix: 'KJ' },
  { code: 'manufacturing', zh: '制造', en: 'Manufacturing', prefix: 'ZZ' },
  { code: 'culture_tourism', zh: '文旅', en: 'Culture & tourism', prefix: 'WL' },
  { code: 'health', zh: '卫生健康', en: 'Health', prefix: 'WJ' },
  { code: 'agriculture', zh: '农业农村', en: 'Agriculture & rural affairs', prefix: 'NY' },
  { code: 'transport', zh: '交通', en: 'Transport', prefix: 'JT' },
  { code: 'government', zh: '政务', en: 'Government services', prefix: 'ZW' },
  { code: 'urban_management', zh: '城市管理', en: 'Urban management', prefix: 'CG' },
  { code: 'environment', zh: '生态环境', en: 'Ecology & environment', prefix: 'ST' },
  { code: 'other', zh: '其他', en: 'Other', prefix: 'QT' },
] as const);
export const CATALOGUE_SECTORS = codesOf(CATALOGUE_SECTOR_LIST);
export type CatalogueSector = (typeof CATALOGUE_SECTORS)[number];

/** How often the holding agency updates the data (更新频率). */
export const UPDATE_FREQUENCY_LIST = labelled([
  { code: 'realtime', zh: '实时', en: 'Real time' },
  { code: 'daily', zh: '每日', en: 'Daily' },
  { code: 'weekly', zh: '每周', en: 'Weekly' },
  { code: 'monthly', zh: '每月', en: 'Monthly' },
  { code: 'quarterly', zh: '每季度', en: 'Quarterly' },
  { code: 'semiannual', zh: '每半年', en: 'Every six months' },
  { code: 'annual', zh: '每年', en: 'Yearly' },
  { code: 'irregular', zh: '不定期', en: 'Irregularly' },
] as const);
export const UPDATE_FREQUENCIES = codesOf(UPDATE_FREQUENCY_LIST);
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

/** 共享类型: whether other government bodies get the data. */
export const SHARING_TYPE_LIST = labelled([
  { code: 'unconditional', zh: '无条件共享', en: 'Shared unconditionally' },
  { code: 'conditional', zh: '有条件共享', en: 'Shared on conditions' },
  { code: 'not_shared', zh: '不予共享', en: 'Not shared' },
] as const);
export const SHARING_TYPES = codesOf(SHARING_TYPE_LIST);
export type SharingType = (typeof SHARING_TYPES)[number];

/** 开放属性: whether the public (and so annotation firms) may get the data. */
export const OPEN_TYPE_LIST = labelled([
  { code: 'unconditional', zh: '无条件开放', en: 'Open' },
  { code: 'conditional', zh: '有条件开放', en: 'Open on conditions' },
  { code: 'not_open', zh: '不予开放', en: 'Not open' },
] as const);
export const OPEN_TYPES = codesOf(OPEN_TYPE_LIST);
export type OpenType = (typeof OPEN_TYPES)[number];

/** 数据分级 (the Data Security Law's general / important / core data). */
export const DATA_LEVEL_LIST = labelled([
  { code: 'general', zh: '一般数据', en: 'General data' },
  { code: 'important', zh: '重要数据', en: 'Important data' },
  { code: 'core', zh: '核心数据', en: 'Core data' },
] as const);
export const DATA_LEVELS = codesOf(DATA_LEVEL_LIST);
export type DataLevel = (typeof DATA_LEVELS)[number];

/** 标注状态 of an entry's data. */
export const ANNOTATION_STATUS_LIST = labelled([
  { code: 'pending', zh: '待标注', en: 'Awaiting annotation' },
  { code: 'in_progress', zh: '标注中', en: 'Being annotated' },
  { code: 'completed', zh: '已完成', en: 'Annotated' },
] as const);
export const ANNOTATION_STATUSES = codesOf(ANNOTATION_STATUS_LIST);
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

/** Where an entry is in its life: only published entries are public and searchable. */
export const CATALOGUE_STATUS_LIST = labelled([
  { code: 'draft', zh: '草稿', en: 'Draft' },
  { code: 'published', zh: '已发布', en: 'Published' },
  { code: 'archived', zh: '已归档', en: 'Archived' },
] as const);
export const CATALOGUE_STATUSES = codesOf(CATALOGUE_STATUS_LIST);
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];

/** Kinds of data-holding agencies. */
export const AGENCY_KIND_LIST = labelled([
  { code: 'government', zh: '政府部门', en: 'Government department' },
  { code: 'institution', zh: '事业单位', en: 'Public institution' },
  { code: 'state_enterprise', zh: '国有企业', en: 'State-owned enterprise' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export const AGENCY_KINDS = codesOf(AGENCY_KIND_LIST);
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Units of an entry's raw volume (the raw data, before any annotation; GB for what is counted in bytes). */
export const RAW_VOLUME_UNIT_LIST = labelled([
  { code: 'records', zh: '条', en: 'records' },
  { code: 'documents', zh: '份', en: 'documents' },
  { code: 'images', zh: '张', en: 'images' },
  { code: 'frames', zh: '帧', en: 'frames' },
  { code: 'hours', zh: '小时', en: 'hours' },
  { code: 'items', zh: '项', en: 'items' },
  { code: 'tokens', zh: 'tokens', en: 'tokens' },
  { code: 'gb', zh: 'GB', en: 'GB' },
] as const);
export const RAW_VOLUME_UNITS = codesOf(RAW_VOLUME_UNIT_LIST);
export type RawVolumeUnit = (typeof RAW_VOLUME_UNITS)[number];

/** The code whose Chinese or English label (or the code itself) is `text`, trimmed and ignoring case; null if none. */
export function codeOfLabel<C extends string>(list: readonly Labelled<C>[], text: string): C | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  return list.find((x) => x.code === t || x.zh.toLowerCase() === t || x.en.toLowerCase() === t)?.code ?? null;
}

/** The labels of a code (its own code when unknown, so old data still shows something). */
export function labelOf<C extends string>(list: readonly Labelled<C>[], code: string): { zh: string; en: string } {
  const x = list.find((l) => l.code === code);
  return x ? { zh: x.zh, en: x.en } : { zh: code, en: code };
}

// ---------------------------------------------------------------------------------------------------------
// Resource codes

/** A resource code: upper-case letters and digits in 2–4 groups joined by hyphens, e.g. LC-JY-0001 (at most 30 long). */
export const CATALOGUE_CODE_PATTERN = /^[A-Z][A-Z0-9]{0,9}(?:-[A-Z0-9]{1,10}){1,3}$/;
/** Longest resource code (it also serves as an order's tag). */
export const MAX_CATALOGUE_CODE_LENGTH = 30;

/** A code as typed (spaces, lower case, full-width hyphens and letters) in its stored form. */
export function normalizeCatalogueCode(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** The next free code of a sector (`LC-JY-0042` after the highest `LC-JY-` number taken), for the editor to propose. */
export function nextCatalogueCode(sector: CatalogueSector, taken: readonly string[], city = 'LC'): string {
  const prefix = `${city}-${CATALOGUE_SECTOR_LIST.find((s) => s.code === sector)?.prefix ?? 'QT'}-`;
  const highest = taken
    .filter((c) => c.startsWith(prefix) && /^\d+$/.test(c.slice(prefix.length)))
    .reduce((max, c) => Math.max(max, Number(c.slice(prefix.length))), 0);
  return `${prefix}${String(highest + 1).padStart(4, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle

/**
 * The catalogue's lifecycle, the one place its transitions are written: publish (a draft or an archived entry
 * becomes public and searchable), unpublish (back to draft, out of the index), archive (kept, not public).
 * Only the secretariat takes them.
 */
export const CATALOGUE_STEPS = {
  publish: { from: ['draft', 'archived'], to: 'published' },
  unpublish: { from: ['published', 'archived'], to: 'draft' },
  archive: { from: ['draft', 'published'], to: 'archived' },
} as const satisfies Record<string, { from: readonly CatalogueStatus[]; to: CatalogueStatus }>;
export type CatalogueStep = keyof typeof CATALOGUE_STEPS;

/** The status after `step` from `status`, or invalid_transition. */
export function applyCatalogueStep(status: CatalogueStatus, step: CatalogueStep): Result<CatalogueStatus, 'invalid_transition'> {
  const s = CATALOGUE_STEPS[step];
  return (s.from as readonly CatalogueStatus[]).includes(status) ? ok(s.to) : fail('invalid_transition');
}

/** What an entry needs before it is published; the fields (as the API names them) it still lacks. */
export function cataloguePublishProblems(e: { summary: string; taskTypes: readonly TaskType[] }): string[] {
  const missing: string[] = [];
  if (e.summary.trim() === '') missing.push('summary');
  if (e.taskTypes.length === 0) missing.push('taskTypes');
  return missing;
}

/** Whether the resource code may still change: only while the entry has never been public (links and imports use it). */
export const catalogueCodeEditable = (e: { status: CatalogueStatus; publishedAt: Date | null }): boolean =>
  e.status === 'draft' && e.publishedAt === null;

// ---------------------------------------------------------------------------------------------------------
// Annotation status

/**
 * Who moves an annotation status: the secretariat by hand, an award of an order made from the entry, or the
 * cancellation of such an award (an objection upheld).
 */
export type AnnotationMover = 'secretariat' | 'award' | 'award_cancelled';

/**
 * Moves of the annotation status. An award starts the work of an entry still waiting for it (an entry already
 * being annotated, or done, stays as it is); its cancellation only takes an entry out of 标注中. The secretariat
 * curates: it confirms 已完成, and sets any other status when the facts differ (a second round of work).
 */
export function moveAnnotationStatus(
  from: AnnotationStatus,
  to: AnnotationStatus,
  by: AnnotationMover,
): Result<AnnotationStatus, 'invalid_transition'> {
  if (from === to) return fail('invalid_transition');
  if (by === 'award') return from === 'pending' && to === 'in_progress' ? ok(to) : fail('invalid_transition');
  if (by === 'award_cancelled') return from === 'in_progress' ? ok(to) : fail('invalid_transition');
  return ok(to);
}

/** An entry's last annotation move, as its audit log recorded it. */
export type AnnotationMove = { from: AnnotationStatus; to: AnnotationStatus; by: AnnotationMover; orderId: string | null };

/**
 * Where an entry goes when the award of an order made from it is cancelled: back to the status it had before
 * that award moved it — if the award's move is still the entry's last one (the secretariat has not set it since)
 * and no other order from the entry is awarded, in progress or done. Null: it stays as it is.
 */
export function annotationStatusOnAwardCancelled(
  current: AnnotationStatus,
  lastMove: AnnotationMove | null,
  orderId: string,
  otherOrdersAtWork: number,
): AnnotationStatus | null {
  if (lastMove?.by !== 'award' || lastMove.orderId !== orderId || lastMove.to !== current) return null;
  if (otherOrdersAtWork > 0) return null;
  return moveAnnotationStatus(current, lastMove.from, 'award_cancelled').ok ? lastMove.from : null;
}

// ---------------------------------------------------------------------------------------------------------
// Viewers

/** Who looks at the catalogue; a vendor is `active` while verified and inside its verification period. */
export type CatalogueViewer =
  | { kind: 'public' }
  | { kind: 'secretariat' }
  | { kind: 'buyer'; orgId: string }
  | { kind: 'vendor'; orgId: string; active: boolean };

/** Whether the viewer may know the entry exists: published ones are public, the rest the secretariat's. */
export const catalogueEntryVisible = (status: CatalogueStatus, v: CatalogueViewer): boolean =>
  status === 'published' || v.kind === 'secretariat';

/**
 * Whether the viewer sees the entry's contact (shown to verified members only): the secretariat, verified vendors,
 * and buyers — organisations whose USCC was checked at registration (buyers have no further verification).
 * Never the public, nor a vendor that is pending, rejected, suspended or lapsed.
 */
export function catalogueContactVisible(v: CatalogueViewer): boolean {
  return v.kind === 'secretariat' || v.kind === 'buyer' || (v.kind === 'vendor' && v.active);
}

/** What the entry page offers. */
export const CATALOGUE_VIEWER_ACTIONS = [
  'edit', 'editCode', 'publish', 'unpublish', 'archive', 'setAnnotationStatus', 'seeLeads', 'registerInterest', 'startOrder',
  'seeContact',
] as const;
export type CatalogueViewerAction = (typeof CATALOGUE_VIEWER_ACTIONS)[number];

/** What this viewer may do with the entry now — the API's `permissions` and the web's buttons come from here. */
export function catalogueActions(
  e: { status: CatalogueStatus; publishedAt: Date | null },
  v: CatalogueViewer,
): Record<CatalogueViewerAction, boolean> {
  const secretariat = v.kind === 'secretariat';
  const step = (s: CatalogueStep) => secretariat && applyCatalogueStep(e.status, s).ok;
  const published = e.status === 'published';
  return {
    edit: secretariat,
    editCode: secretariat && catalogueCodeEditable(e),
    publish: step('publish'),
    unpublish: step('unpublish'),
    archive: step('archive'),
    setAnnotationStatus: secretariat,
    seeLeads: secretariat,
    registerInterest: published && v.kind === 'vendor' && v.active,
    startOrder: published && v.kind === 'buyer',
    seeContact: catalogueContactVisible(v),
  };
}

/** An order may be started from an entry only while the entry is published. */
export const catalogueEntryOrderable = (status: CatalogueStatus): boolean => status === 'published';

/** The fields of an order a buyer's wizard takes from an entry (the rest is the buyer's to write). */
export function orderDraftFromEntry(e: {
  id: string; code: string; title: string; modality: Modality; taskTypes: readonly TaskType[]; containsPersonalInfo: boolean;
  dataLevel: DataLevel; tags: readonly string[];
}): {
  title: string; modality: Modality; taskTypes: TaskType[]; containsPersonalInfo: boolean; securityLevel: 'public' | 'internal' | 'confidential';
  tags: string[]; catalogueEntryId: string;
} {
  return {
    title: `${e.title}标注`.slice(0, 200),
    modality: e.modality,
    taskTypes: [...e.taskTypes],
    containsPersonalInfo: e.containsPersonalInfo,
    // important and core data never leave a controlled environment; general data is internal by default
    securityLevel: e.dataLevel === 'general' ? 'internal' : 'confidential',
    tags: [...new Set([e.code, ...e.tags])].slice(0, 10),
    catalogueEntryId: e.id,
  };
}
