import type { CatalogueSourceRow } from '@annex/db';
import type { AgencyKind, CatalogueSector, Modality, TaskType } from '@annex/domain';
import { type CatalogueDocument, toCatalogueDocument } from './documents.ts';

// A small public-data catalogue of Liaocheng for the catalogue's relevance tests: one topic per entry, agencies
// named as the city names them (full name and what people call it).

type A = [name: string, shortName: string, kind: AgencyKind];
const AGENCIES = {
  jt: ['聊城市教育和体育局', '市教体局', 'government'],
  wl: ['聊城市文化和旅游局', '市文旅局', 'government'],
  wj: ['聊城市卫生健康委员会', '市卫健委', 'government'],
  rmyy: ['聊城市人民医院', '市人民医院', 'institution'],
  rx: ['聊城市12345政务服务便民热线', '12345热线', 'institution'],
  sp: ['聊城市行政审批服务局', '市行政审批局', 'government'],
  dsj: ['聊城市大数据局', '市大数据局', 'government'],
  dszx: ['聊城市大数据中心', '市大数据中心', 'institution'],
  jj: ['聊城市公安局交通警察支队', '市交警支队', 'government'],
  gj: ['聊城市公共交通集团有限公司', '聊城公交', 'state_enterprise'],
  ny: ['聊城市农业农村局', '市农业农村局', 'government'],
  gx: ['聊城市工业和信息化局', '市工信局', 'government'],
  kj: ['聊城市科学技术局', '市科技局', 'government'],
  zf: ['聊城市综合行政执法局', '市综合执法局', 'government'],
  st: ['聊城市生态环境局', '市生态环境局', 'government'],
} satisfies Record<string, A>;

type E = [key: string, code: string, title: string, sector: CatalogueSector, agency: keyof typeof AGENCIES, modality: Modality,
  taskTypes: TaskType[], tags: string[], summary: string];

