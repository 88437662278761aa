import type { OrderSourceRow, VendorSourceRow } from '@annex/db';
import { describe, expect, it } from 'vitest';
import { toOrderDocument, toVendorDocument } from './documents.ts';
import { fixtureOrders } from './relevance.fixtures.ts';
import { loadSynonymGroups, parseSynonymGroups, synonymMap } from './synonyms.ts';

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
});

describe('toVendorDocument', () => {
  const vendor = (v: Partial<VendorSourceRow>): VendorSourceRow => ({
    id: 'v', name: '服务商', county: '371581', verificationStatus: 'verified', verifiedUntil: new Date('2027-01-01'),
    createdAt: now,
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
    const groups = loadSynonymGroups();
    expect(groups.length).toBeGreaterThanOrEqual(40);
    const together = (...terms: string[]) =>
      expect(groups.some((g) => terms.every((t) => g.includes(t.toLowerCase()))), terms.join('/')).toBe(true);
    together('拉框', '2D框', '矩形框', 'bbox');
    together('点云', 'LiDAR', '激光雷达');
    together('三维框', '3D框', 'cuboid');
    together('语音转写', 'ASR', '语音识别');
    together('大模型', 'LLM', '大语言模型');
    together('SFT', '指令微调');
    together('RLHF', '人类反馈强化学习');
    together('语义分割', 'segmentation');
    together('OCR', '文字识别');
    together('实体识别', 'NER');
  });

  it('refuses a term in two groups, and maps every term to the others', () => {
    expect(() => parseSynonymGroups('a | b\nc | A')).toThrow(/also on line 1/);
    expect(synonymMap(parseSynonymGroups('# x\nA | b | c\n'))).toEqual({ a: ['b', 'c'], b: ['a', 'c'], c: ['a', 'b'] });
  });
});
