import type {
  Announcement, AnnouncementList, AnnouncementListItem, AnnouncementListQuery, CreateAnnouncementRequest, PublishAnnouncementRequest,
  UpdateAnnouncementRequest,
} from '@annex/contracts';
import { type AnnouncementRow, type Sql, type Tx, InvalidCursorError, announcements, audit, withTransaction } from '@annex/db';
import {
  type AudienceViewer, announcementActions, announcementNoticeDue, announcementStatus, audiencesVisibleTo, inAudience, publishAnnouncement,
  unpublishAnnouncement,
} from '@annex/domain';
import type { Logger } from 'pino';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { audienceViewerOf, excerptOf, iso, isoOrNull, requireSecretariat, tellAudience } from './audience.ts';

// Announcements (通知公告): the secretariat writes, publishes now or at a time, and takes down; everyone reads
// those of their audience. The audience is told once, when one is first published (the scheduler tells those
// whose time comes later).

const toItem = (a: AnnouncementRow, now: Date): AnnouncementListItem => ({
  id: a.id, title: a.title, pinned: a.pinned, audience: a.audience, status: announcementStatus(a, now), publishAt: isoOrNull(a.publishAt),
  excerpt: excerptOf(a.body),
});

function present(a: AnnouncementRow, v: AudienceViewer, now: Date): Announcement {
  const item = toItem(a, now);
  return {
    ...item, body: a.body, html: renderMarkdown(a.body), unpublishedAt: isoOrNull(a.unpublishedAt), notifiedAt: isoOrNull(a.notifiedAt),
    createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt), actions: v.kind === 'secretariat' ? announcementActions(item.status) : [],
  };
}

const badCursor = () =>
  new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });

/** GET /announcements: the published ones the caller may see, pinned first; the secretariat may ask for every status. */
export async function listAnnouncements(deps: Deps, auth: AuthContext | null, q: AnnouncementListQuery): Promise<AnnouncementList> {
  const d = db(deps);
  const viewer = await audienceViewerOf(d, auth);
  const now = deps.now();
  try {
    if (q.scope === 'all') {
      requireSecretariat(viewer, 'list unpublished announcements');
      const page = await announcements.listAll(d, { cursor: q.cursor, limit: q.limit });
      return { items: page.items.map((a) => toItem(a, now)), nextCursor: page.nextCursor };
    }
    const page = await announcements.listLive(d, { audiences: audiencesVisibleTo(viewer), now, pinnedOnly: q.pinned, cursor: q.cursor, limit: q.limit });
    return { items: page.items.map((a) => toItem(a, now)), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw badCursor();
    throw err;
  }
}

/** An announcement the viewer may see: the secretariat every one, others a published one of their audience (404 otherwise). */
async function loadVisible(deps: Deps, viewer: AudienceViewer, id: string): Promise<AnnouncementRow> {
  const a = await announcements.get(db(deps), id);
  const visible = a && (viewer.kind === 'secretariat' || (announcementStatus(a, deps.now()) === 'published' && inAudience(a.audience, viewer)));
  if (!a || !visible) throw new AppError('not_found', 'no announcement with this id');
  return a;
}

/** GET /announcements/{id}. */
export async function getAnnouncement(deps: Deps, auth: AuthContext | null, id: string): Promise<Announcement> {
  const viewer = await audienceViewerOf(db(deps), auth);
  return present(await loadVisible(deps, viewer, id), viewer, deps.now());
}

/** POST /announcements: a draft (the secretariat). */
export async function createAnnouncement(deps: Deps, auth: AuthContext, body: CreateAnnouncementRequest, meta: RequestMeta): Promise<Announcement> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'write announcements');
  const row = await withTransaction(db(deps), async (tx) => {
    const a = await announcements.create(tx, body, auth.user.id);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'announcement', entityId: a.id, action: 'announcement.created',
      after: { title: a.title, audience: a.audience, pinned: a.pinned }, requestId: meta.requestId,
    });
    return a;
  });
  return present(row, viewer, deps.now());
}

