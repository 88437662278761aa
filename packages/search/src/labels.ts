import type { Certification, Modality, TaskType } from '@annex/domain';
import { COUNTIES } from '@annex/domain';
import { GLOSSARY, namesByCode } from './glossary.ts';

// Searchable words for the codes of the trade vocabulary: a document that only says `cuboid_3d` must still be
// found by 3D框, 三维框 or cuboid. Not UI labels (those live in the web's messages).

/** Every name of each modality and task type in the glossary (English, Chinese and the trade's own words). */
export const CODE_NAMES: Record<Modality | TaskType, string[]> = namesByCode(GLOSSARY);

/** Words for each certification. */
export const CERTIFICATION_WORDS: Record<Certification, string> = {
  iso27001: 'ISO27001 信息安全管理体系',
  iso9001: 'ISO9001 质量管理体系',
  dcmm: 'DCMM 数据管理能力成熟度',
  mlps3: '等保三级',
  iso27701: 'ISO27701 隐私信息管理',
  cmmi3: 'CMMI3',
};

/** The Chinese name of a county code, or null. */
export function countyName(code: string | null): string | null {
  return COUNTIES.find((c) => c.code === code)?.zh ?? null;
}
