import {
  type CapabilityProfile, EMPTY_CAPABILITY_PROFILE, type MemberRole, type OrgKind, type RevenueBand, type VerificationStatus,
  normaliseUscc,
} from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A vendor's verification state. */
export type VerificationRecord = {
  status: VerificationStatus;
  verifiedUntil: Date | null;
  reason: string | null;
  updatedAt: Date;
  /** when the vendor (re-)entered the verification queue */
  submittedAt: Date;
};

/** An organisation with, for vendors, its verification and capability profile. */
export type OrganisationRecord = {
  id: string;
  kind: OrgKind;
  name: string;
  uscc: string | null;
  contactName: string | null;
  contactPhone: string | null;
  county: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** vendors only */
  verification: VerificationRecord | null;
  /** vendors only */
  capabilities: CapabilityProfile | null;
};

/** A row of the secretariat's vendor-verification queue. */
export type VendorQueueRecord = OrganisationRecord & {
  verification: VerificationRecord;
  /** same as verification.submittedAt: the queue's order */
  submittedAt: Date;
  /** e-mail of the earliest owner; null only for a vendor without users (e.g. seeded by hand) */
  ownerEmail: string | null;
};

/** A user's membership of their organisation. */
export type MembershipRecord = {
  userId: string;
  orgId: string;
  role: MemberRole;
  createdAt: Date;
  orgKind: OrgKind;
  orgName: string;
};

/** A member as listed for their organisation. */
export type MemberRecord = { userId: string; email: string; displayName: string; role: MemberRole; createdAt: Date };

/** Fields of a new organisation. */
export type NewOrganisation = {
  kind: OrgKind;
  name: string;
  uscc: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  county?: string | null;
  /** vendors only; defaults to the empty profile */
  capabilities?: CapabilityProfile;
};

/** Editable fields of an organisation. */
export type OrganisationPatch = {
  name?: string;
  contactName?: string | null;
  contactPhone?: string | null;
  county?: string | null;
};

type Row = {
  id: string;
  kind: OrgKind;
  name: string;
  uscc: string | null;
  contactName: string | null;
  contactPhone: string | null;
  county: string | null;
  createdAt: Date;
  updatedAt: Date;
  vpOrgId: string | null;
  verificationStatus: VerificationStatus | null;
  verifiedUntil: Date | null;
  verificationReason: string | null;
  verificationUpdatedAt: Date | null;
  submittedAt: Date | null;
  capabilities: CapabilityProfile | null;
};

function toRecord(r: Row): OrganisationRecord {
  const vendor = r.vpOrgId !== null;
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    uscc: r.uscc,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    county: r.county,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    verification: vendor
      ? {
          status: r.verificationStatus as VerificationStatus,
          verifiedUntil: r.verifiedUntil,
          reason: r.verificationReason,
          updatedAt: r.verificationUpdatedAt as Date,
          submittedAt: r.submittedAt as Date,
        }
      : null,
    capabilities: vendor ? r.capabilities : null,
  };
}

const PATCHABLE = ['name', 'contactName', 'contactPhone', 'county'] as const;

/** What an organisation tells about itself for policy eligibility (null: not said). */
export type OrganisationFacts = {
  /** ISO date */
  foundedOn: string | null;
  revenueBand: RevenueBand | null;
  /** 规上: in the statistics of enterprises above designated size */
  aboveDesignatedSize: boolean | null;
  highTechCertificate: boolean | null;
  /** ISO date */
  highTechValidUntil: string | null;
  practitioners: number | null;
  localPractitioners: number | null;
  updatedAt: Date | null;
};

