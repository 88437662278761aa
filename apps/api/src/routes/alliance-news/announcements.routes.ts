import { AnnouncementListQuery, CreateAnnouncementRequest, PublishAnnouncementRequest, UpdateAnnouncementRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as announcements from '../../use-cases/alliance-news/announcements.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, signedIn } from '../orders/shared.ts';

const tags = ['announcements'];
const params = z.object({ id: PathId });

/** /announcements: the secretariat's announcements (通知公告), each for an audience. */
export const announcementRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/', tags,
        summary: 'Published announcements the caller may see (everyone, members, members of its kind), pinned first, newest first; scope=all: every status (the secretariat)',
        request: { query: AnnouncementListQuery },
        responses: { 200: jsonResponse(S.AnnouncementList, 'One page of announcements'), ...problems(400, 403) },
      }),
      async (c) => c.json(await announcements.listAnnouncements(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Draft an announcement: title, Markdown body, pinned, audience (the secretariat)',
        request: { headers: idempotencyHeader, body: jsonBody(named(CreateAnnouncementRequest, 'CreateAnnouncementRequest')) },
        responses: { 201: jsonResponse(S.Announcement, 'The draft'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await announcements.createAnnouncement(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}', tags,
        summary: 'An announcement with its body rendered and sanitised: published and of the caller\'s audience, or any for the secretariat (404 otherwise)',
        request: { params },
        responses: { 200: jsonResponse(S.Announcement, 'The announcement'), ...problems(404) },
      }),
      async (c) => c.json(await announcements.getAnnouncement(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/{id}', tags,
        summary: 'Change an announcement in any status (the secretariat); its audience is not told again',
        request: { params, body: jsonBody(named(UpdateAnnouncementRequest, 'UpdateAnnouncementRequest')) },
        responses: { 200: jsonResponse(S.Announcement, 'The announcement'), ...problems(...WRITE) },
      }),
      async (c) => c.json(await announcements.updateAnnouncement(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/publish', tags,
        summary: 'Publish now, or at a later time (the secretariat); its audience is told once, when it is published',
        request: { params, body: jsonBody(named(PublishAnnouncementRequest, 'PublishAnnouncementRequest')) },
        responses: { 200: jsonResponse(S.Announcement, 'The announcement, published or scheduled'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await announcements.publishAnnouncementNow(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/unpublish', tags,
        summary: 'Take a published or scheduled announcement down (the secretariat)',
        request: { params },
        responses: { 200: jsonResponse(S.Announcement, 'The announcement, unpublished'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await announcements.unpublishAnnouncementNow(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    );
