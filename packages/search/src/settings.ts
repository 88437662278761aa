import { type Meilisearch, MeilisearchApiError, type Settings } from 'meilisearch';

/** The indexes Annex keeps; documents carry an `id` primary key. */
export const INDEX_NAMES = ['orders', 'vendors', 'catalogue', 'policy_services'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

/** The settings keys Annex manages; anything else stays at Meilisearch's defaults. */
type ManagedSettings = Required<
  Pick<Settings, 'searchableAttributes' | 'filterableAttributes' | 'sortableAttributes' | 'localizedAttributes' | 'synonyms'>
>;

// Trade words people write in several ways; jieba does not know they mean the same thing.
const TRADE_SYNONYMS: Record<string, string[]> = {
  点云: ['激光雷达', 'lidar', 'point cloud'],
  激光雷达: ['点云', 'lidar'],
  lidar: ['点云', '激光雷达'],
  拉框: ['矩形框', '2d框', 'bbox'],
  矩形框: ['拉框', 'bbox'],
  bbox: ['拉框', '矩形框'],
  语音转写: ['语音识别', 'asr', 'transcription'],
  asr: ['语音转写', '语音识别'],
  语义分割: ['segmentation'],
  大模型: ['llm', 'sft'],
  规上: ['规模以上'],
  规模以上: ['规上'],
};

/**
 * Index settings as code (DESIGN §5). Only public fields are indexed: sealed amounts,
 * contact details and confidential fields never reach a document. Times are Unix seconds
 * so they can be filtered and sorted; money is integer fen.
 */
export const INDEX_SETTINGS: Record<IndexName, ManagedSettings> = {
  // published orders: id, title, description, buyerName, modality, taskTypes, tags, status,
  // biddingMode, securityLevel, workLocation, budgetTotalFen, bidDeadline, publishedAt, version
  orders: {
    searchableAttributes: ['title', 'tags', 'taskTypes', 'buyerName', 'description'],
    filterableAttributes: [
      'status', 'modality', 'taskTypes', 'biddingMode', 'securityLevel', 'workLocation',
      'tags', 'buyerOrgId', 'bidDeadline', 'budgetTotalFen', 'publishedAt',
    ],
    sortableAttributes: ['publishedAt', 'bidDeadline', 'budgetTotalFen'],
    localizedAttributes: [{ attributePatterns: ['title', 'description', 'tags', 'buyerName'], locales: ['cmn'] }],
    synonyms: TRADE_SYNONYMS,
  },
  // verified vendors: id, name, county, countyName, summary, modalities, taskTypes, headcount,
  // certifications, secureRoom, aboveDesignatedSize, yearsActive, revenueBand, rating, onTimeRate, version
  vendors: {
    searchableAttributes: ['name', 'countyName', 'taskTypes', 'summary'],
    filterableAttributes: [
      'county', 'modalities', 'taskTypes', 'certifications', 'secureRoom',
      'aboveDesignatedSize', 'headcount', 'revenueBand',
    ],
    sortableAttributes: ['headcount', 'rating', 'onTimeRate', 'yearsActive'],
    localizedAttributes: [{ attributePatterns: ['name', 'countyName', 'summary'], locales: ['cmn'] }],
    synonyms: TRADE_SYNONYMS,
  },
  // public-data catalogue: id, title, description, agency, sector, modality, rawVolume, suggestedTasks,
  // openness, dataLevel, updateFrequency, annotationStatus, tags, updatedAt, version
  catalogue: {
    searchableAttributes: ['title', 'tags', 'agency', 'description'],
    filterableAttributes: [
      'sector', 'modality', 'openness', 'dataLevel', 'annotationStatus', 'updateFrequency', 'suggestedTasks', 'tags',
    ],
    sortableAttributes: ['updatedAt'],
    localizedAttributes: [{ attributePatterns: ['title', 'description', 'agency', 'tags'], locales: ['cmn'] }],
    synonyms: TRADE_SYNONYMS,
  },
  // policy-agency services (办事指南): id, name, category, summary, policyBasis, eligibility, conditions,
  // agency, timeLimitDays, tags, version
  policy_services: {
    searchableAttributes: ['name', 'tags', 'summary', 'eligibility', 'conditions', 'policyBasis', 'agency'],
    filterableAttributes: ['category', 'agency', 'tags'],
    sortableAttributes: ['timeLimitDays'],
    localizedAttributes: [
      { attributePatterns: ['name', 'summary', 'eligibility', 'conditions', 'policyBasis', 'agency', 'tags'], locales: ['cmn'] },
    ],
    synonyms: {
      语料券: ['数据券'],
      算力券: ['算力补贴'],
      升规纳统: ['规上', '规模以上'],
      高企: ['高新技术企业'],
      高新技术企业: ['高企'],
    },
  },
};

/** One index's settings that differ from the code, by key. */
export type SettingsChange = { index: string; keys: string[] };

const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes']);

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
  return JSON.stringify(value);
}

/** Settings keys whose live value differs from the wanted one. */
export function diffSettings(current: Settings, wanted: Settings): string[] {
  return Object.keys(wanted).filter(
    (key) => canonical(key, current[key as keyof Settings]) !== canonical(key, wanted[key as keyof Settings]),
  );
}

async function ensureIndex(client: Meilisearch, uid: string): Promise<void> {
  try {
    await client.getRawIndex(uid);
  } catch (error) {
    if (!(error instanceof MeilisearchApiError) || error.cause?.code !== 'index_not_found') throw error;
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
  }
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
    await ensureIndex(client, uid);
    const index = client.index(uid);
    const wanted = INDEX_SETTINGS[name];
    const keys = diffSettings(await index.getSettings(), wanted);
    if (keys.length === 0) continue;
    const update = Object.fromEntries(keys.map((key) => [key, wanted[key as keyof ManagedSettings]])) as Settings;
    const task = await index.updateSettings(update).waitTask();
    if (task.status !== 'succeeded') {
      throw new Error(`Meilisearch refused the settings of index "${uid}": ${task.error?.message ?? task.status}`);
    }
    changes.push({ index: uid, keys });
  }
  return changes;
}
