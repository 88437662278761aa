import { describe, expect, it } from 'vitest';
import {
  type AnnouncementState, announcementActions, announcementNoticeDue, announcementStatus, publishAnnouncement, unpublishAnnouncement,
} from './announcement.ts';

const now = new Date('2026-12-07T02:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const a = (publishAt: Date | null, unpublishedAt: Date | null = null, notifiedAt: Date | null = null): AnnouncementState => ({
  publishAt, unpublishedAt, notifiedAt,
});

describe('announcementStatus', () => {
  it.each([
    ['no time: a draft', a(null), 'draft'],
    ['a time ahead: scheduled', a(hours(1)), 'scheduled'],
    ['the time reached: published', a(now), 'published'],
    ['a time past: published', a(hours(-5)), 'published'],
    ['taken down: unpublished', a(hours(-5), hours(-1)), 'unpublished'],
  ] as const)('%s', (_, state, status) => {
    expect(announcementStatus(state, now)).toBe(status);
  });
});

describe('publishing', () => {
  it('publishes a draft now, or at a later time', () => {
    expect(publishAnnouncement(a(null), null, now)).toEqual({ ok: true, value: { publishAt: now } });
    expect(publishAnnouncement(a(null), hours(3), now)).toEqual({ ok: true, value: { publishAt: hours(3) } });
  });
  it('refuses a time already past', () => {
    expect(publishAnnouncement(a(null), hours(-1), now)).toEqual({ ok: false, error: 'publish_time_past' });
  });
  it('moves a scheduled one, publishes an unpublished one again, and refuses a published one', () => {
    expect(publishAnnouncement(a(hours(5)), null, now).ok).toBe(true);
    expect(publishAnnouncement(a(hours(-5), hours(-1)), null, now).ok).toBe(true);
    expect(publishAnnouncement(a(hours(-5)), null, now)).toEqual({ ok: false, error: 'invalid_transition' });
  });
  it('takes down published and scheduled ones only', () => {
    expect(unpublishAnnouncement(a(hours(-5)), now)).toEqual({ ok: true, value: { unpublishedAt: now } });
    expect(unpublishAnnouncement(a(hours(5)), now).ok).toBe(true);
    expect(unpublishAnnouncement(a(null), now)).toEqual({ ok: false, error: 'invalid_transition' });
    expect(unpublishAnnouncement(a(hours(-5), hours(-1)), now).ok).toBe(false);
  });
  it('lets every status be edited', () => {
    for (const s of ['draft', 'scheduled', 'published', 'unpublished'] as const) expect(announcementActions(s)).toContain('edit');
  });
});

describe('announcementNoticeDue', () => {
  it.each([
    ['a draft: no', a(null), false],
    ['scheduled: not yet', a(hours(1)), false],
    ['published, not told: yes', a(hours(-1)), true],
    ['published and told: no (once)', a(hours(-1), null, hours(-1)), false],
    ['taken down before its time came: no', a(hours(-1), hours(-2)), false],
  ] as const)('%s', (_, state, due) => {
    expect(announcementNoticeDue(state, now)).toBe(due);
  });
});
