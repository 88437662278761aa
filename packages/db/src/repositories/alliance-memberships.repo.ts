import type { MemberKind, MembershipStatus, MembershipTier, OrgKind } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeCursor, decodeIdCursor, encodeCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';
import { likePattern } from '../like.ts';

/** An organisation's membership of the alliance, with the organisation's facts the lists show. */
export type AllianceMembershipRow = {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  county: string | null;
  status: MembershipStatus;
  tier: MembershipTier;
  statement: string;
  memberNo: number | null;
  /** ISO date */
  joinedOn: string | null;
  reason: string | null;
  appliedAt: Date;
  appliedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  updatedAt: Date;
};

/** A row of the secretariat's lists: the membership with the organisation's registration and contact. */
export type MembershipApplicationRow = AllianceMembershipRow & {
  uscc: string | null;
  contactName: string | null;
  contactPhone: string | null;
};

/** A current member as the public directory and the statistics read it: no contact, no statement. */
export type CurrentMemberRow = {
  orgId: string;
  name: string;
  kind: MemberKind;
  county: string | null;
  tier: MembershipTier;
  memberNo: number;
  /** ISO date */
  joinedOn: string;
};

/** Filters of the public member directory. */
export type MemberDirectoryFilters = {
  kinds?: readonly MemberKind[];
  county?: string;
  tier?: MembershipTier;
  /** part of the organisation's name */
  q?: string;
  cursor?: string;
  limit?: number;
};

const SELECT = (db: Db, extra = db``) => db`
  select am.org_id, o.name as org_name, o.kind as org_kind, o.county, am.status, am.tier, am.statement, am.member_no, am.joined_on,
         am.reason, am.applied_at, am.applied_by, am.decided_at, am.decided_by, am.updated_at ${extra}
  from alliance_memberships am join organisations o on o.id = am.org_id`;

const CURRENT_MEMBER = (db: Db) => db`
  select am.org_id, o.name, o.kind, o.county, am.tier, am.member_no, am.joined_on
  from alliance_memberships am join organisations o on o.id = am.org_id
  where am.status = 'member'`;

/**
 * The alliance's memberships (table alliance_memberships, migration 0016): one per organisation. Writes are guarded
 * by the states the domain's machine allows a step from, so a concurrent decision makes the second one find nothing.
 */
