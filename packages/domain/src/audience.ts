// Who an announcement or an event of the alliance is for (DESIGN §2.8): everyone, the alliance's members, or the
// members of one kind. The one place that decides who may see one, which audiences a list shows a viewer, and
// who is told when one is published.

import { MEMBER_KINDS, type MemberKind } from './membership.ts';

/** everyone (also the public), the members (alliance status member), or the members of one kind (a membership's kind is its organisation's kind). */
export const AUDIENCES = ['everyone', 'members', ...MEMBER_KINDS] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * Who is looking: the public (signed out, or a user without an organisation), the secretariat, or a user of an
 * organisation of `orgKind` that is (`member`) or is not a current member of the alliance.
 */
export type AudienceViewer =
  | { kind: 'public' }
  | { kind: 'secretariat' }
  | { kind: 'org'; orgKind: string; member: boolean };

const isMemberKind = (a: Audience): a is MemberKind => (MEMBER_KINDS as readonly string[]).includes(a);

/** Whether the viewer is in the audience (the secretariat, which writes for every audience, sees them all). */
export function inAudience(audience: Audience, viewer: AudienceViewer): boolean {
  if (viewer.kind === 'secretariat' || audience === 'everyone') return true;
  if (viewer.kind === 'public' || !viewer.member) return false;
  return audience === 'members' || (isMemberKind(audience) && audience === viewer.orgKind);
}

/** The audiences whose items a viewer's lists show (a list filters by these, so it agrees with inAudience). */
export const audiencesVisibleTo = (viewer: AudienceViewer): Audience[] => AUDIENCES.filter((a) => inAudience(a, viewer));

/**
 * Who is told when an item for `audience` is published: every user of an organisation other than the
 * secretariat, narrowed to current members, and to members of one kind. Each user once.
 */
export function audienceRecipients(audience: Audience): { membersOnly: boolean; orgKind: MemberKind | null } {
  if (audience === 'everyone') return { membersOnly: false, orgKind: null };
  return { membersOnly: true, orgKind: isMemberKind(audience) ? audience : null };
}
