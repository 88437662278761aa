import { COUNTY_CODES, type CountyCode, MEMBER_KINDS, MEMBERSHIP_TIERS, type MemberKind, type MembershipTier } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => ((values as readonly (string | null)[]).includes(v) ? (v as T) : null);

// /members: the public directory of the alliance's current members, filtered by kind, county, tier and name.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const p = url.searchParams;
  const filters = {
    kind: oneOf<MemberKind>(MEMBER_KINDS, p.get('kind')),
    county: oneOf<CountyCode>(COUNTY_CODES, p.get('county')),
    tier: oneOf<MembershipTier>(MEMBERSHIP_TIERS, p.get('tier')),
    q: (p.get('q') ?? '').trim().slice(0, 100),
  };
  const cursor = p.get('cursor');
  const res = await locals.api.members({
    kind: filters.kind ?? undefined, county: filters.county ?? undefined, tier: filters.tier ?? undefined, q: filters.q || undefined, cursor, limit: 50,
  });
  relayCookies(cookies, res);
  // the directory's address with the filters in use, without a cursor (for paging and clearing)
  const used = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
  const href = used.size > 0 ? `/members?${used}` : '/members';
  return {
    filters,
    cursor,
    href,
    page: res.ok ? res.data : null,
    error: res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
