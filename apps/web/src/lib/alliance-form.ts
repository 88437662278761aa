import type { Problem } from '@annex/contracts';
import { type Audience, AUDIENCES } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { fromBeijingInput } from '#lib/i18n.ts';
import { type Errors, check, required } from '#lib/validation.ts';

// The secretariat's forms for announcements and events: what was typed (kept on a refusal), the checks a person
// sees at once, and the body the API takes. The API checks everything again and its field errors land here too.

export const ANNOUNCEMENT_FIELDS = ['title', 'body', 'audience', 'pinned'] as const;
export type AnnouncementValues = Record<(typeof ANNOUNCEMENT_FIELDS)[number], string>;
export const EVENT_FIELDS = ['title', 'description', 'startsAt', 'endsAt', 'registrationDeadline', 'placeKind', 'place', 'capacity', 'audience'] as const;
export type EventValues = Record<(typeof EVENT_FIELDS)[number], string>;

const text = (data: FormData, k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
const audienceOf = (v: string): Audience => ((AUDIENCES as readonly string[]).includes(v) ? (v as Audience) : 'everyone');
const maxLen = (n: number) => (v: string) => (v.length > n ? m.v_too_long({ max: n }) : null);
const time = (v: string) => (v.trim() === '' ? m.v_required() : fromBeijingInput(v) ? null : m.adm_f_times_invalid());

export function readAnnouncement(data: FormData): { values: AnnouncementValues; errors: Errors<keyof AnnouncementValues> } {
  const values = { title: text(data, 'title'), body: text(data, 'body'), audience: text(data, 'audience'), pinned: data.get('pinned') ? 'on' : '' };
  const errors = check({ title: (v) => required(v) ?? maxLen(200)(v.trim()), body: maxLen(30_000), audience: () => null, pinned: () => null }, values);
  return { values, errors };
}

export const announcementBody = (v: AnnouncementValues) => ({ title: v.title.trim(), body: v.body, pinned: v.pinned === 'on', audience: audienceOf(v.audience) });

export function readEvent(data: FormData): { values: EventValues; errors: Errors<keyof EventValues> } {
  const values = Object.fromEntries(EVENT_FIELDS.map((k) => [k, text(data, k)])) as EventValues;
  const errors = check(
    {
      title: (v) => required(v) ?? maxLen(200)(v.trim()),
      description: maxLen(30_000),
      startsAt: time,
      endsAt: time,
      registrationDeadline: time,
      placeKind: () => null,
      place: (v) => required(v) ?? (values.placeKind === 'online' && !/^https?:\/\/\S+$/i.test(v.trim()) ? m.adm_f_place_hint() : null),
      capacity: (v) => required(v) ?? (/^\d{1,6}$/.test(v.trim()) && Number(v) >= 1 ? null : m.v_required()),
      audience: () => null,
    },
    values,
  );
  return { values, errors };
}

export const eventBody = (v: EventValues) => ({
  title: v.title.trim(), description: v.description, startsAt: fromBeijingInput(v.startsAt) ?? '', endsAt: fromBeijingInput(v.endsAt) ?? '',
  registrationDeadline: fromBeijingInput(v.registrationDeadline) ?? '', placeKind: v.placeKind === 'online' ? ('online' as const) : ('onsite' as const),
  place: v.place.trim(), capacity: Number(v.capacity), audience: audienceOf(v.audience),
});

/** The API's field errors under the form's field names (its paths are the body's keys). */
export function errorsFrom<F extends string>(problem: Problem, fields: readonly F[]): Errors<F> {
  const out: Errors<F> = {};
  for (const e of problem.errors ?? []) {
    const f = e.path.split('.')[0] as F;
    if (fields.includes(f)) out[f] = e.message;
  }
  return out;
}
