import {
  GlobalSearchQuery, GlobalSearchResult, OrderSearchPage, SearchOrdersQuery, VendorDirectoryPage, VendorDirectoryQuery,
} from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { createRouter, jsonResponse, named, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { globalSearch, searchPublishedOrders, vendorDirectory } from '../use-cases/search.ts';

// Public search (DESIGN §5), backed by Meilisearch. Every answer holds public fields only; when
// Meilisearch is down or slow the answer is 503 search_unavailable within a second.

const tags = ['search'];

const everything = createRoute({
  method: 'get', path: '/search', tags,
  summary: 'The global search box: orders, vendors, catalogue and policy services at once, grouped, highlighted',
  request: { query: GlobalSearchQuery },
  responses: { 200: jsonResponse(named(GlobalSearchResult, 'GlobalSearchResult'), 'The best hits of each kind'), ...problems(400, 503) },
});

const orders = createRoute({
  method: 'get', path: '/search/orders', tags,
  summary: 'Search published orders by text, filters and facets (the order search page)',
  request: { query: SearchOrdersQuery },
  responses: { 200: jsonResponse(named(OrderSearchPage, 'OrderSearchPage'), 'One page of hits, the total and facet counts'), ...problems(400, 503) },
});

const vendors = createRoute({
  method: 'get', path: '/vendors', tags,
  summary: 'The directory of verified vendors: text, capability filters and facets',
  request: { query: VendorDirectoryQuery },
  responses: { 200: jsonResponse(named(VendorDirectoryPage, 'VendorDirectoryPage'), 'One page of vendors, the total and facet counts'), ...problems(400, 503) },
});

/** GET /search, /search/orders and /vendors: 503 search_unavailable when this process has no search or it does not answer. */
export const searchRoutes = (deps: Deps) =>
  createRouter()
    .openapi(everything, async (c) => c.json(await globalSearch(deps, c.get('auth'), c.req.valid('query')), 200))
    .openapi(orders, async (c) => c.json(await searchPublishedOrders(deps, c.get('auth'), c.req.valid('query')), 200))
    .openapi(vendors, async (c) => c.json(await vendorDirectory(deps, c.get('auth'), c.req.valid('query')), 200));
