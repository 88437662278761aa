import { CancelEventRequest, CreateEventRequest, EventListQuery, MarkAttendanceRequest, UpdateEventRequest } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env.ts';
import { contentDisposition } from '../../lib/file-policy.ts';
import { idempotent } from '../../middleware/idempotency.ts';
import { authenticated, requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, idempotencyHeader, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../../openapi.ts';
import * as events from '../../use-cases/alliance-news/events.ts';
import * as registrations from '../../use-cases/alliance-news/registrations.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, depsOf, signedIn } from '../orders/shared.ts';

const tags = ['events'];
const params = z.object({ id: PathId });

const csvResponse = { description: 'The attendance list (CSV in UTF-8 with a BOM)', content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } } };
const download = (c: Context<AppEnv>, f: { bytes: Uint8Array; fileName: string; contentType: string }) =>
  c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': f.contentType, 'Content-Disposition': contentDisposition(f.fileName), 'Content-Length': String(f.bytes.byteLength),
    'Cache-Control': 'private, no-store',
  }) as never;

/** /events: the alliance's events (交流研讨), registration with a waitlist, and the attendance list. */
export const eventRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/', tags,
        summary: "Events of the caller's audience: upcoming (soonest first) or past (latest first), with seats left and the caller's registration; drafts=true adds drafts (the secretariat)",
        request: { query: EventListQuery },
        responses: { 200: jsonResponse(S.EventList, 'One page of events'), ...problems(400, 403) },
      }),
      async (c) => c.json(await events.listEvents(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post', path: '/', tags, security: sessionSecurity, middleware: [authenticated, idempotent(deps.sql)],
        summary: 'Draft an event: times, place (online link or address), capacity, registration deadline, audience (the secretariat)',
        request: { headers: idempotencyHeader, body: jsonBody(named(CreateEventRequest, 'CreateEventRequest')) },
        responses: { 201: jsonResponse(S.AllianceEvent, 'The draft'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await events.createEvent(depsOf(deps, c), requireAuth(c), c.req.valid('json'), requestMeta(c)), 201),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/{id}', tags,
        summary: "An event: not a draft and of the caller's audience, or any for the secretariat (404 otherwise); what the caller may do",
        request: { params },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event'), ...problems(404) },
      }),
      async (c) => c.json(await events.getEvent(deps, c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'patch', path: '/{id}', tags,
        summary: 'Change an event before it ends (the secretariat); the capacity never below the seats given; a raised one seats the first who wait',
        request: { params, body: jsonBody(named(UpdateEventRequest, 'UpdateEventRequest')) },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => c.json(await events.updateEvent(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/publish', tags,
        summary: 'Publish a draft event (the secretariat); its audience is told',
        request: { params },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event, published'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await events.publishEvent(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/cancel', tags,
        summary: 'Cancel an event with a reason (the secretariat); everyone registered or waiting is told',
        request: { params, body: jsonBody(named(CancelEventRequest, 'CancelEventRequest')) },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event, cancelled'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await events.cancelEvent(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/registration', tags,
        summary: "Register for the caller's organisation, one seat per user: a seat while there is one, else the waitlist (until the registration deadline)",
        request: { params },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event with the caller\'s registration'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await registrations.register(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'delete', path: '/{id}/registration', tags,
        summary: 'Give the seat back (the first on the waitlist gets it and is told) or leave the waitlist, until the event starts',
        request: { params },
        responses: { 200: jsonResponse(S.AllianceEvent, 'The event with the registration cancelled'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await registrations.cancelRegistration(deps, requireAuth(c), c.req.valid('param').id, requestMeta(c)), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/registrations', tags,
        summary: 'The attendance list: seats first, then the waitlist in its order (the secretariat)',
        request: { params },
        responses: { 200: jsonResponse(S.AttendeeList, 'The registrations'), ...problems(401, 403, 404) },
      }),
      async (c) => c.json(await registrations.listAttendees(deps, requireAuth(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/registrations/export', tags,
        summary: 'The attendance list as CSV (the secretariat)',
        request: { params },
        responses: { 200: csvResponse, ...problems(401, 403, 404) },
      }),
      async (c) => download(c, await registrations.exportAttendees(deps, requireAuth(c), c.req.valid('param').id)),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/registrations/{registrationId}/attendance', tags,
        summary: 'Mark whether a seat holder came (the secretariat, from the start of the event on)',
        request: { params: z.object({ id: PathId, registrationId: PathId }), body: jsonBody(named(MarkAttendanceRequest, 'MarkAttendanceRequest')) },
        responses: { 200: jsonResponse(S.EventAttendee, 'The registration'), ...problems(...WRITE, 409) },
      }),
      async (c) => {
        const { id, registrationId } = c.req.valid('param');
        return c.json(await registrations.markAttendance(deps, requireAuth(c), id, registrationId, c.req.valid('json'), requestMeta(c)), 200);
      },
    );
