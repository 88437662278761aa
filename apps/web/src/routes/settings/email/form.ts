import type { EmailPreferences, NotificationKind, UpdateEmailPreferences } from '@annex/contracts';
import { EMAIL_LANGUAGES, EMAIL_MODES, type EmailLanguage, type EmailMode } from '@annex/domain';

// The e-mail settings form: one radio group per kind (`mode.<kind>`) and the language. Only what differs from the
// settings in effect is sent, so a kind the user never touched keeps following its default.

export type EmailChoice = { language: EmailLanguage | null; modes: Partial<Record<NotificationKind, EmailMode>> };

const isMode = (v: unknown): v is EmailMode => (EMAIL_MODES as readonly unknown[]).includes(v);
const isLanguage = (v: unknown): v is EmailLanguage => (EMAIL_LANGUAGES as readonly unknown[]).includes(v);

/** The field of a kind's radio group. */
export const modeField = (kind: string) => `mode.${kind}`;

/** What the form chose for the kinds the page listed (anything else, or a value no mode has, is ignored). */
export function readEmailForm(data: FormData, kinds: readonly NotificationKind[]): EmailChoice {
  const language = data.get('language');
  const modes: EmailChoice['modes'] = {};
  for (const kind of kinds) {
    const v = data.get(modeField(kind));
    if (isMode(v)) modes[kind] = v;
  }
  return { language: isLanguage(language) ? language : null, modes };
}

/** The request that changes what differs from the settings in effect; null when nothing does. */
export function emailChanges(current: EmailPreferences, choice: EmailChoice): UpdateEmailPreferences | null {
  const modes: Partial<Record<NotificationKind, EmailMode>> = {};
  for (const k of current.kinds) {
    const chosen = choice.modes[k.kind];
    if (chosen && chosen !== k.mode) modes[k.kind] = chosen;
  }
  const language = choice.language && choice.language !== current.language ? choice.language : null;
  if (!language && Object.keys(modes).length === 0) return null;
  return { ...(language ? { language } : {}), ...(Object.keys(modes).length > 0 ? { modes } : {}) };
}

/** How many settings a request changes (the confirmation says so). */
export const changeCount = (body: UpdateEmailPreferences | null): number =>
  body ? Object.keys(body.modes ?? {}).length + (body.language ? 1 : 0) : 0;
