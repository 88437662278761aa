import type {
  CalendarYear, CaseClock, CaseFile, CaseTimelineEntry, CaseListItem, CaseMaterial, CaseMessage, Eligibility, OrganisationFacts, PolicyCase,
  PolicyService, PolicyServiceListItem, ServiceFields, ServiceTemplate, ServiceVersion,
} from '@annex/contracts';
import type {
  AuditRow, CalendarDayRow, CalendarYearRow, CaseFileRow, CaseMaterialRow, CaseMessageRow, CaseRow, ServiceFileRow, ServiceRow,
  ServiceVersionFields, ServiceVersionRow,
} from '@annex/db';
import {
  type Eligibility as DomainEligibility, type MaterialSpec, type MaterialState, type OrgKind, type Viewer, allowedCaseActions, checklistProgress,
} from '@annex/domain';
import { renderMarkdown } from '../../lib/markdown.ts';

/** A service's fields as the API takes them, as a version stores them (absent optional parts as null). */
export const serviceFieldsOf = (f: ServiceFields): ServiceVersionFields => ({
  ...f,
  policyBasis: f.policyBasis.map((b) => ({ ...b, excerpt: b.excerpt ?? null })),
  materials: f.materials.map((x) => ({ ...x, templateFileId: x.templateFileId ?? null, note: x.note ?? null })),
});

/** The fields of a stored version, without its version, dates and author. */
export const versionFieldsOf = (v: ServiceVersionFields): ServiceVersionFields => ({
  name: v.name, category: v.category, summary: v.summary, policyBasis: v.policyBasis, agencies: v.agencies, applicants: v.applicants,
  conditions: v.conditions, freeConditions: v.freeConditions, materials: v.materials, steps: v.steps, timeLimitDays: v.timeLimitDays,
  fee: v.fee, contact: v.contact, faq: v.faq,
});

const iso = (d: Date) => d.toISOString();

/** The checklist as the domain's rules see it. */
export const materialStates = (rows: readonly CaseMaterialRow[]): MaterialState[] =>
  rows.map((m) => ({ materialId: m.materialId, required: m.required, status: m.status }));
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** One version of a service as the API shows it. */
export function toServiceVersion(v: ServiceVersionRow): ServiceVersion {
  return {
    version: v.version, effectiveFrom: v.effectiveFrom, createdAt: iso(v.createdAt), name: v.name, category: v.category,
    summary: v.summary, policyBasis: v.policyBasis, agencies: v.agencies, applicants: v.applicants,
    conditions: v.conditions as ServiceVersion['conditions'], freeConditions: v.freeConditions, materials: v.materials,
    steps: v.steps, timeLimitDays: v.timeLimitDays, fee: v.fee, contact: v.contact, faq: v.faq,
  };
}

/** A service in a list. */
export function toServiceListItem(s: ServiceRow): PolicyServiceListItem {
  const v = s.current;
  return {
    id: s.id, code: s.code, status: s.status, version: v.version, name: v.name, category: v.category, agencies: v.agencies,
    applicants: v.applicants, timeLimitDays: v.timeLimitDays, policyBasis: v.policyBasis, effectiveFrom: v.effectiveFrom,
    updatedAt: iso(s.updatedAt),
  };
}

/** The domain's eligibility as the API shows it. */
export const toEligibility = (e: DomainEligibility): Eligibility => ({
  verdict: e.verdict,
  checks: e.checks.map((c) => ({ condition: c.condition as Eligibility['checks'][number]['condition'], outcome: c.outcome, fact: c.fact })),
  missingFacts: e.missingFacts,
  needsReview: e.needsReview,
});

/** A service with its current version, the caller's eligibility and open case, and what the caller may do. */
export function toPolicyService(
  s: ServiceRow,
  x: {
    versionCount: number; eligibility: DomainEligibility | null; myOpenCaseId: string | null; permissions: PolicyService['permissions'];
    curation?: PolicyService['curation'];
  },
): PolicyService {
  return {
    ...(x.curation ? { curation: x.curation } : {}),
    ...toServiceVersion(s.current),
    id: s.id, code: s.code, status: s.status, summaryHtml: renderMarkdown(s.current.summary), publishedAt: isoOrNull(s.publishedAt),
    updatedAt: iso(s.updatedAt), versionCount: x.versionCount, eligibility: x.eligibility ? toEligibility(x.eligibility) : null,
    myOpenCaseId: x.myOpenCaseId, permissions: x.permissions,
  };
}

/** A template file of a service. */
export const toServiceTemplate = (f: ServiceFileRow): ServiceTemplate => ({
  id: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, createdAt: iso(f.createdAt),
  url: `/api/v1/policy/services/${f.serviceId}/templates/${f.id}`,
});

