import createClient from 'openapi-fetch';
import type { paths } from './generated/schema.d.ts';

// A typed client of the Annex API for programs, generated from the OpenAPI document (`pnpm generate` writes
// src/generated/ from the routes; check and test regenerate it first, so it never lags behind the API).

export type { paths, components, operations } from './generated/schema.d.ts';

/** A client that authenticates every request with an API token (Authorization: Bearer annex_…). */
export function createAnnexClient(opts: { baseUrl: string; token: string; fetch?: typeof fetch }) {
  return createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    headers: { authorization: `Bearer ${opts.token}` },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

/** The client's type. */
export type AnnexClient = ReturnType<typeof createAnnexClient>;