export const allianceMemberships = {
  /** The organisation's membership, or null when it never applied. */
  async get(db: Db, orgId: string): Promise<AllianceMembershipRow | null> {
    if (!isUuid(orgId)) return null;
    const [row] = await db<AllianceMembershipRow[]>`${SELECT(db)} where am.org_id = ${orgId}`;
    return row ?? null;
  },

  /**
   * An application: a new record, or the record of a rejected organisation turned back into an application (the
   * queue then counts its age from now). Null when the organisation has a record in another state.
   */
  async apply(db: Db, a: { orgId: string; tier: MembershipTier; statement: string; appliedBy: string | null; at?: Date }): Promise<AllianceMembershipRow | null> {
    const at = a.at ?? null;
    const [row] = await db<{ orgId: string }[]>`
      insert into alliance_memberships as am (org_id, status, tier, statement, applied_at, applied_by, updated_at)
      values (${a.orgId}, 'applied', ${a.tier}, ${a.statement}, coalesce(${at}::timestamptz, clock_timestamp()), ${a.appliedBy},
              coalesce(${at}::timestamptz, clock_timestamp()))
      on conflict (org_id) do update set
        status = 'applied', tier = excluded.tier, statement = excluded.statement, reason = null, applied_at = excluded.applied_at,
        applied_by = excluded.applied_by, decided_at = null, decided_by = null, updated_at = excluded.updated_at
      where am.status = 'rejected'
      returning am.org_id`;
    return row ? allianceMemberships.get(db, row.orgId) : null;
  },

  /**
   * A decision of the secretariat, written only from one of `from` (null when the membership is in none of them).
   * Becoming a member draws the next member number unless the organisation has one already (a reinstated member
   * keeps its own), so numbers are never reused.
   */
  async decide(
    db: Db, orgId: string, from: readonly MembershipStatus[],
    next: { status: MembershipStatus; tier: MembershipTier; joinedOn: string | null; reason: string | null },
    decidedBy: string | null, at?: Date,
  ): Promise<AllianceMembershipRow | null> {
    if (!isUuid(orgId)) return null;
    const when = at ?? null;
    const res = await db`
      update alliance_memberships set
        status = ${next.status}, tier = ${next.tier}, joined_on = ${next.joinedOn}, reason = ${next.reason},
        member_no = ${next.status === 'member' ? db`coalesce(member_no, nextval('alliance_member_no_seq')::integer)` : db`member_no`},
        decided_at = coalesce(${when}::timestamptz, clock_timestamp()), decided_by = ${decidedBy},
        updated_at = coalesce(${when}::timestamptz, clock_timestamp())
      where org_id = ${orgId} and status = any(${db.array(from as MembershipStatus[])}::text[])`;
    return res.count === 0 ? null : allianceMemberships.get(db, orgId);
  },

  /**
   * One page of memberships in a status for the secretariat, oldest application first (the queue of `applied`),
   * with each organisation's registration and contact.
   */
  async listByStatus(
    db: Db, status: MembershipStatus, cursor?: string, limit?: number,
  ): Promise<{ items: MembershipApplicationRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await db<(MembershipApplicationRow & { cursorUs: string })[]>`
      ${SELECT(db, db`, o.uscc, o.contact_name, o.contact_phone, (extract(epoch from am.applied_at) * 1000000)::bigint::text as cursor_us`)}
      where am.status = ${status}
        ${after
          ? db`and (am.applied_at, am.org_id) > ('epoch'::timestamptz + ${after.us}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : db``}
      order by am.applied_at, am.org_id
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(({ cursorUs: _, ...r }) => r),
      nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.orgId }) : null,
    };
  },

  /** How many applications wait and since when the oldest (the secretariat's desk). */
  async queueSummary(db: Db): Promise<{ count: number; oldestAppliedAt: Date | null }> {
    const [row] = await db<{ count: number; oldestAppliedAt: Date | null }[]>`
      select count(*)::int as count, min(applied_at) as oldest_applied_at from alliance_memberships where status = 'applied'`;
    return row ?? { count: 0, oldestAppliedAt: null };
  },

  /** One page of the public directory: current members only, by member number. */
  async directory(db: Db, f: MemberDirectoryFilters): Promise<{ items: CurrentMemberRow[]; nextCursor: string | null; total: number }> {
    const n = pageSize(f.limit);
    const after = f.cursor ? decodeIdCursor(f.cursor) : null;
    const filters = db`
      ${f.kinds && f.kinds.length > 0 ? db`and o.kind = any(${db.array(f.kinds as MemberKind[])}::text[])` : db``}
      ${f.county ? db`and o.county = ${f.county}` : db``}
      ${f.tier ? db`and am.tier = ${f.tier}` : db``}
      ${f.q ? db`and o.name ilike ${likePattern(f.q)}` : db``}`;
    const [rows, [count]] = await Promise.all([
      db<CurrentMemberRow[]>`
        ${CURRENT_MEMBER(db)} ${filters}
        ${after !== null ? db`and am.member_no > ${after}` : db``}
        order by am.member_no
        limit ${n + 1}`,
      db<{ total: number }[]>`
        select count(*)::int as total from alliance_memberships am join organisations o on o.id = am.org_id
        where am.status = 'member' ${filters}`,
    ]);
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.memberNo) : null, total: count?.total ?? 0 };
  },
};

/**
 * The current members of some kinds, by member number — for the quarterly statistics (统计填报), which ask every
 * member annotation firm (`vendor`) and training institution to file. Suspended, rejected and waiting organisations
 * are not members. `joinedBy` (ISO date): only those that had joined by that day (e.g. a quarter's last day).
 */
export async function listMembersForStatistics(
  db: Db, opts: { kinds: readonly MemberKind[]; joinedBy?: string },
): Promise<CurrentMemberRow[]> {
  if (opts.kinds.length === 0) return [];
  return await db<CurrentMemberRow[]>`
    ${CURRENT_MEMBER(db)} and o.kind = any(${db.array(opts.kinds as MemberKind[])}::text[])
    ${opts.joinedBy ? db`and am.joined_on <= ${opts.joinedBy}` : db``}
    order by am.member_no`;
}
