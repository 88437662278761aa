import type { OrderSourceRow, VendorSourceRow } from '@annex/db';
import type { CapabilityProfile, Modality, TaskType } from '@annex/domain';
import { type OrderDocument, toOrderDocument, toVendorDocument, type VendorDocument } from './documents.ts';

// A small Chinese market for relevance and query tests: realistic titles, one topic per order.

const DAY = 86_400_000;
const BASE = Date.parse('2026-06-01T00:00:00Z');
const OLDER = new Date(BASE - 90 * DAY);

type O = [key: string, title: string, modality: Modality, taskTypes: TaskType[], tags: string[], extra?: Partial<OrderSourceRow>];

const ORDERS: O[] = [
  ['o01', '城市道路激光雷达点云3D框标注（12万帧）', 'point_cloud', ['cuboid_3d', 'tracking'], ['自动驾驶', '点云']],
  ['o02', '前视摄像头车道线与可行驶区域分割', 'image', ['lane_marking', 'semantic_segmentation'], ['自动驾驶']],
  ['o03', '政务服务大模型SFT多轮对话数据（2万组）', 'text', ['sft_dialogue'], ['大模型', '政务']],
  ['o04', '大模型回答人类偏好排序数据', 'text', ['rlhf_ranking'], ['大模型']],
  ['o05', '客服通话录音语音转写（含聊城方言）', 'audio', ['transcription', 'speaker_diarization'], ['方言', '客服']],
  ['o06', '医疗影像肺结节语义分割', 'image', ['semantic_segmentation'], ['医疗影像', 'CT']],
  ['o07', '电商商品图片拉框与类目分类', 'image', ['bbox', 'classification'], ['电商']],
  ['o08', '增值税发票OCR字段识别', 'image', ['ocr'], ['票据', '财务']],
  ['o09', '法律文书命名实体识别与关系抽取', 'text', ['ner', 'relation'], ['法律']],
  ['o10', '工业产线零部件缺陷检测拉框', 'image', ['bbox'], ['工业质检']],
  ['o11', '仓储机器人抓取关键点标注', 'image', ['keypoint'], ['具身智能', '机器人']],
  ['o12', '无人机航拍农田遥感图像分割', 'image', ['semantic_segmentation'], ['遥感', '农业']],
  ['o13', '路口监控视频行人多目标跟踪', 'video', ['tracking', 'bbox'], ['视频', '行人'], {
    description: '## 范围\n\n**路口**监控视频，<em>行人</em>逐帧拉框。详见[作业规范](https://example.com/guide.pdf)。\n\n- 夜间画面\n- 雨天画面',
  }],
  ['o14', '社交媒体用户评论情感分析', 'text', ['sentiment', 'classification'], ['舆情']],
  ['o15', '智能座舱车内语音指令标注', 'audio', ['transcription'], ['智能座舱']],
  ['o16', '图文对多模态描述生成与审核', 'multimodal', ['classification'], ['多模态', '图文']],
  ['o17', '中小学手写体试卷OCR识别', 'image', ['ocr'], ['教育', '手写体']],
  ['o18', '港口集装箱实例分割', 'image', ['instance_segmentation'], ['港口', '物流']],
  ['o19', '交通标志与信号灯检测标注', 'image', ['bbox'], ['自动驾驶', '交通标志']],
  ['o20', '金融研报知识图谱三元组抽取', 'text', ['relation', 'ner'], ['金融', '知识图谱']],
  ['o21', '室内场景点云语义分割', 'point_cloud', ['semantic_segmentation'], ['室内', '三维重建']],
  ['o22', '互联网医院问诊对话SFT数据', 'text', ['sft_dialogue'], ['医疗', '问诊']],
  ['o23', '多人会议录音说话人分离', 'audio', ['speaker_diarization'], ['会议']],
  ['o24', '城市治理视频事件分类', 'video', ['classification'], ['智慧城市']],
  ['o25', '体育训练视频人体骨骼关键点', 'video', ['keypoint'], ['体育', '姿态']],
  ['o26', '卫星影像建筑物多边形标注', 'image', ['polygon'], ['遥感', '建筑']],
  ['o27', '某型设备图纸要素标注', 'image', ['bbox'], ['制造'], { securityLevel: 'confidential', description: '绝密图纸编号 XJ-2047 的零件清单' }],
  ['o28', '预训练语料清洗去重与质量打分', 'text', ['classification'], ['语料', '大模型']],
  ['o29', '车载激光雷达与摄像头融合标注', 'multimodal', ['cuboid_3d', 'bbox'], ['自动驾驶', '传感器融合']],
  ['o30', '儿童语音ASR数据采集与标注', 'audio', ['transcription'], ['儿童', '数据采集']],
  // near misses: each shares two characters with a trade term but is another kind of work (published before the
  // others, so they never win a tie by being newer)
  ['o31', '云端客服日志文本分类', 'text', ['classification'], ['云服务'], { publishedAt: OLDER }],
  ['o32', '语义理解意图识别标注', 'text', ['classification'], ['意图'], { publishedAt: OLDER }],
  ['o33', '实体店商品陈列图片分类', 'image', ['classification'], ['零售'], { publishedAt: OLDER }],
  ['o34', '深度学习框架技术文档问答', 'text', ['sft_dialogue'], ['开发者'], { publishedAt: OLDER }],
  ['o35', '门禁人脸识别图像拉框', 'image', ['bbox'], ['安防'], { publishedAt: OLDER }],
  ['o36', '语义标注知识库构建', 'text', ['ner'], ['知识库'], { publishedAt: OLDER }],
  ['o37', '关键帧抽取与视频摘要', 'video', ['classification'], ['视频'], { publishedAt: OLDER }],
];

