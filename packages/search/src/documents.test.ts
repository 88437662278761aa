import type { OrderSourceRow, VendorSourceRow } from '@annex/db';
import { MODALITIES, TASK_TYPES } from '@annex/domain';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_MAPPING, toOrderDocument, toVendorDocument } from './documents.ts';
import { chineseTerms, GLOSSARY, namesByCode, parseGlossary, synonymMap } from './glossary.ts';
import { fixtureOrders } from './relevance.fixtures.ts';

const now = new Date('2026-06-01T00:00:00Z');

describe('toOrderDocument', () => {
  const row = (o: Partial<OrderSourceRow>) =>
    ({ ...(fixtureOrders()[0] as unknown as OrderSourceRow), publishedAt: now, updatedAt: now, bidDeadline: null,
       questionsCloseAt: null, deliveryDeadline: null, buyerCounty: null, ...o }) as OrderSourceRow;

  it('indexes published orders only', () => {
    for (const status of ['draft', 'pending_review', 'cancelled'] as const) expect(toOrderDocument(row({ status }), 1)).toBeNull();
    for (const status of ['open', 'evaluation', 'awarded', 'in_progress', 'completed', 'unsuccessful'] as const) {
      expect(toOrderDocument(row({ status }), 1)?.status).toBe(status);
    }
    expect(toOrderDocument(null, 3)).toBeNull();
  });

  it('leaves out the description of a confidential order and stores times as Unix seconds', () => {
    const doc = toOrderDocument(row({ securityLevel: 'confidential', description: '机密内容' }), 7)!;
    expect(doc.description).toBe('');
    expect(doc.version).toBe(7);
    expect(doc.publishedAt).toBe(now.getTime() / 1000);
    expect(doc.terms).toContain('点云');
  });

  it('indexes the description as plain text: no Markdown or HTML source reaches a snippet', () => {
    const description = '## 要求\n\n**准确率** ≥ 97%，见[规范](https://example.com/spec.pdf)。\n\n- 拉框\n- <b>关键点</b> &amp; 骨骼\n\n![示例](a.png)<script>alert(1)</script>\n\n| 字段 | 说明 |\n|---|---|\n| bbox | 矩形框 |';
    expect(toOrderDocument(row({ description }), 1)!.description).toBe(
      '要求 准确率 ≥ 97%，见规范。 拉框 关键点 & 骨骼 字段 说明 bbox 矩形框',
    );
  });

  it('writes traditional Chinese as simplified, and its mapping', () => {
    const doc = toOrderDocument(row({ title: '醫療影像點雲語義分割', description: '資料標註', tags: ['點雲'], buyerName: '星衡智駕' }), 1)!;
    expect(doc).toMatchObject({ title: '医疗影像点云语义分割', description: '资料标注', tags: ['点云'], buyerName: '星衡智驾' });
    expect(doc.mapping).toBe(DOCUMENT_MAPPING);
  });

  it('indexes every name of its modality and task types', () => {
    const doc = toOrderDocument(row({ modality: 'image', taskTypes: ['semantic_segmentation', 'instance_segmentation'] }), 1)!;
    for (const name of ['语义分割', 'semantic segmentation', '实例分割', '分割', 'segmentation', '图像', 'image']) {
      expect(doc.terms).toContain(name);
    }
    // the other Chinese names are reached by synonyms; names the two task types share appear once
    expect(doc.terms).not.toContain('抠图');
    expect(doc.terms.split(' ').filter((w) => w === '分割')).toHaveLength(1);
  });
});

describe('curation in documents', () => {
  it.each([
    // [hidden, featured] → [hidden, featuredRank]: a hidden listing never ranks as featured
    [false, false, false, 0],
    [false, true, false, 1],
    [true, false, true, 0],
    [true, true, true, 0],
  ])('hidden %s, featured %s → hidden %s, featuredRank %i', (hidden, featured, outHidden, rank) => {
    const row = {
      ...(fixtureOrders()[0] as unknown as OrderSourceRow), publishedAt: now, updatedAt: now, bidDeadline: null, questionsCloseAt: null,
      deliveryDeadline: null, hidden, featured,
    };
    const doc = toOrderDocument(row, 1)!;
    expect(doc).toMatchObject({ hidden: outHidden, featuredRank: rank });
  });
});

