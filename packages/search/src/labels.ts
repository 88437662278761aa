import type { Certification, Modality, TaskType } from '@annex/domain';
import { COUNTIES } from '@annex/domain';

// Searchable Chinese words for the codes of the trade vocabulary: a document that only says `cuboid_3d`
// must still be found by 3D框. Not UI labels (those live in the web's messages); the glossary adds the rest.

/** Words for each modality (Chinese and the English trade terms, so typos in English words still match). */
export const MODALITY_WORDS: Record<Modality, string> = {
  image: '图像 image',
  video: '视频 video',
  point_cloud: '点云 LiDAR point cloud',
  text: '文本 text',
  audio: '音频 语音 audio',
  multimodal: '多模态 multimodal',
};

/** Words for each task type. */
export const TASK_WORDS: Record<TaskType, string> = {
  bbox: '拉框 矩形框标注 bbox bounding box',
  polygon: '多边形标注 polygon',
  semantic_segmentation: '语义分割 semantic segmentation',
  instance_segmentation: '实例分割 instance segmentation',
  keypoint: '关键点标注 keypoint',
  cuboid_3d: '3D框 三维框 cuboid',
  tracking: '目标跟踪 tracking',
  classification: '分类标注 classification',
  ner: '实体识别 NER',
  relation: '关系抽取 relation extraction',
  ocr: 'OCR 文字识别',
  transcription: '语音转写 ASR transcription',
  sentiment: '情感分析 sentiment',
  sft_dialogue: 'SFT 指令微调 多轮对话 dialogue',
  rlhf_ranking: 'RLHF 偏好排序 ranking',
  lane_marking: '车道线标注 lane marking',
  speaker_diarization: '说话人分离 speaker diarization',
};

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
