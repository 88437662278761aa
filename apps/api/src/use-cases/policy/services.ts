import type {
  CreateServiceRequest, EligibilityOverview, PolicyService, PolicyServiceList, PolicyServiceListQuery, PolicyServiceSearchPage,
  ListingCuration, PolicyServiceSearchQuery, ServiceFields, ServiceTemplate, UpdateServiceRequest,
} from '@annex/contracts';
import { searchPolicyServices } from '@annex/search';
import {
  CONSTRAINTS, InvalidCursorError, type ServiceRow, type ServiceVersionFields, audit, isUniqueViolation, policyCases, policyServices,
  withTransaction,
} from '@annex/db';
import {
  ELIGIBILITY_VERDICTS, OPEN_CASE_STATUSES, type ServiceRuleError, applyServiceStep, assessEligibility,
  planServiceEdit, shanghaiDate,
} from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type UploadLimits, type UploadedFile, checkUpload, storeUpload } from '../../lib/uploads.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { curationForPage, includesHidden } from '../curation-view.ts';
import { requireOrgKind } from '../guards.ts';
import { decodeCursor, nextCursor, searchService, unavailableOnFailure } from '../search-paging.ts';
import { viewerOf } from '../viewer.ts';
import { eligibilityProfile } from './access.ts';
import { serviceFieldsOf, toEligibility, toPolicyService, toServiceListItem, toServiceTemplate, toServiceVersion, versionFieldsOf } from './presenters.ts';

// Policy services (办事指南): the public reads them, firms see whether they likely qualify, the secretariat
// writes them. A published service changes by new versions; cases keep the version they were opened under.

const RULE_MESSAGES: Record<ServiceRuleError, string> = {
  invalid_transition: 'the service is not in a state that allows this',
  effective_date_in_future: 'a new version takes effect today or on a past date, not in the future',
  effective_date_before_previous: 'a new version cannot take effect before the version it replaces',
};
const ruleError = (e: ServiceRuleError) =>
  new AppError(e === 'invalid_transition' ? 'invalid_transition' : 'rule_violation', RULE_MESSAGES[e], {
    errors: e.startsWith('effective') ? [{ path: 'effectiveFrom', message: RULE_MESSAGES[e] }] : undefined,
  });

const isSecretariat = (auth: AuthContext | null) => auth?.membership?.kind === 'secretariat';
const notFound = () => new AppError('not_found', 'no policy service with this id');

/** A service the caller may see: published and archived ones for everyone (cases refer to them), drafts for the secretariat. */
/** A service with its curation (for the secretariat, when featured or hidden). */
type LoadedService = ServiceRow & { curation?: ListingCuration };

/** The service, unless it is a draft or hidden and the caller is not the secretariat (404). */
async function loadService(deps: Deps, auth: AuthContext | null, id: string): Promise<LoadedService> {
  const s = await policyServices.get(db(deps), id);
  if (!s || (s.status === 'draft' && !isSecretariat(auth))) throw notFound();
  const curation = await curationForPage(db(deps), 'policy_service', s.id, viewerOf(auth), null);
  return curation ? { ...s, curation } : s;
}

/** The open case of the caller's firm for each service, by service id. */
async function openCasesOf(deps: Deps, orgId: string): Promise<Map<string, string>> {
  const page = await policyCases.listForOrg(db(deps), orgId, { statuses: OPEN_CASE_STATUSES, limit: 100 });
  return new Map(page.items.map((c) => [c.serviceId, c.id]));
}

