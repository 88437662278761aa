import { MemberDirectoryQuery, MembershipApplicationRequest, MembershipDecision, MembershipQueueQuery } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env.ts';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as memberships from '../../use-cases/alliance/memberships.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requireOrgKind } from '../../use-cases/guards.ts';
import { requestMeta } from '../meta.ts';
import { depsOf, signedIn } from '../orders/shared.ts';

const tags = ['alliance membership'];

/** Runs before the request is validated: others learn nothing about the secretariat's routes but "not yours". */
const secretariatOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireOrgKind(requireAuth(c), 'secretariat', 'decide on memberships');
  await next();
};

/** Membership of the alliance (联盟成员): an organisation applies, the secretariat decides, the public sees the members. */
export const membershipRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/organisations/mine/membership', tags,
        summary: "The caller's organisation's membership of the alliance (null: never applied) and what its owner may do now",
        responses: { 200: jsonResponse(S.MyMembership, 'The membership'), ...problems(401, 403) },
      }),
      async (c) => c.json(await memberships.getMyMembership(deps, requireAuth(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/organisations/mine/membership', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: "The owner applies to join the alliance with the tier it asks for (again after a rejection); the secretariat is told",
        request: { headers: idempotencyHeader, body: jsonBody(named(MembershipApplicationRequest, 'MembershipApplicationRequest')) },
        responses: { 201: jsonResponse(S.MyMembership, 'The application, waiting for the secretariat'), ...problems(...WRITE_PROBLEMS, 401, 409) },
      }),
      async (c) => c.json(await memberships.applyForMembership(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/admin/memberships', tags, security: sessionSecurity, middleware: [authenticated, secretariatOnly],
        summary: 'Memberships in a status for the secretariat (default: the applications, oldest first, with their age in days)',
        request: { query: MembershipQueueQuery },
        responses: { 200: jsonResponse(S.MembershipQueue, 'One page'), ...problems(400, 401, 403) },
      }),
      async (c) => c.json(await memberships.listMemberships(deps, requireAuth(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/admin/memberships/{orgId}/decision', tags, security: sessionSecurity, middleware: [authenticated, secretariatOnly],
        summary: 'Approve (tier; join date, default today; the member number is drawn), reject or suspend (reason), or reinstate a membership; the organisation is told',
        request: { params: z.object({ orgId: z.string().max(64).openapi({ format: 'uuid' }) }), body: jsonBody(named(MembershipDecision, 'MembershipDecision')) },
        responses: { 200: jsonResponse(S.Membership, 'The membership after the decision'), ...problems(...WRITE_PROBLEMS, 401, 404, 409, 422) },
      }),
      async (c) =>
        c.json(await memberships.decideMembership(deps, requireAuth(c), c.req.valid('param').orgId, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/members', tags: ['public'],
        summary: "The alliance's member directory: current members by member number (no contacts), filtered by kind, county, tier and name",
        request: { query: MemberDirectoryQuery },
        responses: { 200: jsonResponse(S.MemberDirectory, 'One page of members'), ...problems(400) },
      }),
      async (c) => c.json(await memberships.memberDirectory(deps, c.req.valid('query')), 200),
    );