const ENTRIES: E[] = [
  ['c01', 'LC-JY-0001', '全市中小学课堂教学视频', 'education', 'jt', 'video', ['classification', 'transcription'], ['课堂', '教学'], '公开课与优质课录像，按学科和年级整理。'],
  ['c02', 'LC-JY-0002', '中小学生体质健康测试数据', 'education', 'jt', 'text', ['classification'], ['体测', '学生'], '历年体测成绩与体检指标，已去标识化。'],
  ['c03', 'LC-JY-0003', '高考志愿填报咨询通话录音', 'education', 'jt', 'audio', ['transcription'], ['高考', '志愿'], '志愿填报季咨询电话录音。'],
  ['c04', 'LC-WL-0001', '重点景区客流监控视频', 'culture_tourism', 'wl', 'video', ['bbox', 'tracking'], ['景区', '客流'], '光岳楼、东昌湖等景区出入口监控画面。'],
  ['c05', 'LC-WL-0002', '海源阁古籍数字化影像', 'culture_tourism', 'wl', 'image', ['ocr'], ['古籍', '文物'], '馆藏古籍逐页扫描影像。'],
  ['c06', 'LC-WL-0003', '旅游投诉与咨询文本', 'culture_tourism', 'wl', 'text', ['classification', 'sentiment'], ['投诉'], '游客投诉和咨询记录。'],
  ['c07', 'LC-WJ-0001', '基层医疗机构门诊电子病历', 'health', 'wj', 'text', ['ner', 'relation'], ['病历'], '乡镇卫生院门诊病历文本，已脱敏。'],
  ['c08', 'LC-WJ-0002', '胸部CT医学影像', 'health', 'rmyy', 'image', ['semantic_segmentation'], ['CT', '肺结节'], '胸部CT序列影像。'],
  ['c09', 'LC-WJ-0003', '120急救调度通话录音', 'health', 'wj', 'audio', ['transcription', 'speaker_diarization'], ['急救'], '急救中心调度电话录音。'],
  ['c10', 'LC-ZW-0001', '政务服务便民热线工单', 'government', 'rx', 'text', ['classification', 'ner'], ['工单'], '市民来电形成的工单文本与办理结果。'],
  ['c11', 'LC-ZW-0002', '政务服务事项办事指南', 'government', 'sp', 'text', ['sft_dialogue'], ['办事指南'], '全市政务服务事项的申请条件与材料。'],
  ['c12', 'LC-ZW-0003', '公共数据开放平台数据集元数据', 'government', 'dsj', 'text', ['classification'], ['元数据'], '开放数据集的名称、字段和说明。'],
  ['c13', 'LC-JT-0001', '城区路口交通监控视频', 'transport', 'jj', 'video', ['bbox', 'tracking'], ['路口', '车辆'], '主城区信号灯路口的监控视频。'],
  ['c14', 'LC-JT-0002', '公交车辆到站与客流记录', 'transport', 'gj', 'text', ['classification'], ['公交', '客流'], '公交线路到站时间与刷卡客流。'],
  ['c15', 'LC-NY-0001', '农田无人机航拍遥感影像', 'agriculture', 'ny', 'image', ['semantic_segmentation'], ['遥感', '农田'], '小麦和玉米种植区航拍影像。'],
  ['c16', 'LC-NY-0002', '蔬菜大棚病虫害图像', 'agriculture', 'ny', 'image', ['bbox', 'classification'], ['病虫害', '蔬菜'], '莘县蔬菜大棚病虫害照片。'],
  ['c17', 'LC-ZZ-0001', '轴承生产线表面缺陷图像', 'manufacturing', 'gx', 'image', ['bbox'], ['缺陷检测', '轴承'], '临清轴承企业产线质检图像。'],
  ['c18', 'LC-KJ-0001', '科技成果与专利文本', 'science_technology', 'kj', 'text', ['ner', 'classification'], ['专利'], '登记的科技成果和专利说明书。'],
  ['c19', 'LC-CG-0001', '违规占道经营监控视频', 'urban_management', 'zf', 'video', ['classification'], ['占道经营'], '城区街面巡查视频。'],
  ['c20', 'LC-ST-0001', '空气质量监测站点数据', 'environment', 'st', 'text', ['classification'], ['空气质量'], '国控和省控站点的小时监测数据。'],
  ['c21', 'LC-ZW-0004', '政务数据共享交换日志', 'government', 'dszx', 'text', ['classification'], ['共享交换'], '部门间数据共享交换的调用日志。'],
];

/** Document id of each fixture key. */
export const ENTRY_ID: Record<string, string> = Object.fromEntries(
  ENTRIES.map(([key], i) => [key, `00000000-0000-4000-8000-c${String(i + 1).padStart(11, '0')}`]),
);

/** The fixture entries as the `catalogue` index holds them. */
export function fixtureCatalogue(): CatalogueDocument[] {
  return ENTRIES.map(([key, code, title, sector, agency, modality, taskTypes, tags, summary], i) => {
    const [agencyName, agencyShortName, agencyKind] = AGENCIES[agency];
    const row: CatalogueSourceRow = {
      hidden: false, featured: false,
      id: ENTRY_ID[key]!, code, title, summary, agencyId: `00000000-0000-4000-8000-a000000000${String(Object.keys(AGENCIES).indexOf(agency)).padStart(2, '0')}`,
      agencyName, agencyShortName, agencyNameEn: null, agencyKind, sector, modality, taskTypes, volumeQuantity: null, volumeUnit: null,
      coverageFrom: null, coverageTo: null, updateFrequency: 'monthly', sharingType: 'conditional', openType: 'conditional',
      dataLevel: 'general', containsPersonalInfo: false, annotationStatus: 'pending', county: null, tags, status: 'published',
      publishedAt: new Date(Date.parse('2026-05-01T00:00:00Z') + i * 3_600_000), updatedAt: new Date(Date.parse('2026-05-01T00:00:00Z') + i * 3_600_000),
    };
    return toCatalogueDocument(row, 1) as CatalogueDocument;
  });
}
