import { problemMessage } from '#lib/i18n.ts';
import { parseVendorSearch, vendorQuery } from '#lib/vendor-search.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
  const state = parseVendorSearch(url.searchParams);
  const res = await locals.api.vendorDirectory(vendorQuery(state, PAGE_SIZE));
  return {
    state,
    page: res.ok ? res.data : null,
    unavailable: !res.ok && res.status === 503,
    error: res.ok || res.status === 503 ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
