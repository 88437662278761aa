import type { ApiClient, ApiResult } from '@annex/api-client';
import { type ActionFailure, type Cookies, error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { beijingDate, problemMessage } from '#lib/i18n.ts';
import { type OrgDecision, isOrgDecision } from '#lib/org-decision.ts';
import { relayCookies } from '#lib/server/api.ts';
import { readFields, reasonRule } from '#lib/validation.ts';

const isIn = <A extends string>(acts: readonly A[], s: unknown): s is A => (acts as readonly unknown[]).includes(s);

/**
 * The decision dialog of a secretariat queue as its URL states it: `?act=` and the item (`?<idParam>=`, one of
 * the page's `items`) while it is open, `?done=&title=` once a decision went through.
 */
export function queueDialog<A extends string, T extends { id: string }>(acts: readonly A[], url: URL, items: readonly T[], idParam: string) {
  const q = url.searchParams;
  const act = q.get('act');
  const done = q.get('done');
  return {
    act: isIn(acts, act) ? act : null,
    target: isIn(acts, act) ? (items.find((i) => i.id === q.get(idParam)) ?? null) : null,
    done: isIn(acts, done) ? done : null,
    doneTitle: q.get('title') ?? '',
  };
}

/** What a refused decision gives back to its dialog: the reason as typed and what is wrong. */
export type DecisionForm = { reason: string; error: string | null; confirmError: string | null; formError: string | null };

/** A secretariat queue's decisions: which there are, how they are checked and how they are sent. */
export type QueueDecision<A extends string> = {
  /** the queue's page, where a decision returns with `?done=&title=` */
  queue: string;
  acts: readonly A[];
  /** the form field that holds the decided item's id */
  idField: string;
  /** the rule of the reason for a decision */
  reason: (decision: A) => { required: boolean; max: number };
  /** when given, a ticked `confirm=yes` box is required, and this says so when it is not */
  confirm?: () => string;
  send: (api: ApiClient, id: string, decision: A, reason: string) => Promise<ApiResult<unknown>>;
};

/**
 * The form action of a secretariat queue's decision dialog (review an order, decide an objection): secretariat only;
 * the decision and its item from the form, the reason by the rule the dialog shows, the confirmation where one is
 * asked; then the API, and back to the queue saying what was done.
 */
export function queueDecisionAction<A extends string>(spec: QueueDecision<A>) {
  return async ({ request, locals, cookies }: { request: Request; locals: App.Locals; cookies: Cookies }): Promise<ActionFailure<DecisionForm>> => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const decision = data.get('decision');
    const id = data.get(spec.idField);
    const title = data.get('title');
    const reason = typeof data.get('reason') === 'string' ? (data.get('reason') as string) : '';
    const refused = (status: number, f: Partial<DecisionForm>) => fail(status, { reason, error: null, confirmError: null, formError: null, ...f });
    if (!isIn(spec.acts, decision) || typeof id !== 'string') return refused(400, { formError: m.err_validation_failed() });
    const err = reasonRule(spec.reason(decision))(reason);
    const confirmError = spec.confirm && data.get('confirm') !== 'yes' ? spec.confirm() : null;
    if (err || confirmError) return refused(400, { error: err, confirmError });
    const res = await spec.send(locals.api, id, decision, reason.trim());
    relayCookies(cookies, res);
    if (!res.ok) return refused(res.status, { formError: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `${spec.queue}?${new URLSearchParams({ done: decision, title: typeof title === 'string' ? title : '' })}`);
  };
}

/** What a refused decision on an organisation gives back to its dialog: the fields as typed, what is wrong with them. */
export type OrgDecisionForm<F extends string> = { decide: { values: Record<F, string>; errors: Partial<Record<F, string>>; formError: string | null } };

/** A review queue of organisations (vendor verification, alliance membership): its decisions' fields, rules and call. */
export type OrgDecisionQueue<F extends string, B> = {
  /** the queue's page, where a decision returns with `?status=&done=&name=` */
  queue: string;
  /** the tab to return to when the page had none */
  defaultStatus: string;
  /** the form fields a decision may take (with `reason`) */
  fields: readonly F[];
  /** what is wrong with the fields for this decision, as of today (Beijing) */
  errors: (decision: OrgDecision, values: Record<F, string>, today: string) => Partial<Record<F, string>>;
  /** the API's body of the decision (a schema's safeParse) */
  body: (decision: OrgDecision, values: Record<F, string>) => { success: true; data: B } | { success: false };
  send: (api: ApiClient, orgId: string, body: B) => Promise<ApiResult<unknown>>;
};

/**
 * The form action of an organisation review queue's decision dialog: secretariat only; the decision, the organisation
 * and the decision's fields from the form, checked by the queue's rules; then the API, and back to the queue's tab
 * saying what was done to whom.
 */
export function orgDecisionAction<F extends string, B>(spec: OrgDecisionQueue<F, B>) {
  return async ({ request, locals, cookies, url }: { request: Request; locals: App.Locals; cookies: Cookies; url: URL }): Promise<ActionFailure<OrgDecisionForm<F>>> => {
    if (locals.me?.organisation.kind !== 'secretariat') error(403, m.err_forbidden());
    const data = await request.formData();
    const decision = data.get('decision');
    const orgId = data.get('orgId');
    const orgName = data.get('orgName');
    const values = readFields(data, spec.fields);
    const refused = (status: number, errors: Partial<Record<F, string>>, formError: string | null) => fail(status, { decide: { values, errors, formError } });
    if (!isOrgDecision(decision) || typeof orgId !== 'string') return refused(400, {}, m.err_validation_failed());

    const errors = spec.errors(decision, values, beijingDate(new Date()));
    if (Object.keys(errors).length > 0) return refused(400, errors, null);
    const body = spec.body(decision, values);
    if (!body.success) return refused(400, errors, m.err_validation_failed());

    const res = await spec.send(locals.api, orgId, body.data);
    relayCookies(cookies, res);
    if (!res.ok) return refused(res.status, {}, problemMessage(res.problem, res.retryAfterSeconds));
    const back = new URLSearchParams({ status: url.searchParams.get('status') ?? spec.defaultStatus, done: decision, name: typeof orgName === 'string' ? orgName : '' });
    redirect(303, `${spec.queue}?${back}`);
  };
}
