import type { ServiceImportFile } from '@annex/contracts';
import { type ServiceRow, type ServiceVersionFields, audit, policyServices, withTransaction } from '@annex/db';
import { type ServiceImportStep, type ServiceRuleError, planServiceImport, shanghaiDate } from '@annex/domain';
import { AppError } from '../../errors.ts';
import { type Deps, db } from '../context.ts';
import { serviceFieldsOf, versionFieldsOf } from './presenters.ts';

// `pnpm annex policy import FILE`: the secretariat's policy services loaded from a file (production has no demo
// services). Every service is checked first; then all are written in one transaction, or none. An import edits a
// service the way the web does (a published one gets a new version; cases keep theirs) and is audited without a
// user, as the platform's own doing.

/** What an import does (or would do) to one service of the file. */
export type ServiceImportLine = {
  code: string;
  name: string;
  action: 'created' | 'edited' | 'versioned' | 'published' | 'unchanged';
  /** published after the import */
  published: boolean;
};

const RULE_MESSAGES: Record<ServiceRuleError, string> = {
  invalid_transition: 'the service is archived: publish it again in the web before importing a change',
  effective_date_in_future: 'effectiveFrom may not be in the future',
  effective_date_before_previous: 'effectiveFrom may not be before the current version’s',
};

/** The fields a stored version says, in a form compared key by key (jsonb does not keep key order). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]));
  return v;
}
const sameFields = (a: ServiceVersionFields, b: ServiceVersionFields) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

type Planned = { code: string; fields: ServiceVersionFields; current: ServiceRow | null; step: ServiceImportStep };

/** Checks every service of the file against what is stored; lists each problem by its path in the file. */
async function plan(deps: Deps, file: ServiceImportFile): Promise<Planned[]> {
  const d = db(deps);
  const today = shanghaiDate(deps.now());
  const planned: Planned[] = [];
  const errors: { path: string; message: string }[] = [];
  for (const [i, item] of file.services.entries()) {
    const { code, effectiveFrom, publish, ...given } = item;
    const current = await policyServices.getByCode(d, code);
    const fields = serviceFieldsOf(given);
    // templates are files uploaded in the web: a material the file gives none keeps the one it has
    for (const [j, m] of fields.materials.entries()) {
      if (m.templateFileId === null) {
        m.templateFileId = current?.current.materials.find((x) => x.id === m.id)?.templateFileId ?? null;
      } else if (!current || !(await policyServices.getTemplate(d, current.id, m.templateFileId))) {
        errors.push({ path: `services.${i}.materials.${j}.templateFileId`, message: 'no template of this service has this id' });
      }
    }
    const same = current !== null && sameFields(versionFieldsOf(current.current), fields);
    const step = planServiceImport(current && { status: current.status, effectiveFrom: current.current.effectiveFrom }, same, effectiveFrom ?? null, publish, today);
    if (!step.ok) errors.push({ path: `services.${i}${step.error === 'invalid_transition' ? '' : '.effectiveFrom'}`, message: `${code}: ${RULE_MESSAGES[step.error]}` });
    else planned.push({ code, fields, current, step: step.value });
  }
  if (errors.length > 0) throw new AppError('validation_failed', `${errors.length} problem(s) in the file; nothing imported`, { errors });
  return planned;
}

const lineOf = (p: Planned): ServiceImportLine => {
  const s = p.step;
  const publishes = s.kind === 'publish' || ((s.kind === 'create' || s.kind === 'edit') && s.publish);
  return {
    code: p.code,
    name: p.fields.name,
    action: s.kind === 'create' ? 'created' : s.kind === 'edit' ? (s.edit === 'in_place' ? 'edited' : 'versioned') : s.kind === 'publish' ? 'published' : 'unchanged',
    published: publishes || p.current?.status === 'published',
  };
};

/** Imports the services of a file (`dryRun`: only says what it would do). Throws validation_failed, writing nothing, on any problem. */
export async function importServices(deps: Deps, file: ServiceImportFile, opts: { dryRun: boolean }): Promise<ServiceImportLine[]> {
  const planned = await plan(deps, file);
  if (opts.dryRun) return planned.map(lineOf);
  const changed = () => new AppError('invalid_transition', 'a service changed while importing; run the import again');
  await withTransaction(db(deps), async (tx) => {
    const record = (id: string, action: string, before: Record<string, unknown> | null, after: Record<string, unknown>) =>
      audit.append(tx, { actorUserId: null, actorOrgId: null, entityType: 'policy_service', entityId: id, action, before, after: { ...after, source: 'import' }, requestId: null });
    for (const p of planned) {
      const s = p.step;
      let row = p.current;
      if (s.kind === 'create') {
        row = await policyServices.create(tx, { code: p.code, fields: p.fields, effectiveFrom: s.effectiveFrom, createdBy: null });
        await record(row.id, 'service.created', null, { code: p.code, name: p.fields.name, category: p.fields.category });
      } else if (s.kind === 'edit' && row) {
        const saved = s.edit === 'in_place'
          ? await policyServices.updateDraft(tx, row.id, p.fields, s.effectiveFrom)
          : await policyServices.addVersion(tx, row.id, row.currentVersion, p.fields, s.effectiveFrom, null);
        if (!saved) throw changed();
        await record(row.id, s.edit === 'in_place' ? 'service.edited' : 'service.versioned', { version: row.currentVersion }, {
          version: saved.currentVersion, effectiveFrom: s.effectiveFrom,
        });
      }
      if (row && (s.kind === 'publish' || ((s.kind === 'create' || s.kind === 'edit') && s.publish))) {
        if (!(await policyServices.setStatus(tx, row.id, ['draft'], 'published'))) throw changed();
        await record(row.id, 'service.published', { status: 'draft' }, { status: 'published' });
      }
    }
  });
  return planned.map(lineOf);
}
