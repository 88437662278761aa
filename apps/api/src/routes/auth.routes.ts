import { LoginRequest, RegisterRequest } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { setCookie } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, problems, named } from '../openapi.ts';
import * as auth from '../use-cases/auth.ts';
import type { Deps } from '../use-cases/context.ts';
import { requestMeta } from './meta.ts';

const register = createRoute({
  method: 'post', path: '/register', tags: ['auth'],
  summary: 'Register a user with their organisation, then sign in with the same e-mail address and password',
  description:
    'The answer is the same whether the account was created or the e-mail address or the organisation was registered ' +
    'already, and takes as long: registration tells nobody who has an account. 20 registrations per hour and network address.',
  request: { body: jsonBody(named(RegisterRequest, 'RegisterRequest')) },
  responses: { 202: jsonResponse(S.RegistrationReceived, 'Received (nothing says whether it created an account)'), ...problems(...WRITE_PROBLEMS, 422, 429) },
});

const login = createRoute({
  method: 'post', path: '/login', tags: ['auth'],
  summary: 'Sign in with e-mail and password',
  request: { body: jsonBody(named(LoginRequest, 'LoginRequest')) },
  responses: { 200: jsonResponse(S.Me, 'Signed in (session cookie set)'), ...problems(...WRITE_PROBLEMS, 401, 429) },
});

const logout = createRoute({
  method: 'post', path: '/logout', tags: ['auth'],
  summary: 'Sign out: ends the current session and removes the cookie',
  responses: { 204: { description: 'Signed out' }, ...problems(403, 413, 415) },
});

/** /auth: register, login, logout. */
export const authRoutes = (deps: Deps) =>
  createRouter()
    .openapi(register, async (c) => {
      return c.json(await auth.register(deps, c.req.valid('json'), requestMeta(c)), 202);
    })
    .openapi(login, async (c) => {
      const { me, token, expiresAt } = await auth.login(deps, c.req.valid('json'), requestMeta(c));
      setCookie(c, deps.sessions.cookie(token, expiresAt, deps.now()).serialize());
      return c.json(me, 200);
    })
    .openapi(logout, async (c) => {
      await auth.logout(deps, c.get('auth')?.sessionId ?? null);
      setCookie(c, deps.sessions.blankCookie().serialize());
      return c.body(null, 204);
    });
