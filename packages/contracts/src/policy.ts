import { ListingCuration } from './curation.ts';
import {
  CASE_STATUSES, type CaseViewerAction, COUNTY_CODES, ELIGIBILITY_VERDICTS, MATERIAL_FORMS, MATERIAL_STATUSES, POLICY_CATEGORY_CODES,
  REVENUE_BANDS, SERVICE_STATUSES,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Page } from './common.ts';
import { TimelineEntry } from './marketplace.ts';
import { longText, multiLine, singleLine } from './text.ts';

// Policy-agency services (政策代办, DESIGN §2.7): the services (办事指南) with their versions, eligibility hints,
// the cases firms open and the secretariat works, and the working-day calendar their clock runs on.

/** A structured condition the rules check against a firm's profile (packages/domain PolicyCondition). */
export const PolicyCondition = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('org_kind'), anyOf: z.array(z.enum(['buyer', 'vendor'])).min(1).max(2) }),
  z.strictObject({ type: z.literal('county'), anyOf: z.array(z.enum(COUNTY_CODES)).min(1).max(COUNTY_CODES.length) }),
  z.strictObject({ type: z.literal('headcount'), min: z.number().int().min(0).max(1_000_000).optional(), max: z.number().int().min(0).max(1_000_000).optional() }),
  z.strictObject({ type: z.literal('above_designated_size'), value: z.boolean() }),
  z.strictObject({ type: z.literal('high_tech_certificate'), value: z.boolean() }),
  z.strictObject({ type: z.literal('years_since_founding'), min: z.number().int().min(0).max(200).optional(), max: z.number().int().min(0).max(200).optional() }),
  z.strictObject({ type: z.literal('revenue_band'), anyOf: z.array(z.enum(REVENUE_BANDS)).min(1).max(REVENUE_BANDS.length) }),
]);
export type PolicyCondition = z.infer<typeof PolicyCondition>;

/** Where a service's rules come from: document number, title, article (e.g. 聊政办字〔2025〕19号 第七条). */
export const PolicyBasis = z.strictObject({
  documentNumber: singleLine(1, 100),
  title: singleLine(1, 200),
  article: singleLine(1, 100),
  /** the words of the article the service rests on */
  excerpt: multiLine(1, 2000).nullable().default(null),
});
export type PolicyBasis = z.infer<typeof PolicyBasis>;

/** A material of the checklist (材料清单). */
export const MaterialSpec = z.strictObject({
  /** stable within the service (cases refer to it): letters, digits, - and _ */
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, - and _, at most 32'),
  name: singleLine(1, 200),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int().min(0).max(20),
  required: z.boolean(),
  /** file-name extensions accepted for an upload; empty: any the file policy accepts */
  formats: z.array(z.string().regex(/^[a-z0-9]{1,10}$/, 'an extension such as pdf')).max(10),
  templateFileId: Id.nullable().default(null),
  note: multiLine(1, 500).nullable().default(null),
});
export type MaterialSpec = z.infer<typeof MaterialSpec>;

export const FaqItem = z.strictObject({ question: singleLine(1, 300), answer: multiLine(1, 3000) });
export type FaqItem = z.infer<typeof FaqItem>;

const unique = (xs: { id: string }[]) => new Set(xs.map((x) => x.id)).size === xs.length;

/** What a version of a service says (the 办事指南). */
export const ServiceFields = z.strictObject({
  name: singleLine(2, 200),
  category: z.enum(POLICY_CATEGORY_CODES),
  /** Markdown */
  summary: longText(10_000),
  policyBasis: z.array(PolicyBasis).max(10),
  agencies: z.array(singleLine(2, 60)).max(20),
  /** who may apply (申请对象), as written */
  applicants: multiLine(0, 2000),
  conditions: z.array(PolicyCondition).max(20),
  /** conditions the rules cannot check: the secretariat reviews them */
  freeConditions: z.array(multiLine(1, 1000)).max(20),
  materials: z.array(MaterialSpec).max(40).refine(unique, 'two materials have the same id'),
  steps: z.array(multiLine(1, 1000)).max(30),
  /** working days from acceptance to filing; null: no limit */
  timeLimitDays: z.number().int().min(1).max(365).nullable(),
  fee: multiLine(0, 500),
  contact: multiLine(0, 500),
  faq: z.array(FaqItem).max(30),
});
export type ServiceFields = z.infer<typeof ServiceFields>;

