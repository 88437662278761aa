import type { FacetCounts } from '@annex/contracts';
import { type Modality, type OrderStatus, SAVED_SEARCH_NAME_MAX } from '@annex/domain';
import { fail, redirect } from '@sveltejs/kit';
import { problemMessage } from '#lib/i18n.ts';
import { needsSearch, orderSearchHref, parseOrderSearch, searchQuery } from '#lib/order-search.ts';
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

// Without a query or a finer filter the page is the plain list (always current, needs no index) with
// the facet counts beside it; with them it is the search. When search is down it falls back to the list.
export const load: PageServerLoad = async ({ locals, url }) => {
  const state = parseOrderSearch(url.searchParams);
  const useSearch = needsSearch(state);
  const plain = () =>
    locals.api.orders({
      modality: (state.lists.modality[0] as Modality | undefined) ?? undefined,
      status: (state.lists.status[0] as OrderStatus | undefined) ?? undefined,
      cursor: useSearch ? null : state.cursor,
      limit: PAGE_SIZE,
    });
  const [search, list] = await Promise.all([
    locals.api.searchOrders(searchQuery(useSearch ? state : { ...state, cursor: null }, useSearch ? PAGE_SIZE : 1)),
    useSearch ? null : plain(),
  ]);

  const searchDown = !search.ok && search.status === 503;
  let rows: Row[] = [];
  let nextCursor: string | null = null;
  let listError: string | null = null;
  let facets: FacetCounts | null = null;
  let total: number | null = null;
  let fellBack = false;

  if (search.ok) {
    facets = search.data.facets;
    total = search.data.total;
  }
  if (useSearch && search.ok) {
    rows = search.data.items.map((h) => ({ ...h, highlight: h.highlight }));
    nextCursor = search.data.nextCursor;
  } else {
    const res = list ?? (await plain());
    fellBack = useSearch;
    if (res.ok) {
      rows = res.data.items.map((o) => ({ ...o, buyerName: o.buyerName ?? null, highlight: null }));
      nextCursor = fellBack ? null : res.data.nextCursor;
    } else {
      listError = problemMessage(res.problem, res.retryAfterSeconds);
    }
    if (useSearch && !search.ok && !searchDown) listError = problemMessage(search.problem, search.retryAfterSeconds);
  }

  return {
    now: new Date().toISOString(),
    state,
    useSearch: useSearch && search.ok,
    searchDown,
    fellBack,
    rows,
    nextCursor,
    listError,
    facets,
    total,
    // "save this search": the dialog opens from the URL (?save=1, vendors only); ?saved=<name> after saving
    saveDialog: url.searchParams.has('save') && locals.me?.organisation.kind === 'vendor',
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