/** Organisations, vendor profiles (verification, capabilities) and memberships. */
export const organisations = {
  /** Inserts an organisation (and, for a vendor, its pending profile); UniqueViolation('organisations_uscc_key') for a taken USCC. */
  async create(db: Db, o: NewOrganisation): Promise<OrganisationRecord> {
    const capabilities = o.capabilities ?? EMPTY_CAPABILITY_PROFILE;
    try {
      const [row] = await db<Row[]>`
        with o as (
          insert into organisations (kind, name, uscc, contact_name, contact_phone, county)
          values (${o.kind}, ${o.name}, ${o.uscc}, ${o.contactName ?? null}, ${o.contactPhone ?? null}, ${o.county ?? null})
          returning *
        ), vp as (
          insert into vendor_profiles (org_id, capabilities)
          select id, ${db.json(capabilities as never)} from o where kind = 'vendor'
          returning *
        )
        select o.*, vp.org_id as vp_org_id, vp.verification_status, vp.verified_until, vp.verification_reason,
               vp.verification_updated_at, vp.submitted_at, vp.capabilities
        from o left join vp on vp.org_id = o.id`;
      return toRecord(row as Row);
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The organisation with this id, or null. */
  async findById(db: Db, id: string): Promise<OrganisationRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<Row[]>`${selectOrg(db)} where o.id = ${id}`;
    return row ? toRecord(row) : null;
  },

  /** The organisation holding this USCC (normalised first), or null. */
  async findByUscc(db: Db, uscc: string): Promise<OrganisationRecord | null> {
    const [row] = await db<Row[]>`${selectOrg(db)} where o.uscc = ${normaliseUscc(uscc)}`;
    return row ? toRecord(row) : null;
  },

  /** Changes the given fields (undefined = keep); null if there is no such organisation. */
  async update(db: Db, id: string, patch: OrganisationPatch): Promise<OrganisationRecord | null> {
    if (!isUuid(id)) return null;
    const cols = PATCHABLE.filter((k) => patch[k] !== undefined);
    if (cols.length > 0) {
      const values: Record<string, string | null> = {};
      for (const k of cols) values[k] = patch[k] ?? null;
      const res = await db`update organisations set ${db(values, cols)}, updated_at = now() where id = ${id}`;
      if (res.count === 0) return null;
    }
    return organisations.findById(db, id);
  },

  /** The organisation's policy facts, or null when there is no such organisation. */
  async facts(db: Db, orgId: string): Promise<OrganisationFacts | null> {
    if (!isUuid(orgId)) return null;
    const [row] = await db<OrganisationFacts[]>`
      select founded_on, revenue_band, above_designated_size, high_tech_certificate, high_tech_valid_until, practitioners,
             local_practitioners, facts_updated_at as updated_at
      from organisations where id = ${orgId}`;
    return row ?? null;
  },

  /** Replaces the organisation's policy facts; null when there is no such organisation. */
  async setFacts(db: Db, orgId: string, f: Omit<OrganisationFacts, 'updatedAt'>): Promise<OrganisationFacts | null> {
    if (!isUuid(orgId)) return null;
    const res = await db`
      update organisations set founded_on = ${f.foundedOn}, revenue_band = ${f.revenueBand},
        above_designated_size = ${f.aboveDesignatedSize}, high_tech_certificate = ${f.highTechCertificate},
        high_tech_valid_until = ${f.highTechValidUntil}, practitioners = ${f.practitioners},
        local_practitioners = ${f.localPractitioners}, facts_updated_at = now(), updated_at = now()
      where id = ${orgId}`;
    return res.count === 0 ? null : organisations.facts(db, orgId);
  },

  /** Replaces a vendor's capability profile; false if the organisation has no vendor profile. */
  async setCapabilities(db: Db, orgId: string, capabilities: CapabilityProfile): Promise<boolean> {
    if (!isUuid(orgId)) return false;
    const res = await db`
      update vendor_profiles set capabilities = ${db.json(capabilities as never)} where org_id = ${orgId}`;
    if (res.count === 1) await db`update organisations set updated_at = now() where id = ${orgId}`;
    return res.count === 1;
  },

  /**
   * Writes a verification decided by the domain. Moving to `pending` (re-apply) puts the vendor at the end
   * of the queue. With `expectedStatus`, only updates from that status (null when it changed meanwhile).
   */
  async setVerification(
    db: Db,
    orgId: string,
    v: { status: VerificationStatus; verifiedUntil: Date | null; reason: string | null },
    opts: { expectedStatus?: VerificationStatus } = {},
  ): Promise<VerificationRecord | null> {
    if (!isUuid(orgId)) return null;
    const [row] = await db<{ status: VerificationStatus; verifiedUntil: Date | null; reason: string | null; updatedAt: Date; submittedAt: Date }[]>`
      update vendor_profiles set
        verification_status = ${v.status},
        verified_until = ${v.verifiedUntil},
        verification_reason = ${v.reason},
        verification_updated_at = now(),
        submitted_at = ${v.status === 'pending' ? db`now()` : db`submitted_at`}
      where org_id = ${orgId}
        ${opts.expectedStatus ? db`and verification_status = ${opts.expectedStatus}` : db``}
      returning verification_status as status, verified_until, verification_reason as reason,
                verification_updated_at as updated_at, submitted_at`;
    return row ?? null;
  },

  /** One page of vendors in a verification status, oldest submission first; `nextCursor` null on the last page. */
  async listVendorsByStatus(
    db: Db,
    status: VerificationStatus,
    cursor: string | null | undefined,
    limit?: number,
  ): Promise<{ items: VendorQueueRecord[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(Row & { ownerEmail: string | null; cursorUs: string })[]>`
      ${selectOrg(db, db`, owner.email as owner_email`)}
      left join lateral (
        select u.email from memberships m join users u on u.id = m.user_id
        where m.org_id = o.id and m.role = 'owner' order by m.created_at, m.user_id limit 1
      ) owner on true
      where vp.verification_status = ${status}
        ${after
          ? db`and (vp.submitted_at, vp.org_id) >
                 ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by vp.submitted_at, vp.org_id
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        ...(toRecord(r) as OrganisationRecord & { verification: VerificationRecord }),
        submittedAt: r.submittedAt as Date,
        ownerEmail: r.ownerEmail,
      })),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null,
    };
  },

  /** Adds a user to an organisation; UniqueViolation('memberships_user_key') if the user already belongs to one. */
  async addMember(db: Db, m: { userId: string; orgId: string; role: MemberRole }): Promise<void> {
    try {
      await db`insert into memberships (user_id, org_id, role) values (${m.userId}, ${m.orgId}, ${m.role})`;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The user's membership with the organisation's kind and name, or null. */
  async membershipOf(db: Db, userId: string): Promise<MembershipRecord | null> {
    if (!isUuid(userId)) return null;
    const [row] = await db<MembershipRecord[]>`
      select m.user_id, m.org_id, m.role, m.created_at, o.kind as org_kind, o.name as org_name
      from memberships m join organisations o on o.id = m.org_id
      where m.user_id = ${userId}`;
    return row ?? null;
  },

  /** Members of an organisation, owners first. */
  async listMembers(db: Db, orgId: string): Promise<MemberRecord[]> {
    if (!isUuid(orgId)) return [];
    return await db<MemberRecord[]>`
      select u.id as user_id, u.email, u.display_name, m.role, m.created_at
      from memberships m join users u on u.id = m.user_id
      where m.org_id = ${orgId}
      order by m.role = 'owner' desc, m.created_at, u.id`;
  },

  /** Ids of every organisation of a kind, oldest first (e.g. the secretariat's, to notify of a submitted order). */
  async listIdsOfKind(db: Db, kind: OrgKind): Promise<string[]> {
    const rows = await db<{ id: string }[]>`select id from organisations where kind = ${kind} order by created_at, id`;
    return rows.map((r) => r.id);
  },

  /** The oldest organisation of a kind, or null (the CLI finds the secretariat this way). */
  async findFirstOfKind(db: Db, kind: OrgKind): Promise<OrganisationRecord | null> {
    const [row] = await db<Row[]>`${selectOrg(db)} where o.kind = ${kind} order by o.created_at, o.id limit 1`;
    return row ? toRecord(row) : null;
  },
};

function selectOrg(db: Db, extraColumns = db``) {
  return db`
    select o.*, vp.org_id as vp_org_id, vp.verification_status, vp.verified_until, vp.verification_reason,
           vp.verification_updated_at, vp.submitted_at, vp.capabilities,
           (extract(epoch from vp.submitted_at) * 1000000)::bigint::text as cursor_us ${extraColumns}
    from organisations o left join vendor_profiles vp on vp.org_id = o.id`;
}