/** A file of a case. */
export const toCaseFile = (f: CaseFileRow): CaseFile => ({
  id: f.id, materialId: f.materialId, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256,
  createdAt: iso(f.createdAt), url: `/api/v1/policy/cases/${f.caseId}/files/${f.id}`,
});

function progressOf(materials: readonly CaseMaterialRow[]): CaseListItem['progress'] {
  const p = checklistProgress(materialStates(materials));
  return {
    total: materials.length, missing: p.missing, submitted: p.submitted, accepted: p.accepted, needsCorrection: p.needs_correction,
    readyToFile: p.readyToFile,
  };
}

/** A case in a list. */
export function toCaseListItem(c: CaseRow, materials: readonly CaseMaterialRow[], clock: CaseClock | null): CaseListItem {
  return {
    id: c.id,
    service: { id: c.serviceId, code: c.serviceCode, name: c.serviceName, version: c.serviceVersion },
    org: { id: c.orgId, name: c.orgName },
    status: c.status,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    acceptedAt: isoOrNull(c.acceptedAt),
    clock,
    progress: progressOf(materials),
  };
}

/** A case with its checklist (the service version's materials, their review and files), permissions and timeline. */
export function toPolicyCase(
  c: CaseRow,
  x: {
    specs: readonly MaterialSpec[]; materials: readonly CaseMaterialRow[]; files: readonly CaseFileRow[]; clock: CaseClock | null;
    viewer: Viewer; timeline: CaseTimelineEntry[];
  },
): PolicyCase {
  const spec = new Map(x.specs.map((m) => [m.id, m]));
  const materials = x.materials.map((m): CaseMaterial => {
    const s = spec.get(m.materialId);
    return {
      id: m.materialId, name: m.name, required: m.required, form: s?.form ?? 'electronic', copies: s?.copies ?? 1, formats: s?.formats ?? [],
      templateFileId: s?.templateFileId ?? null, note: s?.note ?? null, status: m.status, reviewReason: m.reviewReason,
      reviewedAt: isoOrNull(m.reviewedAt), files: x.files.filter((f) => f.materialId === m.materialId).map(toCaseFile),
    };
  });
  const permissions = allowedCaseActions({ status: c.status, orgId: c.orgId }, x.viewer, materialStates(x.materials));
  return {
    ...toCaseListItem(c, x.materials, x.clock),
    note: c.note, rejectReason: c.rejectReason, withdrawReason: c.withdrawReason, filedAt: isoOrNull(c.filedAt),
    decidedAt: isoOrNull(c.decidedAt), closedAt: isoOrNull(c.closedAt), materials, permissions, timeline: x.timeline,
  };
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A case's audit entries as its timeline; `actors` names the organisations and people behind them. */
export function toCaseTimeline(
  rows: readonly AuditRow[], actors: { orgs: Map<string, { kind: OrgKind; name: string }>; people: Map<string, string> },
): CaseTimelineEntry[] {
  return rows.map((e) => {
    const before = record(e.before);
    const after = record(e.after);
    const org = e.actorOrgId ? actors.orgs.get(e.actorOrgId) : undefined;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== 'reason');
    return {
      id: String(e.id),
      at: iso(e.at),
      action: e.action,
      actor: { kind: org?.kind ?? 'system', orgName: org?.name ?? null, userName: e.actorUserId ? (actors.people.get(e.actorUserId) ?? null) : null },
      changes: fields
        .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
        .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null })),
      reason: typeof after.reason === 'string' ? after.reason : null,
      // the material's name is the same before and after, so it is no change: said on its own
      material: typeof after.material === 'string' ? after.material : typeof before.material === 'string' ? before.material : null,
    };
  });
}

/** A message of a case's thread. */
export const toCaseMessage = (m: CaseMessageRow): CaseMessage => ({
  id: String(m.id), body: m.body, fromSecretariat: m.fromSecretariat, authorName: m.authorName, createdAt: iso(m.createdAt),
});

/** An organisation's policy facts. */
export const toFacts = (f: Omit<OrganisationFacts, 'updatedAt'> & { updatedAt: Date | null }): OrganisationFacts => ({
  ...f, updatedAt: isoOrNull(f.updatedAt),
});

/** One year of the working calendar. */
export function toCalendarYear(year: number, row: CalendarYearRow | null, days: readonly CalendarDayRow[]): CalendarYear {
  return {
    year, confirmed: row?.confirmed ?? false, entered: row !== null, libraryVersion: row?.libraryVersion ?? null,
    confirmedAt: isoOrNull(row?.confirmedAt ?? null),
    days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name, source: d.source, updatedAt: iso(d.updatedAt) })),
  };
}
