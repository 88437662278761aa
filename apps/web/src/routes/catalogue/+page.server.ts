import { problemMessage } from '#lib/i18n.ts';
import { catalogueQuery, parseCatalogueSearch } from '#lib/catalogue-search.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
  const state = parseCatalogueSearch(url.searchParams);
  const secretariat = locals.me?.organisation.kind === 'secretariat';
  // only the secretariat lists drafts and archived entries; anyone else's status filter is dropped
  if (!secretariat) state.lists.status = [];
  const [res, agencies] = await Promise.all([locals.api.catalogue(catalogueQuery(state, PAGE_SIZE)), locals.api.agencies()]);
  return {
    state,
    secretariat,
    agencies: agencies.ok ? agencies.data.items : [],
    page: res.ok ? res.data : null,
    unavailable: !res.ok && res.status === 503,
    error: res.ok || res.status === 503 ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