/** Ids of the fixture orders by key (uuid-shaped, stable). */
export const ORDER_ID = Object.fromEntries(
  ORDERS.map(([key], i) => [key, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`]),
) as Record<string, string>;

/** The fixture orders as documents (o30 the newest, bid deadlines 10–39 days out). */
export function fixtureOrders(): OrderDocument[] {
  return ORDERS.map(([key, title, modality, taskTypes, tags, extra], i) => {
    const row: OrderSourceRow = {
      id: ORDER_ID[key]!,
      hidden: false,
      featured: false,
      buyerOrgId: `00000000-0000-4000-9000-00000000000${i % 3}`,
      buyerName: ['星衡智驾科技有限公司', '言川大模型科技有限公司', '聊城市大数据中心'][i % 3]!,
      buyerCounty: i % 3 === 2 ? '371502' : null,
      title,
      description: `${title}。交付格式 JSON，准确率不低于 97%。`,
      modality,
      taskTypes,
      volumeQuantity: 10_000 * (i + 1),
      volumeUnit: modality === 'audio' ? 'hours' : 'items',
      unitPriceCeilingFen: 100 * (i + 1),
      budgetTotalFen: 1_000_000 * (i + 1),
      biddingMode: i % 2 ? 'open' : 'sealed',
      questionsCloseAt: new Date(BASE + (5 + i) * DAY),
      bidDeadline: new Date(BASE + (10 + i) * DAY),
      deliveryDeadline: new Date(BASE + (60 + i) * DAY),
      accuracyTarget: 97,
      securityLevel: i % 4 === 0 ? 'public' : 'internal',
      containsPersonalInfo: false,
      workLocation: 'remote',
      requiredCertifications: i % 5 === 0 ? ['iso27001'] : [],
      minHeadcount: 10 * i,
      requiresSecureRoom: false,
      tags,
      catalogueEntryId: null,
      status: i === 24 ? 'completed' : 'open',
      publishedAt: new Date(BASE - (30 - i) * DAY),
      updatedAt: new Date(BASE),
      ...extra,
    };
    return toOrderDocument(row, 1)!;
  });
}

type V = [key: string, name: string, county: string, caps: Partial<CapabilityProfile>];

const VENDORS: V[] = [
  ['v1', '聊城水城数标信息技术有限公司', '371502', {
    modalities: ['image', 'video', 'point_cloud'], taskTypes: ['bbox', 'cuboid_3d', 'tracking', 'lane_marking'], headcount: 320,
    certifications: [{ name: 'iso27001', expiresOn: '2099-06-30' }, { name: 'dcmm', expiresOn: '2099-01-15' }], secureRoom: true,
    aboveDesignatedSize: true, yearsActive: 6, dailyCapacity: { bbox: 60_000 },
  }],
  ['v2', '临清运河智能数据服务有限公司', '371581', {
    modalities: ['text', 'audio'], taskTypes: ['ner', 'relation', 'transcription', 'speaker_diarization'], headcount: 140,
    certifications: [{ name: 'iso9001', expiresOn: '2099-12-31' }], yearsActive: 4, dailyCapacity: { ner: 30_000 },
  }],
  ['v3', '聊城慧眼人工智能科技有限公司', '371572', {
    modalities: ['multimodal', 'text', 'image'], taskTypes: ['sft_dialogue', 'rlhf_ranking', 'keypoint'], headcount: 210,
    certifications: [{ name: 'iso27001', expiresOn: '2099-09-30' }, { name: 'mlps3', expiresOn: '2099-11-30' }], secureRoom: true,
    yearsActive: 3, dailyCapacity: { sft_dialogue: 1_500 },
  }],
  ['v4', '冠县启明数据标注有限公司', '371525', {
    modalities: ['image', 'text'], taskTypes: ['bbox', 'classification', 'ocr'], headcount: 45,
    // expired: must not count as held
    certifications: [{ name: 'iso27001', expiresOn: '2020-01-01' }], yearsActive: 1, dailyCapacity: { ocr: 5_000 },
  }],
  ['v5', '高唐县声谷语音数据有限公司', '371526', {
    modalities: ['audio'], taskTypes: ['transcription', 'speaker_diarization'], headcount: 80, yearsActive: 2,
    dailyCapacity: { transcription: 300 },
  }],
  ['v6', '茌平区智驾点云标注中心', '371503', {
    modalities: ['point_cloud', 'image'], taskTypes: ['cuboid_3d', 'semantic_segmentation'], headcount: 500, secureRoom: true,
    certifications: [{ name: 'iso27001', expiresOn: '2099-03-31' }, { name: 'mlps3', expiresOn: '2099-03-31' }],
    aboveDesignatedSize: true, yearsActive: 5, dailyCapacity: { cuboid_3d: 9_000 },
  }],
];

/** Ids of the fixture vendors by key. */
export const VENDOR_ID = Object.fromEntries(
  VENDORS.map(([key], i) => [key, `00000000-0000-4000-a000-${String(i + 1).padStart(12, '0')}`]),
) as Record<string, string>;

/** The fixture vendors as documents (all verified until 2099, as of `now`). */
export function fixtureVendors(now: Date): VendorDocument[] {
  return VENDORS.map(([key, name, county, caps], i) => {
    const row: VendorSourceRow = {
      id: VENDOR_ID[key]!,
      hidden: false,
      featured: false,
      name,
      county,
      verificationStatus: 'verified',
      verifiedUntil: new Date('2099-01-01T00:00:00Z'),
      createdAt: new Date(BASE - i * DAY),
      capabilities: {
        modalities: [], taskTypes: [], headcount: 0, dailyCapacity: {}, certifications: [], secureRoom: false, tools: [],
        yearsActive: 0, revenueBand: '5m_20m', aboveDesignatedSize: false, ...caps,
      },
    };
    return toVendorDocument(row, 1, now)!;
  });
}
