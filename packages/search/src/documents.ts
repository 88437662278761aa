import { createHash } from 'node:crypto';
import type { CatalogueSourceRow, OrderSourceRow, PolicyServiceSourceRow, VendorSourceRow } from '@annex/db';
import { type Certification, type Modality, POLICY_CATEGORIES, PUBLISHED_STATUSES, type TaskType } from '@annex/domain';
import { GLOSSARY_TEXT } from './glossary.ts';
import { CATALOGUE_WORDS, CERTIFICATION_WORDS, CODE_NAMES, SECTOR_WORDS, countyName } from './labels.ts';
import { markdownToText, toSimplified } from './text.ts';

// Document mappers: what of an entity may be searched by anyone. Each field is picked by name — a new column
// never reaches an index by accident. Never here: bids or their amounts, contact persons and phones, USCCs,
// review/cancel reasons, sampling rules, and the description of a confidential order. Times are Unix seconds
// (filterable, sortable); money is integer fen. Text is simplified Chinese, descriptions plain text (text.ts).

// Raise when a mapper writes something else for the same row (a new field, other text).
const MAPPER_REVISION = 4;

/**
 * What wrote a document: the mappers' revision and the glossary (whose names go into `terms`). Indexed documents
 * of another mapping count as stale and are rewritten (check.ts), at the next start too (sync.ts).
 */
export const DOCUMENT_MAPPING = `${MAPPER_REVISION}.${createHash('sha256').update(GLOSSARY_TEXT).digest('hex').slice(0, 10)}`;

/** Unix seconds of a date (null stays null). */
export const unixSeconds = (d: Date | null): number | null => (d ? Math.floor(d.getTime() / 1000) : null);

/** Ranks statuses for relevance ties: orders still open for bids come first, then the newest. */
const STATUS_RANK: Record<string, number> = {
  open: 5, evaluation: 4, awarded: 3, in_progress: 2, completed: 1, terminated: 1, unsuccessful: 0,
};

/**
 * The secretariat's curation, in every document: `hidden` ones are filtered out for everyone but the secretariat,
 * `featuredRank` 1 ranks a featured listing first (a custom ranking rule needs a number, not a boolean).
 */
export type CurationFields = { hidden: boolean; featuredRank: number };

const curationOf = (row: { hidden: boolean; featured: boolean }): CurationFields => ({
  hidden: row.hidden, featuredRank: row.featured && !row.hidden ? 1 : 0,
});

/** A published order as the `orders` index holds it. */
export type OrderDocument = CurationFields & {
  id: string;
  version: number;
  /** DOCUMENT_MAPPING when written */
  mapping: string;
  title: string;
  /** plain text of the Markdown description; empty for confidential orders */
  description: string;
  buyerOrgId: string;
  buyerName: string;
  county: string | null;
  countyName: string | null;
  modality: string;
  taskTypes: string[];
  /** searchable words for the modality and task types */
  terms: string;
  tags: string[];
  status: string;
  statusRank: number;
  biddingMode: string;
  securityLevel: string;
  workLocation: string;
  containsPersonalInfo: boolean;
  budgetTotalFen: number | null;
  unitPriceCeilingFen: number | null;
  volumeQuantity: number | null;
  volumeUnit: string | null;
  accuracyTarget: number | null;
  requiredCertifications: string[];
  minHeadcount: number;
  requiresSecureRoom: boolean;
  publishedAt: number;
  questionsCloseAt: number | null;
  bidDeadline: number | null;
  deliveryDeadline: number | null;
};

/** A verified vendor as the `vendors` index holds it. */
export type VendorDocument = CurationFields & {
  id: string;
  version: number;
  /** DOCUMENT_MAPPING when written */
  mapping: string;
  name: string;
  county: string | null;
  countyName: string | null;
  modalities: string[];
  taskTypes: string[];
  /** searchable words for modalities, task types and certifications */
  terms: string;
  headcount: number;
  /** certifications valid on the day of indexing (names) */
  certifications: string[];
  /** expiry (Unix seconds, end of day) per certification: filters check validity at query time */
  certificationsUntil: Partial<Record<Certification, number>>;
  secureRoom: boolean;
  aboveDesignatedSize: boolean;
  yearsActive: number;
  revenueBand: string;
  tools: string[];
  /** total daily capacity over all task types */
  dailyCapacity: number;
  verifiedUntil: number;
  createdAt: number;
};

