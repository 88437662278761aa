import type { Certification, Modality, TaskType } from '@annex/domain';
import { COUNTIES, type CatalogueSector } from '@annex/domain';
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

/** Words every catalogue entry is found by: it is public data, in the catalogue of data to annotate. */
export const CATALOGUE_WORDS = '公共数据 数据目录 公共数据标注目录 public data';

/**
 * Searchable words for each sector of the catalogue: its label, what people call it, the words of the agencies'
 * names that stand for it (教体 for 教育和体育), and English. The glossary's synonyms reach the other forms.
 */
export const SECTOR_WORDS: Record<CatalogueSector, string> = {
  education: '教育 教体 教育和体育 学校 education',
  science_technology: '科技 科学技术 科研 science technology',
  manufacturing: '制造 制造业 工业 工信 manufacturing',
  culture_tourism: '文旅 文化和旅游 文化 旅游 景区 culture tourism',
  health: '卫生健康 卫健 医疗 医疗卫生 health',
  agriculture: '农业农村 农业 农村 agriculture',
  transport: '交通 交通运输 transport',
  government: '政务 政务服务 government',
  urban_management: '城市管理 城管 urban management',
  environment: '生态环境 环保 环境 ecology environment',
  other: '',
};
