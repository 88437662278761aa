import type { Me, Organisation, PublicVendor, Session } from '@annex/contracts';
import type { MembershipRecord, OrganisationRecord, UserRow } from '@annex/db';
import type { CountyCode } from '@annex/domain';
import type { ValidSession } from '@annex/auth';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** An organisation as the API shows it to its members and the secretariat. */
export function toOrganisation(o: OrganisationRecord): Organisation {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    uscc: o.uscc,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    county: o.county as CountyCode | null,
    createdAt: iso(o.createdAt),
    verification: o.verification
      ? {
          status: o.verification.status,
          verifiedUntil: isoOrNull(o.verification.verifiedUntil),
          reason: o.verification.reason,
          updatedAt: iso(o.verification.updatedAt),
        }
      : null,
    capabilities: o.capabilities,
  };
}

/** The signed-in user with their organisation and role. */
export function toMe(
  user: Pick<UserRow, 'id' | 'email' | 'displayName' | 'createdAt'>, org: OrganisationRecord, role: MembershipRecord['role'], unreadNotifications: number,
): Me {
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName, createdAt: iso(user.createdAt) },
    organisation: toOrganisation(org),
    role,
    unreadNotifications,
  };
}

/** One of the user's sessions; `current` marks the one making the request. */
export function toSession(s: ValidSession, currentId: string): Session {
  return {
    id: s.id,
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    expiresAt: iso(new Date(Math.min(s.idleExpiresAt.getTime(), s.absoluteExpiresAt.getTime()))),
    userAgent: s.userAgent,
    ip: s.ip,
    current: s.id === currentId,
  };
}

/** What the public may see of a verified vendor. */
export function toPublicVendor(o: OrganisationRecord & { verification: { verifiedUntil: Date } }): PublicVendor {
  return {
    id: o.id,
    name: o.name,
    county: o.county as CountyCode | null,
    verifiedUntil: iso(o.verification.verifiedUntil),
    capabilities: o.capabilities!,
  };
}