/** POST /policy/services: a new draft. */
export const CreateServiceRequest = ServiceFields.extend({
  /** stable, readable key: lower-case letters, digits and - */
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -, 2 to 63 long'),
  summary: ServiceFields.shape.summary.default(''),
  policyBasis: ServiceFields.shape.policyBasis.default([]),
  agencies: ServiceFields.shape.agencies.default([]),
  applicants: ServiceFields.shape.applicants.default(''),
  conditions: ServiceFields.shape.conditions.default([]),
  freeConditions: ServiceFields.shape.freeConditions.default([]),
  materials: ServiceFields.shape.materials.default([]),
  steps: ServiceFields.shape.steps.default([]),
  timeLimitDays: ServiceFields.shape.timeLimitDays.default(null),
  fee: ServiceFields.shape.fee.default(''),
  contact: ServiceFields.shape.contact.default(''),
  faq: ServiceFields.shape.faq.default([]),
});
export type CreateServiceRequest = z.infer<typeof CreateServiceRequest>;

/**
 * PATCH /policy/services/{id}: changes to a draft (in place), or to a published service — a new version effective
 * from `effectiveFrom` (default today, not in the future, not before the version it replaces).
 */
export const UpdateServiceRequest = ServiceFields.partial()
  .extend({ effectiveFrom: IsoDate.optional() })
  .refine((o) => Object.keys(o).some((k) => k !== 'effectiveFrom'), { message: 'nothing to change' });
export type UpdateServiceRequest = z.infer<typeof UpdateServiceRequest>;

/**
 * A file of services for `pnpm annex policy import`: each the body of POST /policy/services, with the date its
 * (new) version takes effect (default today) and whether to publish it (default true).
 */
export const ServiceImportFile = z.strictObject({
  services: z
    .array(CreateServiceRequest.extend({ effectiveFrom: IsoDate.optional(), publish: z.boolean().default(true) }))
    .min(1)
    .max(500)
    .refine((xs) => new Set(xs.map((x) => x.code)).size === xs.length, { message: 'each code once' }),
});
export type ServiceImportFile = z.infer<typeof ServiceImportFile>;

/** The outcome of one structured condition for the caller's organisation. */
export const ConditionCheck = z.object({
  condition: PolicyCondition,
  outcome: z.enum(['met', 'unmet', 'missing']),
  /** the profile fact it looks at (OrganisationFacts, or kind / county of the organisation) */
  fact: z.string(),
});

/** Whether the caller's organisation likely qualifies: a hint, never a decision. */
export const Eligibility = z.object({
  verdict: z.enum(ELIGIBILITY_VERDICTS),
  checks: z.array(ConditionCheck),
  /** facts to fill in on the organisation profile for a firmer answer */
  missingFacts: z.array(z.string()),
  /** free-text conditions the secretariat reviews */
  needsReview: z.array(z.string()),
});
export type Eligibility = z.infer<typeof Eligibility>;

/** One version of a service. */
export const ServiceVersion = ServiceFields.extend({
  version: z.number().int(),
  effectiveFrom: IsoDate,
  createdAt: IsoDateTime,
});
export type ServiceVersion = z.infer<typeof ServiceVersion>;

/** What the caller may do with the service now. */
export const ServicePermissions = z.object({
  edit: z.boolean(),
  publish: z.boolean(),
  archive: z.boolean(),
  /** open a case (a member firm without an open case for it) */
  openCase: z.boolean(),
});

/** A service as the API shows it: its current version, and for a signed-in firm its eligibility and open case. */
export const PolicyService = ServiceVersion.extend({
  id: Id,
  code: z.string(),
  status: z.enum(SERVICE_STATUSES),
  /** the Markdown summary rendered and sanitised */
  summaryHtml: z.string(),
  publishedAt: IsoDateTime.nullable(),
  updatedAt: IsoDateTime,
  versionCount: z.number().int(),
  eligibility: Eligibility.nullable(),
  /** the caller's organisation's open case for this service */
  myOpenCaseId: Id.nullable(),
  permissions: ServicePermissions,
  /** the secretariat's curation, for its owner and the secretariat (absent for others and when never curated) */
  curation: ListingCuration.optional(),
});
export type PolicyService = z.infer<typeof PolicyService>;

