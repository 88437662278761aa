import type { OrgKind } from '@annex/domain';
import type { Tx } from '@annex/db';
import type { TokenScope } from '@annex/domain';
import type { Logger } from 'pino';

/** Who is calling, once the session middleware has checked the token. */
export type AuthContext = {
  user: { id: string; email: string; displayName: string; createdAt: Date };
  sessionId: string;
  /** the caller's organisation and role; null only for a user without one (never created by the API) */
  membership: { orgId: string; role: 'owner' | 'member'; kind: OrgKind } | null;
  /** true when the token came in an Authorization header (no cookie, so no CSRF risk) */
  viaBearer: boolean;
  /**
   * The API token that authenticated the request (the user is its creator, the role a member's whatever the
   * creator's), or null for a session.
   */
  apiToken: { id: string; scopes: readonly TokenScope[] } | null;
};

/** Hono environment of the API: what middleware puts on the context. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    /** null for anonymous requests */
    auth: AuthContext | null;
    /** why a presented token did not authenticate */
    authFailure: 'expired' | 'invalid' | null;
    /** the API token presented with the right secret, whether or not it was accepted (for its usage log) */
    presentedToken: { id: string } | null;
    /** the transaction around an Idempotency-Key request (see middleware/idempotency.ts) */
    tx: Tx | undefined;
  };
};
