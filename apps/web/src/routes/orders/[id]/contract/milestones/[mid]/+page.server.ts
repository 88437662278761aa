import type { MilestoneImplementation, Problem } from '@annex/contracts';
import { type ManifestError, checkManifest } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { SAMPLE_PAGE, mergePageErrors, readPageErrors } from '#lib/inspection-form.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['uploaded', 'delivered', 'inspection', 'errors', 'decided', 'disputed', 'dispute_decided', 'payment'] as const;
export type Done = (typeof DONE)[number];
const isDone = (s: string | null): s is Done => (DONE as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  const api = locals.api;
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n)) relayCookies(cookies, await api.markNotificationsRead({ ids: [n] }));
  const [contractRes, implRes] = await Promise.all([api.contract(params.id), api.implementation(params.id, params.mid)]);
  const contract = must(contractRes, cookies, url);
  const impl = must(implRes, cookies, url);
  const milestone = contract.milestones.find((x) => x.id === params.mid);
  if (!milestone) error(404, m.err_not_found());
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const done = url.searchParams.get('done');
  return {
    contract, impl, milestone,
    samplePage: page,
    now: new Date().toISOString(),
    done: isDone(done) ? done : null,
    deliverKey: newKey(),
  };
};

type Ev = RequestEvent;
const back = (e: Ev, done: Done, extra = '') => redirect(303, `/orders/${e.params.id}/contract/milestones/${e.params.mid}?done=${done}${extra}`);
const text = (data: FormData, k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
const optInt = (data: FormData, k: string) => (/^\d{1,9}$/.test(text(data, k).trim()) ? Number(text(data, k).trim()) : undefined);
const problemText = (res: { problem: Problem; retryAfterSeconds: number | null }) => problemMessage(res.problem, res.retryAfterSeconds);
const reasonOf = reasonRule({ required: true, max: 5000 });
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

async function current(e: Ev): Promise<MilestoneImplementation> {
  return must(await e.locals.api.implementation(e.params.id, e.params.mid), e.cookies, e.url);
}

const MANIFEST_FIELD: Record<ManifestError, 'itemCount' | 'link' | 'checksum' | 'qa'> = {
  item_count: 'itemCount', content_required: 'link', checksum_required: 'checksum', checksum_format: 'checksum', qa_accuracy: 'qa',
};

type Texts = Record<string, string>;
/** A refused payment step: what was typed, the problems by field, or the API's answer. */
const paymentFailed = (status: number, values: Texts, errors: Texts, formError: string | null) => fail(status, { payment: { values, errors, formError } });
/** A refused dispute or dispute decision (`paymentDispute`: of the payment). */
type DisputeForm = { reason: string; error: string | null; formError: string | null };
const disputeFailed = <K extends 'dispute' | 'paymentDispute'>(key: K, status: number, reason: string, error: string | null, formError: string | null) =>
  fail(status, { [key]: { reason, error, formError } } as { [P in K]: DisputeForm });

export const actions: Actions = {
  /** A file of the next batch; it waits among the pending files until the delivery takes it. */
  upload: async (e) => {
    const file = (await e.request.formData()).get('file');
    if (!(file instanceof File) || file.size === 0) return fail(400, { upload: { formError: m.v_file_required() } });
    const res = await e.locals.api.uploadDeliveryFile(e.params.id, e.params.mid, file, file.name);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { upload: { formError: res.status === 415 ? m.err_unsupported_file() : problemText(res) } });
    back(e, 'uploaded', '#deliver');
  },

  /** The manifest, checked by the delivery rules before it is sent; the pending files go with it. */
  deliver: async (e) => {
    const data = await e.request.formData();
    const impl = await current(e);
    const contract = must(await e.locals.api.contract(e.params.id), e.cookies, e.url);
    const quantity = contract.milestones.find((x) => x.id === e.params.mid)?.quantity ?? 0;
    const values = { itemCount: text(data, 'itemCount'), link: text(data, 'link').trim(), checksum: text(data, 'checksum').trim().toLowerCase(), notes: text(data, 'notes'), qa: text(data, 'qa').trim() };
    const itemCount = /^\d{1,10}$/.test(values.itemCount.trim()) ? Number(values.itemCount.trim()) : 0;
    const qa = values.qa === '' ? null : Number(values.qa);
    const errors: Partial<Record<'itemCount' | 'link' | 'checksum' | 'qa' | 'notes', string>> = {};
    if (values.link && !/^https?:\/\/\S+$/i.test(values.link)) errors.link = m.dv_e_link();
    if (values.notes.length > 5000) errors.notes = m.v_too_long({ max: 5000 });
    const fileIds = impl.pendingFiles.map((f) => f.id);
    const checked = checkManifest(
      { itemCount, fileCount: fileIds.length, link: values.link || null, checksum: values.checksum || null, vendorQaAccuracy: qa !== null && Number.isFinite(qa) ? qa : qa === null ? null : -1 },
      quantity,
    );
    if (!checked.ok) {
      errors[MANIFEST_FIELD[checked.error]] = {
        item_count: () => m.dv_e_item_count({ max: quantity }), content_required: m.dv_e_content, checksum_required: m.v_required,
        checksum_format: m.dv_e_checksum, qa_accuracy: m.dv_e_qa,
      }[checked.error]();
    }
    if (Object.keys(errors).length > 0) return fail(400, { deliver: { values, errors, formError: null as string | null } });
    const res = await e.locals.api.deliver(e.params.id, e.params.mid, {
      itemCount, fileIds, link: values.link || null, checksum: values.checksum || null, notes: values.notes.trim(), vendorQaAccuracy: qa,
    }, text(data, 'idempotencyKey') || undefined);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { deliver: { values, errors, formError: problemText(res) } });
    back(e, 'delivered');
  },

  inspect: async (e) => {
    const did = text(await e.request.formData(), 'did');
    const res = await e.locals.api.startInspection(e.params.id, e.params.mid, did);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { inspection: { formError: problemText(res) } });
    back(e, 'inspection', '#inspection');
  },

  /** One page of the sample: its marks replace that page's errors; the errors of other pages stay. */
  errors: async (e) => {
    const data = await e.request.formData();
    const did = text(data, 'did');
    const page = optInt(data, 'page') ?? 1;
    const impl = await current(e);
    const d = impl.deliveries.find((x) => x.id === did);
    if (!d?.inspection) return fail(400, { inspection: { formError: m.err_validation_failed() } });
    const onPage = d.inspection.sampleItems.slice((page - 1) * SAMPLE_PAGE, page * SAMPLE_PAGE);
    const marked = readPageErrors(data, onPage);
    if (marked.some((x) => x.note.length > 1000)) return fail(400, { inspection: { formError: m.v_too_long({ max: 1000 }) } });
    const res = await e.locals.api.recordErrors(e.params.id, e.params.mid, did, { errors: mergePageErrors(d.inspection.errors, onPage, marked), version: d.version });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { inspection: { formError: problemText(res) } });
    back(e, 'errors', `&page=${page}#inspection`);
  },

  decide: async (e) => {
    const data = await e.request.formData();
    const did = text(data, 'did');
    const decision = text(data, 'decision');
    const reasons = text(data, 'reasons');
    if (decision !== 'accept' && decision !== 'reject') return fail(400, { decide: { reasons, error: null as string | null, formError: m.err_validation_failed() as string | null } });
    const err = decision === 'reject' ? reasonOf(reasons) : reasons.length > 5000 ? m.v_too_long({ max: 5000 }) : null;
    if (err) return fail(400, { decide: { reasons, error: err, formError: null as string | null } });
    const res = await e.locals.api.decideDelivery(e.params.id, e.params.mid, did, { decision, reasons: reasons.trim(), version: optInt(data, 'version') });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { decide: { reasons, error: null as string | null, formError: problemText(res) } });
    back(e, 'decided');
  },

  dispute: async (e) => {
    const data = await e.request.formData();
    const reason = text(data, 'reason');
    const err = reasonOf(reason);
    if (err) return disputeFailed('dispute', 400, reason, err, null);
    const res = await e.locals.api.disputeRejection(e.params.id, e.params.mid, text(data, 'did'), reason.trim());
    relayCookies(e.cookies, res);
    if (!res.ok) return disputeFailed('dispute', res.status, reason, null, problemText(res));
    back(e, 'disputed');
  },

  decideDispute: async (e) => {
    const data = await e.request.formData();
    const decision = text(data, 'decision');
    const reason = text(data, 'reason');
    const err = reasonOf(reason);
    if (decision !== 'uphold' && decision !== 'overturn') return disputeFailed('dispute', 400, reason, null, m.err_validation_failed());
    if (err) return disputeFailed('dispute', 400, reason, err, null);
    const res = await e.locals.api.decideRejectionDispute(e.params.id, e.params.mid, text(data, 'did'), { decision, reason: reason.trim() });
    relayCookies(e.cookies, res);
    if (!res.ok) return disputeFailed('dispute', res.status, reason, null, problemText(res));
    back(e, 'dispute_decided');
  },

  invoice: async (e) => {
    const data = await e.request.formData();
    const values = { invoiceNumber: text(data, 'invoiceNumber').trim(), invoiceDate: text(data, 'invoiceDate') };
    const errors = {
      ...(values.invoiceNumber === '' || values.invoiceNumber.length > 64 ? { invoiceNumber: m.pm_e_number() } : {}),
      ...(!isDate(values.invoiceDate) ? { invoiceDate: m.pm_e_date() } : {}),
    };
    if (Object.keys(errors).length > 0) return paymentFailed(400, values, errors, null);
    const res = await e.locals.api.invoice(e.params.id, e.params.mid, { ...values, version: optInt(data, 'version') });
    relayCookies(e.cookies, res);
    if (!res.ok) return paymentFailed(res.status, values, errors, problemText(res));
    back(e, 'payment', '#payment');
  },

  pay: async (e) => {
    const data = await e.request.formData();
    const values = { paidOn: text(data, 'paidOn') };
    if (!isDate(values.paidOn)) return paymentFailed(400, values, { paidOn: m.pm_e_date() }, null);
    const res = await e.locals.api.pay(e.params.id, e.params.mid, { paidOn: values.paidOn, version: optInt(data, 'version') });
    relayCookies(e.cookies, res);
    if (!res.ok) return paymentFailed(res.status, values, {}, problemText(res));
    back(e, 'payment', '#payment');
  },

  confirm: async (e) => {
    const data = await e.request.formData();
    const res = await e.locals.api.confirmPayment(e.params.id, e.params.mid, optInt(data, 'version'));
    relayCookies(e.cookies, res);
    if (!res.ok) return paymentFailed(res.status, {}, {}, problemText(res));
    back(e, 'payment', '#payment');
  },

  disputePayment: async (e) => {
    const data = await e.request.formData();
    const reason = text(data, 'reason');
    const err = reasonOf(reason);
    if (err) return disputeFailed('paymentDispute', 400, reason, err, null);
    const res = await e.locals.api.disputePayment(e.params.id, e.params.mid, reason.trim());
    relayCookies(e.cookies, res);
    if (!res.ok) return disputeFailed('paymentDispute', res.status, reason, null, problemText(res));
    back(e, 'disputed', '#payment');
  },

  decidePaymentDispute: async (e) => {
    const data = await e.request.formData();
    const decision = text(data, 'decision');
    const reason = text(data, 'reason');
    const err = reasonOf(reason);
    if (decision !== 'upheld' && decision !== 'dismissed') return disputeFailed('paymentDispute', 400, reason, null, m.err_validation_failed());
    if (err) return disputeFailed('paymentDispute', 400, reason, err, null);
    const res = await e.locals.api.decidePaymentDispute(e.params.id, e.params.mid, { decision, reason: reason.trim() });
    relayCookies(e.cookies, res);
    if (!res.ok) return disputeFailed('paymentDispute', res.status, reason, null, problemText(res));
    back(e, 'dispute_decided', '#payment');
  },
};