/** A service in a list. */
export const PolicyServiceListItem = z.object({
  id: Id,
  code: z.string(),
  status: z.enum(SERVICE_STATUSES),
  version: z.number().int(),
  name: z.string(),
  category: z.enum(POLICY_CATEGORY_CODES),
  agencies: z.array(z.string()),
  applicants: z.string(),
  timeLimitDays: z.number().int().nullable(),
  policyBasis: z.array(PolicyBasis),
  effectiveFrom: IsoDate,
  updatedAt: IsoDateTime,
});
export type PolicyServiceListItem = z.infer<typeof PolicyServiceListItem>;

/** GET /policy/services. Published services (secretariat: `status` may ask for drafts or archived ones). */
export const PolicyServiceListQuery = z.object({
  status: z.enum(SERVICE_STATUSES).default('published'),
  category: z.enum(POLICY_CATEGORY_CODES).optional(),
  agency: singleLine(1, 60).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type PolicyServiceListQuery = z.infer<typeof PolicyServiceListQuery>;
export const PolicyServiceList = Page(PolicyServiceListItem).extend({
  /** every agency named by a published service, for the filter */
  agencies: z.array(z.string()),
});
export type PolicyServiceList = z.infer<typeof PolicyServiceList>;

export const ServiceVersionList = z.object({ items: z.array(ServiceVersion) });

/** A query parameter holding a list (`a,b` or repeated). */
const listParam = <T extends z.ZodType>(item: T) =>
  z
    .preprocess(
      (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean)),
      z.array(item).max(20),
    )
    .optional();

/** GET /policy/search: published services by text, with facets category and agency (the /policy page). */
export const PolicyServiceSearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  category: listParam(z.enum(POLICY_CATEGORY_CODES)),
  agency: listParam(singleLine(1, 60)),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type PolicyServiceSearchQuery = z.infer<typeof PolicyServiceSearchQuery>;

/** A service as the search shows it (public fields only). */
export const PolicyServiceHit = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  category: z.enum(POLICY_CATEGORY_CODES),
  agencies: z.array(z.string()),
  timeLimitDays: z.number().int().nullable(),
  /** HTML-escaped text with <mark> around the matches */
  highlight: z.object({ name: z.string().optional(), summary: z.string().optional() }),
});
export const PolicyServiceSearchPage = z.object({
  items: z.array(PolicyServiceHit),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  /** counts of category and agencies; a facet's own selection is ignored in its counts */
  facets: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type PolicyServiceSearchPage = z.infer<typeof PolicyServiceSearchPage>;

/** GET /policy/eligibility: every published service with the caller's eligibility, best first. */
export const EligibilityOverview = z.object({
  items: z.array(z.object({ service: PolicyServiceListItem, eligibility: Eligibility, myOpenCaseId: Id.nullable() })),
  /** facts the organisation has not filled in that some service looks at */
  missingFacts: z.array(z.string()),
});
export type EligibilityOverview = z.infer<typeof EligibilityOverview>;

// ---------------------------------------------------------------------------------------------------------
// Organisation facts

/** What a firm tells about itself for eligibility; null: not said. */
export const OrganisationFacts = z.object({
  foundedOn: IsoDate.nullable(),
  revenueBand: z.enum(REVENUE_BANDS).nullable(),
  /** 规上: in the statistics of enterprises above designated size */
  aboveDesignatedSize: z.boolean().nullable(),
  /** holds a high-tech enterprise certificate (高新技术企业证书) */
  highTechCertificate: z.boolean().nullable(),
  highTechValidUntil: IsoDate.nullable(),
  /** people working in data annotation (从业人员) */
  practitioners: z.number().int().min(0).max(1_000_000).nullable(),
  /** of whom local (本地) */
  localPractitioners: z.number().int().min(0).max(1_000_000).nullable(),
  updatedAt: IsoDateTime.nullable(),
});
export type OrganisationFacts = z.infer<typeof OrganisationFacts>;

/** PUT /organisations/mine/facts: every fact (null clears one). */
export const UpdateOrganisationFacts = OrganisationFacts.omit({ updatedAt: true })
  .strict()
  .refine((f) => f.localPractitioners === null || (f.practitioners !== null && f.localPractitioners <= f.practitioners), {
    path: ['localPractitioners'], message: 'local practitioners cannot outnumber practitioners',
  })
  .refine((f) => f.highTechValidUntil === null || f.highTechCertificate === true, {
    path: ['highTechValidUntil'], message: 'a validity date needs a high-tech certificate',
  });
export type UpdateOrganisationFacts = z.infer<typeof UpdateOrganisationFacts>;

// ---------------------------------------------------------------------------------------------------------
// Cases (代办事项)

/** The working-day clock from acceptance to filing against the service's time limit (packages/domain caseClock). */
export const CaseClock = z.object({
  startedOn: IsoDate,
  dueOn: IsoDate.nullable(),
  timeLimitDays: z.number().int().nullable(),
  elapsedWorkingDays: z.number().int(),
  remainingWorkingDays: z.number().int().nullable(),
  running: z.boolean(),
  overdue: z.boolean(),
  /** years the clock runs through whose holidays nobody has confirmed: the count there may change */
  unconfirmedYears: z.array(z.number().int()),
});
export type CaseClock = z.infer<typeof CaseClock>;

/** A template file of a service (a form to fill in), named by a material's templateFileId. */
export const ServiceTemplate = z.object({
  id: Id,
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: IsoDateTime,
  /** where anyone who may see the service downloads it */
  url: z.string(),
});
export type ServiceTemplate = z.infer<typeof ServiceTemplate>;

/** A file handed in for a material. */
export const CaseFile = z.object({
  id: Id,
  materialId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: IsoDateTime,
  /** where to download it (the firm and the secretariat) */
  url: z.string(),
});
export type CaseFile = z.infer<typeof CaseFile>;

/** A material of the case's checklist: what the service version asks, where it stands, and the files. */
export const CaseMaterial = MaterialSpec.extend({
  status: z.enum(MATERIAL_STATUSES),
  /** why it needs correction (or the note of the last review) */
  reviewReason: z.string().nullable(),
  reviewedAt: IsoDateTime.nullable(),
  /** oldest first; the latest is the one under review */
  files: z.array(CaseFile),
});
export type CaseMaterial = z.infer<typeof CaseMaterial>;

/** What the caller may do with the case now: packages/domain `allowedCaseActions`. */
export const CasePermissions = z.object({
  accept: z.boolean(),
  requestMaterials: z.boolean(),
  file: z.boolean(),
  approve: z.boolean(),
  reject: z.boolean(),
  close: z.boolean(),
  withdraw: z.boolean(),
  upload: z.boolean(),
  reviewMaterial: z.boolean(),
  message: z.boolean(),
} satisfies Record<CaseViewerAction, z.ZodBoolean>);
export type CasePermissions = z.infer<typeof CasePermissions>;

/** How far the checklist is. */
export const ChecklistProgress = z.object({
  total: z.number().int(),
  missing: z.number().int(),
  submitted: z.number().int(),
  accepted: z.number().int(),
  needsCorrection: z.number().int(),
  readyToFile: z.boolean(),
});

/** A case in a list (the firm's cases, the secretariat's queue). */
export const CaseListItem = z.object({
  id: Id,
  service: z.object({ id: Id, code: z.string(), name: z.string(), version: z.number().int() }),
  org: z.object({ id: Id, name: z.string() }),
  status: z.enum(CASE_STATUSES),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  /** null until the secretariat accepts the case */
  clock: CaseClock.nullable(),
  progress: ChecklistProgress,
});
export type CaseListItem = z.infer<typeof CaseListItem>;

/** A step of a case's timeline; `material` names the checklist item a material's step was about. */
export const CaseTimelineEntry = TimelineEntry.extend({ material: z.string().nullable() });
export type CaseTimelineEntry = z.infer<typeof CaseTimelineEntry>;

/** A case as its firm and the secretariat see it. */
export const PolicyCase = CaseListItem.extend({
  note: z.string(),
  rejectReason: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  filedAt: IsoDateTime.nullable(),
  decidedAt: IsoDateTime.nullable(),
  closedAt: IsoDateTime.nullable(),
  materials: z.array(CaseMaterial),
  permissions: CasePermissions,
  /** every step, upload and review: who, when, what (and which material) */
  timeline: z.array(CaseTimelineEntry),
});
export type PolicyCase = z.infer<typeof PolicyCase>;

/** POST /policy/cases */
export const OpenCaseRequest = z.strictObject({
  serviceId: Id,
  /** what the firm wants help with */
  note: multiLine(0, 2000).default(''),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

/** GET /policy/cases: the caller's organisation's cases. */
export const CaseListQuery = z.object({ status: z.enum(CASE_STATUSES).optional(), cursor: Cursor.optional(), limit: Limit });
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export const CaseList = Page(CaseListItem);
export type CaseList = z.infer<typeof CaseList>;

/** GET /policy/queue: the secretariat's open cases, overdue first, then by due day and age. */
export const CaseQueueQuery = z.object({
  status: z.enum(['submitted', 'accepted', 'collecting_materials', 'filed']).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type CaseQueueQuery = z.infer<typeof CaseQueueQuery>;
/** One page of the queue; `overdueCount` counts the whole queue. */
export const CaseQueue = Page(CaseListItem).extend({ overdueCount: z.number().int() });
export type CaseQueue = z.infer<typeof CaseQueue>;

/** POST /policy/cases/{id}/transition: a step of the case machine (packages/domain CASE_STEPS). */
export const CaseTransitionRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('request_materials'), message: multiLine(1, 5000).optional() }),
  z.strictObject({ action: z.literal('file') }),
  z.strictObject({ action: z.literal('approve') }),
  z.strictObject({ action: z.literal('reject'), reason: multiLine(2, 1000) }),
  z.strictObject({ action: z.literal('close') }),
  z.strictObject({ action: z.literal('withdraw'), reason: multiLine(2, 1000).optional() }),
]);
export type CaseTransitionRequest = z.infer<typeof CaseTransitionRequest>;

/** POST /policy/cases/{id}/materials/{materialId}/review */
export const MaterialReviewRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept') }),
  z.strictObject({ decision: z.literal('needs_correction'), reason: multiLine(2, 1000) }),
]);
export type MaterialReviewRequest = z.infer<typeof MaterialReviewRequest>;

