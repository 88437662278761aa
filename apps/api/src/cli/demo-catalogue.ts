import {
  type AgencyRow, type CatalogueActor, type CatalogueEntryFields, type CatalogueEntryRow, type Tx, agencies, catalogue, catalogueInterests,
} from '@annex/db';
import type {
  AnnotationStatus, CatalogueSector, CatalogueStatus, CountyCode, DataLevel, Modality, OpenType, RawVolumeUnit, SharingType, TaskType,
  UpdateFrequency,
} from '@annex/domain';

// The demo's public-data annotation catalogue (公共数据标注目录) of Liaocheng: entries from the city's agencies across
// the sectors the policy names (教育, 科技, 制造, 文旅) and the others. Invented entries of plausible data; the
// contacts are made up (names with a title, numbers of the 0635 area that no agency published).

type D = {
  code: string;
  title: string;
  sector: CatalogueSector;
  /** the agency's full name, as migration 0008 seeds it */
  agency: string;
  modality: Modality;
  tasks: TaskType[];
  volume: [number, RawVolumeUnit] | null;
  from: string | null;
  to: string | null;
  frequency: UpdateFrequency;
  sharing: SharingType;
  open: OpenType;
  level: DataLevel;
  pi: boolean;
  access: string;
  annotation?: AnnotationStatus;
  county?: CountyCode;
  tags: string[];
  contact: [name: string, phone: string];
  summary: string;
  status?: CatalogueStatus;
};

const JT = '聊城市教育和体育局';
const KJ = '聊城市科学技术局';
const GX = '聊城市工业和信息化局';
const WL = '聊城市文化和旅游局';
const WJ = '聊城市卫生健康委员会';
const RMYY = '聊城市人民医院';
const NY = '聊城市农业农村局';
const JTYS = '聊城市交通运输局';
const JJ = '聊城市公安局交通警察支队';
const GJ = '聊城市公共交通集团有限公司';
const DSJ = '聊城市大数据局';
const DSZX = '聊城市大数据中心';
const RX = '聊城市12345政务服务便民热线';
const SP = '聊城市行政审批服务局';
const ZF = '聊城市综合行政执法局';
const ST = '聊城市生态环境局';
const ZRZY = '聊城市自然资源和规划局';
const SL = '聊城市水利局';
const QX = '聊城市气象局';
const DA = '聊城市档案馆';
const RS = '聊城市人力资源和社会保障局';
const SCJG = '聊城市市场监督管理局';
const YJ = '聊城市应急管理局';
const YB = '聊城市医疗保障局';
const LD = '聊城大学';

const SAFE_ROOM = '原始数据不出域：在联盟认定的安全标注场地内作业，签署保密协议，成果经数据提供单位审核后交付。';
const DESENSITISED = '提供脱敏后的数据副本，需求方与标注企业签署数据使用承诺书，仅用于约定的模型训练。';
const OPEN = '通过市公共数据开放平台申请下载，注明用途即可。';

