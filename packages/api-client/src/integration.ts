import { ApiToken, ApiTokenList, ApiTokenUsagePage, type CreateApiTokenRequest, CreatedApiToken } from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);

/** The calls of an organisation's integrations: its API tokens. */
export function integrationCalls(call: CallFn) {
  return {
    /** GET /organisations/mine/tokens — the organisation's tokens, newest first (owners). */
    apiTokens: () => call({ method: 'GET', path: '/organisations/mine/tokens', schema: ApiTokenList }),
    /** POST /organisations/mine/tokens — a new token; its text is in this answer only. */
    createApiToken: (body: CreateApiTokenRequest) => call({ method: 'POST', path: '/organisations/mine/tokens', body, schema: CreatedApiToken }),
    /** POST /organisations/mine/tokens/{id}/revoke — at once. */
    revokeApiToken: (tokenId: string) => call({ method: 'POST', path: `/organisations/mine/tokens/${id(tokenId)}/revoke`, schema: ApiToken }),
    /** GET /organisations/mine/tokens/{id}/usage — a page of the token's usage log, newest first. */
    apiTokenUsage: (tokenId: string, q: { cursor?: string | null; limit?: number } = {}) =>
      call({ method: 'GET', path: `/organisations/mine/tokens/${id(tokenId)}/usage`, query: { cursor: q.cursor, limit: q.limit }, schema: ApiTokenUsagePage }),
  };
}
