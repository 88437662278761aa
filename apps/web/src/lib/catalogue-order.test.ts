import type { CatalogueEntry } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { orderValuesFromEntry } from './catalogue-order.ts';

const entry = {
  id: '0b6f8a52-3c1d-4e7a-9f00-1234567890ab',
  code: 'LC-WL-0003',
  title: '景区客流监控视频',
  summary: '景区出入口的监控视频。\n\n已做人脸模糊处理。',
  agency: { id: '1b6f8a52-3c1d-4e7a-9f00-1234567890ab', name: '聊城市文化和旅游局', shortName: '市文旅局', nameEn: null, kind: 'government' },
  modality: 'video',
  taskTypes: ['bbox', 'tracking'],
  volume: { quantity: 12000, unit: 'hours' },
  openType: 'conditional',
  accessConditions: '签署承诺书\n仅限模型训练',
  dataLevel: 'general',
  containsPersonalInfo: true,
  tags: ['客流', '景区'],
} as unknown as CatalogueEntry;

describe('an order started from a catalogue entry', () => {
  it('takes the title, modality, task types and tags (code first) from the entry', () => {
    const v = orderValuesFromEntry(entry);
    expect(v).toMatchObject({ title: '景区客流监控视频标注', modality: 'video', taskTypes: 'bbox,tracking', tags: 'LC-WL-0003，客流，景区' });
  });

  it('names the entry with a link, quotes its summary line by line and lists its terms', () => {
    const d = orderValuesFromEntry(entry).description;
    expect(d).toContain('[LC-WL-0003 景区客流监控视频](/catalogue/LC-WL-0003)');
    expect(d).toContain('> 景区出入口的监控视频。\n>\n> 已做人脸模糊处理。');
    expect(d).toContain('签署承诺书 仅限模型训练');
  });

  it('cuts a long summary at a line end', () => {
    const long = { ...entry, summary: `${'甲'.repeat(800)}\n${'乙'.repeat(800)}` } as CatalogueEntry;
    const d = orderValuesFromEntry(long).description;
    expect(d).toContain(`> ${'甲'.repeat(800)}…`);
    expect(d).not.toContain('乙');
  });
});
