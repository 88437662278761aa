export { createSearch, isSearchService, ping, QUERY_TIMEOUT_MS, type SearchService } from './client.ts';
export { ensureSearchKey, searchKeyOf, searchKeyUid } from './keys.ts';
export {
  type EmbeddedMeilisearch,
  freePort,
  meilisearchBinary,
  NoMeilisearchBinaryError,
  startEmbeddedMeilisearch,
} from './embedded.ts';
export {
  applyIndexSettings,
  applySettingsTo,
  diffSettings,
  INDEX_NAMES,
  INDEX_SETTINGS,
  type IndexName,
  isIndexNotFound,
  type SettingsChange,
} from './settings.ts';
export { chineseTerms, GLOSSARY, GLOSSARY_FILE, type GlossaryGroup, namesByCode, parseGlossary, synonymMap } from './glossary.ts';
export { markdownToText, toSimplified } from './text.ts';
export {
  type CatalogueDocument, DOCUMENT_MAPPING, type OrderDocument, type PolicyServiceDocument, type VendorDocument,
  toCatalogueDocument, toOrderDocument, toPolicyServiceDocument, toVendorDocument,
} from './documents.ts';
export {
  AGGREGATE_INDEX, createSearchSync, isUnavailable, loadDocuments, pushAggregates, pushUntilCurrent, type SearchSync,
  type SearchSyncOptions, type SyncContext, type SyncLogger, type SyncRound, SYNCED_AGGREGATES,
} from './sync.ts';
export { type CheckReport, checkIndex } from './check.ts';
export { reindex, type ReindexProgress, type ReindexResult } from './reindex.ts';
export { f, type FilterValue, literal } from './filters.ts';
export { escapeHtml, type Highlighted, markHtml } from './highlight.ts';
export {
  type FacetCounts, type GlobalSearch, MAX_HITS, ORDER_SORTS, type OrderHit, type OrderSearchParams, type OrderSort,
  type SearchGroup, type SearchPage, searchEverything, searchOrders, searchVendors, VENDOR_SORTS, type VendorHit,
  type VendorSearchParams, type VendorSort, queriesShowingOrder, type SavedOrderQuery, searchCatalogue, CATALOGUE_FACETS,
  CATALOGUE_SEARCH_SORTS, type CatalogueHit, type CatalogueSearchParams, type CatalogueSearchSort, searchPolicyServices,
  type PolicyServiceHit, type PolicyServiceSearchParams,
} from './queries.ts';
