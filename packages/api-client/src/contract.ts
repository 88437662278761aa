import {
  type AcceptTermsRequest,
  type AnswerProposalRequest,
  ContractList,
  type ContractListQuery,
  OrderContract,
  type ProposeChangeOrderRequest,
  type ProposeTermsRequest,
  type RequestChangesRequest,
  type TerminationRequest,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);

/** How a party answers a change order or a termination proposal. */
export type ProposalAnswer = 'accept' | 'decline' | 'withdraw';

/** The calls of an order's contract (terms, versions, change orders, termination). */
export function contractCalls(call: CallFn) {
  const base = (orderId: string) => `/orders/${id(orderId)}/contract`;
  return {
    /** GET /contracts — the caller organisation's contracts (as buyer or vendor; the secretariat: all), newest first. */
    contracts: (q: Partial<Omit<ContractListQuery, 'cursor' | 'limit'>> & { cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: '/contracts', query: q, schema: ContractList }),
    /** GET /orders/{id}/contract — the parties and the secretariat; 404 for everybody else. */
    contract: (orderId: string) => call({ method: 'GET', path: base(orderId), schema: OrderContract }),
    /** POST /orders/{id}/contract/terms — the buyer proposes the milestones and the 账期. */
    proposeTerms: (orderId: string, body: ProposeTermsRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/terms`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/accept — the vendor accepts the proposed version by its hash. */
    acceptTerms: (orderId: string, body: AcceptTermsRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/accept`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/request-changes — the vendor asks for changes to the proposed version. */
    requestChanges: (orderId: string, body: RequestChangesRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/request-changes`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/change-orders — either party proposes a change to the terms in force. */
    proposeChangeOrder: (orderId: string, body: ProposeChangeOrderRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/change-orders`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/change-orders/{cid}/{accept|decline|withdraw} */
    answerChangeOrder: (orderId: string, changeOrderId: string, answer: ProposalAnswer, body: AnswerProposalRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/change-orders/${id(changeOrderId)}/${answer}`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/termination — a party proposes ending the contract early by agreement. */
    proposeTermination: (orderId: string, body: TerminationRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/termination`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/terminate — the secretariat ends the contract on a dispute. */
    terminateContract: (orderId: string, body: TerminationRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/terminate`, body, schema: OrderContract }),
    /** POST /orders/{id}/contract/termination/{accept|decline|withdraw} — the answer to the open proposal. */
    answerTermination: (orderId: string, answer: ProposalAnswer, body: AnswerProposalRequest) =>
      call({ method: 'POST', path: `${base(orderId)}/termination/${answer}`, body, schema: OrderContract }),
  };
}
