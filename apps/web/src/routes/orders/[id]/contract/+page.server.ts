import type { OrderContract, Problem } from '@annex/contracts';
import { parseYuan } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { fromBeijingInput, problemMessage } from '#lib/i18n.ts';
import { type MilestoneRow, checkRows, evenRows, readMilestoneRows, rowOf } from '#lib/milestone-plan.ts';
import { relayCookies } from '#lib/server/api.ts';
import { contractProgress } from '#lib/server/contract-summary.ts';
import { must } from '#lib/server/page.ts';
import { reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['proposed', 'accepted', 'changes_requested', 'change_proposed', 'change_answered', 'termination'] as const;
export type Done = (typeof DONE)[number];
const isDone = (s: string | null): s is Done => (DONE as readonly (string | null)[]).includes(s);

/** How many batches the buyer's first plan suggests (fewer when the volume is smaller). */
const SUGGESTED_BATCHES = 3;

/** The rows the plan forms start with: the terms in force, or an even suggestion before there are any. */
function startingRows(c: OrderContract, now: Date): MilestoneRow[] {
  const latest = c.versions.at(-1)?.terms.milestones ?? [];
  if (c.terms.milestones.length > 0) return c.terms.milestones.map(rowOf);
  if (latest.length > 0) return latest.map(rowOf);
  const terms = { priceFen: c.terms.priceFen, quantity: c.terms.volume.quantity, deliveryDeadline: c.terms.deliveryDeadline };
  return evenRows(terms, Math.min(SUGGESTED_BATCHES, c.terms.volume.quantity), now) ?? [];
}

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  const api = locals.api;
  if (!locals.me) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n)) relayCookies(cookies, await api.markNotificationsRead({ ids: [n] }));
  const contract = must(await api.contract(params.id), cookies, url);
  const now = new Date();
  const done = url.searchParams.get('done');
  return {
    contract,
    now: now.toISOString(),
    rows: startingRows(contract, now),
    progress: await contractProgress(api, contract, now),
    done: isDone(done) ? done : null,
  };
};

