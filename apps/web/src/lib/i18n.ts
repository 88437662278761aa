import { type ErrorCode, ERROR_STATUS, type Problem } from '@annex/contracts';
import {
  type Certification,
  COUNTIES,
  type Modality,
  type OrderStatus,
  type OrgKind,
  type RevenueBand,
  type TaskType,
  type TOOLS,
  type VerificationStatus,
} from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';

type Label = () => string;
type Tool = (typeof TOOLS)[number];

/** Display names of the trade vocabulary, in the current language. */
export const MODALITY: Record<Modality, Label> = {
  image: m.modality_image,
  video: m.modality_video,
  point_cloud: m.modality_point_cloud,
  text: m.modality_text,
  audio: m.modality_audio,
  multimodal: m.modality_multimodal,
};

export const TASK_TYPE: Record<TaskType, Label> = {
  bbox: m.task_bbox,
  polygon: m.task_polygon,
  semantic_segmentation: m.task_semantic_segmentation,
  instance_segmentation: m.task_instance_segmentation,
  keypoint: m.task_keypoint,
  cuboid_3d: m.task_cuboid_3d,
  tracking: m.task_tracking,
  classification: m.task_classification,
  ner: m.task_ner,
  relation: m.task_relation,
  ocr: m.task_ocr,
  transcription: m.task_transcription,
  sentiment: m.task_sentiment,
  sft_dialogue: m.task_sft_dialogue,
  rlhf_ranking: m.task_rlhf_ranking,
  lane_marking: m.task_lane_marking,
  speaker_diarization: m.task_speaker_diarization,
};

export const CERTIFICATION: Record<Certification, Label> = {
  iso27001: m.cert_iso27001,
  iso9001: m.cert_iso9001,
  dcmm: m.cert_dcmm,
  mlps3: m.cert_mlps3,
  iso27701: m.cert_iso27701,
  cmmi3: m.cert_cmmi3,
};

export const REVENUE_BAND: Record<RevenueBand, Label> = {
  lt1m: m.revenue_lt1m,
  '1m_5m': m.revenue_1m_5m,
  '5m_20m': m.revenue_5m_20m,
  '20m_50m': m.revenue_20m_50m,
  gte50m: m.revenue_gte50m,
};

export const TOOL: Record<Tool, Label> = {
  labelstudio: () => 'Label Studio',
  cvat: () => 'CVAT',
  labelme: () => 'LabelMe',
  doccano: () => 'doccano',
  in_house: m.tool_in_house,
  other: m.tool_other,
};

export const VERIFICATION: Record<VerificationStatus, Label> = {
  pending: m.verification_pending,
  verified: m.verification_verified,
  rejected: m.verification_rejected,
  suspended: m.verification_suspended,
};

export const ORG_KIND: Record<OrgKind, Label> = {
  buyer: m.kind_buyer,
  vendor: m.kind_vendor,
  secretariat: m.kind_secretariat,
};

export const ORDER_STATUS: Record<OrderStatus, Label> = {
  draft: m.order_draft,
  pending_review: m.order_pending_review,
  open: m.order_open,
  evaluation: m.order_evaluation,
  awarded: m.order_awarded,
  in_progress: m.order_in_progress,
  completed: m.order_completed,
  cancelled: m.order_cancelled,
  unsuccessful: m.order_unsuccessful,
};

/** The tone of a status badge; one colour per meaning across the whole site. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted';
export const VERIFICATION_TONE: Record<VerificationStatus, Tone> = {
  pending: 'warning',
  verified: 'success',
  rejected: 'danger',
  suspended: 'muted',
};
export const ORDER_TONE: Record<OrderStatus, Tone> = {
  draft: 'neutral',
  pending_review: 'warning',
  open: 'info',
  evaluation: 'warning',
  awarded: 'success',
  in_progress: 'info',
  completed: 'success',
  cancelled: 'muted',
  unsuccessful: 'muted',
};

/** A county or district of the city by its code, in the current language. */
export function countyName(code: string | null | undefined): string {
  const c = COUNTIES.find((x) => x.code === code);
  if (!c) return '—';
  return getLocale() === 'en' ? c.en : c.zh;
}

/** Known tool codes get their display name; anything typed by the firm is shown as typed. */
export function toolName(tool: string): string {
  return tool in TOOL ? TOOL[tool as Tool]() : tool;
}

// Codes the web has its own words for; any other code (new ones come with later features) is
// explained by its HTTP status, so a new code never shows an untranslated text.
const ERROR: Partial<Record<ErrorCode, Label>> = {
  validation_failed: m.err_validation_failed,
  unauthenticated: m.err_unauthenticated,
  invalid_credentials: m.err_invalid_credentials,
  session_expired: m.err_session_expired,
  forbidden: m.err_forbidden,
  not_found: m.err_not_found,
  email_taken: m.err_email_taken,
  uscc_taken: m.err_uscc_taken,
  invalid_transition: m.err_invalid_transition,
  bidding_closed: m.err_bidding_closed,
  questions_closed: m.err_questions_closed,
  already_awarded: m.err_already_awarded,
  weak_password: m.err_weak_password,
  wrong_password: m.err_wrong_password,
  invalid_uscc: m.err_invalid_uscc,
  rule_violation: m.err_rule_violation,
  not_eligible: m.err_not_eligible,
  too_many_requests: m.err_too_many_requests,
};

function byStatus(status: number): string {
  if (status === 401) return m.err_unauthenticated();
  if (status === 403) return m.err_forbidden();
  if (status === 404) return m.err_not_found();
  if (status === 409) return m.err_invalid_transition();
  if (status === 413) return m.err_too_large();
  if (status === 422) return m.err_rule_violation();
  if (status === 429) return m.err_too_many_requests();
  if (status === 503) return m.err_service_unavailable();
  if (status >= 500) return m.err_internal();
  return m.err_validation_failed();
}

/** The message a person reads for a problem the API answered, in their language. */
export function problemMessage(problem: Pick<Problem, 'code'>, retryAfterSeconds?: number | null): string {
  if (problem.code === 'too_many_requests' && retryAfterSeconds) return m.err_too_many_requests_wait({ seconds: retryAfterSeconds });
  return ERROR[problem.code]?.() ?? byStatus(ERROR_STATUS[problem.code] ?? 400);
}

function intlLocale(): string {
  return getLocale() === 'en' ? 'en-GB' : 'zh-CN';
}

/** 2026-06-01 17:00 in Beijing time, the time everybody on the platform works in. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** 2026-06-01 (Beijing date). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatDateTime(iso).slice(0, 10);
}

/** Today's date in Beijing as YYYY-MM-DD, for date inputs and expiry checks. */
export function beijingDate(at: Date, addYears = 0): string {
  const s = formatDate(at.toISOString());
  return addYears === 0 ? s : `${Number(s.slice(0, 4)) + addYears}${s.slice(4)}`;
}

/** "3 天 4 小时后截止" — the time left until a deadline, from `now` so server and browser agree. */
export function countdown(deadline: string | null | undefined, now: string): string {
  if (!deadline) return '';
  const ms = Date.parse(deadline) - Date.parse(now);
  if (ms <= 0) return m.countdown_closed();
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return m.countdown_days({ days, hours });
  if (hours > 0) return m.countdown_hours({ hours, minutes: minutes % 60 });
  return m.countdown_minutes({ minutes: Math.max(1, minutes) });
}

/** A short list in the current language: 图像、视频 / Image, Video. */
export function joinList(items: string[]): string {
  return items.join(getLocale() === 'en' ? ', ' : '、');
}

/** Whole numbers with the separators of the current language. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale()).format(n);
}