/** GET /policy/services: published services (the secretariat may list drafts and archived ones), filtered by category and agency. */
export async function listServices(deps: Deps, auth: AuthContext | null, q: PolicyServiceListQuery): Promise<PolicyServiceList> {
  if (q.status !== 'published' && !isSecretariat(auth)) throw new AppError('forbidden', 'only the secretariat lists services that are not published');
  try {
    const [page, agencies] = await Promise.all([
      policyServices.list(
        db(deps), { statuses: [q.status], category: q.category, agency: q.agency, withoutHidden: !isSecretariat(auth) }, q.cursor, q.limit,
      ),
      policyServices.agencies(db(deps)),
    ]);
    return { items: page.items.map(toServiceListItem), nextCursor: page.nextCursor, agencies };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** GET /policy/services/{id}: the current version; a signed-in firm also learns whether it likely qualifies and its open case. */
export async function getService(deps: Deps, auth: AuthContext | null, id: string): Promise<PolicyService> {
  const s = await loadService(deps, auth, id);
  const d = db(deps);
  const m = auth?.membership;
  const firm = m && m.kind !== 'secretariat' ? m : null;
  const [versions, profile, open] = await Promise.all([
    policyServices.listVersions(d, s.id),
    firm ? eligibilityProfile(d, firm.orgId) : null,
    firm ? openCasesOf(deps, firm.orgId) : new Map<string, string>(),
  ]);
  const today = shanghaiDate(deps.now());
  const eligibility = profile ? assessEligibility(s.current.conditions, s.current.freeConditions, profile, today) : null;
  const myOpenCaseId = open.get(s.id) ?? null;
  const secretariat = isSecretariat(auth);
  return toPolicyService(s, {
    versionCount: versions.length,
    eligibility,
    myOpenCaseId,
    permissions: {
      edit: secretariat && s.status !== 'archived',
      publish: secretariat && applyServiceStep(s.status, 'publish').ok,
      archive: secretariat && applyServiceStep(s.status, 'archive').ok,
      openCase: firm !== null && s.status === 'published' && myOpenCaseId === null,
    },
    curation: s.curation,
  });
}

/** GET /policy/services/{id}/versions: every version, newest first. */
export async function listVersions(deps: Deps, auth: AuthContext | null, id: string) {
  const s = await loadService(deps, auth, id);
  return { items: (await policyServices.listVersions(db(deps), s.id)).map(toServiceVersion) };
}

/** GET /policy/eligibility: every published service with the caller's firm's eligibility, likeliest first. */
export async function eligibilityOverview(deps: Deps, auth: AuthContext): Promise<EligibilityOverview> {
  const m = auth.membership;
  if (!m || m.kind === 'secretariat') throw new AppError('forbidden', 'eligibility is shown to member firms');
  const d = db(deps);
  const [services, profile, open] = await Promise.all([policyServices.listPublished(d), eligibilityProfile(d, m.orgId), openCasesOf(deps, m.orgId)]);
  if (!profile) throw new AppError('not_found', 'your organisation no longer exists');
  const today = shanghaiDate(deps.now());
  const items = services
    .map((s) => ({ s, e: assessEligibility(s.current.conditions, s.current.freeConditions, profile, today) }))
    .sort((a, b) => ELIGIBILITY_VERDICTS.indexOf(a.e.verdict) - ELIGIBILITY_VERDICTS.indexOf(b.e.verdict));
  return {
    items: items.map(({ s, e }) => ({
      service: toServiceListItem(s),
      eligibility: toEligibility(e),
      myOpenCaseId: open.get(s.id) ?? null,
    })),
    missingFacts: [...new Set(items.flatMap((i) => i.e.missingFacts))],
  };
}


/** Every template a material names must be one of this service's (a new service has none yet). */
async function checkTemplates(deps: Deps, serviceId: string | null, f: ServiceVersionFields): Promise<void> {
  for (const [i, m] of f.materials.entries()) {
    if (m.templateFileId === null) continue;
    const found = serviceId ? await policyServices.getTemplate(db(deps), serviceId, m.templateFileId) : null;
    if (!found) {
      const message = 'no template of this service has this id (upload it first: POST /policy/services/{id}/templates)';
      throw new AppError('rule_violation', message, { errors: [{ path: `materials.${i}.templateFileId`, message }] });
    }
  }
}

/** POST /policy/services: the secretariat drafts a service. */
export async function createService(deps: Deps, auth: AuthContext, body: CreateServiceRequest, meta: RequestMeta): Promise<PolicyService> {
  requireOrgKind(auth, 'secretariat', 'write policy services');
  const { code, ...fields } = body;
  await checkTemplates(deps, null, serviceFieldsOf(fields));
  try {
    const s = await withTransaction(db(deps), async (tx) => {
      const created = await policyServices.create(tx, { code, fields: serviceFieldsOf(fields), effectiveFrom: shanghaiDate(deps.now()), createdBy: auth.user.id });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'policy_service', entityId: created.id,
        action: 'service.created', after: { code, name: fields.name, category: fields.category }, requestId: meta.requestId,
      });
      return created;
    });
    return getService(deps, auth, s.id);
  } catch (err) {
    if (isUniqueViolation(err, CONSTRAINTS.policyServicesCode)) {
      throw new AppError('service_code_taken', 'another service has this code', { errors: [{ path: 'code', message: 'taken' }] });
    }
    throw err;
  }
}

/**
 * PATCH /policy/services/{id}: the secretariat changes a draft in place, or a published service by a new version
 * effective from `effectiveFrom` (cases keep theirs).
 */
