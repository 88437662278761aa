import type { FacetCounts } from '@annex/contracts';
import { MAX_SAVED_SEARCHES, type Modality, type OrderStatus, SAVED_SEARCH_NAME_MAX } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { budgetBounds, needsSearch, orderSearchHref, parseOrderSearch, searchQuery } from '#lib/order-search.ts';
import { criteriaFromSearch } from '#lib/saved-search.ts';
import { relayCookies } from '#lib/server/api.ts';
import { requireMe } from '#lib/server/page.ts';
import { textRule } from '#lib/validation.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** A row of the list, from either the plain list or the search (then with highlights). */
type Row = {
  id: string;
  title: string;
  buyerName: string | null;
  modality: Modality;
  taskTypes: string[];
  budgetTotalFen: number | null;
  bidDeadline: string | null;
  status: OrderStatus;
  publishedAt: string | null;
  highlight: { title?: string; buyerName?: string; description?: string } | null;
};

// GET /orders is the search (with facet counts), and lists plainly from the database when search is down. When
// search is down and the page asks for more than the plain list can answer, it shows the plain list and says so.
export const load: PageServerLoad = async ({ locals, url }) => {
  const state = parseOrderSearch(url.searchParams);
  const searched = needsSearch(state);
  let res = await locals.api.orders(searchQuery(state, PAGE_SIZE));
  const fellBack = searched && !res.ok && res.status === 503;
  if (fellBack) {
    res = await locals.api.orders({ modality: state.lists.modality.slice(0, 1) as Modality[], status: state.lists.status.slice(0, 1) as OrderStatus[], limit: PAGE_SIZE });
  }
  const facets: FacetCounts | null = res.ok ? res.data.facets : null;
  const rows: Row[] = res.ok ? res.data.items.map((o) => ({ ...o, buyerName: o.buyerName ?? null, highlight: o.highlight ?? null })) : [];
  const nextCursor = res.ok && !fellBack ? res.data.nextCursor : null;
  const listError = res.ok ? null : problemMessage(res.problem, res.retryAfterSeconds);
  const total = res.ok ? res.data.total : null;
  const searchDown = fellBack || (res.ok && facets === null);
  const useSearch = searched && !searchDown && res.ok;
  const saveDialog = url.searchParams.has('save') && locals.me?.organisation.kind === 'vendor';
  // a vendor at the limit is told so when the dialog opens, not after filling it in
  const saved = saveDialog ? await locals.api.savedSearches() : null;

  return {
    now: new Date().toISOString(),
    state,
    // the budget bounds as typed: one that cannot apply is shown with the reason, not dropped silently
    budget: budgetBounds(url.searchParams),
    useSearch,
    searchDown,
    fellBack,
    rows,
    nextCursor,
    listError,
    facets,
    total,
    // "save this search": the dialog opens from the URL (?save=1, vendors only); ?saved=<name> after saving
    saveDialog,
    saveLimitReached: saved?.ok === true && saved.data.items.length >= MAX_SAVED_SEARCHES,
    saved: locals.me?.organisation.kind === 'vendor' ? (url.searchParams.get('saved')?.slice(0, SAVED_SEARCH_NAME_MAX) ?? null) : null,
    savedQuiet: url.searchParams.has('quiet'),
  };
};

const withParams = (href: string, params: Record<string, string>) => `${href}${href.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;

export const actions: Actions = {
  // posted to the search's own address (…&save=1&/saveSearch): the criteria are the URL's filters
  saveSearch: async ({ request, locals, cookies, url }) => {
    requireMe(locals, url, ['vendor']);
    const data = await request.formData();
    const name = typeof data.get('name') === 'string' ? (data.get('name') as string) : '';
    const notify = data.get('notify') === 'on';
    const nameError = textRule(1, SAVED_SEARCH_NAME_MAX)(name);
    if (nameError) return fail(400, { save: { name, notify, nameError, formError: null as string | null } });
    const state = parseOrderSearch(url.searchParams);
    const res = await locals.api.createSavedSearch({ name: name.trim(), criteria: criteriaFromSearch(state), notify });
    relayCookies(cookies, res);
    if (!res.ok) {
      const message = problemMessage(res.problem, res.retryAfterSeconds);
      const onName = res.problem.code === 'saved_search_name_taken';
      return fail(res.status, { save: { name, notify, nameError: onName ? message : null, formError: onName ? null : message } });
    }
    redirect(303, withParams(orderSearchHref({ ...state, cursor: null }), { saved: res.data.name, ...(notify ? {} : { quiet: '1' }) }));
  },
};
