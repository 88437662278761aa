import { ANNOTATION_STATUSES, type AnnotationStatus } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { INTEREST_FIELDS, interestBody, interestErrors } from '#lib/catalogue-interest.ts';
import { catalogueEntryHref } from '#lib/catalogue-search.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, optional } from '#lib/server/page.ts';
import { readFields, reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Dialogs the entry page opens from its URL (`?act=`), so they work without JavaScript too. */
const ACTS = ['publish', 'unpublish', 'archive', 'annotation', 'withdraw'] as const;
const STEPS = ['publish', 'unpublish', 'archive'] as const;
const DONE = ['published', 'unpublished', 'archived', 'annotation', 'interest', 'withdrawn', 'created', 'saved'] as const;
export type Done = (typeof DONE)[number];
type Step = (typeof STEPS)[number];
const STEP_DONE: Record<Step, Done> = { publish: 'published', unpublish: 'unpublished', archive: 'archived' };

const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry the page names: by its resource code (the usual address) or by its id. */
const entryOf = (e: Pick<RequestEvent, 'locals' | 'params'>) =>
  UUID.test(e.params.ref) ? e.locals.api.catalogueEntry(e.params.ref) : e.locals.api.catalogueEntryByCode(e.params.ref);

export const load: PageServerLoad = async (e) => {
  const { locals, url, cookies } = e;
  const entry = must(await entryOf(e), cookies, url);
  const [orders, leads] = await Promise.all([
    locals.api.catalogueEntryOrders(entry.id).then((r) => optional(r, cookies)),
    entry.permissions.seeLeads ? locals.api.catalogueLeads(entry.id).then((r) => optional(r, cookies)) : null,
  ]);
  const act = url.searchParams.get('act');
  const done = url.searchParams.get('done');
  return {
    entry,
    orders: orders?.items ?? null,
    leads: leads?.items ?? null,
    kind: locals.me?.organisation.kind ?? null,
    act: isIn(ACTS, act) ? act : null,
    done: isIn(DONE, done) ? done : null,
    editInterest: url.searchParams.has('interest'),
  };
};

/** The entry for an action: signed in, and the entry as this user may see it. */
async function load1(e: RequestEvent) {
  if (!e.locals.me) redirect(303, `/login?next=${encodeURIComponent(e.url.pathname)}`);
  return must(await entryOf(e), e.cookies, e.url);
}
const back = (code: string, done: Done, hash = '') => redirect(303, `${catalogueEntryHref(code)}?done=${done}${hash}`);

export const actions: Actions = {
  interest: async (e) => {
    const entry = await load1(e);
    const values = readFields(await e.request.formData(), INTEREST_FIELDS);
    const errors = interestErrors(values);
    if (Object.keys(errors).length > 0) return fail(400, { interest: { values, errors, formError: null as string | null } });
    const res = await e.locals.api.putCatalogueInterest(entry.id, interestBody(values));
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { interest: { values, errors: {}, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(entry.code, 'interest', '#interest');
  },

  withdraw: async (e) => {
    const entry = await load1(e);
    const res = await e.locals.api.deleteCatalogueInterest(entry.id);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { note: '', error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(entry.code, 'withdrawn', '#interest');
  },

  step: async (e) => {
    const entry = await load1(e);
    const step = (await e.request.formData()).get('step');
    if (typeof step !== 'string' || !isIn(STEPS, step)) error(400, m.err_validation_failed());
    const res = await e.locals.api.stepCatalogueEntry(entry.id, step);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { note: '', error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(res.data.code, STEP_DONE[step]);
  },

  annotation: async (e) => {
    const entry = await load1(e);
    const data = await e.request.formData();
    const status = data.get('status');
    const note = typeof data.get('note') === 'string' ? (data.get('note') as string) : '';
    const err = reasonRule({ required: false, max: 500 })(note);
    if (typeof status !== 'string' || !isIn(ANNOTATION_STATUSES, status)) return fail(400, { dialog: { note, error: null, formError: m.err_validation_failed() } });
    if (err) return fail(400, { dialog: { note, error: err, formError: null as string | null } });
    const res = await e.locals.api.setAnnotationStatus(entry.id, { status: status as AnnotationStatus, ...(note.trim() ? { note: note.trim() } : {}) });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { note, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(entry.code, 'annotation');
  },
};
