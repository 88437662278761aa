import { type ATTACHMENT_KINDS, type ErrorCode, ERROR_STATUS, type Problem } from '@annex/contracts';
import {
  type BiddingMode,
  type BidStatus,
  type Certification,
  COUNTIES,
  formatFen,
  MAX_SAVED_SEARCHES,
  type Modality,
  type MembershipTier,
  type ObjectionStatus,
  type OrderStatus,
  type OrgKind,
  type RevenueBand,
  type SecurityLevel,
  type TaskType,
  type TOOLS,
  type VerificationStatus,
  type VOLUME_UNITS,
  type WorkLocation,
} from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';

export type Label = () => string;
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
  training_institution: m.kind_training_institution,
  base_operator: m.kind_base_operator,
};

/** 理事单位 / 会员单位. */
export const MEMBERSHIP_TIER: Record<MembershipTier, Label> = { council: m.tier_council, member: m.tier_member };

export const ORDER_STATUS: Record<OrderStatus, Label> = {
  draft: m.order_draft,
  pending_review: m.order_pending_review,
  open: m.order_open,
  evaluation: m.order_evaluation,
  awarded: m.order_awarded,
  in_progress: m.order_in_progress,
  completed: m.order_completed,
  terminated: m.order_terminated,
  cancelled: m.order_cancelled,
  unsuccessful: m.order_unsuccessful,
};

export const BID_STATUS: Record<BidStatus, Label> = {
  active: m.bid_active,
  needs_reconfirm: m.bid_needs_reconfirm,
  withdrawn: m.bid_withdrawn,
  awarded: m.bid_awarded,
  not_awarded: m.bid_not_awarded,
  disqualified: m.bid_disqualified,
};

export const BIDDING_MODE: Record<BiddingMode, Label> = { open: m.mode_open, sealed: m.mode_sealed };

export const SECURITY_LEVEL: Record<SecurityLevel, Label> = {
  public: m.security_public,
  internal: m.security_internal,
  confidential: m.security_confidential,
};

export const WORK_LOCATION: Record<WorkLocation, Label> = {
  remote: m.location_remote,
  vendor_secure_room: m.location_vendor_secure_room,
  buyer_site: m.location_buyer_site,
};

export const VOLUME_UNIT: Record<(typeof VOLUME_UNITS)[number], Label> = {
  images: m.unit_images,
  frames: m.unit_frames,
  hours: m.unit_hours,
  items: m.unit_items,
  tokens: m.unit_tokens,
};

export const ATTACHMENT_KIND: Record<(typeof ATTACHMENT_KINDS)[number], Label> = {
  guideline: m.attachment_guideline,
  sample: m.attachment_sample,
  other: m.attachment_other,
};

export const OBJECTION_STATUS: Record<ObjectionStatus, Label> = {
  pending: m.objection_pending,
  upheld: m.objection_upheld,
  rejected: m.objection_rejected,
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
  terminated: 'muted',
  cancelled: 'muted',
  unsuccessful: 'muted',
};

export const BID_TONE: Record<BidStatus, Tone> = {
  active: 'info',
  needs_reconfirm: 'warning',
  withdrawn: 'muted',
  awarded: 'success',
  not_awarded: 'neutral',
  disqualified: 'danger',
};
export const OBJECTION_TONE: Record<ObjectionStatus, Tone> = { pending: 'warning', upheld: 'success', rejected: 'muted' };

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
  bids_sealed: m.err_bids_sealed,
  idempotency_key_reused: m.err_idempotency_key_reused,
  idempotency_key_in_use: m.err_idempotency_key_in_use,
  payload_too_large: m.err_too_large,
  unsupported_media_type: m.err_unsupported_file,
  saved_search_name_taken: m.ss_err_name_taken,
  policy_case_already_open: m.err_policy_case_already_open,
  service_code_taken: m.err_service_code_taken,
  materials_incomplete: m.err_materials_incomplete,
  contract_not_ended: m.err_contract_not_ended,
  review_window_closed: m.err_review_window_closed,
  already_reviewed: m.err_already_reviewed,
  already_replied: m.err_already_replied,
  registration_closed: m.err_registration_closed,
  already_registered: m.err_already_registered,
  not_registered: m.err_not_registered,
  event_started: m.err_event_started,
  saved_search_limit_reached: () => m.ss_err_limit({ max: MAX_SAVED_SEARCHES }),
  catalogue_code_taken: m.cat_err_code_taken,
  version_conflict: m.cat_err_version_conflict,
  review_window_over: m.err_review_window_over,
  token_limit_reached: m.tok_err_limit,
  listing_hidden: m.err_listing_hidden,
  listing_not_public: m.err_listing_not_public,
  membership_exists: m.err_membership_exists,
  statistics_period_exists: m.err_statistics_period_exists,
  statistics_period_closed: m.err_statistics_period_closed,
  report_invalid: m.err_report_invalid,
  statistics_period_not_openable: m.err_statistics_period_not_openable,
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

