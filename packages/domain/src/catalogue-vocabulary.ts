import type { Labelled } from './catalogue.ts';
import type { Modality, TaskType } from './capability.ts';
import { COUNTIES, type CountyCode } from './regions.ts';

// Chinese and English labels of the order vocabulary a catalogue entry uses (its modality, suggested tasks and
// county), for the files the secretariat imports and exports and for the DCAT feed. The web keeps its own copies
// in messages/*.json (modality_*, task_*); these are the words a spreadsheet carries.

/** Modalities with their labels. */
export const MODALITY_LIST: readonly Labelled<Modality>[] = [
  { code: 'image', zh: '图像', en: 'Image' },
  { code: 'video', zh: '视频', en: 'Video' },
  { code: 'point_cloud', zh: '点云', en: 'Point cloud' },
  { code: 'text', zh: '文本', en: 'Text' },
  { code: 'audio', zh: '语音', en: 'Audio' },
  { code: 'multimodal', zh: '多模态', en: 'Multimodal' },
];

/** Annotation task types with their labels. */
export const TASK_TYPE_LIST: readonly Labelled<TaskType>[] = [
  { code: 'bbox', zh: '矩形框标注', en: 'Bounding boxes' },
  { code: 'polygon', zh: '多边形标注', en: 'Polygons' },
  { code: 'semantic_segmentation', zh: '语义分割', en: 'Semantic segmentation' },
  { code: 'instance_segmentation', zh: '实例分割', en: 'Instance segmentation' },
  { code: 'keypoint', zh: '关键点标注', en: 'Keypoints' },
  { code: 'cuboid_3d', zh: '3D 立体框', en: '3D cuboids' },
  { code: 'tracking', zh: '目标跟踪', en: 'Object tracking' },
  { code: 'classification', zh: '分类标注', en: 'Classification' },
  { code: 'ner', zh: '命名实体识别', en: 'Named entities' },
  { code: 'relation', zh: '关系抽取', en: 'Relations' },
  { code: 'ocr', zh: 'OCR 文字识别', en: 'OCR' },
  { code: 'transcription', zh: '语音转写', en: 'Transcription' },
  { code: 'sentiment', zh: '情感标注', en: 'Sentiment' },
  { code: 'sft_dialogue', zh: 'SFT 对话数据', en: 'SFT dialogues' },
  { code: 'rlhf_ranking', zh: 'RLHF 排序', en: 'RLHF ranking' },
  { code: 'lane_marking', zh: '车道线标注', en: 'Lane marking' },
  { code: 'speaker_diarization', zh: '说话人分离', en: 'Speaker diarisation' },
];

/** Counties and districts with their labels. */
export const COUNTY_LIST: readonly Labelled<CountyCode>[] = COUNTIES;
