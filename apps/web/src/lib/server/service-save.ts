import { CreateServiceRequest, UpdateServiceRequest } from '@annex/contracts';
import type { Cookies } from '@sveltejs/kit';
import { fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { type ServiceDraft, errorsAt, fieldsOf, readDraft } from '#lib/service-form.ts';

type Failure = { draft: ServiceDraft; errors: Record<string, string>; formError: string | null };
const refuse = (status: number, f: Failure) => fail(status, { save: f });

/**
 * The secretariat's save of a service form: a new draft (`serviceId` null) or an edit, after uploading the
 * template files chosen for materials. Returns the service's id, or the failure to show with what was typed.
 */
export async function saveService(
  locals: App.Locals, cookies: Cookies, data: FormData, serviceId: string | null,
): Promise<{ id: string } | ReturnType<typeof refuse>> {
  if (serviceId) {
    // each chosen template is stored first, and its id goes into that material's row
    const files = data.getAll('mat_templateFile');
    const ids = data.getAll('mat_templateFileId').map((v) => (typeof v === 'string' ? v : ''));
    for (const [i, f] of files.entries()) {
      if (!(f instanceof File) || f.size === 0) continue;
      const res = await locals.api.uploadServiceTemplate(serviceId, f, f.name);
      relayCookies(cookies, res);
      if (!res.ok) return refuse(res.status, { draft: readDraft(data), errors: {}, formError: `${f.name}: ${problemMessage(res.problem, res.retryAfterSeconds)}` });
      ids[i] = res.data.id;
    }
    data.delete('mat_templateFileId');
    for (const id of ids) data.append('mat_templateFileId', id);
  }
  const draft = readDraft(data);
  const { fields, errors } = fieldsOf(draft);
  if (!serviceId && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(draft.code.trim())) errors.code = m.pol_v_code();
  if (!fields || Object.keys(errors).length) return refuse(400, { draft, errors, formError: null });
  const parsed = serviceId
    ? UpdateServiceRequest.safeParse({ ...fields, ...(draft.effectiveFrom ? { effectiveFrom: draft.effectiveFrom } : {}) })
    : CreateServiceRequest.safeParse({ ...fields, code: draft.code.trim() });
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => ({ path: i.path.join('.') }));
    return refuse(400, { draft, errors: errorsAt(paths, m.err_validation_failed()), formError: m.err_validation_failed() });
  }
  const res = serviceId
    ? await locals.api.updatePolicyService(serviceId, parsed.data as UpdateServiceRequest)
    : await locals.api.createPolicyService(parsed.data as CreateServiceRequest);
  relayCookies(cookies, res);
  if (!res.ok) {
    const message = problemMessage(res.problem, res.retryAfterSeconds);
    const errs = res.problem.code === 'service_code_taken' ? { code: message } : errorsAt(res.problem.errors ?? [], message);
    return refuse(res.status, { draft, errors: errs, formError: message });
  }
  return { id: res.data.id };
}