type Ev = RequestEvent;
const back = (e: Ev, done: Done, hash = '') => redirect(303, `/orders/${e.params.id}/contract?done=${done}${hash}`);
const text = (data: FormData, k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
const int = (data: FormData, k: string) => {
  const s = text(data, k).trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
};
const messageRule = reasonRule({ required: true, max: 2000 });

/** The contract as the page last showed it: the plan forms check against its terms. */
async function current(e: Ev): Promise<OrderContract> {
  return must(await e.locals.api.contract(e.params.id), e.cookies, e.url);
}

export const actions: Actions = {
  /** The buyer's milestones and 账期, checked by the contract's rules before they are sent. */
  propose: async (e) => {
    const data = await e.request.formData();
    const rows = readMilestoneRows(data);
    const days = text(data, 'paymentTermsDays');
    const c = await current(e);
    const terms = { priceFen: c.terms.priceFen, quantity: c.terms.volume.quantity, deliveryDeadline: c.terms.deliveryDeadline };
    const checked = checkRows(rows, terms, new Date());
    const paymentTermsDays = int(data, 'paymentTermsDays');
    const daysError = paymentTermsDays === null || paymentTermsDays > 365 ? m.ms_e_payment_terms() : null;
    const values = { rows, days };
    if (!checked.milestones || daysError) {
      return fail(400, { propose: { ...values, rowErrors: checked.rowErrors, planErrors: checked.planErrors, daysError, formError: null as string | null } });
    }
    const res = await e.locals.api.proposeTerms(e.params.id, {
      version: int(data, 'version') ?? c.version, paymentTermsDays: paymentTermsDays!, guidelineAttachmentId: c.terms.guidelineAttachmentId, milestones: checked.milestones,
    });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { propose: { ...values, rowErrors: checked.rowErrors, planErrors: [], daysError: null, formError: problemText(res) } });
    back(e, 'proposed');
  },

  accept: async (e) => {
    const data = await e.request.formData();
    const number = int(data, 'number');
    const termsHash = text(data, 'termsHash');
    const version = int(data, 'version');
    if (number === null || version === null || !/^[0-9a-f]{64}$/.test(termsHash)) return fail(400, { answer: { formError: m.err_validation_failed(), message: '', error: null as string | null } });
    const res = await e.locals.api.acceptTerms(e.params.id, { version, number, termsHash });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { answer: { formError: problemText(res), message: '', error: null as string | null } });
    back(e, 'accepted');
  },

  requestChanges: async (e) => {
    const data = await e.request.formData();
    const number = int(data, 'number');
    const version = int(data, 'version');
    const message = text(data, 'message');
    const error = messageRule(message);
    if (error || number === null || version === null) return fail(400, { answer: { formError: error ? null : m.err_validation_failed(), message, error } });
    const res = await e.locals.api.requestChanges(e.params.id, { version, number, message: message.trim() });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { answer: { formError: problemText(res), message, error: null as string | null } });
    back(e, 'changes_requested');
  },

  /** A change order: only the terms the form fills in change; a new plan goes with it when asked for. */
  proposeChange: async (e) => {
    const data = await e.request.formData();
    const c = await current(e);
    const values = {
      price: text(data, 'price'), volume: text(data, 'volume'), deadline: text(data, 'deadline'), reason: text(data, 'reason'), replan: data.get('replan') === 'yes',
      rows: readMilestoneRows(data),
    };
    const errors: Partial<Record<'price' | 'volume' | 'deadline' | 'reason', string>> = {};
    const priceFen = values.price.trim() ? parseYuan(values.price) : undefined;
    if (priceFen === null || priceFen === 0) errors.price = m.ms_e_amount();
    const volumeQuantity = values.volume.trim() ? int(data, 'volume') : undefined;
    if (volumeQuantity === null || volumeQuantity === 0) errors.volume = m.ms_e_quantity();
    const deliveryDeadline = values.deadline.trim() ? fromBeijingInput(values.deadline) : undefined;
    if (deliveryDeadline === null) errors.deadline = m.ms_e_due();
    const reasonError = messageRule(values.reason);
    if (reasonError) errors.reason = reasonError;
    const terms = {
      priceFen: priceFen ?? c.terms.priceFen, quantity: volumeQuantity ?? c.terms.volume.quantity, deliveryDeadline: deliveryDeadline ?? c.terms.deliveryDeadline,
    };
    const checked = values.replan ? checkRows(values.rows, terms, new Date(), c.terms.milestones) : { milestones: undefined, rowErrors: [], planErrors: [] };
    const changes = {
      ...(priceFen ? { priceFen } : {}), ...(volumeQuantity ? { volumeQuantity } : {}), ...(deliveryDeadline ? { deliveryDeadline } : {}),
      ...(checked.milestones ? { milestones: checked.milestones } : {}),
    };
    const planErrors = [...checked.planErrors];
    if (Object.keys(errors).length === 0 && Object.keys(changes).length === 0) planErrors.push(m.co_e_no_changes());
    if ((priceFen || volumeQuantity) && !values.replan) planErrors.push(m.ct_co_replan_hint());
    if (Object.keys(errors).length > 0 || planErrors.length > 0 || (values.replan && !checked.milestones)) {
      return fail(400, { change: { ...values, errors, rowErrors: checked.rowErrors, planErrors, formError: null as string | null } });
    }
    const res = await e.locals.api.proposeChangeOrder(e.params.id, { version: int(data, 'version') ?? c.version, changes, reason: values.reason.trim() });
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { change: { ...values, errors, rowErrors: checked.rowErrors, planErrors, formError: problemText(res) } });
    back(e, 'change_proposed', '#change-orders');
  },

  /** Accept, decline or withdraw a change order (`cid`) or, without one, the open termination proposal. */
  answer: async (e) => {
    const data = await e.request.formData();
    const answer = text(data, 'answer');
    const version = int(data, 'version');
    const message = text(data, 'message').trim();
    const cid = text(data, 'cid');
    if ((answer !== 'accept' && answer !== 'decline' && answer !== 'withdraw') || version === null || message.length > 2000) {
      return fail(400, { proposal: { formError: m.err_validation_failed() } });
    }
    const body = { version, message: message || null };
    const res = cid
      ? await e.locals.api.answerChangeOrder(e.params.id, cid, answer, body)
      : await e.locals.api.answerTermination(e.params.id, answer, body);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { proposal: { formError: problemText(res) } });
    back(e, cid ? 'change_answered' : 'termination', cid ? '#change-orders' : '#termination');
  },

  /** A party proposes ending the contract early; the secretariat's post ends it at once. */
  terminate: async (e) => {
    const data = await e.request.formData();
    const reason = text(data, 'reason');
    const version = int(data, 'version');
    const error = messageRule(reason);
    if (error || version === null) return fail(400, { termination: { reason, error, formError: error ? null : m.err_validation_failed() } });
    const body = { version, reason: reason.trim() };
    const res = e.locals.me?.organisation.kind === 'secretariat'
      ? await e.locals.api.terminateContract(e.params.id, body)
      : await e.locals.api.proposeTermination(e.params.id, body);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { termination: { reason, error: null as string | null, formError: problemText(res) } });
    back(e, 'termination', '#termination');
  },
};

/** The message of a refused call, in the reader's language. */
const problemText = (res: { problem: Problem; retryAfterSeconds: number | null }): string => problemMessage(res.problem, res.retryAfterSeconds);