/** A published catalogue entry as the `catalogue` index holds it (never its contact or access conditions). */
export type CatalogueDocument = CurationFields & {
  id: string;
  version: number;
  /** DOCUMENT_MAPPING when written */
  mapping: string;
  code: string;
  title: string;
  /** plain text of the Markdown summary */
  description: string;
  agencyId: string;
  agencyName: string;
  agencyShortName: string | null;
  agencyNameEn: string | null;
  agencyKind: string;
  sector: string;
  /** searchable words for the sector, the modality and the suggested tasks, and the catalogue itself (公共数据) */
  terms: string;
  modality: string;
  taskTypes: string[];
  volumeQuantity: number | null;
  volumeUnit: string | null;
  updateFrequency: string;
  sharingType: string;
  openType: string;
  dataLevel: string;
  containsPersonalInfo: boolean;
  annotationStatus: string;
  county: string | null;
  countyName: string | null;
  tags: string[];
  publishedAt: number | null;
  updatedAt: number;
};

/** A policy-agency service (办事指南) as the `policy_services` index holds it. */
export type PolicyServiceDocument = CurationFields & {
  id: string;
  version: number;
  mapping: string;
  code: string;
  name: string;
  /** the category code (filter, facet) */
  category: string;
  /** the category's Chinese name (searchable) */
  categoryName: string;
  summary: string;
  /** document numbers, titles and articles */
  policyBasis: string;
  /** who may apply */
  eligibility: string;
  /** the free-text conditions */
  conditions: string;
  /** the responsible agencies, joined for display */
  agency: string;
  /** the responsible agencies (filter, facet) */
  agencies: string[];
  timeLimitDays: number | null;
  tags: string[];
  updatedAt: number;
};

const words = (codes: readonly string[], table: Record<string, string>) =>
  codes.map((c) => table[c]).filter(Boolean).join(' ');

/** All the names of these modalities and task types, each once. */
const names = (codes: readonly (Modality | TaskType)[]) => [...new Set(codes.flatMap((c) => CODE_NAMES[c] ?? []))].join(' ');

/** The order's document, or null when it must not be in the index (not published, or gone). */
export function toOrderDocument(row: OrderSourceRow | null, version: number): OrderDocument | null {
  if (!row || !PUBLISHED_STATUSES.includes(row.status) || !row.publishedAt) return null;
  return {
    id: row.id,
    version,
    mapping: DOCUMENT_MAPPING,
    title: toSimplified(row.title),
    description: row.securityLevel === 'confidential' ? '' : toSimplified(markdownToText(row.description)),
    buyerOrgId: row.buyerOrgId,
    buyerName: toSimplified(row.buyerName),
    county: row.buyerCounty,
    countyName: countyName(row.buyerCounty),
    modality: row.modality,
    taskTypes: [...row.taskTypes],
    terms: names([row.modality, ...row.taskTypes]),
    tags: row.tags.map(toSimplified),
    status: row.status,
    statusRank: STATUS_RANK[row.status] ?? 0,
    biddingMode: row.biddingMode,
    securityLevel: row.securityLevel,
    workLocation: row.workLocation,
    containsPersonalInfo: row.containsPersonalInfo,
    budgetTotalFen: row.budgetTotalFen,
    unitPriceCeilingFen: row.unitPriceCeilingFen,
    volumeQuantity: row.volumeQuantity,
    volumeUnit: row.volumeUnit,
    accuracyTarget: row.accuracyTarget,
    requiredCertifications: [...row.requiredCertifications],
    minHeadcount: row.minHeadcount,
    requiresSecureRoom: row.requiresSecureRoom,
    publishedAt: unixSeconds(row.publishedAt) as number,
    questionsCloseAt: unixSeconds(row.questionsCloseAt),
    bidDeadline: unixSeconds(row.bidDeadline),
    deliveryDeadline: unixSeconds(row.deliveryDeadline),
    ...curationOf(row),
  };
}