// Making an Intl formatter costs some twenty times what using one does (it loads locale data and time-zone rules),
// and a page formats dozens of dates and numbers while it renders and again while it hydrates: one of each, kept.
let beijingParts: Intl.DateTimeFormat | undefined;
const numberFormats = new Map<string, Intl.NumberFormat>();

/** 2026-06-01 17:00 in Beijing time, the time everybody on the platform works in (seconds only when a deadline has them). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  beijingParts ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const parts = beijingParts.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const seconds = get('second');
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}${seconds && seconds !== '00' ? `:${seconds}` : ''}`;
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
  const locale = intlLocale();
  const format = numberFormats.get(locale) ?? new Intl.NumberFormat(locale);
  numberFormats.set(locale, format);
  return format.format(n);
}

/** The value of a datetime-local input (Beijing wall-clock time, to the minute) for an instant. */
export function toBeijingInput(iso: string | null | undefined): string {
  if (!iso) return '';
  return formatDateTime(iso).replace(' ', 'T');
}

/** The instant a datetime-local value (Beijing wall-clock time) stands for, or null when it is not one. */
export function fromBeijingInput(value: string): string | null {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** 98.5% — a percentage as typed, without trailing zeros. */
export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `${Number(n.toFixed(2))}%`;
}

/** An amount of fen as yuan for an input field: 12345 → "123.45", 100 → "1". */
export function fenToYuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

/** File sizes as people read them: 2.4 MB, 830 KB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

const CASE_STATUS: Record<string, Label> = {
  submitted: m.pc_status_submitted,
  accepted: m.pc_status_accepted,
  collecting_materials: m.pc_status_collecting_materials,
  filed: m.pc_status_filed,
  approved: m.pc_status_approved,
  rejected: m.pc_status_rejected,
  closed: m.pc_status_closed,
  withdrawn: m.pc_status_withdrawn,
};

/** A policy case's status in words (unknown ones as recorded). */
export function caseStatusLabel(status: string): string {
  return CASE_STATUS[status]?.() ?? status;
}

