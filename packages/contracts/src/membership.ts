import {
  BENCHMARK_STATUSES, COUNTY_CODES, MEMBER_KINDS, MEMBERSHIP_STATEMENT_MAX, MEMBERSHIP_STATUSES, MEMBERSHIP_TIERS, ORG_KINDS,
} from '@annex/domain';
import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Page } from './common.ts';
import { multiLine, singleLine } from './text.ts';

// Membership of the alliance (联盟成员) and the city's industrial bases (产业基地), issue 10 item 1.

/** POST /organisations/mine/membership: the owner applies (or applies again after a rejection). */
export const MembershipApplicationRequest = z.strictObject({
  /** the tier the organisation asks for; the secretariat sets the one it gets */
  tier: z.enum(MEMBERSHIP_TIERS),
  /** why it joins and what it brings */
  statement: multiLine(0, MEMBERSHIP_STATEMENT_MAX).default(''),
});
export type MembershipApplicationRequest = z.infer<typeof MembershipApplicationRequest>;

/** What the membership pages may offer the caller now (from the domain's machine). */
export const MembershipPermissions = z.object({
  apply: z.boolean(),
  approve: z.boolean(),
  reject: z.boolean(),
  suspend: z.boolean(),
  reinstate: z.boolean(),
});

/** A membership as its organisation and the secretariat see it. */
export const Membership = z.object({
  orgId: Id,
  orgName: z.string(),
  kind: z.enum(ORG_KINDS),
  county: z.enum(COUNTY_CODES).nullable(),
  status: z.enum(MEMBERSHIP_STATUSES),
  tier: z.enum(MEMBERSHIP_TIERS),
  statement: z.string(),
  /** `LCDA-0007`, from the first approval on */
  memberNo: z.string().nullable(),
  joinedOn: IsoDate.nullable(),
  /** of the rejection or the suspension */
  reason: z.string().nullable(),
  appliedAt: IsoDateTime,
  decidedAt: IsoDateTime.nullable(),
});
export type Membership = z.infer<typeof Membership>;

/** GET /organisations/mine/membership: the caller's organisation's membership (null: never applied) and what it may do. */
export const MyMembership = z.object({
  membership: Membership.nullable(),
  /** whether the organisation's kind joins the alliance at all (the secretariat does not) */
  eligible: z.boolean(),
  permissions: MembershipPermissions,
});
export type MyMembership = z.infer<typeof MyMembership>;

/** POST /admin/memberships/{orgId}/decision: a step of the secretariat (reasons for reject and suspend). */
export const MembershipDecision = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('approve'),
    tier: z.enum(MEMBERSHIP_TIERS),
    /** default: today (Asia/Shanghai); never in the future */
    joinedOn: IsoDate.optional(),
  }),
  z.strictObject({ decision: z.literal('reject'), reason: multiLine(2, 500) }),
  z.strictObject({ decision: z.literal('suspend'), reason: multiLine(2, 500) }),
  z.strictObject({ decision: z.literal('reinstate') }),
]);
export type MembershipDecision = z.infer<typeof MembershipDecision>;

/** A row of the secretariat's membership lists: the membership with the registration and contact. */
export const MembershipQueueItem = Membership.extend({
  uscc: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** whole days since the application came in */
  ageDays: z.number().int(),
  permissions: MembershipPermissions,
});
export type MembershipQueueItem = z.infer<typeof MembershipQueueItem>;
export const MembershipQueue = Page(MembershipQueueItem);
export type MembershipQueue = z.infer<typeof MembershipQueue>;
export const MembershipQueueQuery = z.object({
  status: z.enum(MEMBERSHIP_STATUSES).default('applied'),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type MembershipQueueQuery = z.infer<typeof MembershipQueueQuery>;

/** A member in the public directory: no contact, no statement. */
export const DirectoryMember = z.object({
  orgId: Id,
  name: z.string(),
  kind: z.enum(MEMBER_KINDS),
  county: z.enum(COUNTY_CODES).nullable(),
  tier: z.enum(MEMBERSHIP_TIERS),
  memberNo: z.string(),
  joinedOn: IsoDate,
});
export type DirectoryMember = z.infer<typeof DirectoryMember>;
export const MemberDirectory = Page(DirectoryMember).extend({ total: z.number().int() });
export type MemberDirectory = z.infer<typeof MemberDirectory>;
export const MemberDirectoryQuery = z.object({
  kind: z.enum(MEMBER_KINDS).optional(),
  county: z.enum(COUNTY_CODES).optional(),
  tier: z.enum(MEMBERSHIP_TIERS).optional(),
  /** part of the member's name */
  q: z.string().trim().max(100).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type MemberDirectoryQuery = z.infer<typeof MemberDirectoryQuery>;

const Count = z.number().int().min(0).max(10_000_000);

/** POST /industrial-bases and PUT /industrial-bases/{id}: the facts of a base the secretariat keeps. */
export const IndustrialBaseInput = z.strictObject({
  name: singleLine(2, 200),
  county: z.enum(COUNTY_CODES),
  /** the organisation that runs it (a registered base operator), if any */
  operatorOrgId: Id.nullable().default(null),
  address: z.string().trim().max(300).default(''),
  floorAreaM2: Count,
  seats: Count,
  occupiedSeats: Count,
  openedOn: IsoDate.nullable().default(null),
  benchmarkStatus: z.enum(BENCHMARK_STATUSES),
  /** the day it was recognised as a benchmark base (标杆基地): exactly for benchmark bases */
  benchmarkSince: IsoDate.nullable().default(null),
});
export type IndustrialBaseInput = z.infer<typeof IndustrialBaseInput>;

/** An industrial base as everyone sees it. */
export const IndustrialBase = z.object({
  id: Id,
  name: z.string(),
  county: z.enum(COUNTY_CODES),
  operator: z.object({ orgId: Id, name: z.string() }).nullable(),
  address: z.string(),
  floorAreaM2: z.number().int(),
  seats: z.number().int(),
  occupiedSeats: z.number().int(),
  /** occupied ÷ seats in whole per cent; null without seats */
  occupancyPercent: z.number().int().nullable(),
  openedOn: IsoDate.nullable(),
  benchmarkStatus: z.enum(BENCHMARK_STATUSES),
  benchmarkSince: IsoDate.nullable(),
  updatedAt: IsoDateTime,
});
export type IndustrialBase = z.infer<typeof IndustrialBase>;
export const IndustrialBaseList = z.object({
  items: z.array(IndustrialBase),
  /** how many are recognised benchmark bases (the city's target: ≥ 3 by the end of 2026) */
  benchmarkCount: z.number().int(),
});
export type IndustrialBaseList = z.infer<typeof IndustrialBaseList>;
export const IndustrialBaseQuery = z.object({
  county: z.enum(COUNTY_CODES).optional(),
  benchmarkStatus: z.enum(BENCHMARK_STATUSES).optional(),
});
export type IndustrialBaseQuery = z.infer<typeof IndustrialBaseQuery>;
