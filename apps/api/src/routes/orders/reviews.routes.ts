import { ReviewReplyRequest, ReviewSideParam, SubmitReviewRequest } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { S, createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as cases from '../../use-cases/reviews.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, orderParams, signedIn } from './shared.ts';

const tags = ['reviews'];

/** /orders/{id}/contract/reviews: the two parties review each other after the contract ends (double-blind), and reply once. */
export const reviewRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/contract/reviews', tags,
        summary: "The contract's two reviews as the caller may see them: its own at once, the other side's once both are in or the 14 days have passed (parties and secretariat; 404 to others)",
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.ContractReviews, 'Both sides: submitted or not, and the review where visible'), ...problems(401, 404) },
      }),
      async (c) => c.json(await cases.getContractReviews(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/contract/reviews', tags,
        summary: "The caller's side reviews the other within 14 days of the contract's end: the buyer rates quality, timeliness, communication; the vendor clarity, paymentTimeliness, communication (1–5), with a text",
        request: { params: orderParams, body: jsonBody(named(SubmitReviewRequest, 'SubmitReviewRequest')) },
        responses: { 201: jsonResponse(S.ContractReviews, 'The reviews after submitting'), ...problems(...WRITE, 403, 409) },
      }),
      async (c) => c.json(await cases.submitReview(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/contract/reviews/{side}/reply', tags,
        summary: 'The side a revealed review is about replies to it, once ({side}: who wrote the review)',
        request: { params: orderParams.extend(ReviewSideParam.shape), body: jsonBody(named(ReviewReplyRequest, 'ReviewReplyRequest')) },
        responses: { 201: jsonResponse(S.ContractReviews, 'The reviews with the reply'), ...problems(...WRITE, 403, 409) },
      }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(await cases.replyToReview(deps, requireAuth(c), p.id, p.side, c.req.valid('json'), requestMeta(c)), 201);
      },
    );
