import {
  AcceptTermsRequest, AnswerProposalRequest, ProposeChangeOrderRequest, ProposeTermsRequest, RequestChangesRequest, TerminationRequest,
} from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as changeOrders from '../../use-cases/contracts/change-orders.ts';
import * as terminations from '../../use-cases/contracts/terminations.ts';
import * as terms from '../../use-cases/contracts/terms.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, orderParams, signedIn } from './shared.ts';

const tags = ['contract'];
const changeOrderParams = z.object({ id: PathId, changeOrderId: PathId });
const ANSWERS = ['accept', 'decline', 'withdraw'] as const;
const ok = (description: string) => ({ 200: jsonResponse(S.OrderContract, description), ...problems(...WRITE, 409, 422) });

/**
 * /orders/{id}/contract: the contract of an awarded order after its publicity window — terms and milestones, versions,
 * change orders, termination. Only its buyer, its vendor and the secretariat know it exists (404 to everyone else).
 * Every write names the contract `version` it read (409 version_conflict when it changed) and takes an Idempotency-Key.
 */
export const contractRoutes = (deps: Deps) => {
  const write = { security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)] };
  /** A write of the contract: POST with an Idempotency-Key and a JSON body, answered with the contract. */
  const post = <B extends z.ZodType, P extends typeof orderParams | typeof changeOrderParams = typeof orderParams>(
    path: string, summary: string, body: B, answer: string, params?: P,
  ) =>
    createRoute({
      ...write, method: 'post', path, tags, summary,
      request: { params: (params ?? orderParams) as P, headers: idempotencyHeader, body: jsonBody(body) },
      responses: ok(answer),
    });
  let r = createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/contract', tags,
        summary: 'The contract with its versions (each side’s acceptance and terms hash), milestones, change orders, terminations, history and what the caller may do now',
        request: { params: orderParams },
        responses: { 200: jsonResponse(S.OrderContract, 'The contract'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await terms.getContract(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      post('/{id}/contract/terms', 'The buyer proposes the terms: 账期 (payment days after acceptance), guideline and milestones whose shares sum to the price; the vendor is told', named(ProposeTermsRequest, 'ProposeTermsRequest'), 'The contract with the proposal waiting for the vendor'),
      async (c) => c.json(await terms.proposeTerms(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      post('/{id}/contract/accept', 'The vendor accepts the proposed version, naming its number and terms hash: the contract is in force and its milestones exist', named(AcceptTermsRequest, 'AcceptTermsRequest'), 'The contract, active'),
      async (c) => c.json(await terms.acceptTerms(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      post('/{id}/contract/request-changes', 'The vendor asks for changes to the proposed version, with a message; the buyer is told and proposes again', named(RequestChangesRequest, 'RequestChangesRequest'), 'The contract, changes requested'),
      async (c) => c.json(await terms.requestChanges(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      post('/{id}/contract/change-orders', 'A party proposes a change order (price, volume, deadline, guideline, milestones) to the terms in force, with a reason; one open at a time', named(ProposeChangeOrderRequest, 'ProposeChangeOrderRequest'), 'The contract with the open change order'),
      async (c) => c.json(await changeOrders.proposeChangeOrder(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      post('/{id}/contract/termination', 'A party proposes to end the contract early by agreement, with a reason; the other party accepts or declines', named(TerminationRequest, 'TerminationRequest'), 'The contract with the open proposal'),
      async (c) => c.json(await terminations.proposeTermination(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      post('/{id}/contract/terminate', 'The secretariat ends the contract on a dispute, with a reason; both parties are told', TerminationRequest, 'The contract, terminated'),
      async (c) => c.json(await terminations.terminateContract(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    );
  // the answers to a change order and to a termination proposal: accept, decline (the other party), withdraw (the proposer)
  for (const answer of ANSWERS) {
    r = r
      .openapi(
        post(
          `/{id}/contract/change-orders/{changeOrderId}/${answer}`,
          answer === 'accept'
            ? 'The other party accepts the change order: the next version, accepted by both, with the milestones it sets'
            : answer === 'decline' ? 'The other party declines the change order; the terms stay' : 'The proposer withdraws its change order',
          named(AnswerProposalRequest, 'AnswerProposalRequest'), 'The contract', changeOrderParams,
        ),
        async (c) => {
          const p = c.req.valid('param');
          return c.json(await changeOrders.answerChangeOrder(depsOf(deps, c), requireAuth(c), p.id, p.changeOrderId, answer, c.req.valid('json'), requestMeta(c)), 200);
        },
      )
      .openapi(
        post(
          `/{id}/contract/termination/${answer}`,
          answer === 'accept'
            ? 'The other party accepts the proposal to terminate: the contract ends'
            : answer === 'decline' ? 'The other party declines the proposal to terminate' : 'The proposer withdraws its proposal to terminate',
          AnswerProposalRequest, 'The contract',
        ),
        async (c) => c.json(await terminations.answerTermination(depsOf(deps, c), requireAuth(c), c.req.valid('param').id, answer, c.req.valid('json'), requestMeta(c)), 200),
      );
  }
  return r;
};
