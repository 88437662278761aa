export { createSearch, ping, type SearchService } from './client.ts';
export {
  type EmbeddedMeilisearch,
  freePort,
  meilisearchBinary,
  NoMeilisearchBinaryError,
  startEmbeddedMeilisearch,
} from './embedded.ts';
export {
  applyIndexSettings,
  diffSettings,
  INDEX_NAMES,
  INDEX_SETTINGS,
  type IndexName,
  type SettingsChange,
} from './settings.ts';