describe('toVendorDocument', () => {
  const vendor = (v: Partial<VendorSourceRow>): VendorSourceRow => ({
    id: 'v', name: '服务商', county: '371581', verificationStatus: 'verified', verifiedUntil: new Date('2027-01-01'),
    createdAt: now, hidden: false, featured: false,
    capabilities: {
      modalities: ['audio'], taskTypes: ['transcription'], headcount: 10, dailyCapacity: { transcription: 5 },
      certifications: [{ name: 'iso9001', expiresOn: '2026-05-31' }, { name: 'dcmm', expiresOn: '2026-06-01' }],
      secureRoom: false, tools: [], yearsActive: 1, revenueBand: 'lt1m', aboveDesignatedSize: false,
    },
    ...v,
  });

  it('indexes vendors verified now only', () => {
    expect(toVendorDocument(vendor({}), 1, now)).not.toBeNull();
    for (const verificationStatus of ['pending', 'rejected', 'suspended'] as const) {
      expect(toVendorDocument(vendor({ verificationStatus }), 1, now)).toBeNull();
    }
    expect(toVendorDocument(vendor({ verifiedUntil: new Date('2026-05-01') }), 1, now)).toBeNull();
  });

  it('lists certificates valid today, with every expiry for query-time checks', () => {
    const doc = toVendorDocument(vendor({}), 1, now)!;
    expect(doc.certifications).toEqual(['dcmm']);
    expect(Object.keys(doc.certificationsUntil).sort()).toEqual(['dcmm', 'iso9001']);
    expect(doc.countyName).toBe('临清市');
    expect(doc.dailyCapacity).toBe(5);
  });
});

describe('the industry glossary', () => {
  it('has at least 40 groups, including the trade’s core terms', () => {
    expect(GLOSSARY.length).toBeGreaterThanOrEqual(40);
    const together = (...terms: string[]) =>
      expect(GLOSSARY.some((g) => terms.every((t) => g.terms.includes(t))), terms.join('/')).toBe(true);
    together('拉框', '画框', '2D框', '矩形框', 'bbox');
    together('点云', 'point cloud');
    together('激光雷达', 'LiDAR', '雷达');
    together('三维框', '3D框', 'cuboid');
    together('分割', 'segmentation', '抠图');
    together('关键点', 'keypoint', '打点');
    together('语音转写', 'transcription', '转写', '听写');
    together('ASR', '语音识别');
    together('大模型', 'LLM', '大语言模型');
    together('SFT', '指令微调');
    together('RLHF', '人类反馈强化学习', '偏好排序');
    together('语义分割', 'semantic segmentation');
    together('OCR', '文字识别');
    together('实体识别', 'NER', '实体标注');
  });

  it('names every modality and task type in Chinese and in English, and indexes a name of each', () => {
    const indexed = namesByCode(GLOSSARY);
    for (const code of [...MODALITIES, ...TASK_TYPES]) {
      const names = GLOSSARY.filter((g) => g.codes.includes(code)).flatMap((g) => g.terms);
      expect(names.some((n) => /\p{Script=Han}/u.test(n)), `${code} in Chinese`).toBe(true);
      expect(names.some((n) => /^[a-z0-9 -]+$/i.test(n)), `${code} in English`).toBe(true);
      expect(indexed[code].length, code).toBeGreaterThan(0);
    }
  });

  it('keeps Chinese terms whole, as written', () => {
    const dictionary = chineseTerms(GLOSSARY);
    expect(dictionary).toEqual(expect.arrayContaining(['点云', '拉框', '3D框', '语义分割']));
    expect(dictionary).not.toContain('bbox');
  });

  it('refuses a term in two groups and an unknown code, and maps every term to the others', () => {
    expect(() => parseGlossary('a | b\nc | A')).toThrow(/also on line 1/);
    expect(() => parseGlossary('[pointcloud] 点云 | point cloud')).toThrow(/"pointcloud" is no modality or task type/);
    expect(parseGlossary('[bbox keypoint] 框 | box')).toEqual([{ codes: ['bbox', 'keypoint'], terms: ['框', 'box'] }]);
    expect(synonymMap(parseGlossary('# x\nA | b | c\n'))).toEqual({ a: ['b', 'c'], b: ['a', 'c'], c: ['a', 'b'] });
  });
});