export async function updateService(deps: Deps, auth: AuthContext, id: string, patch: UpdateServiceRequest, meta: RequestMeta): Promise<PolicyService> {
  requireOrgKind(auth, 'secretariat', 'write policy services');
  const s = await loadService(deps, auth, id);
  const { effectiveFrom, ...changes } = patch;
  const plan = planServiceEdit(s.status, s.current.effectiveFrom, effectiveFrom ?? null, shanghaiDate(deps.now()));
  if (!plan.ok) throw ruleError(plan.error);
  const current = versionFieldsOf(s.current);
  const next = serviceFieldsOf({ ...current, ...changes } as ServiceFields);
  await checkTemplates(deps, s.id, next);
  await withTransaction(db(deps), async (tx) => {
    const saved = plan.value.edit === 'in_place'
      ? await policyServices.updateDraft(tx, s.id, next, plan.value.effectiveFrom)
      : await policyServices.addVersion(tx, s.id, s.currentVersion, next, plan.value.effectiveFrom, auth.user.id);
    if (!saved) throw new AppError('invalid_transition', 'the service changed meanwhile; load it again and retry');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'policy_service', entityId: s.id,
      action: plan.value.edit === 'in_place' ? 'service.edited' : 'service.versioned',
      before: { version: s.currentVersion }, after: { version: saved.currentVersion, effectiveFrom: plan.value.effectiveFrom, fields: Object.keys(changes) },
      requestId: meta.requestId,
    });
  });
  return getService(deps, auth, s.id);
}

/** POST /policy/services/{id}/publish and /archive: the secretariat publishes (again) or archives a service. */
export async function setServiceStatus(deps: Deps, auth: AuthContext, id: string, step: 'publish' | 'archive', meta: RequestMeta): Promise<PolicyService> {
  requireOrgKind(auth, 'secretariat', 'publish or archive policy services');
  const s = await loadService(deps, auth, id);
  const next = applyServiceStep(s.status, step);
  if (!next.ok) throw ruleError(next.error);
  await withTransaction(db(deps), async (tx) => {
    const saved = await policyServices.setStatus(tx, s.id, [s.status], next.value);
    if (!saved) throw new AppError('invalid_transition', 'the service changed meanwhile; load it again and retry');
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'policy_service', entityId: s.id,
      action: `service.${step === 'publish' ? 'published' : 'archived'}`, before: { status: s.status }, after: { status: next.value },
      requestId: meta.requestId,
    });
  });
  return getService(deps, auth, s.id);
}

/** GET /policy/search: published policy services by text, with facet counts of category and agency. */
export async function searchPolicyServicePage(deps: Deps, auth: AuthContext | null, q: PolicyServiceSearchQuery): Promise<PolicyServiceSearchPage> {
  const search = searchService(deps);
  const page = await unavailableOnFailure(() =>
    searchPolicyServices(search, {
      q: q.q, category: q.category, agencies: q.agency, offset: decodeCursor(q.cursor), limit: q.limit, includeHidden: includesHidden(auth),
    }),
  );
  return {
    items: page.hits.map((h) => ({
      id: h.id, code: h.code, name: h.name, category: h.category as PolicyServiceSearchPage['items'][number]['category'],
      agencies: h.agencies, timeLimitDays: h.timeLimitDays, highlight: h.highlight,
    })),
    nextCursor: nextCursor(page),
    total: page.total,
    facets: page.facets,
  };
}

/** At most this many templates per service, and this many bytes in all. */
const TEMPLATE_LIMITS: UploadLimits = { holder: 'a service', maxFiles: 40, maxTotalBytes: 100 * 1024 * 1024 };

/**
 * POST /policy/services/{id}/templates: the secretariat adds a template file (a form to fill in) to a service; a
 * material names it by `templateFileId` in the service's next edit. The same checks as every upload.
 */
export async function uploadTemplate(
  deps: Deps, auth: AuthContext, id: string, f: UploadedFile, meta: RequestMeta,
): Promise<ServiceTemplate> {
  requireOrgKind(auth, 'secretariat', 'add templates to policy services');
  const s = await loadService(deps, auth, id);
  const upload = await checkUpload(f, TEMPLATE_LIMITS, () => policyServices.templateUsage(db(deps), s.id));
  const row = await storeUpload(deps.storage, upload, (stored) =>
    withTransaction(db(deps), async (tx) => {
      const added = await policyServices.addTemplate(tx, { ...stored, serviceId: s.id, uploadedBy: auth.user.id });
      await audit.append(tx, {
        actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId, entityType: 'policy_service', entityId: s.id,
        action: 'service.template_added', after: { fileId: added.id, fileName: added.fileName }, requestId: meta.requestId,
      });
      return added;
    }),
  );
  return toServiceTemplate(row);
}

/** GET /policy/services/{id}/templates/{fileId}: anyone who may see the service downloads its template. */
export async function downloadTemplate(deps: Deps, auth: AuthContext | null, id: string, fileId: string) {
  const s = await loadService(deps, auth, id);
  const row = await policyServices.getTemplate(db(deps), s.id, fileId);
  if (!row) throw new AppError('not_found', 'no template with this id');
  const bytes = await deps.storage.get(row.storageKey);
  if (!bytes) throw new AppError('not_found', 'the file is missing from storage');
  return { row, bytes };
}
