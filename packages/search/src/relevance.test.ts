import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOrders, searchVendors } from './queries.ts';
import { fixtureOrders, fixtureVendors, ORDER_ID, VENDOR_ID } from './relevance.fixtures.ts';
import { applyIndexSettings } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

// The Chinese relevance suite: what a vendor or buyer types, and what must come first (`first`: the top hit
// is one of these) or near the top (`top`: all of these within the first max(3, n) hits), and what must not be
// found at all (`not`: near misses that share characters with the query but are other work). Prints recall@10
// (share of the `first` and `top` documents in the first 10 hits, per query, averaged) and the false hits.
type Case = { q: string; first?: string[]; top?: string[]; none?: true; not?: string[]; why: string };

const SEGMENTATION = ['o02', 'o06', 'o12', 'o18', 'o21'];
const SEMANTIC_SEGMENTATION = ['o02', 'o06', 'o12', 'o21'];
const SEMANTIC = ['o32', 'o36'];
const AUDIO = ['o05', 'o15', 'o23', 'o30'];
const BBOX = ['o07', 'o10', 'o13', 'o19', 'o27', 'o29', 'o35'];

const ORDER_CASES: Case[] = [
  // exact trade terms
  { q: '激光雷达', top: ['o01', 'o29'], why: 'exact term in two titles' },
  { q: '语音转写', first: ['o05'], top: ['o05', 'o15', 'o30'], why: 'exact term, and the task type of three' },
  { q: '车道线', first: ['o02'], why: 'exact term' },
  { q: '交通标志', first: ['o19'], why: 'exact term' },
  { q: '知识图谱', first: ['o20'], why: 'exact term' },
  { q: '说话人分离', first: ['o23'], top: ['o23', 'o05'], why: 'exact term, title before task type' },
  { q: '发票', first: ['o08'], why: 'word inside a title' },
  { q: '医疗影像', first: ['o06'], why: 'exact term' },
  { q: '实例分割', first: ['o18'], why: 'exact term' },
  { q: '手写体', first: ['o17'], why: 'exact term' },
  { q: '情感分析', first: ['o14'], why: 'exact term' },
  { q: '关系抽取', top: ['o09', 'o20'], why: 'exact term, title and task type' },
  // sub-words of longer phrases
  { q: '分割', top: ['o02', 'o06', 'o12', 'o18', 'o21'], why: 'sub-word of 语义分割 / 实例分割 / 图像分割' },
  { q: '点云', top: ['o01', 'o21'], why: 'sub-word of 激光雷达点云' },
  { q: '雷达', top: ['o01', 'o29'], why: 'sub-word of 激光雷达' },
  { q: '集装箱', first: ['o18'], why: 'word inside a title' },
  { q: '骨骼', first: ['o25'], why: 'word inside a title' },
  // synonyms of the glossary
  { q: '3D框', top: ['o01', 'o29'], why: 'synonym group 三维框/3D框/cuboid' },
  { q: '三维框', top: ['o01', 'o29'], why: 'synonym group 三维框/3D框/cuboid' },
  { q: '拉框', top: ['o07', 'o10'], why: 'exact and synonym (矩形框/bbox)' },
  { q: '矩形框', top: ['o07', 'o10'], why: 'synonym of 拉框' },
  { q: '2D框', top: ['o07', 'o10'], why: 'synonym of 拉框' },
  { q: '语音识别', top: ['o05', 'o30'], why: 'synonym of 语音转写/ASR' },
  { q: '大语言模型', top: ['o03', 'o04'], why: 'synonym of 大模型' },
  { q: '指令微调', top: ['o03', 'o22'], why: 'synonym of SFT' },
  { q: '人类反馈强化学习', first: ['o04'], why: 'synonym of RLHF (task type rlhf_ranking)' },
  { q: '文字识别', top: ['o08', 'o17'], why: 'synonym of OCR' },
  { q: '命名实体识别', top: ['o09', 'o20'], why: 'task type ner' },
  { q: '无人驾驶', top: ['o01', 'o02', 'o19', 'o29'], why: 'synonym of 自动驾驶 (tags)' },
  { q: '医学影像', first: ['o06'], why: 'synonym of 医疗影像' },
  { q: '瑕疵检测', first: ['o10'], why: 'synonym of 缺陷检测' },
  { q: '数据清洗', first: ['o28'], why: 'synonym of 清洗去重' },
  // English terms
  { q: 'LiDAR', top: ['o01', 'o29'], why: 'English synonym of 激光雷达' },
  { q: 'bbox', top: ['o07', 'o10'], why: 'English term of 拉框' },
  { q: 'cuboid', top: ['o01', 'o29'], why: 'English term of 3D框' },
  { q: 'ASR', top: ['o30', 'o05'], why: 'in a title and the task type' },
  { q: 'LLM', top: ['o03', 'o04'], why: 'English synonym of 大模型' },
  { q: 'SFT', top: ['o03', 'o22'], why: 'in two titles' },
  { q: 'RLHF', first: ['o04'], why: 'task type rlhf_ranking' },
  { q: 'OCR', top: ['o08', 'o17'], why: 'in two titles' },
  { q: 'NER', top: ['o09', 'o20'], why: 'task type ner' },
  { q: 'segmentation', top: SEGMENTATION, why: 'English: every segmentation order (语义分割, 实例分割, 图像分割)' },
  { q: 'polygon', first: ['o26'], why: 'English term of 多边形' },
  { q: 'keypoint', top: ['o11', 'o25'], why: 'English term of 关键点' },
  { q: 'point cloud', top: ['o01', 'o21'], why: 'two-word English synonym of 点云' },
  { q: 'autonomous driving', top: ['o01', 'o02', 'o19', 'o29'], why: 'two-word English synonym of 自动驾驶' },
  // mixed Chinese and English, numbers
  { q: '3D点云', first: ['o01'], why: 'mixed: 3D + 点云' },
  { q: 'LiDAR点云', first: ['o01'], why: 'mixed: LiDAR + 点云' },
  { q: 'SFT多轮对话', first: ['o03'], why: 'mixed, exact title words' },
  { q: 'OCR发票', first: ['o08'], why: 'mixed, two title words' },
  { q: '医疗 SFT', first: ['o22'], why: 'two words, both needed' },
  // typos in English words
  { q: 'lidra', top: ['o01', 'o21'], why: 'one typo in lidar (the point-cloud orders)' },
  { q: 'segmentaton', top: ['o06'], why: 'one typo in segmentation' },
  { q: 'polgon', first: ['o26'], why: 'one typo in polygon' },
  { q: 'keypiont', top: ['o11', 'o25'], why: 'one typo in keypoint' },
  { q: 'trackng', top: ['o13'], why: 'one typo in tracking' },
  // never found: the description of a confidential order is not indexed
  { q: '绝密零件清单', none: true, why: 'confidential description is not in the index' },
  { q: 'XJ-2047', none: true, why: 'confidential description is not in the index' },
  // every name of a modality or task type: English
  { q: 'semantic segmentation', top: SEMANTIC_SEGMENTATION, not: SEMANTIC, why: 'English name of semantic_segmentation' },
  { q: 'instance segmentation', first: ['o18'], why: 'English name of instance_segmentation' },
  { q: 'bounding box', top: BBOX, why: 'English name of bbox' },
  { q: 'transcription', top: ['o05', 'o15', 'o30'], why: 'English name of transcription' },
  { q: 'speaker diarization', first: ['o23'], top: ['o23', 'o05'], why: 'English name of speaker_diarization' },
  { q: 'named entity recognition', top: ['o09', 'o20'], not: ['o33'], why: 'English name of ner' },
  { q: 'relation extraction', top: ['o09', 'o20'], why: 'English name of relation' },
  { q: 'sentiment analysis', first: ['o14'], why: 'English name of sentiment' },
  { q: 'multi-turn dialogue', top: ['o03', 'o22'], why: 'English name of sft_dialogue' },
  { q: 'preference ranking', first: ['o04'], why: 'English name of rlhf_ranking' },
  { q: 'lane marking', first: ['o02'], why: 'English name of lane_marking' },
  { q: 'audio', top: AUDIO, not: SEMANTIC, why: 'English name of the audio modality' },
  { q: 'multimodal', top: ['o16', 'o29'], why: 'English name of the multimodal modality' },
  // the trade's colloquial names
  { q: '画框', top: ['o07', 'o10'], not: ['o34'], why: 'colloquial bbox; not 框架' },
  { q: '抠图', top: SEGMENTATION, why: 'colloquial segmentation' },
  { q: '打点', top: ['o11', 'o25'], not: ['o37'], why: 'colloquial keypoint; not 关键帧' },
  { q: '听写', top: ['o05', 'o15', 'o30'], why: 'colloquial transcription' },
  { q: '转写', top: ['o05', 'o15', 'o30'], why: 'short for 语音转写' },
  { q: '语音标注', top: AUDIO, not: [...SEMANTIC, ...SEMANTIC_SEGMENTATION], why: 'any audio work; not 语义标注 (one character off)' },
  { q: '实体标注', top: ['o09', 'o20'], not: ['o33'], why: 'colloquial ner; not 实体店' },
  { q: '多轮对话', top: ['o03', 'o22'], why: 'sft_dialogue' },
  { q: '偏好排序', first: ['o04'], why: 'rlhf_ranking' },
  { q: '3D框', top: ['o01', 'o29'], why: 'cuboid_3d' },
  { q: '目标跟踪', top: ['o13', 'o01'], why: 'tracking' },
  // traditional characters (Taiwan and Hong Kong forms) find the simplified documents
  { q: '點雲', top: ['o01', 'o21'], not: ['o11', 'o25', 'o31'], why: 'traditional 点云' },
  { q: '語義分割', top: SEMANTIC_SEGMENTATION, not: SEMANTIC, why: 'traditional 语义分割' },
  { q: '語音轉寫', first: ['o05'], top: ['o05', 'o15', 'o30'], why: 'traditional 语音转写' },
  { q: '關鍵點', top: ['o11', 'o25'], not: ['o37'], why: 'traditional 关键点' },
  { q: '雷射雷達', top: ['o01', 'o29'], why: 'Taiwan’s word for LiDAR (激光雷达)' },
  { q: '實體識別', top: ['o09', 'o20'], not: ['o33'], why: 'traditional 实体识别' },
  { q: '醫療影像', first: ['o06'], why: 'traditional 医疗影像' },
  { q: '標註點雲', top: ['o01', 'o21'], not: ['o11', 'o25', 'o31'], why: 'traditional, with the common word 标注 first' },
  // semantic segmentation: all of them, and nothing that only shares 语义 or 分割
  { q: '语义分割', top: SEMANTIC_SEGMENTATION, not: SEMANTIC, why: 'every semantic_segmentation order, not 语义理解/语义标注' },
  // near misses: two shared characters are not the same word
  { q: '点云', top: ['o01', 'o21'], not: ['o11', 'o25', 'o31'], why: 'not 关键点 nor 云端' },
  { q: '点云标注', top: ['o01', 'o21'], not: ['o11', 'o25', 'o31'], why: '标注 is in almost every order' },
  { q: '语音', top: AUDIO, not: [...SEMANTIC, ...SEMANTIC_SEGMENTATION], why: 'not 语义' },
  { q: '语义', top: SEMANTIC, not: AUDIO, why: 'not 语音' },
  { q: '拉框', top: ['o07', 'o10'], not: ['o34'], why: 'not 框架' },
  { q: '文字识别', top: ['o08', 'o17'], not: ['o35'], why: 'not 人脸识别' },
  { q: '语音识别', top: ['o05', 'o30'], not: ['o35'], why: 'not 人脸识别' },
  { q: '关键点', top: ['o11', 'o25'], not: ['o37'], why: 'not 关键帧' },
];

