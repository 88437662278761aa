import {
  IndustrialBase, type IndustrialBaseInput, IndustrialBaseList, type IndustrialBaseQuery, MemberDirectory, type MemberDirectoryQuery, Membership,
  type MembershipApplicationRequest, type MembershipDecision, MembershipQueue, type MembershipQueueQuery, MyMembership,
} from '@annex/contracts';
import type { CallFn } from './index.ts';

const id = (s: string) => encodeURIComponent(s);
/** A list page: where to start (null: the first page) and how many. */
type PageQuery = { cursor?: string | null; limit?: number };

/** The calls of the alliance's membership, its member directory and the industrial bases. */
export function allianceCalls(call: CallFn) {
  return {
    /** GET /organisations/mine/membership — the caller's organisation's membership and what its owner may do. */
    myMembership: () => call({ method: 'GET', path: '/organisations/mine/membership', schema: MyMembership }),
    /** POST /organisations/mine/membership — the owner applies (again after a rejection); `key` makes a repeat apply once. */
    applyForMembership: (body: MembershipApplicationRequest, key?: string) =>
      call({ method: 'POST', path: '/organisations/mine/membership', body, schema: MyMembership, headers: key ? { 'idempotency-key': key } : undefined }),
    /** GET /admin/memberships — the secretariat's memberships in a status (applications oldest first). */
    memberships: (q: Partial<Omit<MembershipQueueQuery, 'cursor'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/admin/memberships', query: { status: q.status, cursor: q.cursor, limit: q.limit }, schema: MembershipQueue }),
    /** POST /admin/memberships/{orgId}/decision — approve, reject, suspend or reinstate. */
    decideMembership: (orgId: string, body: MembershipDecision) =>
      call({ method: 'POST', path: `/admin/memberships/${id(orgId)}/decision`, body, schema: Membership }),
    /** GET /members — the public directory of current members, by member number. */
    members: (q: Partial<Omit<MemberDirectoryQuery, 'cursor'>> & PageQuery = {}) =>
      call({ method: 'GET', path: '/members', query: { kind: q.kind, county: q.county, tier: q.tier, q: q.q, cursor: q.cursor, limit: q.limit }, schema: MemberDirectory }),
    /** GET /industrial-bases — every base, benchmark ones first, with the count of benchmark bases. */
    industrialBases: (q: Partial<IndustrialBaseQuery> = {}) =>
      call({ method: 'GET', path: '/industrial-bases', query: { county: q.county, benchmarkStatus: q.benchmarkStatus }, schema: IndustrialBaseList }),
    /** GET /industrial-bases/{id} */
    industrialBase: (baseId: string) => call({ method: 'GET', path: `/industrial-bases/${id(baseId)}`, schema: IndustrialBase }),
    /** POST /industrial-bases — the secretariat records a base; `key` makes a repeated post create nothing new. */
    createIndustrialBase: (body: IndustrialBaseInput, key?: string) =>
      call({ method: 'POST', path: '/industrial-bases', body, schema: IndustrialBase, headers: key ? { 'idempotency-key': key } : undefined }),
    /** PUT /industrial-bases/{id} — the secretariat replaces a base's facts. */
    updateIndustrialBase: (baseId: string, body: IndustrialBaseInput) =>
      call({ method: 'PUT', path: `/industrial-bases/${id(baseId)}`, body, schema: IndustrialBase }),
  };
}
