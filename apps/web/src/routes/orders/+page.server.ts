import type { FacetCounts } from '@annex/contracts';
import type { Modality, OrderStatus } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import { needsSearch, parseOrderSearch, searchQuery } from '#lib/order-search.ts';
import type { PageServerLoad } from './$types';

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
  };
};