/** Words for an entry of an order's timeline; unknown actions are shown as recorded. */
const TIMELINE: Record<string, Label> = {
  'order.created': m.tl_order_created,
  'order.edited': m.tl_order_edited,
  'order.submitted': m.tl_order_submitted,
  'order.approved': m.tl_order_approved,
  'order.rejected': m.tl_order_rejected,
  'order.amended': m.tl_order_amended,
  'order.cancelled': m.tl_order_cancelled,
  'order.bidding_closed': m.tl_order_bidding_closed,
  'order.unsuccessful': m.tl_order_unsuccessful,
  'order.publicity_ended': m.tl_order_publicity_ended,
  'order.deadline_reminder': m.tl_order_deadline_reminder,
  'attachment.added': m.tl_attachment_added,
  'attachment.removed': m.tl_attachment_removed,
  'question.asked': m.tl_question_asked,
  'question.answered': m.tl_question_answered,
  'bid.submitted': m.tl_bid_submitted,
  'bid.revised': m.tl_bid_revised,
  'bid.withdrawn': m.tl_bid_withdrawn,
  'bid.reconfirmed': m.tl_bid_reconfirmed,
  'bid.disqualified': m.tl_bid_disqualified,
  'award.made': m.tl_award_made,
  'review.submitted': m.tl_review_submitted,
  'review.replied': m.tl_review_replied,
  'award.cancelled': m.tl_award_cancelled,
  'objection.filed': m.tl_objection_filed,
  'objection.decided': m.tl_objection_decided,
  'delivery.file_added': m.tl_delivery_file_added,
  'delivery.delivered': m.tl_delivery_delivered,
  'delivery.inspection_started': m.tl_delivery_inspection_started,
  'delivery.errors_recorded': m.tl_delivery_errors_recorded,
  'delivery.accepted': m.tl_delivery_accepted,
  'delivery.rejected': m.tl_delivery_rejected,
  'delivery.auto_accepted': m.tl_delivery_auto_accepted,
  'delivery.auto_accept_notice': m.tl_delivery_auto_accept_notice,
  'delivery.disputed': m.tl_delivery_disputed,
  'delivery.dispute_decided': m.tl_delivery_dispute_decided,
  'payment.invoiced': m.tl_payment_invoiced,
  'payment.paid': m.tl_payment_paid,
  'payment.confirmed': m.tl_payment_confirmed,
  'payment.overdue': m.tl_payment_overdue,
  'payment.reminder': m.tl_payment_reminder,
  'payment.disputed': m.tl_payment_disputed,
  'payment.dispute_decided': m.tl_payment_dispute_decided,
  'contract.created': m.tl_contract_created,
  'contract.terms_proposed': m.tl_contract_terms_proposed,
  'contract.changes_requested': m.tl_contract_changes_requested,
  'contract.accepted': m.tl_contract_accepted,
  'contract.completed': m.tl_contract_completed,
  'contract.terminated': m.tl_contract_terminated,
  'change_order.proposed': m.tl_change_order_proposed,
  'change_order.accepted': m.tl_change_order_accepted,
  'change_order.declined': m.tl_change_order_declined,
  'change_order.withdrawn': m.tl_change_order_withdrawn,
  'termination.proposed': m.tl_termination_proposed,
  'termination.accepted': m.tl_termination_accepted,
  'termination.declined': m.tl_termination_declined,
  'termination.withdrawn': m.tl_termination_withdrawn,
  'order.completed': m.tl_order_completed,
  'order.terminated': m.tl_order_terminated,
  'curation.feature': m.tl_curation_feature,
  'curation.unfeature': m.tl_curation_unfeature,
  'curation.hide': m.tl_curation_hide,
  'curation.unhide': m.tl_curation_unhide,
};

/** The timeline's description of an audit action. */
export function timelineAction(action: string): string {
  return TIMELINE[action]?.() ?? action;
}

/** The label of an order field named in an audit entry, or null for fields the timeline does not describe. */
const ORDER_FIELD: Record<string, Label> = {
  title: m.f_title,
  description: m.f_description,
  modality: m.f_modality,
  taskTypes: m.f_task_types,
  volume: m.f_volume,
  volumeQuantity: m.f_volume,
  volumeUnit: m.f_unit,
  unitPriceCeilingFen: m.f_unit_price,
  budgetTotalFen: m.f_budget,
  biddingMode: m.f_bidding_mode,
  questionsCloseAt: m.f_questions_close,
  bidDeadline: m.f_bid_deadline,
  deliveryDeadline: m.f_delivery_deadline,
  accuracyTarget: m.f_accuracy_target,
  samplingRule: m.f_sampling,
  securityLevel: m.f_security_level,
  containsPersonalInfo: m.f_personal_info,
  workLocation: m.f_work_location,
  requiredCertifications: m.f_required_certs,
  minHeadcount: m.f_min_headcount,
  requiresSecureRoom: m.f_requires_secure_room,
  tags: m.f_tags,
};

const isIso = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);

/** "准确率目标 97% → 97.5%" for the changes of an order's terms that the timeline shows; others are left out. */
export function describeChanges(changes: readonly { field: string; before: unknown; after: unknown }[]): string[] {
  const value = (field: string, v: unknown): string | null => {
    if (v === null || v === undefined) return '—';
    if (isIso(v)) return formatDateTime(v);
    if (typeof v === 'number' && field.endsWith('Fen')) return formatFen(v);
    if (typeof v === 'number' && field === 'accuracyTarget') return formatPercent(v);
    if (typeof v === 'number') return formatNumber(v);
    return null;
  };
  return changes
    .filter((c) => c.field in ORDER_FIELD)
    .map((c) => {
      const b = value(c.field, c.before);
      const a = value(c.field, c.after);
      const label = ORDER_FIELD[c.field]!();
      return b !== null && a !== null ? `${label} ${b} → ${a}` : label;
    });
}
