import { CreateBidRequest, type Problem } from '@annex/contracts';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { type BidValues, BID_FIELDS, bidBody, bidErrors, readQuoteLines } from '#lib/bid-form.ts';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { must, newKey, optional } from '#lib/server/page.ts';
import { ineligibleReasons } from '#lib/market-text.ts';
import { MATCHES_SHOWN } from '#lib/match-text.ts';
import { readFields, reasonRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Dialogs the order page opens from its URL (`?act=`), so they work without JavaScript too. */
const ACTS = ['submit', 'cancel', 'approve', 'reject', 'withdraw', 'reconfirm', 'disqualify'] as const;
const DONE = [
  'submitted', 'cancelled', 'approved', 'rejected', 'bid', 'bid_updated', 'withdrawn', 'reconfirmed', 'asked', 'answered', 'objected', 'awarded',
  'disqualified', 'bid_file_added', 'bid_file_removed',
] as const;
export type Done = (typeof DONE)[number];

const isIn = <T extends string>(xs: readonly T[], s: string | null): s is T => (xs as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
  const api = locals.api;
  // opened from the inbox: that notification has been read
  const n = url.searchParams.get('n');
  if (n && /^\d{1,15}$/.test(n) && locals.me) relayCookies(cookies, await api.markNotificationsRead({ ids: [n] }));
  const order = must(await api.order(params.id), cookies, url);
  const me = locals.me;
  const kind = me?.organisation.kind;
  const isBuyer = kind === 'buyer' && me?.organisation.id === order.buyerOrgId;
  const secretariat = kind === 'secretariat';

  // the vendors that fit best, for the buyer and the secretariat while the order is being prepared or open
  const showMatches = (isBuyer || secretariat) && (order.status === 'draft' || order.status === 'pending_review' || order.status === 'open');
  // the timeline is for the parties; a vendor who only asked a question is known once the questions are in
  const party = Boolean(me && (isBuyer || secretariat || order.myBid));
  const [questions, myBid, bids, objections, matches, partyTimeline] = await Promise.all([
    api.questions(order.id).then((r) => optional(r, cookies)),
    kind === 'vendor' && order.myBid ? api.myBid(order.id).then((r) => optional(r, cookies)) : null,
    order.permissions.seeBids ? api.bids(order.id).then((r) => optional(r, cookies)) : null,
    (isBuyer || secretariat || order.myBid) && order.status !== 'draft' && order.status !== 'pending_review'
      ? api.objections(order.id).then((r) => optional(r, cookies))
      : null,
    // a draft whose terms are incomplete has no matches yet (422): no panel
    showMatches ? api.orderMatches(order.id, MATCHES_SHOWN).then((r) => optional(r, cookies)) : null,
    party ? api.timeline(order.id).then((r) => optional(r, cookies)) : null,
  ]);
  const asked = (questions?.items ?? []).some((q) => q.mine);
  const timeline = partyTimeline ?? (me && asked ? optional(await api.timeline(order.id), cookies) : null);

  const act = url.searchParams.get('act');
  const done = url.searchParams.get('done');
  return {
    order,
    now: new Date().toISOString(),
    isBuyer,
    // the contract's parties and the secretariat review (or read the reviews) once the work has started
    reviewsLink: (isBuyer || secretariat || order.myBid?.status === 'awarded') && (order.status === 'in_progress' || order.status === 'completed' || order.status === 'terminated'),
    questions: questions?.items ?? [],
    myBid,
    bids,
    objections: objections?.items ?? [],
    timeline: timeline?.items ?? null,
    matches: matches?.items ?? null,
    act: isIn(ACTS, act) ? act : null,
    done: isIn(DONE, done) ? done : null,
    editBid: url.searchParams.has('editbid'),
    targetBid: act === 'disqualify' ? (bids?.items.find((b) => b.id === url.searchParams.get('bid')) ?? null) : null,
    keys: { bid: newKey(), question: newKey(), objection: newKey() },
  };
};

type Ev = RequestEvent;
const back = (e: Ev, done: Done, hash = '') => redirect(303, `/orders/${e.params.id}?done=${done}${hash}`);
const reasonOf = (data: FormData) => (typeof data.get('reason') === 'string' ? (data.get('reason') as string) : '');

/** A reason the rules need: 2–500 characters after trimming. */
const reasonError = (r: string, max = 500): string | null => reasonRule({ required: true, max })(r);

/** The message for a failed call, with the reasons a vendor may not bid when the API gives them. */
function failure(p: Problem, retryAfter: number | null): { message: string; reasons: string[] } {
  return { message: problemMessage(p, retryAfter), reasons: p.code === 'not_eligible' ? ineligibleReasons(p.reasons) : [] };
}

function signedIn(e: Ev) {
  if (!e.locals.me) redirect(303, `/login?next=${encodeURIComponent(`/orders/${e.params.id}`)}`);
  return e.locals.me;
}

/**
 * A new bid (`place`) or a new revision of the vendor's live bid (`revise`): the same form, checked by the same rules
 * against the order's current terms; a new bid carries the form's Idempotency-Key, so a repeated post bids once.
 */
async function sendBid(e: Ev, mode: 'place' | 'revise') {
  signedIn(e);
  const data = await e.request.formData();
  const v: BidValues = { ...(readFields(data, BID_FIELDS) as Omit<BidValues, 'lines'>), lines: readQuoteLines(data) };
  const order = must(await e.locals.api.order(e.params.id), e.cookies, e.url);
  const errors = bidErrors(v, order, new Date());
  const values = { ...v, confirm: '' };
  if (Object.keys(errors).length > 0) return fail(400, { bid: { values, errors, formError: null as string | null, reasons: [] as string[] } });
  // the form sends every field, so a revision is a whole offer too
  const body = CreateBidRequest.safeParse(bidBody(v));
  if (!body.success) return fail(400, { bid: { values, errors, formError: m.err_validation_failed(), reasons: [] as string[] } });
  const key = data.get('idempotencyKey');
  const res = mode === 'revise'
    ? await e.locals.api.updateMyBid(e.params.id, body.data)
    : await e.locals.api.placeBid(e.params.id, body.data, typeof key === 'string' && key ? key : crypto.randomUUID());
  relayCookies(e.cookies, res);
  if (!res.ok) {
    const f = failure(res.problem, res.retryAfterSeconds);
    return fail(res.status, { bid: { values, errors: {}, formError: f.message, reasons: f.reasons } });
  }
  back(e, mode === 'revise' ? 'bid_updated' : 'bid', '#bids');
}

export const actions: Actions = {
  submit: async (e) => {
    signedIn(e);
    const res = await e.locals.api.submitOrder(e.params.id);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason: '', error: null, formError: failure(res.problem, res.retryAfterSeconds).message } });
    back(e, 'submitted');
  },

  cancel: async (e) => {
    signedIn(e);
    const reason = reasonOf(await e.request.formData());
    const err = reasonError(reason);
    if (err) return fail(400, { dialog: { reason, error: err, formError: null as string | null } });
    const res = await e.locals.api.cancelOrder(e.params.id, reason.trim());
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'cancelled');
  },

  review: async (e) => {
    const me = signedIn(e);
    if (me.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await e.request.formData();
    const decision = data.get('decision');
    const reason = reasonOf(data);
    if (decision !== 'approve' && decision !== 'reject') return fail(400, { dialog: { reason, error: null, formError: m.err_validation_failed() } });
    const err = decision === 'reject' || reason.trim() !== '' ? reasonError(reason) : null;
    if (err) return fail(400, { dialog: { reason, error: err, formError: null as string | null } });
    const res = await e.locals.api.reviewOrder(
      e.params.id,
      decision === 'approve' ? { decision: 'approve', ...(reason.trim() ? { reason: reason.trim() } : {}) } : { decision: 'reject', reason: reason.trim() },
    );
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, decision === 'approve' ? 'approved' : 'rejected');
  },

  ask: async (e) => {
    signedIn(e);
    const data = await e.request.formData();
    const body = typeof data.get('body') === 'string' ? (data.get('body') as string) : '';
    const t = body.trim();
    const err = t === '' ? m.v_required() : t.length < 2 ? m.v_too_short({ min: 2 }) : t.length > 2000 ? m.v_too_long({ max: 2000 }) : null;
    if (err) return fail(400, { ask: { body, error: err, formError: null as string | null } });
    const key = data.get('idempotencyKey');
    const res = await e.locals.api.askQuestion(e.params.id, t, typeof key === 'string' && key ? key : undefined);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { ask: { body, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'asked', '#qa');
  },

  answer: async (e) => {
    signedIn(e);
    const data = await e.request.formData();
    const qid = data.get('questionId');
    const answer = typeof data.get('answer') === 'string' ? (data.get('answer') as string) : '';
    const t = answer.trim();
    const err = t === '' ? m.v_required() : t.length > 5000 ? m.v_too_long({ max: 5000 }) : null;
    if (typeof qid !== 'string') return fail(400, { answer: { qid: '', answer, error: null, formError: m.err_validation_failed() } });
    if (err) return fail(400, { answer: { qid, answer, error: err, formError: null as string | null } });
    const res = await e.locals.api.answerQuestion(e.params.id, qid, t);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { answer: { qid, answer, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'answered', '#qa');
  },

  bid: (e) => sendBid(e, 'place'),
  updateBid: (e) => sendBid(e, 'revise'),

  /** A file of the vendor's live bid (multipart); the API decides the type by content and the deadline by its clock. */
  bidFile: async (e) => {
    signedIn(e);
    const data = await e.request.formData();
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return fail(400, { bidFile: { error: m.v_file_required() } });
    const res = await e.locals.api.uploadBidAttachment(e.params.id, file, file.name);
    relayCookies(e.cookies, res);
    if (!res.ok) {
      return fail(res.status, { bidFile: { error: res.status === 415 ? m.err_unsupported_file() : problemMessage(res.problem, res.retryAfterSeconds) } });
    }
    back(e, 'bid_file_added', '#bid-files');
  },

  removeBidFile: async (e) => {
    signedIn(e);
    const id = (await e.request.formData()).get('attachmentId');
    if (typeof id !== 'string' || id === '') return fail(400, { bidFile: { error: m.err_validation_failed() } });
    const res = await e.locals.api.deleteBidAttachment(e.params.id, id);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { bidFile: { error: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'bid_file_removed', '#bid-files');
  },

  withdraw: async (e) => {
    signedIn(e);
    const res = await e.locals.api.withdrawMyBid(e.params.id);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason: '', error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'withdrawn', '#bids');
  },

  reconfirm: async (e) => {
    signedIn(e);
    const res = await e.locals.api.reconfirmMyBid(e.params.id);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason: '', error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'reconfirmed', '#bids');
  },

  disqualify: async (e) => {
    signedIn(e);
    const data = await e.request.formData();
    const bidId = data.get('bidId');
    const reason = reasonOf(data);
    if (typeof bidId !== 'string') return fail(400, { dialog: { reason, error: null, formError: m.err_validation_failed() as string | null } });
    const err = reasonError(reason);
    if (err) return fail(400, { dialog: { reason, error: err, formError: null as string | null } });
    const res = await e.locals.api.disqualifyBid(e.params.id, bidId, reason.trim());
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { dialog: { reason, error: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'disqualified', '#bids');
  },

  object: async (e) => {
    signedIn(e);
    const data = await e.request.formData();
    const body = typeof data.get('body') === 'string' ? (data.get('body') as string) : '';
    const confirmed = data.get('confirm') === 'yes';
    const t = body.trim();
    const err = t === '' ? m.v_objection_required() : t.length < 10 ? m.v_too_short({ min: 10 }) : t.length > 5000 ? m.v_too_long({ max: 5000 }) : null;
    const confirmError = confirmed ? null : m.v_objection_confirm();
    if (err || confirmError) return fail(400, { object: { body, error: err, confirmError, formError: null as string | null } });
    const key = data.get('idempotencyKey');
    const res = await e.locals.api.fileObjection(e.params.id, t, typeof key === 'string' && key ? key : undefined);
    relayCookies(e.cookies, res);
    if (!res.ok) return fail(res.status, { object: { body, error: null, confirmError: null, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    back(e, 'objected', '#objections');
  },
};
