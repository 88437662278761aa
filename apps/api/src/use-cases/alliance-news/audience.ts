import { type Db, allianceMemberships, audiences } from '@annex/db';
import { type Audience, type AudienceViewer, audienceRecipients } from '@annex/domain';
import type { NotificationKind } from '@annex/contracts';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { notify } from '../notify.ts';

// What announcements and events share: who the caller is for the audience rules, and telling an audience.

/** The caller for the audience rules: the public, the secretariat, or a user of an organisation, member of the alliance or not. */
export async function audienceViewerOf(d: Db, auth: AuthContext | null): Promise<AudienceViewer> {
  const m = auth?.membership;
  if (!m) return { kind: 'public' };
  if (m.kind === 'secretariat') return { kind: 'secretariat' };
  return { kind: 'org', orgKind: m.kind, member: (await allianceMemberships.get(d, m.orgId))?.status === 'member' };
}

/** Only the secretariat writes announcements and events. */
export function requireSecretariat(v: AudienceViewer, what: string): void {
  if (v.kind !== 'secretariat') throw new AppError('forbidden', `only the secretariat can ${what}`);
}

/** Tells every user of the audience, each once, in the writer's transaction. */
export async function tellAudience(tx: Db, audience: Audience, kind: NotificationKind, payload: Record<string, unknown>): Promise<number> {
  const userIds = await audiences.userIds(tx, audienceRecipients(audience));
  await notify(tx, userIds.map((userId) => ({ to: { userId }, kind, orderId: null, payload })));
  return userIds.length;
}

/** The first words of a Markdown text as plain text, for lists. */
export function excerptOf(markdown: string, max = 120): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
