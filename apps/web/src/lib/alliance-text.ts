import type { AnnouncementStatus, Audience, BenchmarkStatus, EventPhase, IndustrialBaseProblem, MemberKind, MembershipStatus } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import type { Tone } from '#lib/i18n.ts';

// Words and colours of the alliance: its announcements and events (audiences, statuses, phases), its membership
// (kinds, statuses) and the industrial bases (benchmark status, the rules of a base's facts).

type Label = () => string;

export const AUDIENCE: Record<Audience, Label> = {
  everyone: m.al_audience_everyone,
  members: m.al_audience_members,
  vendor: m.al_audience_vendor,
  buyer: m.al_audience_buyer,
  training_institution: m.al_audience_training_institution,
  base_operator: m.al_audience_base_operator,
};
export const AUDIENCE_CODES = Object.keys(AUDIENCE) as Audience[];

export const ANNOUNCEMENT_STATUS: Record<AnnouncementStatus, Label> = {
  draft: m.an_status_draft,
  scheduled: m.an_status_scheduled,
  published: m.an_status_published,
  unpublished: m.an_status_unpublished,
};
export const ANNOUNCEMENT_TONE: Record<AnnouncementStatus, Tone> = { draft: 'neutral', scheduled: 'info', published: 'success', unpublished: 'muted' };

export const EVENT_PHASE: Record<EventPhase, Label> = {
  draft: m.ev_phase_draft,
  registration_open: m.ev_phase_registration_open,
  registration_closed: m.ev_phase_registration_closed,
  in_progress: m.ev_phase_in_progress,
  ended: m.ev_phase_ended,
  cancelled: m.ev_phase_cancelled,
};
export const EVENT_TONE: Record<EventPhase, Tone> = {
  draft: 'neutral', registration_open: 'success', registration_closed: 'warning', in_progress: 'info', ended: 'muted', cancelled: 'danger',
};

/** "剩余 3 / 10 席" or "已满 10 席 · 候补 4 人". */
export const seatsText = (e: { seatsLeft: number; capacity: number; waitlisted: number }): string =>
  e.seatsLeft > 0 ? m.ev_seats_left({ left: e.seatsLeft, capacity: e.capacity }) : m.ev_full({ capacity: e.capacity, waiting: e.waitlisted });

/** The caller's registration in words, or null without one. */
export function mineText(mine: { status: 'registered' | 'waitlisted' | 'cancelled'; waitlistPosition: number | null } | null): string | null {
  if (!mine) return null;
  if (mine.status === 'registered') return m.ev_mine_registered();
  if (mine.status === 'waitlisted') return m.ev_mine_waitlisted({ position: mine.waitlistPosition ?? 0 });
  return m.ev_mine_cancelled();
}

/** The day and the hours of an event in Beijing time: "2026-12-18 14:00–17:00", or both ends in full across days. */
export function eventTimes(startsAt: string, endsAt: string, format: (iso: string) => string): string {
  const a = format(startsAt).slice(0, 16);
  const b = format(endsAt).slice(0, 16);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}

/** The kinds of member as the alliance names them (标注企业, AI 企业, …), not as the marketplace does (服务商, 需求方). */
export const MEMBER_KIND: Record<MemberKind, Label> = {
  vendor: m.mb_kind_vendor,
  buyer: m.mb_kind_buyer,
  training_institution: m.mb_kind_training_institution,
  base_operator: m.mb_kind_base_operator,
};

export const MEMBERSHIP_STATUS: Record<MembershipStatus, Label> = {
  applied: m.ms_status_applied,
  member: m.ms_status_member,
  rejected: m.ms_status_rejected,
  suspended: m.ms_status_suspended,
};
export const MEMBERSHIP_TONE: Record<MembershipStatus, Tone> = { applied: 'warning', member: 'success', rejected: 'danger', suspended: 'muted' };

export const BENCHMARK_STATUS: Record<BenchmarkStatus, Label> = {
  none: m.ib_status_none,
  candidate: m.ib_status_candidate,
  benchmark: m.ib_status_benchmark,
};
export const BENCHMARK_TONE: Record<BenchmarkStatus, Tone> = { none: 'neutral', candidate: 'info', benchmark: 'success' };

/** What is wrong with a base's facts, by the domain's rule. */
export const BASE_PROBLEM: Record<IndustrialBaseProblem['rule'], Label> = {
  occupied_over_seats: m.ib_err_occupied_over_seats,
  in_future: m.ib_err_in_future,
  since_required: m.ib_err_since_required,
  since_only_for_benchmark: m.ib_err_since_only_for_benchmark,
  since_before_opening: m.ib_err_since_before_opening,
};