const VENDOR_CASES: Case[] = [
  { q: '水城数标', first: ['v1'], why: 'name' },
  { q: '运河', first: ['v2'], why: 'sub-word of the name' },
  { q: '临清', first: ['v2'], why: 'county name 临清市' },
  { q: '点云', top: ['v1', 'v6'], why: 'modality point_cloud' },
  { q: '3D框', top: ['v1', 'v6'], why: 'task type cuboid_3d, synonym' },
  { q: '等保三级', top: ['v3', 'v6'], why: 'certification mlps3' },
  { q: 'ISO27001', top: ['v1', 'v3', 'v6'], why: 'valid certification (v4’s has expired)' },
  { q: '语音转写', top: ['v2', 'v5'], why: 'task type transcription' },
  { q: 'SFT', first: ['v3'], why: 'task type sft_dialogue' },
  { q: '安全屋', top: ['v1', 'v3', 'v6'], why: 'secure room' },
  { q: '规上企业', top: ['v1', 'v6'], why: 'above designated size' },
  { q: '點雲', top: ['v1', 'v6'], why: 'traditional 点云' },
  { q: '抠图', first: ['v6'], why: 'colloquial segmentation' },
  { q: '听写', top: ['v2', 'v5'], not: ['v3'], why: 'colloquial transcription' },
  { q: '打点', first: ['v3'], why: 'colloquial keypoint' },
];

