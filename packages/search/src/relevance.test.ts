import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOrders, searchVendors } from './queries.ts';
import { fixtureOrders, fixtureVendors, ORDER_ID, VENDOR_ID } from './relevance.fixtures.ts';
import { applyIndexSettings } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

// The Chinese relevance suite: what a vendor or buyer types, and what must come first (`first`: the top hit
// is one of these) or near the top (`top`: all of these within the first max(3, n) hits).
type Case = { q: string; first?: string[]; top?: string[]; none?: true; why: string };

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
  { q: 'segmentation', top: ['o06', 'o12'], why: 'English term of 语义分割' },
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
  { q: '绝密图纸编号', none: true, why: 'confidential description is not in the index' },
  { q: 'XJ-2047', none: true, why: 'confidential description is not in the index' },
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

function judge(c: Case, keys: string[]) {
  if (c.none) expect(keys, c.why).toEqual([]);
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
    const page = await searchOrders(meili, { q: c.q, limit: 10 });
    judge(c, page.hits.map((h) => orderKey.get(h.id) ?? h.id));
  });
});

describe('Chinese relevance: vendors', () => {
  it.each(VENDOR_CASES)('$q — $why', async (c) => {
    const page = await searchVendors(meili, { q: c.q, limit: 10, now });
    judge(c, page.hits.map((h) => vendorKey.get(h.id) ?? h.id));
  });
});
