import { type Meilisearch, MeilisearchApiError, type Settings } from 'meilisearch';
import { chineseTerms, GLOSSARY, synonymMap } from './glossary.ts';

/** The indexes Annex keeps; documents carry an `id` primary key and a `version`. */
export const INDEX_NAMES = ['orders', 'vendors', 'catalogue', 'policy_services'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

/** The settings keys Annex manages; anything else stays at Meilisearch's defaults. */
type ManagedSettings = Required<
  Pick<
    Settings,
    | 'searchableAttributes' | 'filterableAttributes' | 'sortableAttributes' | 'localizedAttributes' | 'synonyms'
    | 'rankingRules' | 'typoTolerance' | 'faceting' | 'dictionary'
  >
>;

// The trade glossary (data/glossary.txt): jieba does not know that 拉框 and bbox mean the same thing.
const SYNONYMS = synonymMap(GLOSSARY);
// ...nor that 点云 is one word: cut into 点 and 云, it matched 关键点 and 云端. Its Chinese terms stay whole.
// This costs Meilisearch a few ms per query whatever the data (a multi-search with facet counts pays it per query):
// `BENCH_ONLY=dictionary pnpm bench:search`, 20k orders and 5k vendors, with vs without: direct p50 14.4 vs 10.3 ms,
// p95 26.6 vs 14.5 ms; through the API p50 16.6 vs 12.3 ms, p95 27.1 vs 20.0 ms (timeout 600 ms); on 40 orders
// p50 11.0 vs 4.9 ms. Kept, because the alternative lost relevance: without the dictionary, glossary terms quoted as
// phrases in the query (点云 → "点云") get no synonyms (Meilisearch applies none to phrases) — 画框 no longer
// finds 拉框 — and recall@10 fell from 1.000 to 0.770 (0 false hits both).
const DICTIONARY = chineseTerms(GLOSSARY);

// Typos: one from 5 letters (lidar → lidra), two from 9; never in numbers. A Chinese word is rarely longer than
// 4 characters, and one character off is another word (语音标注 is not 语义标注): Chinese gets no typos.
const TYPO_TOLERANCE = {
  enabled: true,
  minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
  disableOnWords: [],
  disableOnAttributes: [],
  disableOnNumbers: true,
};
const FACETING = { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' as const } };
// Featured listings (the secretariat's curation) come first among the hits that match as many of the words, before
// typos, proximity and any sort the caller asked for: a featured order that matches one word of two does not jump
// ahead of one that matches both, but with an empty query (the lists) featured ones lead.
const RELEVANCE = ['words', 'featuredRank:desc', 'typo', 'proximity', 'attribute', 'sort', 'exactness'];

/**
 * Index settings as code (DESIGN §5). Only public fields are indexed (see documents.ts). Times are Unix
 * seconds so they can be filtered and sorted; money is integer fen. Chinese fields are segmented as
 * Mandarin (`cmn`) whatever the query looks like.
 */
export const INDEX_SETTINGS: Record<IndexName, ManagedSettings> = {
  orders: {
    searchableAttributes: ['title', 'tags', 'terms', 'buyerName', 'countyName', 'description'],
    filterableAttributes: [
      'status', 'modality', 'taskTypes', 'biddingMode', 'securityLevel', 'workLocation', 'tags', 'buyerOrgId',
      'county', 'bidDeadline', 'budgetTotalFen', 'publishedAt', 'requiredCertifications', 'minHeadcount',
      'requiresSecureRoom', 'containsPersonalInfo',
      // saved-search alerts ask whether a search shows one given order (`id = …`)
      'id',
      // documents written by an older mapping are found and rewritten
      'mapping',
      // the secretariat's curation: hidden orders are left out for everyone else
      'hidden',
    ],
    sortableAttributes: ['publishedAt', 'bidDeadline', 'budgetTotalFen'],
    // ties: orders still open for bids first, then the newest, then the nearest deadline
    rankingRules: [...RELEVANCE, 'statusRank:desc', 'publishedAt:desc', 'bidDeadline:asc'],
    localizedAttributes: [
      { attributePatterns: ['title', 'description', 'tags', 'terms', 'buyerName', 'countyName'], locales: ['cmn'] },
    ],
    synonyms: SYNONYMS,
    dictionary: DICTIONARY,
    typoTolerance: TYPO_TOLERANCE,
    faceting: FACETING,
  },
  vendors: {
    searchableAttributes: ['name', 'terms', 'countyName', 'tools'],
    filterableAttributes: [
      'county', 'modalities', 'taskTypes', 'certifications', 'certificationsUntil', 'secureRoom',
      'aboveDesignatedSize', 'headcount', 'revenueBand', 'verifiedUntil', 'yearsActive', 'mapping', 'hidden',
    ],
    sortableAttributes: ['headcount', 'yearsActive', 'dailyCapacity', 'createdAt'],
    rankingRules: [...RELEVANCE, 'headcount:desc'],
    localizedAttributes: [{ attributePatterns: ['name', 'terms', 'countyName'], locales: ['cmn'] }],
    synonyms: SYNONYMS,
    dictionary: DICTIONARY,
    typoTolerance: TYPO_TOLERANCE,
    faceting: FACETING,
  },
  catalogue: {
    // the code first (LC-JY-0001 typed whole), then what the data is, then who holds it
    searchableAttributes: ['code', 'title', 'tags', 'agencyName', 'agencyShortName', 'terms', 'countyName', 'description'],
    filterableAttributes: [
      'sector', 'modality', 'taskTypes', 'openType', 'sharingType', 'dataLevel', 'annotationStatus', 'agencyId', 'county',
      'updateFrequency', 'containsPersonalInfo', 'tags', 'id', 'mapping', 'hidden',
    ],
    sortableAttributes: ['updatedAt', 'publishedAt', 'code'],
    // ties: the most recently changed first
    rankingRules: [...RELEVANCE, 'updatedAt:desc'],
    localizedAttributes: [
      { attributePatterns: ['title', 'description', 'tags', 'agencyName', 'agencyShortName', 'terms', 'countyName'], locales: ['cmn'] },
    ],
    synonyms: SYNONYMS,
    dictionary: DICTIONARY,
    typoTolerance: TYPO_TOLERANCE,
    faceting: FACETING,
  },
  policy_services: {
    searchableAttributes: ['name', 'tags', 'categoryName', 'summary', 'eligibility', 'conditions', 'policyBasis', 'agency'],
    filterableAttributes: ['category', 'agencies', 'tags', 'mapping', 'hidden'],
    sortableAttributes: ['timeLimitDays', 'updatedAt'],
    rankingRules: RELEVANCE,
    localizedAttributes: [
      {
        attributePatterns: ['name', 'tags', 'categoryName', 'summary', 'eligibility', 'conditions', 'policyBasis', 'agency'],
        locales: ['cmn'],
      },
    ],
    synonyms: SYNONYMS,
    dictionary: DICTIONARY,
    typoTolerance: TYPO_TOLERANCE,
    faceting: FACETING,
  },
};

/** One index's settings that differ from the code, by key. */
export type SettingsChange = { index: string; keys: string[] };

const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes', 'dictionary']);

/** Object keys sorted, recursively: Meilisearch answers objects in its own key order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** A comparable form: order matters only where Meilisearch gives it a meaning. */
function canonical(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (UNORDERED.has(key) && Array.isArray(value)) return JSON.stringify(value.map((v) => JSON.stringify(v)).sort());
  if (key === 'synonyms') {
    const map = value as Record<string, string[]>;
    return JSON.stringify(
      Object.keys(map)
        .map((word) => [word.toLowerCase(), [...(map[word] ?? [])].map((s) => s.toLowerCase()).sort()])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }
  return JSON.stringify(sortKeys(value));
}

/** Settings keys whose live value differs from the wanted one. */
export function diffSettings(current: Settings, wanted: Settings): string[] {
  return Object.keys(wanted).filter(
    (key) => canonical(key, current[key as keyof Settings]) !== canonical(key, wanted[key as keyof Settings]),
  );
}

/** True for Meilisearch's "index not found" answer. */
export function isIndexNotFound(error: unknown): boolean {
  return error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found';
}

async function ensureIndex(client: Meilisearch, uid: string): Promise<void> {
  try {
    await client.getRawIndex(uid);
  } catch (error) {
    if (!isIndexNotFound(error)) throw error;
    const task = await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
    // another process may have created it meanwhile: that is fine
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
      throw new Error(`Meilisearch could not create index "${uid}": ${task.error?.message ?? task.status}`);
    }
  }
}

/** Creates index `uid` if missing and brings the settings of `name` onto it; returns the keys it changed. */
export async function applySettingsTo(client: Meilisearch, uid: string, name: IndexName): Promise<string[]> {
  await ensureIndex(client, uid);
  const index = client.index(uid);
  const wanted = INDEX_SETTINGS[name];
  const keys = diffSettings(await index.getSettings(), wanted);
  if (keys.length === 0) return [];
  const update = Object.fromEntries(keys.map((key) => [key, wanted[key as keyof ManagedSettings]])) as Settings;
  const task = await index.updateSettings(update).waitTask({ timeout: 120_000 });
  if (task.status !== 'succeeded') {
    throw new Error(`Meilisearch refused the settings of index "${uid}": ${task.error?.message ?? task.status}`);
  }
  return keys;
}

/**
 * Creates the indexes and applies INDEX_SETTINGS idempotently: reads the live settings and
 * updates only the keys that differ. `prefix` namespaces the indexes (tests on a shared server).
 */
export async function applyIndexSettings(
  client: Meilisearch,
  options: { prefix?: string } = {},
): Promise<SettingsChange[]> {
  const changes: SettingsChange[] = [];
  for (const name of INDEX_NAMES) {
    const uid = `${options.prefix ?? ''}${name}`;
    const keys = await applySettingsTo(client, uid, name);
    if (keys.length > 0) changes.push({ index: uid, keys });
  }
  return changes;
}