export const CaseMessage = z.object({
  id: z.string(),
  body: z.string(),
  fromSecretariat: z.boolean(),
  authorName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type CaseMessage = z.infer<typeof CaseMessage>;
export const CaseMessageList = Page(CaseMessage);
export const CaseMessageQuery = z.object({ cursor: Cursor.optional(), limit: Limit });
export const PostCaseMessage = z.strictObject({ body: multiLine(1, 5000) });
export type PostCaseMessage = z.infer<typeof PostCaseMessage>;

// ---------------------------------------------------------------------------------------------------------
// The working-day calendar

export const CalendarDay = z.object({
  date: IsoDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  source: z.enum(['library', 'secretariat']),
  updatedAt: IsoDateTime,
});
export type CalendarDay = z.infer<typeof CalendarDay>;

/** One year: confirmed or not, where it came from, and its days that differ from Monday–Friday. */
export const CalendarYear = z.object({
  year: z.number().int(),
  /** false also for a year nobody entered (then `days` is empty and every weekday counts as working) */
  confirmed: z.boolean(),
  entered: z.boolean(),
  libraryVersion: z.string().nullable(),
  confirmedAt: IsoDateTime.nullable(),
  days: z.array(CalendarDay),
});
export type CalendarYear = z.infer<typeof CalendarYear>;
export const CalendarYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const CalendarOverview = z.object({
  years: z.array(z.object({ year: z.number().int(), confirmed: z.boolean(), libraryVersion: z.string().nullable() })),
  year: CalendarYear,
});
export type CalendarOverview = z.infer<typeof CalendarOverview>;

/** PUT /policy/calendar/days/{date}: a holiday, a make-up working day, or back to the plain week (`normal`). */
export const SetCalendarDay = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('holiday'), name: singleLine(1, 40) }),
  z.strictObject({ kind: z.literal('workday'), name: singleLine(1, 40) }),
  z.strictObject({ kind: z.literal('normal') }),
]);
export type SetCalendarDay = z.infer<typeof SetCalendarDay>;

/** POST /policy/calendar/years/{year}/confirm */
export const ConfirmCalendarYear = z.strictObject({ confirmed: z.boolean() });
