import type { Question } from '@annex/contracts';
import { audit, bids, organisations, questions, withTransaction } from '@annex/db';
import { canAskQuestion, isVendorActive, statusesFor } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';
import { toQuestion } from './market-presenters.ts';
import { notify, toOrgs } from './notify.ts';
import { loadOrder, requireBuyerOf, viewerOf } from './viewer.ts';

/** GET /orders/{id}/questions: public with the order; askers named only to the buyer, the secretariat and themselves. */
export async function listQuestions(deps: Deps, auth: AuthContext | null, orderId: string): Promise<{ items: Question[] }> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  const rows = await questions.listForOrder(db(deps), orderId);
  const seesNames = viewer.kind === 'secretariat' || (viewer.kind === 'buyer' && viewer.orgId === o.row.buyerOrgId);
  const names = new Map<string, string>();
  if (seesNames) {
    for (const id of new Set(rows.map((q) => q.askerOrgId))) names.set(id, (await organisations.findById(db(deps), id))?.name ?? '');
  } else if (viewer.kind === 'vendor') {
    names.set(viewer.orgId, (await organisations.findById(db(deps), viewer.orgId))?.name ?? '');
  }
  return { items: rows.map((q) => toQuestion(q, viewer, o.row.buyerOrgId, names.get(q.askerOrgId) ?? null)) };
}

/** POST /orders/{id}/questions: a verified vendor asks until questionsCloseAt (the database clock decides). */
export async function askQuestion(deps: Deps, auth: AuthContext, orderId: string, body: string, meta: RequestMeta): Promise<Question> {
  const m = requireOrgKind(auth, 'vendor', 'ask questions');
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  const now = deps.now();
  const vendor = await organisations.findById(db(deps), m.orgId);
  if (!vendor?.verification || !isVendorActive(vendor.verification, now)) {
    const code = vendor?.verification?.status === 'suspended' ? 'suspended' : 'not_verified';
    throw new AppError('not_eligible', 'only verified vendors may ask questions', { reasons: [{ code }] });
  }
  if (!o.row.questionsCloseAt || !canAskQuestion({ ...o.state, questionsCloseAt: o.row.questionsCloseAt }, now)) {
    throw new AppError('questions_closed', 'questions about this order are closed');
  }
  const q = await withTransaction(db(deps), async (tx) => {
    const r = await questions.askIfOpen(tx, { orderId, askerOrgId: m.orgId, askerUserId: auth.user.id, body });
    if (!r.ok) {
      if (r.reason === 'order_not_found') throw new AppError('not_found', 'no order with this id');
      throw new AppError('questions_closed', 'questions about this order are closed');
    }
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: m.orgId, entityType: 'order', entityId: orderId, action: 'question.asked',
      after: { questionId: r.question.id }, requestId: meta.requestId,
    });
    await notify(tx, [{ to: { orgId: o.row.buyerOrgId }, kind: 'question_asked', orderId, payload: { orderTitle: o.row.title, questionId: r.question.id } }]);
    return r.question;
  });
  return toQuestion(q, viewer, o.row.buyerOrgId, vendor.name);
}

/** POST /orders/{id}/questions/{qid}/answer: the buyer answers once, while bidding is open; askers and bidders are told. */
export async function answerQuestion(
  deps: Deps, auth: AuthContext, orderId: string, questionId: string, answer: string, meta: RequestMeta,
): Promise<Question> {
  const viewer = viewerOf(auth);
  const o = await loadOrder(deps, viewer, orderId);
  requireBuyerOf(o.row, viewer, 'answer questions');
  if (!statusesFor('answer').includes(o.status)) throw new AppError('invalid_transition', `questions can be answered while bidding is open (the order is ${o.status})`);
  const q = await withTransaction(db(deps), async (tx) => {
    const r = await questions.answer(tx, { orderId, questionId, answer, answeredBy: auth.user.id });
    if (!r.ok) {
      if (r.reason === 'not_found') throw new AppError('not_found', 'no question with this id');
      throw new AppError('invalid_transition', 'this question has been answered already');
    }
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: o.row.buyerOrgId, entityType: 'order', entityId: orderId, action: 'question.answered',
      after: { questionId }, requestId: meta.requestId,
    });
    const recipients = [r.question.askerOrgId, ...(await bids.bidderOrgIds(tx, orderId)), ...(await questions.askerOrgIds(tx, orderId))];
    await notify(tx, toOrgs(recipients, { kind: 'question_answered', orderId, payload: { orderTitle: o.row.title, questionId } }));
    return r.question;
  });
  const asker = await organisations.findById(db(deps), q.askerOrgId);
  return toQuestion(q, viewer, o.row.buyerOrgId, asker?.name ?? null);
}