/** End of an ISO day (UTC) in Unix seconds: a certificate is valid through its expiry date. */
const endOfDay = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T23:59:59Z`) / 1000);

/** The vendor's document, or null unless it is verified now (not pending, rejected, suspended or lapsed). */
export function toVendorDocument(row: VendorSourceRow | null, version: number, now: Date): VendorDocument | null {
  if (row?.verificationStatus !== 'verified' || !row.verifiedUntil || row.verifiedUntil <= now) return null;
  const c = row.capabilities;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const until: Partial<Record<Certification, number>> = {};
  for (const holding of c.certifications ?? []) {
    const t = endOfDay(holding.expiresOn);
    if (Number.isFinite(t)) until[holding.name] = Math.max(until[holding.name] ?? 0, t);
  }
  const valid = (Object.keys(until) as Certification[]).filter((name) => (until[name] ?? 0) >= nowSeconds);
  return {
    id: row.id,
    version,
    mapping: DOCUMENT_MAPPING,
    name: toSimplified(row.name),
    county: row.county,
    countyName: countyName(row.county),
    modalities: [...(c.modalities ?? [])],
    taskTypes: [...(c.taskTypes ?? [])],
    terms: [
      names([...(c.modalities ?? []), ...(c.taskTypes ?? [])]),
      words(valid, CERTIFICATION_WORDS),
      c.secureRoom ? '安全屋' : '',
      c.aboveDesignatedSize ? '规上企业' : '',
    ].filter(Boolean).join(' '),
    headcount: c.headcount ?? 0,
    certifications: valid,
    certificationsUntil: until,
    secureRoom: Boolean(c.secureRoom),
    aboveDesignatedSize: Boolean(c.aboveDesignatedSize),
    yearsActive: c.yearsActive ?? 0,
    revenueBand: c.revenueBand,
    tools: [...(c.tools ?? [])],
    dailyCapacity: Object.values(c.dailyCapacity ?? {}).reduce<number>((sum, n) => sum + (n ?? 0), 0),
    verifiedUntil: unixSeconds(row.verifiedUntil) as number,
    createdAt: unixSeconds(row.createdAt) as number,
    ...curationOf(row),
  };
}

/** The catalogue entry's document, or null when it must not be in the index (not published, or gone). */
export function toCatalogueDocument(row: CatalogueSourceRow | null, version: number): CatalogueDocument | null {
  if (row?.status !== 'published') return null;
  return {
    id: row.id,
    version,
    mapping: DOCUMENT_MAPPING,
    code: row.code,
    title: toSimplified(row.title),
    description: toSimplified(markdownToText(row.summary)),
    agencyId: row.agencyId,
    agencyName: toSimplified(row.agencyName),
    agencyShortName: row.agencyShortName === null ? null : toSimplified(row.agencyShortName),
    agencyNameEn: row.agencyNameEn,
    agencyKind: row.agencyKind,
    sector: row.sector,
    terms: [CATALOGUE_WORDS, SECTOR_WORDS[row.sector] ?? '', names([row.modality, ...row.taskTypes])].filter(Boolean).join(' '),
    modality: row.modality,
    taskTypes: [...row.taskTypes],
    volumeQuantity: row.volumeQuantity,
    volumeUnit: row.volumeUnit,
    updateFrequency: row.updateFrequency,
    sharingType: row.sharingType,
    openType: row.openType,
    dataLevel: row.dataLevel,
    containsPersonalInfo: row.containsPersonalInfo,
    annotationStatus: row.annotationStatus,
    county: row.county,
    countyName: countyName(row.county),
    tags: row.tags.map(toSimplified),
    publishedAt: unixSeconds(row.publishedAt),
    updatedAt: unixSeconds(row.updatedAt) as number,
    ...curationOf(row),
  };
}

/** The policy service's document (its current version), or null when it is not published. Contact and materials never. */
export function toPolicyServiceDocument(row: PolicyServiceSourceRow | null, version: number): PolicyServiceDocument | null {
  if (row?.status !== 'published') return null;
  const categoryName = POLICY_CATEGORIES.find((c) => c.code === row.category)?.zh ?? row.category;
  const agencies = row.agencies.map(toSimplified);
  return {
    id: row.id, version, mapping: DOCUMENT_MAPPING, code: row.code, name: toSimplified(row.name), category: row.category, categoryName,
    summary: toSimplified(markdownToText(row.summary)),
    policyBasis: row.policyBasis.map((b) => toSimplified(`${b.documentNumber} ${b.title} ${b.article}`)).join('；'),
    eligibility: toSimplified(row.applicants), conditions: toSimplified(row.freeConditions.join('；')),
    agency: agencies.join('、'), agencies, timeLimitDays: row.timeLimitDays, tags: [categoryName],
    updatedAt: unixSeconds(row.updatedAt) as number, ...curationOf(row),
  };
}
