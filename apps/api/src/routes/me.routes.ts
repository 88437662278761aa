import { ChangePasswordRequest, MyBidsQuery, SessionId } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth, setCookie } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, problems, sessionSecurity, named } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { listMyBids } from '../use-cases/bids.ts';
import * as me from '../use-cases/me.ts';
import { requestMeta } from './meta.ts';

const getMe = createRoute({
  method: 'get', path: '/', tags: ['me'], security: sessionSecurity, middleware: authenticated,
  summary: 'The signed-in user, their organisation and role',
  responses: { 200: jsonResponse(S.Me, 'The caller'), ...problems(401) },
});

const changePassword = createRoute({
  method: 'post', path: '/password', tags: ['me'], security: sessionSecurity, middleware: authenticated,
  summary: 'Change the password; ends every session and continues in a new one (new session cookie)',
  request: { body: jsonBody(named(ChangePasswordRequest, 'ChangePasswordRequest')) },
  responses: { 204: { description: 'Changed; the new session token is in Set-Cookie' }, ...problems(...WRITE_PROBLEMS, 401, 422, 429) },
});

const listSessions = createRoute({
  method: 'get', path: '/sessions', tags: ['me'], security: sessionSecurity, middleware: authenticated,
  summary: "The caller's live sessions",
  responses: { 200: jsonResponse(S.SessionList, 'Sessions, most recently used first'), ...problems(401) },
});

const revokeSession = createRoute({
  method: 'delete', path: '/sessions/{id}', tags: ['me'], security: sessionSecurity, middleware: authenticated,
  summary: 'End one of your sessions',
  request: { params: z.object({ id: SessionId }) },
  responses: { 204: { description: 'Ended' }, ...problems(400, 401, 403, 404) },
});

const myBids = createRoute({
  method: 'get', path: '/bids', tags: ['me'], security: sessionSecurity, middleware: authenticated,
  summary: "The calling vendor's bids across orders, newest first",
  request: { query: MyBidsQuery },
  responses: { 200: jsonResponse(S.MyBidsList, 'One page of bids'), ...problems(400, 401, 403) },
});

/** /me: the caller, password, sessions, a vendor's bids. */
export const meRoutes = (deps: Deps) =>
  createRouter()
    .openapi(getMe, async (c) => c.json(await me.getMe(deps, requireAuth(c)), 200))
    .openapi(changePassword, async (c) => {
      const { token, expiresAt } = await me.changePassword(deps, requireAuth(c), c.req.valid('json'), requestMeta(c));
      setCookie(c, deps.sessions.cookie(token, expiresAt, deps.now()).serialize());
      return c.body(null, 204);
    })
    .openapi(listSessions, async (c) => c.json(await me.listSessions(deps, requireAuth(c)), 200))
    .openapi(revokeSession, async (c) => {
      const { current } = await me.revokeSession(deps, requireAuth(c), c.req.valid('param').id);
      if (current) setCookie(c, deps.sessions.blankCookie().serialize());
      return c.body(null, 204);
    })
    .openapi(myBids, async (c) => c.json(await listMyBids(deps, requireAuth(c), c.req.valid('query')), 200));