let meili: TestMeilisearch;
const now = new Date('2026-06-01T00:00:00Z');

beforeAll(async () => {
  meili = await startTestMeilisearch();
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
  await meili.client.index(meili.uid('orders')).addDocuments(fixtureOrders()).waitTask();
  await meili.client.index(meili.uid('vendors')).addDocuments(fixtureVendors(now)).waitTask();
});
afterAll(async () => {
  await meili?.close();
});

const byId = (ids: Record<string, string>) => new Map(Object.entries(ids).map(([k, v]) => [v, k]));
const orderKey = byId(ORDER_ID);
const vendorKey = byId(VENDOR_ID);

type Outcome = { q: string; expected: number; found: number; falseHits: string[] };
const outcomes: Outcome[] = [];

/** Records recall@10 and false hits of a query (before asserting, so the figures cover failures too). */
function record(c: Case, keys: string[]) {
  const expected = [...new Set([...(c.first ?? []), ...(c.top ?? [])])];
  const firstTen = keys.slice(0, 10);
  outcomes.push({
    q: c.q,
    expected: expected.length,
    found: expected.filter((k) => firstTen.includes(k)).length,
    falseHits: keys.filter((k) => c.not?.includes(k) || c.none),
  });
}

afterAll(() => {
  const scored = outcomes.filter((o) => o.expected > 0);
  const recall = scored.reduce((sum, o) => sum + o.found / o.expected, 0) / scored.length;
  const negative = outcomes.filter((o) => o.falseHits.length > 0 || ORDER_CASES.concat(VENDOR_CASES).some((c) => c.q === o.q && (c.not || c.none)));
  const falseHits = outcomes.flatMap((o) => o.falseHits.map((k) => `${o.q}→${k}`));
  console.log(
    `relevance: recall@10 ${recall.toFixed(3)} over ${scored.length} queries; ` +
      `${falseHits.length} false hits over ${negative.length} queries with near misses${falseHits.length ? ` (${falseHits.join(', ')})` : ''}`,
  );
});