/** The demo catalogue: entries of every sector, a few still drafts or archived. */
export const DEMO_CATALOGUE: D[] = [
  // 教育
  { code: 'LC-JY-0001', title: '全市中小学课堂教学视频', sector: 'education', agency: JT, modality: 'video', tasks: ['classification', 'transcription', 'keypoint'], volume: [12_000, 'hours'], from: '2021-09-01', to: '2025-07-15', frequency: 'semiannual', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, county: '371502', tags: ['课堂', '教学行为', '智慧教育'], contact: ['张科长', '0635-8241201'], summary: '全市中小学公开课、优质课录像，含学科、年级、课型标签。\n\n适合课堂行为识别、师生互动分析和课堂语音转写等教育大模型训练。' },
  { code: 'LC-JY-0002', title: '中小学生体质健康测试数据', sector: 'education', agency: JT, modality: 'text', tasks: ['classification'], volume: [1_860_000, 'records'], from: '2019-01-01', to: '2025-06-30', frequency: 'annual', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, tags: ['体测', '学生健康'], contact: ['李老师', '0635-8241215'], summary: '历年国家学生体质健康标准测试成绩与体检指标，已去除姓名和学籍号。' },
  { code: 'LC-JY-0003', title: '高考志愿填报咨询通话录音', sector: 'education', agency: JT, modality: 'audio', tasks: ['transcription', 'speaker_diarization', 'classification'], volume: [2_400, 'hours'], from: '2022-06-01', to: '2025-07-31', frequency: 'annual', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, tags: ['高考', '志愿填报', '咨询'], contact: ['王主任', '0635-8241230'], summary: '志愿填报季咨询热线录音，含考生和家长的常见问题，可用于教育咨询问答模型。' },
  { code: 'LC-JY-0004', title: '中小学手写作文与试卷扫描件', sector: 'education', agency: JT, modality: 'image', tasks: ['ocr', 'classification'], volume: [650_000, 'images'], from: '2020-09-01', to: '2025-01-31', frequency: 'semiannual', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, annotation: 'in_progress', tags: ['手写体', '作文', '试卷'], contact: ['张科长', '0635-8241201'], summary: '期末统考作文和主观题答卷扫描件，已遮挡考生信息。用于手写识别和作文自动评阅。' },
  { code: 'LC-JY-0005', title: '职业院校实训操作视频', sector: 'education', agency: LD, modality: 'video', tasks: ['keypoint', 'tracking', 'classification'], volume: [3_200, 'hours'], from: '2023-03-01', to: '2025-06-30', frequency: 'quarterly', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: OPEN, county: '371502', tags: ['职业教育', '实训'], contact: ['刘老师', '0635-8239000'], summary: '数控、焊接、护理等专业实训课操作视频，可用于动作规范性识别。' },
  // 科技
  { code: 'LC-KJ-0001', title: '科技成果登记与专利文本', sector: 'science_technology', agency: KJ, modality: 'text', tasks: ['ner', 'relation', 'classification'], volume: [86_000, 'documents'], from: '2015-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['专利', '科技成果', '知识图谱'], contact: ['孙科长', '0635-8278110'], summary: '全市登记的科技成果和授权专利说明书，适合技术实体抽取和产业知识图谱构建。' },
  { code: 'LC-KJ-0002', title: '科技项目申报书与结题报告', sector: 'science_technology', agency: KJ, modality: 'text', tasks: ['classification', 'ner'], volume: [12_500, 'documents'], from: '2016-01-01', to: '2025-06-30', frequency: 'annual', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, tags: ['科技项目', '申报书'], contact: ['孙科长', '0635-8278110'], summary: '市级科技计划项目申报书、中期和结题报告，可训练项目形式审查和查重模型。' },
  { code: 'LC-KJ-0003', title: '高新技术企业研发活动统计', sector: 'science_technology', agency: KJ, modality: 'text', tasks: ['classification'], volume: [4_300, 'records'], from: '2019-01-01', to: '2024-12-31', frequency: 'annual', sharing: 'conditional', open: 'not_open', level: 'important', pi: false, access: SAFE_ROOM, tags: ['高新技术企业', '研发投入'], contact: ['周科长', '0635-8278126'], summary: '高新技术企业研发费用、研发人员和成果转化的年度统计。', status: 'draft' },
  { code: 'LC-KJ-0004', title: '大学实验室显微图像', sector: 'science_technology', agency: LD, modality: 'image', tasks: ['instance_segmentation', 'classification'], volume: [240_000, 'images'], from: '2022-01-01', to: '2025-09-30', frequency: 'irregular', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, county: '371502', tags: ['显微图像', '细胞'], contact: ['刘老师', '0635-8239000'], summary: '生命科学实验室采集的细胞和组织显微图像，适合实例分割。' },
  // 制造
  { code: 'LC-ZZ-0001', title: '轴承生产线表面缺陷图像', sector: 'manufacturing', agency: GX, modality: 'image', tasks: ['bbox', 'polygon', 'classification'], volume: [520_000, 'images'], from: '2023-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: '由临清轴承产业集群企业提供，需签署数据使用协议，禁止用于与提供企业竞争的用途。', county: '371581', tags: ['轴承', '缺陷检测', '工业质检'], contact: ['马科长', '0635-8456031'], summary: '临清轴承企业产线工业相机采集的内外圈表面图像，含划伤、锈蚀、磕碰等缺陷。' },
  { code: 'LC-ZZ-0002', title: '钢管焊缝X射线探伤影像', sector: 'manufacturing', agency: GX, modality: 'image', tasks: ['bbox', 'semantic_segmentation'], volume: [180_000, 'images'], from: '2022-06-01', to: '2025-09-30', frequency: 'quarterly', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: SAFE_ROOM, county: '371571', tags: ['钢管', '焊缝', '无损检测'], contact: ['马科长', '0635-8456031'], summary: '无缝钢管焊缝X射线数字成像，含气孔、夹渣、未熔合等缺陷类型。' },
  { code: 'LC-ZZ-0003', title: '有色金属冶炼设备运行日志', sector: 'manufacturing', agency: GX, modality: 'text', tasks: ['classification', 'ner'], volume: [42_000_000, 'records'], from: '2021-01-01', to: '2025-10-31', frequency: 'daily', sharing: 'conditional', open: 'not_open', level: 'important', pi: false, access: SAFE_ROOM, county: '371503', tags: ['设备运维', '故障诊断'], contact: ['吴工', '0635-8456050'], summary: '茌平有色金属企业关键设备运行与告警日志，用于故障诊断与预测性维护。' },
  { code: 'LC-ZZ-0004', title: '汽车零部件装配质检视频', sector: 'manufacturing', agency: GX, modality: 'video', tasks: ['tracking', 'classification'], volume: [1_500, 'hours'], from: '2024-01-01', to: '2025-09-30', frequency: 'monthly', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, county: '371571', tags: ['汽车零部件', '装配'], contact: ['吴工', '0635-8456050'], summary: '开发区汽车零部件企业装配工位视频，标注装配步骤与漏装错装。' },
  // 文旅
  { code: 'LC-WL-0001', title: '重点景区客流监控视频', sector: 'culture_tourism', agency: WL, modality: 'video', tasks: ['bbox', 'tracking'], volume: [8_600, 'hours'], from: '2023-05-01', to: '2025-10-08', frequency: 'daily', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, county: '371573', tags: ['景区', '客流', '光岳楼', '东昌湖'], contact: ['赵科长', '0635-8512206'], summary: '光岳楼、东昌湖、古运河等景区出入口和重点点位监控画面，人脸已模糊处理。' },
  { code: 'LC-WL-0002', title: '海源阁古籍数字化影像', sector: 'culture_tourism', agency: WL, modality: 'image', tasks: ['ocr', 'classification'], volume: [310_000, 'images'], from: null, to: null, frequency: 'irregular', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: '用于古籍整理和文化传承类模型，成果需向文旅局报备。', annotation: 'completed', tags: ['古籍', '海源阁', '文物'], contact: ['钱馆员', '0635-8512230'], summary: '海源阁相关馆藏古籍逐页高清扫描影像，繁体竖排，适合古籍OCR和版式分析。' },
  { code: 'LC-WL-0003', title: '旅游投诉与咨询文本', sector: 'culture_tourism', agency: WL, modality: 'text', tasks: ['classification', 'sentiment', 'ner'], volume: [96_000, 'records'], from: '2020-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, tags: ['旅游投诉', '游客服务'], contact: ['赵科长', '0635-8512206'], summary: '游客通过热线和网络提交的投诉与咨询记录，适合诉求分类和情感分析。' },
  { code: 'LC-WL-0004', title: '运河文化非遗项目音视频', sector: 'culture_tourism', agency: WL, modality: 'multimodal', tasks: ['transcription', 'classification'], volume: [620, 'hours'], from: '2018-01-01', to: '2025-06-30', frequency: 'irregular', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, county: '371581', tags: ['非遗', '运河文化', '临清'], contact: ['钱馆员', '0635-8512230'], summary: '临清贡砖、东昌府木版年画等非遗项目的传承人访谈与技艺记录音视频。' },
  { code: 'LC-WL-0005', title: '景区导览多语种讲解词', sector: 'culture_tourism', agency: WL, modality: 'text', tasks: ['sft_dialogue', 'classification'], volume: [4_800, 'documents'], from: '2022-01-01', to: '2025-08-31', frequency: 'annual', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['导游词', '多语种'], contact: ['赵科长', '0635-8512206'], summary: '全市A级景区中英日韩讲解词，适合文旅导览对话模型。' },
  // 卫生健康
  { code: 'LC-WJ-0001', title: '基层医疗机构门诊电子病历', sector: 'health', agency: WJ, modality: 'text', tasks: ['ner', 'relation', 'classification'], volume: [3_400_000, 'records'], from: '2020-01-01', to: '2025-09-30', frequency: 'monthly', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, tags: ['电子病历', '基层医疗'], contact: ['郑科长', '0635-8318021'], summary: '乡镇卫生院和社区卫生服务中心门诊病历，已去标识化。用于症状、诊断、用药实体抽取。' },
  { code: 'LC-WJ-0002', title: '胸部CT医学影像', sector: 'health', agency: RMYY, modality: 'image', tasks: ['semantic_segmentation', 'bbox'], volume: [52_000, 'images'], from: '2021-01-01', to: '2025-06-30', frequency: 'quarterly', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: `${SAFE_ROOM}标注人员须具备医学背景，由医院放射科医师复核。`, tags: ['CT', '肺结节', '医学影像'], contact: ['冯主任', '0635-8272000'], summary: '胸部CT序列影像（DICOM），用于肺结节检测与分割。' },
  { code: 'LC-WJ-0003', title: '120急救调度通话录音', sector: 'health', agency: WJ, modality: 'audio', tasks: ['transcription', 'speaker_diarization', 'classification'], volume: [5_200, 'hours'], from: '2022-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, tags: ['急救', '调度', '方言'], contact: ['郑科长', '0635-8318021'], summary: '急救指挥中心调度电话录音，含大量聊城方言，用于急救语音识别和病情分级。' },
  { code: 'LC-WJ-0004', title: '家庭医生签约随访记录', sector: 'health', agency: WJ, modality: 'text', tasks: ['classification', 'ner'], volume: [780_000, 'records'], from: '2021-01-01', to: '2025-09-30', frequency: 'quarterly', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, tags: ['家庭医生', '慢病随访'], contact: ['郑科长', '0635-8318021'], summary: '高血压、糖尿病等慢病签约居民的随访记录。', status: 'draft' },
  { code: 'LC-WJ-0005', title: '医保结算单据影像', sector: 'health', agency: YB, modality: 'image', tasks: ['ocr', 'ner'], volume: [1_200_000, 'images'], from: '2022-01-01', to: '2025-08-31', frequency: 'monthly', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, tags: ['医保', '票据', 'OCR'], contact: ['陈科长', '0635-8660312'], summary: '异地就医手工报销的医疗票据和结算单扫描件，用于票据识别与审核。' },
  // 农业农村
  { code: 'LC-NY-0001', title: '农田无人机航拍遥感影像', sector: 'agriculture', agency: NY, modality: 'image', tasks: ['semantic_segmentation', 'classification'], volume: [95_000, 'images'], from: '2023-03-01', to: '2025-10-15', frequency: 'quarterly', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, county: '371526', tags: ['遥感', '农田', '作物识别'], contact: ['孔科长', '0635-8235106'], summary: '小麦、玉米主产区无人机多光谱航拍影像，用于作物分类和长势监测。' },
  { code: 'LC-NY-0002', title: '蔬菜大棚病虫害图像', sector: 'agriculture', agency: NY, modality: 'image', tasks: ['bbox', 'classification'], volume: [140_000, 'images'], from: '2022-01-01', to: '2025-09-30', frequency: 'monthly', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, county: '371522', annotation: 'in_progress', tags: ['蔬菜', '病虫害', '莘县'], contact: ['孔科长', '0635-8235106'], summary: '莘县、冠县蔬菜大棚黄瓜、番茄病虫害照片，由农技人员初步分类。' },
  { code: 'LC-NY-0003', title: '畜禽养殖场监控视频', sector: 'agriculture', agency: NY, modality: 'video', tasks: ['bbox', 'tracking', 'keypoint'], volume: [2_000, 'hours'], from: '2024-01-01', to: '2025-09-30', frequency: 'monthly', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, county: '371524', tags: ['畜牧', '养殖', '行为识别'], contact: ['孔科长', '0635-8235106'], summary: '东阿黑驴和生猪规模养殖场监控画面，用于个体识别和行为分析。' },
  { code: 'LC-NY-0004', title: '农技咨询热线问答', sector: 'agriculture', agency: NY, modality: 'text', tasks: ['sft_dialogue', 'classification'], volume: [58_000, 'records'], from: '2019-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: OPEN, tags: ['农技', '问答'], contact: ['孔科长', '0635-8235106'], summary: '农民来电咨询与农技专家解答的文字记录，适合农业问答大模型。' },
  // 交通
  { code: 'LC-JT-0001', title: '城区路口交通监控视频', sector: 'transport', agency: JJ, modality: 'video', tasks: ['bbox', 'tracking'], volume: [15_000, 'hours'], from: '2023-01-01', to: '2025-10-31', frequency: 'daily', sharing: 'conditional', open: 'not_open', level: 'important', pi: true, access: SAFE_ROOM, county: '371502', tags: ['路口', '车辆', '非机动车'], contact: ['韩大队长', '0635-8390122'], summary: '主城区信号灯路口监控视频，车牌和人脸需在安全屋内脱敏后标注。' },
  { code: 'LC-JT-0002', title: '公交车辆到站与客流记录', sector: 'transport', agency: GJ, modality: 'text', tasks: ['classification'], volume: [36_000_000, 'records'], from: '2022-01-01', to: '2025-10-31', frequency: 'daily', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, tags: ['公交', '客流', '线网优化'], contact: ['杨经理', '0635-8521180'], summary: '公交线路到站时间和刷卡客流，用于客流预测和线网优化。' },
  { code: 'LC-JT-0003', title: '国省道路面病害巡检图像', sector: 'transport', agency: JTYS, modality: 'image', tasks: ['bbox', 'polygon', 'semantic_segmentation'], volume: [210_000, 'images'], from: '2023-04-01', to: '2025-09-30', frequency: 'quarterly', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: OPEN, tags: ['路面病害', '裂缝', '巡检'], contact: ['许科长', '0635-8277315'], summary: '巡检车采集的国省道路面图像，含裂缝、坑槽、车辙等病害。' },
  { code: 'LC-JT-0004', title: '危险货物运输车辆轨迹', sector: 'transport', agency: JTYS, modality: 'text', tasks: ['classification'], volume: [8_700_000, 'records'], from: '2023-01-01', to: '2025-10-31', frequency: 'realtime', sharing: 'conditional', open: 'not_open', level: 'important', pi: false, access: SAFE_ROOM, tags: ['危化品', '车辆轨迹'], contact: ['许科长', '0635-8277315'], summary: '危险货物运输车辆北斗定位轨迹与报警记录，用于异常驾驶行为识别。' },
  // 政务
  { code: 'LC-ZW-0001', title: '12345政务服务便民热线工单', sector: 'government', agency: RX, modality: 'text', tasks: ['classification', 'ner'], volume: [2_600_000, 'records'], from: '2019-01-01', to: '2025-10-31', frequency: 'daily', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, tags: ['12345', '工单', '诉求分类'], contact: ['高科长', '0635-8212345'], summary: '市民来电、网络留言形成的工单文本与办理结果，已脱敏。用于诉求自动分类与派单。' },
  { code: 'LC-ZW-0002', title: '政务服务事项办事指南', sector: 'government', agency: SP, modality: 'text', tasks: ['sft_dialogue', 'relation'], volume: [3_800, 'documents'], from: null, to: null, frequency: 'monthly', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['办事指南', '政务服务', '大模型'], contact: ['彭科长', '0635-8456700'], summary: '全市政务服务事项的受理条件、申请材料、办理流程和时限，适合政务问答大模型。' },
  { code: 'LC-ZW-0003', title: '公共数据开放平台数据集元数据', sector: 'government', agency: DSJ, modality: 'text', tasks: ['classification', 'ner'], volume: [5_600, 'records'], from: '2020-01-01', to: '2025-10-31', frequency: 'weekly', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['元数据', '数据目录'], contact: ['吕科长', '0635-8299001'], summary: '开放数据集的名称、字段、更新频率和说明，用于数据目录智能编目。' },
  { code: 'LC-ZW-0004', title: '政务数据共享交换日志', sector: 'government', agency: DSZX, modality: 'text', tasks: ['classification'], volume: [120_000_000, 'records'], from: '2022-01-01', to: '2025-10-31', frequency: 'realtime', sharing: 'conditional', open: 'not_open', level: 'important', pi: false, access: SAFE_ROOM, tags: ['共享交换', '日志'], contact: ['吕科长', '0635-8299001'], summary: '部门间数据共享交换接口调用日志，用于异常调用识别。' },
  { code: 'LC-ZW-0005', title: '企业开办申请材料影像', sector: 'government', agency: SP, modality: 'image', tasks: ['ocr', 'classification'], volume: [460_000, 'images'], from: '2021-01-01', to: '2025-09-30', frequency: 'monthly', sharing: 'conditional', open: 'not_open', level: 'general', pi: true, access: SAFE_ROOM, tags: ['企业开办', '材料审核'], contact: ['彭科长', '0635-8456700'], summary: '营业执照、章程、身份证明等申请材料扫描件，用于材料智能预审。' },
  { code: 'LC-ZW-0006', title: '人社政策咨询问答记录', sector: 'government', agency: RS, modality: 'text', tasks: ['sft_dialogue', 'classification'], volume: [210_000, 'records'], from: '2020-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, tags: ['社保', '就业', '政策问答'], contact: ['丁科长', '0635-8418866'], summary: '就业创业补贴、社保缴费等政策咨询的问答记录。' },
  { code: 'LC-ZW-0007', title: '市场主体登记档案', sector: 'government', agency: SCJG, modality: 'image', tasks: ['ocr', 'ner'], volume: [2_100_000, 'images'], from: '2000-01-01', to: '2020-12-31', frequency: 'irregular', sharing: 'conditional', open: 'not_open', level: 'general', pi: true, access: SAFE_ROOM, tags: ['登记档案', '数字化'], contact: ['侯科长', '0635-8332100'], summary: '纸质市场主体登记档案的扫描影像，用于档案数字化著录。', status: 'archived' },
  { code: 'LC-ZW-0008', title: '馆藏历史档案影像', sector: 'government', agency: DA, modality: 'image', tasks: ['ocr', 'classification'], volume: [880_000, 'images'], from: '1949-10-01', to: '1999-12-31', frequency: 'irregular', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, tags: ['档案', '手写体'], contact: ['邵馆员', '0635-8251140'], summary: '市档案馆馆藏文书档案扫描影像，手写与印刷混排。' },
  // 城市管理
  { code: 'LC-CG-0001', title: '违规占道经营巡查视频', sector: 'urban_management', agency: ZF, modality: 'video', tasks: ['bbox', 'classification'], volume: [4_400, 'hours'], from: '2023-06-01', to: '2025-10-31', frequency: 'daily', sharing: 'conditional', open: 'conditional', level: 'general', pi: true, access: DESENSITISED, county: '371502', tags: ['占道经营', '城管', '智慧城市'], contact: ['任科长', '0635-8216609'], summary: '城区街面巡查车和高点监控视频，用于占道经营、乱堆物料等事件识别。' },
  { code: 'LC-CG-0002', title: '城市部件普查图像', sector: 'urban_management', agency: ZF, modality: 'image', tasks: ['bbox', 'classification'], volume: [320_000, 'images'], from: '2024-01-01', to: '2025-06-30', frequency: 'annual', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['井盖', '路灯', '城市部件'], contact: ['任科长', '0635-8216609'], summary: '井盖、路灯、垃圾桶等城市部件普查照片，用于部件识别与台账核对。' },
  { code: 'LC-CG-0003', title: '建筑工地扬尘监控视频', sector: 'urban_management', agency: '聊城市住房和城乡建设局', modality: 'video', tasks: ['classification', 'bbox'], volume: [1_800, 'hours'], from: '2024-03-01', to: '2025-10-31', frequency: 'daily', sharing: 'conditional', open: 'conditional', level: 'general', pi: false, access: DESENSITISED, tags: ['扬尘', '工地'], contact: ['沈科长', '0635-8410725'], summary: '在建工地塔吊和围挡摄像头画面，用于裸土未覆盖、车辆未冲洗识别。' },
  // 生态环境
  { code: 'LC-ST-0001', title: '空气质量监测站点小时数据', sector: 'environment', agency: ST, modality: 'text', tasks: ['classification'], volume: [9_600_000, 'records'], from: '2015-01-01', to: '2025-10-31', frequency: 'realtime', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['空气质量', 'PM2.5'], contact: ['蒋科长', '0635-8283016'], summary: '国控和省控站点逐小时监测数据，用于异常值识别和污染过程分类。' },
  { code: 'LC-ST-0002', title: '河湖岸线无人机巡查影像', sector: 'environment', agency: SL, modality: 'image', tasks: ['semantic_segmentation', 'bbox'], volume: [76_000, 'images'], from: '2023-04-01', to: '2025-09-30', frequency: 'quarterly', sharing: 'unconditional', open: 'conditional', level: 'general', pi: false, access: OPEN, tags: ['河湖长制', '岸线', '遥感'], contact: ['谢科长', '0635-8241066'], summary: '徒骇河、马颊河等河湖岸线巡查航拍，用于违建、垃圾、排污口识别。' },
  { code: 'LC-ST-0003', title: '国土空间卫星遥感影像', sector: 'environment', agency: ZRZY, modality: 'image', tasks: ['semantic_segmentation', 'polygon'], volume: [3_600, 'gb'], from: '2018-01-01', to: '2025-06-30', frequency: 'semiannual', sharing: 'conditional', open: 'not_open', level: 'important', pi: false, access: SAFE_ROOM, tags: ['遥感', '土地利用', '变化检测'], contact: ['曹科长', '0635-8266012'], summary: '全市高分辨率卫星影像，用于土地利用分类和违法用地变化检测。' },
  // 其他
  { code: 'LC-QT-0001', title: '气象观测站雷达回波图', sector: 'other', agency: QX, modality: 'image', tasks: ['semantic_segmentation', 'classification'], volume: [410_000, 'images'], from: '2016-01-01', to: '2025-10-31', frequency: 'realtime', sharing: 'unconditional', open: 'unconditional', level: 'general', pi: false, access: OPEN, tags: ['气象', '雷达回波', '短临预报'], contact: ['彭工', '0635-8422050'], summary: '多普勒天气雷达回波图序列，用于强对流天气识别和短临预报。' },
  { code: 'LC-QT-0002', title: '安全生产执法检查记录', sector: 'other', agency: YJ, modality: 'text', tasks: ['ner', 'classification'], volume: [130_000, 'records'], from: '2020-01-01', to: '2025-10-31', frequency: 'monthly', sharing: 'conditional', open: 'not_open', level: 'general', pi: false, access: DESENSITISED, tags: ['安全生产', '隐患排查'], contact: ['毛科长', '0635-8330119'], summary: '企业安全生产执法检查记录与隐患描述，用于隐患自动分级。' },
];

/** The demo interests: who, in which entry, and what it offers. */
export const DEMO_INTERESTS = [
  { vendor: 'vendor.huiyan@annex.local', code: 'LC-ZW-0002', note: '做过政务服务 SFT 数据，熟悉办事指南结构。', headcount: 60, dailyItems: 1200 },
  { vendor: 'vendor.yunhe@annex.local', code: 'LC-ZW-0001', note: '文本分类和实体抽取团队可专项支持，兼顾聊城方言转写。', headcount: 80, dailyItems: 30_000 },
  { vendor: 'vendor.shuicheng@annex.local', code: 'LC-JT-0001', note: '有保密标注室，可驻场完成车牌人脸脱敏后的框选与跟踪。', headcount: 120, dailyItems: 20_000 },
  { vendor: 'vendor.jingyanggang@annex.local', code: 'LC-ZZ-0001', note: '阳谷本地团队，工业质检拉框经验两年。', headcount: 40, dailyItems: 8_000 },
] as const;

/** The entries the demo orders were started from: order title → entry code. */
export const DEMO_ORDER_ENTRIES: Record<string, string> = {
  '政务服务领域大模型 SFT 多轮对话数据（2 万组）': 'LC-ZW-0002',
  '政务热线工单文本分类与关键信息抽取（8 万条）': 'LC-ZW-0001',
};

function fieldsOf(d: D, agency: AgencyRow): CatalogueEntryFields {
  return {
    code: d.code, title: d.title, summary: d.summary, agencyId: agency.id, sector: d.sector, modality: d.modality, taskTypes: d.tasks,
    volume: d.volume ? { quantity: d.volume[0], unit: d.volume[1] } : null, coverageFrom: d.from, coverageTo: d.to, updateFrequency: d.frequency,
    sharingType: d.sharing, openType: d.open, dataLevel: d.level, containsPersonalInfo: d.pi, accessConditions: d.access,
    annotationStatus: d.annotation ?? 'pending', county: d.county ?? null, tags: d.tags, contact: { name: d.contact[0], phone: d.contact[1], email: null },
  };
}

/**
 * Seeds the demo catalogue in `tx` as the secretariat (`actor`): every entry, its interests (vendors by e-mail →
 * their organisation); returns the entries by code.
 */
export async function seedDemoCatalogue(tx: Tx, actor: CatalogueActor, vendorOrg: (email: string) => { orgId: string; userId: string }): Promise<Map<string, CatalogueEntryRow>> {
  const byName = new Map((await agencies.list(tx)).map((a) => [a.name, a]));
  const out = new Map<string, CatalogueEntryRow>();
  for (const d of DEMO_CATALOGUE) {
    const agency = byName.get(d.agency);
    if (!agency) throw new Error(`demo catalogue: no agency named ${d.agency}`);
    out.set(d.code, await catalogue.create(tx, fieldsOf(d, agency), actor, { status: d.status ?? 'published' }));
  }
  for (const i of DEMO_INTERESTS) {
    const v = vendorOrg(i.vendor);
    const entry = out.get(i.code)!;
    await catalogueInterests.put(tx, entry.id, v.orgId, { note: i.note, headcount: i.headcount, dailyItems: i.dailyItems }, { userId: v.userId, orgId: v.orgId });
  }
  return out;
}