/** Loads an announcement under its lock for a step of the secretariat, with the audit row's actor. */
async function step(
  deps: Deps, auth: AuthContext, id: string, meta: RequestMeta,
  change: (tx: Tx, a: AnnouncementRow, now: Date) => Promise<{ row: AnnouncementRow; action: string; before: object; after: object }>,
): Promise<Announcement> {
  const viewer = await audienceViewerOf(db(deps), auth);
  requireSecretariat(viewer, 'change announcements');
  const now = deps.now();
  const row = await withTransaction(db(deps), async (tx) => {
    const a = await announcements.lock(tx, id);
    if (!a) throw new AppError('not_found', 'no announcement with this id');
    const r = await change(tx, a, now);
    await audit.append(tx, {
      actorUserId: auth.user.id, actorOrgId: auth.membership?.orgId ?? null, entityType: 'announcement', entityId: id, action: r.action,
      before: r.before, after: r.after, requestId: meta.requestId,
    });
    return r.row;
  });
  return present(row, viewer, now);
}

const fieldsOf = (a: AnnouncementRow, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, a[k as keyof AnnouncementRow] instanceof Date ? iso(a[k as keyof AnnouncementRow] as Date) : a[k as keyof AnnouncementRow]]));

/** PATCH /announcements/{id}: changes what it says, in any status (the audience is not told again). */
export const updateAnnouncement = (deps: Deps, auth: AuthContext, id: string, body: UpdateAnnouncementRequest, meta: RequestMeta) =>
  step(deps, auth, id, meta, async (tx, a) => {
    const row = await announcements.update(tx, id, body, auth.user.id);
    const keys = Object.keys(body);
    return { row, action: 'announcement.updated', before: fieldsOf(a, keys), after: fieldsOf(row, keys) };
  });

/** POST /announcements/{id}/publish: now or at a later time; the audience is told once it is published. */
export const publishAnnouncementNow = (deps: Deps, auth: AuthContext, id: string, body: PublishAnnouncementRequest, meta: RequestMeta) =>
  step(deps, auth, id, meta, async (tx, a, now) => {
    const next = publishAnnouncement(a, body.at ? new Date(body.at) : null, now);
    if (!next.ok) {
      if (next.error === 'publish_time_past') {
        throw new AppError('validation_failed', 'the publication time has passed: publish now or choose a later time', {
          errors: [{ path: 'at', message: 'in the past' }],
        });
      }
      throw new AppError('invalid_transition', `the announcement is ${announcementStatus(a, now)} and cannot be published now`);
    }
    let row = await announcements.publish(tx, id, next.value.publishAt, auth.user.id);
    if (announcementNoticeDue(row, now)) row = await told(tx, row);
    return {
      row, action: 'announcement.published',
      before: { status: announcementStatus(a, now), publishAt: isoOrNull(a.publishAt) },
      after: { status: announcementStatus(row, now), publishAt: isoOrNull(row.publishAt) },
    };
  });

/** POST /announcements/{id}/unpublish: takes a published or scheduled one down. */
export const unpublishAnnouncementNow = (deps: Deps, auth: AuthContext, id: string, meta: RequestMeta) =>
  step(deps, auth, id, meta, async (tx, a, now) => {
    const next = unpublishAnnouncement(a, now);
    if (!next.ok) throw new AppError('invalid_transition', `the announcement is ${announcementStatus(a, now)} and cannot be taken down`);
    const row = await announcements.unpublish(tx, id, next.value.unpublishedAt, auth.user.id);
    return { row, action: 'announcement.unpublished', before: { status: announcementStatus(a, now) }, after: { status: 'unpublished' } };
  });

/** Tells the announcement's audience and records that it was told. */
async function told(tx: Tx, a: AnnouncementRow): Promise<AnnouncementRow> {
  if (!(await announcements.markNotified(tx, a.id))) return a;
  await tellAudience(tx, a.audience, 'announcement_published', { announcementId: a.id, title: a.title });
  return (await announcements.get(tx, a.id)) as AnnouncementRow;
}

/** The scheduler's step: tells the audiences of announcements whose publication time came; returns how many. */
export async function runAnnouncementNotices(sql: Sql, log: Logger, now: Date = new Date()): Promise<number> {
  let sent = 0;
  for (const due of await announcements.noticeDue(sql, now)) {
    try {
      sent += await withTransaction(sql, async (tx) => {
        const a = await announcements.lock(tx, due.id);
        if (!a || !announcementNoticeDue(a, now)) return 0;
        await told(tx, a);
        return 1;
      });
    } catch (err) {
      log.error({ err, announcementId: due.id }, 'announcement notice failed');
    }
  }
  return sent;
}