function judge(c: Case, keys: string[]) {
  record(c, keys);
  if (c.none) expect(keys, c.why).toEqual([]);
  if (c.not) expect(keys.filter((k) => c.not!.includes(k)), `${c.why}: got ${keys.join(',')}`).toEqual([]);
  if (c.first) expect(c.first, `${c.why}: got ${keys.join(',')}`).toContain(keys[0]);
  if (c.top) {
    const n = Math.max(3, c.top.length);
    expect(keys.slice(0, n), `${c.why}: got ${keys.join(',')}`).toEqual(expect.arrayContaining(c.top));
  }
}

describe('Chinese relevance: orders', () => {
  it('has at least 40 queries', () => {
    expect(ORDER_CASES.length + VENDOR_CASES.length).toBeGreaterThanOrEqual(40);
  });
  it.each(ORDER_CASES)('$q — $why', async (c) => {
    const page = await searchOrders(meili, { q: c.q, limit: 50 });
    judge(c, page.hits.map((h) => orderKey.get(h.id) ?? h.id));
  });
});

describe('Chinese relevance: vendors', () => {
  it.each(VENDOR_CASES)('$q — $why', async (c) => {
    const page = await searchVendors(meili, { q: c.q, limit: 50, now });
    judge(c, page.hits.map((h) => vendorKey.get(h.id) ?? h.id));
  });
});
