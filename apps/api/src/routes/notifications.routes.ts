import { MarkNotificationsRead, NotificationQuery } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { S, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { listNotifications, markNotificationsRead } from '../use-cases/timeline.ts';

const common = { tags: ['notifications'], security: sessionSecurity, middleware: authenticated };

const list = createRoute({
  ...common, method: 'get', path: '/',
  summary: "The caller's inbox, newest first, with the unread count",
  request: { query: NotificationQuery },
  responses: { 200: jsonResponse(S.NotificationList, 'One page of notifications'), ...problems(400, 401) },
});

const markRead = createRoute({
  ...common, method: 'post', path: '/read',
  summary: 'Mark notifications read: the given ids, or all',
  request: { body: jsonBody(named(MarkNotificationsRead, 'MarkNotificationsRead')) },
  responses: { 200: jsonResponse(S.UnreadCount, 'The unread count afterwards'), ...problems(...WRITE_PROBLEMS, 401) },
});

/** /notifications: the in-app inbox. */
export const notificationRoutes = (deps: Deps) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listNotifications(deps, requireAuth(c), c.req.valid('query')), 200))
    .openapi(markRead, async (c) => {
      const body = c.req.valid('json');
      return c.json(await markNotificationsRead(deps, requireAuth(c), 'all' in body ? 'all' : body.ids), 200);
    });
