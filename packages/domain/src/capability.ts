/** The vocabulary of the annotation trade, shared by vendor profiles, orders and search. */
export const MODALITIES = ['image', 'video', 'point_cloud', 'text', 'audio', 'multimodal'] as const;
export type Modality = (typeof MODALITIES)[number];

export const TASK_TYPES = [
  'bbox', 'polygon', 'semantic_segmentation', 'instance_segmentation', 'keypoint', 'cuboid_3d',
  'tracking', 'classification', 'ner', 'relation', 'ocr', 'transcription', 'sentiment',
  'sft_dialogue', 'rlhf_ranking', 'lane_marking', 'speaker_diarization',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const CERTIFICATIONS = ['iso27001', 'iso9001', 'dcmm', 'mlps3', 'iso27701', 'cmmi3'] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

export const REVENUE_BANDS = ['lt1m', '1m_5m', '5m_20m', '20m_50m', 'gte50m'] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number];

export const TOOLS = ['labelstudio', 'cvat', 'labelme', 'doccano', 'in_house', 'other'] as const;

export type CertificationHolding = { name: Certification; expiresOn: string };

/** The structured capability profile a vendor keeps (DESIGN §2.1). */
export type CapabilityProfile = {
  modalities: Modality[];
  taskTypes: TaskType[];
  headcount: number;
  /** items a day the firm can deliver, per task type */
  dailyCapacity: Partial<Record<TaskType, number>>;
  certifications: CertificationHolding[];
  secureRoom: boolean;
  tools: string[];
  yearsActive: number;
  revenueBand: RevenueBand;
  aboveDesignatedSize: boolean;
};

export const EMPTY_CAPABILITY_PROFILE: CapabilityProfile = {
  modalities: [], taskTypes: [], headcount: 0, dailyCapacity: {}, certifications: [],
  secureRoom: false, tools: [], yearsActive: 0, revenueBand: 'lt1m', aboveDesignatedSize: false,
};

/** Certifications still valid on `today` (ISO date). */
export function validCertifications(profile: CapabilityProfile, today: string): Certification[] {
  return profile.certifications.filter((c) => c.expiresOn >= today).map((c) => c.name);
}

/** Capacity for task types that are not offered makes no sense: report them. */
export function capacityWithoutTaskType(profile: CapabilityProfile): TaskType[] {
  return (Object.keys(profile.dailyCapacity) as TaskType[]).filter((t) => !profile.taskTypes.includes(t));
}
