import type { Db, Tx } from '../client.ts';
import { isUuid } from '../ids.ts';

/** A question about an order and its answer (DESIGN §2.4). Hide `askerOrgId`/`askerUserId` from other vendors. */
export type QuestionRow = {
  id: string;
  orderId: string;
  askerOrgId: string;
  askerUserId: string | null;
  body: string;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  createdAt: Date;
};

/** Result of asking a question. */
export type AskResult =
  | { ok: true; question: QuestionRow }
  | { ok: false; reason: 'order_not_found' }
  /** the order is not open, or the database clock is at/after questionsCloseAt (or the bid deadline) */
  | { ok: false; reason: 'questions_closed' };

/** Result of answering a question. */
export type AnswerResult =
  | { ok: true; question: QuestionRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_answered'; question: QuestionRow };

/** Questions and answers (答疑). */
export const questions = {
  /**
   * Asks a question while questions are open: locks the order row (FOR SHARE: askers do not wait for each
   * other, amendments wait for them), then checks `status = 'open' AND clock_timestamp() < questions_close_at`
   * (and before the bid deadline) in the inserting statement.
   */
  async askIfOpen(
    tx: Tx,
    q: { orderId: string; askerOrgId: string; askerUserId?: string | null; body: string },
  ): Promise<AskResult> {
    if (!isUuid(q.orderId) || !isUuid(q.askerOrgId)) return { ok: false, reason: 'order_not_found' };
    const [locked] = await tx`select 1 from orders where id = ${q.orderId} for share`;
    if (!locked) return { ok: false, reason: 'order_not_found' };
    const [row] = await tx<QuestionRow[]>`
      insert into questions (order_id, asker_org_id, asker_user_id, body, created_at)
      select o.id, ${q.askerOrgId}, ${q.askerUserId ?? null}, ${q.body}, c.t
      from orders o, (select clock_timestamp() as t) c
      where o.id = ${q.orderId} and o.status = 'open' and c.t < o.questions_close_at and c.t < o.bid_deadline
      returning *`;
    return row ? { ok: true, question: row } : { ok: false, reason: 'questions_closed' };
  },

  /** Answers an unanswered question of an order (answers are final). */
  async answer(
    db: Db,
    a: { orderId: string; questionId: string; answer: string; answeredBy?: string | null },
  ): Promise<AnswerResult> {
    if (!isUuid(a.orderId) || !isUuid(a.questionId)) return { ok: false, reason: 'not_found' };
    const [row] = await db<QuestionRow[]>`
      update questions set answer = ${a.answer}, answered_at = clock_timestamp(), answered_by = ${a.answeredBy ?? null}
      where id = ${a.questionId} and order_id = ${a.orderId} and answer is null
      returning *`;
    if (row) return { ok: true, question: row };
    const existing = await questions.getById(db, a.orderId, a.questionId);
    return existing ? { ok: false, reason: 'already_answered', question: existing } : { ok: false, reason: 'not_found' };
  },

  /** One question of an order, or null. */
  async getById(db: Db, orderId: string, questionId: string): Promise<QuestionRow | null> {
    if (!isUuid(orderId) || !isUuid(questionId)) return null;
    const [row] = await db<QuestionRow[]>`select * from questions where id = ${questionId} and order_id = ${orderId}`;
    return row ?? null;
  },

  /** The questions of an order, oldest first. */
  async listForOrder(db: Db, orderId: string): Promise<QuestionRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<QuestionRow[]>`select * from questions where order_id = ${orderId} order by created_at, id`;
  },

  /** Organisations that asked about an order (to remind them of the deadline). */
  async askerOrgIds(db: Db, orderId: string): Promise<string[]> {
    if (!isUuid(orderId)) return [];
    const rows = await db<{ askerOrgId: string }[]>`
      select distinct asker_org_id from questions where order_id = ${orderId} order by asker_org_id`;
    return rows.map((r) => r.askerOrgId);
  },
};
