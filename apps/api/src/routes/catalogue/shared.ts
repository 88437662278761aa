import { z } from '@hono/zod-openapi';
import { authenticated } from '../../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, sessionSecurity } from '../../openapi.ts';

// What the sub-apps under /catalogue share.

/** Options of a route that needs a session. */
export const signedIn = { security: sessionSecurity, middleware: authenticated };
/** `{id}`: the entry (or the agency). */
export const idParams = z.object({ id: PathId });
/** The problems every write under /catalogue may answer. */
export const WRITE = [...WRITE_PROBLEMS, 401, 403, 404] as const;
