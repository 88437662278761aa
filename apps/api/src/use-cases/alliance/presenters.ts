import type { DirectoryMember, IndustrialBase, Membership, MembershipQueueItem } from '@annex/contracts';
import type { AllianceMembershipRow, CurrentMemberRow, IndustrialBaseRow, MembershipApplicationRow } from '@annex/db';
import {
  type CountyCode, type MembershipPermissions, allowedMembershipActions, applicationAgeDays, formatMemberNo, occupancyPercent,
} from '@annex/domain';

/** A membership as its organisation and the secretariat see it. */
export function toMembership(r: AllianceMembershipRow): Membership {
  return {
    orgId: r.orgId,
    orgName: r.orgName,
    kind: r.orgKind,
    county: r.county as CountyCode | null,
    status: r.status,
    tier: r.tier,
    statement: r.statement,
    memberNo: r.memberNo === null ? null : formatMemberNo(r.memberNo),
    joinedOn: r.joinedOn,
    reason: r.reason,
    appliedAt: r.appliedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

/** A row of the secretariat's lists, with its age and the secretariat's possible steps. */
export function toQueueItem(r: MembershipApplicationRow, now: Date): MembershipQueueItem {
  const permissions: MembershipPermissions = allowedMembershipActions(r, r.orgKind, 'secretariat');
  return {
    ...toMembership(r),
    uscc: r.uscc,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    ageDays: applicationAgeDays(r.appliedAt, now),
    permissions,
  };
}

/** A member in the public directory. */
export function toDirectoryMember(r: CurrentMemberRow): DirectoryMember {
  return {
    orgId: r.orgId,
    name: r.name,
    kind: r.kind,
    county: r.county as CountyCode | null,
    tier: r.tier,
    memberNo: formatMemberNo(r.memberNo),
    joinedOn: r.joinedOn,
  };
}

/** An industrial base as everyone sees it. */
export function toIndustrialBase(b: IndustrialBaseRow): IndustrialBase {
  return {
    id: b.id,
    name: b.name,
    county: b.county as CountyCode,
    operator: b.operatorOrgId && b.operatorName ? { orgId: b.operatorOrgId, name: b.operatorName } : null,
    address: b.address,
    floorAreaM2: b.floorAreaM2,
    seats: b.seats,
    occupiedSeats: b.occupiedSeats,
    occupancyPercent: occupancyPercent(b),
    openedOn: b.openedOn,
    benchmarkStatus: b.benchmarkStatus,
    benchmarkSince: b.benchmarkSince,
    updatedAt: b.updatedAt.toISOString(),
  };
}
