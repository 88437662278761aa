import { type Result, fail, ok } from './result.ts';

// Announcements (通知公告) of the secretariat: a draft is published now or at a time, and can be taken down
// (unpublished) and published again. The status follows from the two times and the clock.

export const ANNOUNCEMENT_STATUSES = ['draft', 'scheduled', 'published', 'unpublished'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

/** What the rules look at: when it is (or was) published, when it was taken down, whether its audience was told. */
export type AnnouncementState = { publishAt: Date | null; unpublishedAt: Date | null; notifiedAt: Date | null };

/** The status now: no time yet is a draft; a time ahead is scheduled; taken down is unpublished. */
export function announcementStatus(a: Pick<AnnouncementState, 'publishAt' | 'unpublishedAt'>, now: Date): AnnouncementStatus {
  if (a.unpublishedAt) return 'unpublished';
  if (!a.publishAt) return 'draft';
  return a.publishAt.getTime() > now.getTime() ? 'scheduled' : 'published';
}

export type AnnouncementAction = 'edit' | 'publish' | 'unpublish';

const ACTIONS: Record<AnnouncementStatus, AnnouncementAction[]> = {
  draft: ['edit', 'publish'],
  // publishing again moves the time (or publishes at once)
  scheduled: ['edit', 'publish', 'unpublish'],
  published: ['edit', 'unpublish'],
  unpublished: ['edit', 'publish'],
};

/** What the secretariat may do with an announcement in this status (nobody else acts on one). */
export const announcementActions = (status: AnnouncementStatus): AnnouncementAction[] => ACTIONS[status];

export type PublishError = 'invalid_transition' | 'publish_time_past';

/**
 * Publishing: at once (`at` null) or at a later time. A time already past is refused rather than read as "now",
 * so a form left open does not publish with a wrong date.
 */
export function publishAnnouncement(a: AnnouncementState, at: Date | null, now: Date): Result<{ publishAt: Date }, PublishError> {
  if (!announcementActions(announcementStatus(a, now)).includes('publish')) return fail('invalid_transition');
  if (at && at.getTime() < now.getTime()) return fail('publish_time_past');
  return ok({ publishAt: at ?? now });
}

/** Taking down a published or scheduled announcement. */
export function unpublishAnnouncement(a: AnnouncementState, now: Date): Result<{ unpublishedAt: Date }, 'invalid_transition'> {
  return announcementActions(announcementStatus(a, now)).includes('unpublish') ? ok({ unpublishedAt: now }) : fail('invalid_transition');
}

/** Whether the audience is to be told now: published and not told yet (each announcement is told once, not on republishing). */
export const announcementNoticeDue = (a: AnnouncementState, now: Date): boolean =>
  announcementStatus(a, now) === 'published' && a.notifiedAt === null;
