import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_ID, fixtureCatalogue } from './catalogue-relevance.fixtures.ts';
import { searchCatalogue, searchEverything } from './queries.ts';
import { applyIndexSettings } from './settings.ts';
import { startTestMeilisearch, type TestMeilisearch } from './testing.ts';

// The catalogue's Chinese relevance: what a firm's manager or an official types for public data — an agency by its
// full name or by what people call it, a sector by its short form, a topic, a resource code — and what must come
// first (`first`), near the top (`top`: all within the first max(3, n)), or not at all (`not`).
type Case = { q: string; first?: string[]; top?: string[]; not?: string[]; why: string };

const EDUCATION = ['c01', 'c02', 'c03'];
const CULTURE_TOURISM = ['c04', 'c05', 'c06'];
const HEALTH = ['c07', 'c08', 'c09'];

const CASES: Case[] = [
  // agencies: full names, short names, and what people call them
  { q: '聊城市文化和旅游局', top: CULTURE_TOURISM, why: 'full name of the agency' },
  { q: '市文旅局', top: CULTURE_TOURISM, why: 'short name of the agency' },
  { q: '文旅局', top: CULTURE_TOURISM, why: 'the short name without 市' },
  { q: '聊城市教育和体育局', top: EDUCATION, why: 'full name of the agency' },
  { q: '教体局', top: EDUCATION, why: 'what people call 教育和体育局' },
  { q: '教育局', top: EDUCATION, why: 'the older name of 教育和体育局' },
  { q: '卫健委', top: ['c07', 'c09'], why: 'short name of 卫生健康委员会' },
  { q: '卫生健康委员会', top: ['c07', 'c09'], why: 'the agency’s name without the city' },
  { q: '大数据局', top: ['c12', 'c21'], why: '大数据局 and 大数据中心 are one to the public' },
  { q: '大数据中心', top: ['c12', 'c21'], why: 'the other way round' },
  { q: '12345热线', first: ['c10'], why: 'short name of the hotline' },
  { q: '政务热线', first: ['c10'], why: 'what people call the 12345 hotline' },
  { q: '交警支队', first: ['c13'], why: 'short name of the traffic police' },
  { q: '交警', first: ['c13'], why: 'abbreviation of 交通警察' },
  { q: '工信局', first: ['c17'], why: 'short name of 工业和信息化局' },
  { q: '市人民医院', first: ['c08'], why: 'short name of a hospital' },
  { q: '聊城公交', first: ['c14'], why: 'a state enterprise by its short name' },
  { q: '综合执法局', first: ['c19'], why: 'short name of 综合行政执法局' },
  // sectors by their labels and short forms
  { q: '文旅', top: CULTURE_TOURISM, why: 'sector short form' },
  { q: '文化和旅游', top: CULTURE_TOURISM, why: 'sector in full' },
  { q: '卫健', top: HEALTH, why: 'sector short form (the hospital’s entry too)' },
  { q: '卫生健康', top: HEALTH, why: 'sector label' },
  { q: '教体', top: EDUCATION, why: 'sector short form' },
  { q: '教育', top: EDUCATION, why: 'sector label' },
  { q: '农业农村', top: ['c15', 'c16'], why: 'sector label' },
  { q: '农业', top: ['c15', 'c16'], why: 'part of the sector label' },
  { q: '城管', first: ['c19'], why: 'short form of 城市管理' },
  { q: '环保', first: ['c20'], why: 'what people call ecology and environment' },
  { q: '生态环境', first: ['c20'], why: 'sector label' },
  { q: '制造业', first: ['c17'], why: 'sector' },
  // topics, the trade's words and codes
  { q: '病历', first: ['c07'], why: 'word in a title and a tag' },
  { q: '客流', top: ['c04', 'c14'], why: 'tag of two entries' },
  { q: '古籍', first: ['c05'], why: 'word in a title' },
  { q: '遥感', first: ['c15'], why: 'tag' },
  { q: '瑕疵检测', first: ['c17'], why: 'glossary synonym of 缺陷检测' },
  { q: '语音转写', top: ['c03', 'c09'], why: 'suggested task transcription' },
  { q: '实体识别', top: ['c07', 'c10', 'c18'], why: 'suggested task ner' },
  { q: 'LC-JY-0001', first: ['c01'], why: 'a resource code typed whole' },
  { q: 'LC-WJ-0003', first: ['c09'], why: 'a resource code typed whole' },
  { q: '醫療', top: ['c07'], why: 'traditional characters' },
  // near misses
  { q: '文化', top: ['c05', 'c04', 'c06'], not: ['c01'], why: 'culture, not education' },
  { q: '交通', top: ['c13', 'c14'], why: 'sector transport' },
];

let meili: TestMeilisearch;
beforeAll(async () => {
  meili = await startTestMeilisearch();
  await applyIndexSettings(meili.client, { prefix: meili.prefix });
  await meili.client.index(meili.uid('catalogue')).addDocuments(fixtureCatalogue()).waitTask();
});
afterAll(async () => {
  await meili?.close();
});

const keyOf = new Map(Object.entries(ENTRY_ID).map(([k, v]) => [v, k]));
const found: { q: string; expected: number; hit: number }[] = [];

afterAll(() => {
  const recall = found.reduce((s, f) => s + f.hit / f.expected, 0) / Math.max(1, found.length);
  console.log(`catalogue relevance: recall@10 ${recall.toFixed(3)} over ${found.length} queries`);
});

describe('Chinese relevance: the catalogue', () => {
  it.each(CASES)('$q — $why', async (c) => {
    const page = await searchCatalogue(meili, { q: c.q, limit: 20 });
    const keys = page.hits.map((h) => keyOf.get(h.id) ?? h.id);
    const expected = [...new Set([...(c.first ?? []), ...(c.top ?? [])])];
    found.push({ q: c.q, expected: expected.length, hit: expected.filter((k) => keys.slice(0, 10).includes(k)).length });
    if (c.not) expect(keys.filter((k) => c.not!.includes(k)), `${c.why}: got ${keys.join(',')}`).toEqual([]);
    if (c.first) expect(c.first, `${c.why}: got ${keys.join(',')}`).toContain(keys[0]);
    if (c.top) expect(keys.slice(0, Math.max(3, c.top.length)), `${c.why}: got ${keys.join(',')}`).toEqual(expect.arrayContaining(c.top));
  });

  it('finds every entry by 公共数据, the words the home page uses', async () => {
    expect((await searchCatalogue(meili, { q: '公共数据', limit: 50 })).total).toBe(fixtureCatalogue().length);
  });

  it('counts facets disjunctively and sorts by code', async () => {
    const page = await searchCatalogue(meili, { sector: ['health'], sort: 'code', limit: 10 });
    expect(page.hits.map((h) => h.code)).toEqual(['LC-WJ-0001', 'LC-WJ-0002', 'LC-WJ-0003']);
    // the sector's own counts ignore its selection, the others follow it
    expect(page.facets.sector).toMatchObject({ health: 3, education: 3, culture_tourism: 3 });
    expect(page.facets.modality).toEqual({ text: 1, image: 1, audio: 1 });
  });

  it('shows catalogue entries in the global search beside the other kinds', async () => {
    const r = await searchEverything(meili, { q: '文旅局' });
    expect(r.catalogue.hits.map((h) => keyOf.get(h.id))).toEqual(expect.arrayContaining(CULTURE_TOURISM));
    expect(r.catalogue.hits[0]!.highlight.agencyName ?? r.catalogue.hits[0]!.highlight.title).toContain('<mark>');
  });
});
