import { AnswerQuestionRequest, CreateQuestionRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as cases from '../../use-cases/questions.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, orderParams, signedIn } from './shared.ts';

const tags = ['questions'];

/** /orders/{id}/questions: questions and answers (答疑). */
export const questionRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/{id}/questions', tags,
        summary: 'Questions and answers (public with the order; askers are anonymous to other vendors)',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.QuestionList, 'Oldest first'), ...problems(404) },
      }),
      async (c) => c.json(await cases.listQuestions(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/{id}/questions', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Ask a question (verified vendors, until questionsCloseAt)',
        request: { params: orderParams, headers: idempotencyHeader, body: jsonBody(named(CreateQuestionRequest, 'CreateQuestionRequest')) },
        responses: { 201: jsonResponse(S.Question, 'The question'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) =>
        c.json(await cases.askQuestion(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json').body, requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/questions/{qid}/answer', tags,
        summary: 'Answer a question (the buyer, once, while bidding is open)',
        request: { params: z.object({ id: PathId, qid: PathId }), body: jsonBody(named(AnswerQuestionRequest, 'AnswerQuestionRequest')) },
        responses: { 200: jsonResponse(S.Question, 'The answered question'), ...problems(...WRITE, 403, 409) },
      }),
      async (c) => {
        const { id, qid } = c.req.valid('param');
        return c.json(await cases.answerQuestion(deps, requireAuth(c), id, qid, c.req.valid('json').answer, requestMeta(c)), 200);
      },
    );
