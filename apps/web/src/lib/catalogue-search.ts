import { CATALOGUE_SORTS } from '@annex/contracts';
import { ANNOTATION_STATUSES, CATALOGUE_SECTORS, CATALOGUE_STATUSES, COUNTY_CODES, MODALITIES, OPEN_TYPES } from '@annex/domain';

// The catalogue page keeps its state in the URL like the vendor directory: q, the lists sector, modality, openType,
// annotationStatus, agencyId, county (and status, for the secretariat), sort, cursor.

type Sort = (typeof CATALOGUE_SORTS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LISTS = {
  sector: CATALOGUE_SECTORS,
  modality: MODALITIES,
  openType: OPEN_TYPES,
  annotationStatus: ANNOTATION_STATUSES,
  agencyId: null,
  county: COUNTY_CODES,
  status: CATALOGUE_STATUSES,
} as const;
export type CatalogueListKey = keyof typeof LISTS;
export const CATALOGUE_LIST_KEYS = Object.keys(LISTS) as CatalogueListKey[];
type ListValue<K extends CatalogueListKey> = (typeof LISTS)[K] extends readonly (infer V)[] ? V : string;

/** The state of the catalogue page. */
export type CatalogueSearchState = {
  q: string;
  lists: { [K in CatalogueListKey]: ListValue<K>[] };
  sort: Sort | null;
  cursor: string | null;
};

/** Reads the page's state from its URL, dropping whatever is not a known value (agencies: ids). */
export function parseCatalogueSearch(p: URLSearchParams): CatalogueSearchState {
  const lists = Object.fromEntries(
    CATALOGUE_LIST_KEYS.map((k) => {
      const allowed = LISTS[k] as readonly string[] | null;
      const values = p.getAll(k).flatMap((v) => v.split(',')).map((v) => v.trim());
      const ok = (v: string) => (allowed ? allowed.includes(v) : UUID.test(v));
      return [k, [...new Set(values.filter(ok))].slice(0, 50)];
    }),
  ) as CatalogueSearchState['lists'];
  const sort = p.get('sort');
  return {
    q: (p.get('q') ?? '').trim().slice(0, 200),
    lists,
    sort: (CATALOGUE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : null,
    cursor: p.get('cursor') || null,
  };
}

/** The parameters of GET /catalogue for a state. */
export function catalogueQuery(s: CatalogueSearchState, limit: number) {
  return { q: s.q || undefined, ...s.lists, sort: s.sort ?? undefined, cursor: s.cursor ?? undefined, limit };
}

/** The URL of the catalogue page for a state. */
export function catalogueSearchHref(s: CatalogueSearchState): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of CATALOGUE_LIST_KEYS) for (const v of s.lists[k]) p.append(k, v);
  if (s.sort) p.set('sort', s.sort);
  if (s.cursor) p.set('cursor', s.cursor);
  const qs = p.toString();
  return qs ? `/catalogue?${qs}` : '/catalogue';
}

/** One active filter of the page with the URL without it. */
export type CatalogueChip = { kind: 'q' | CatalogueListKey; value: string; href: string };

/** The active filters of the page, each removable. */
export function catalogueChips(s: CatalogueSearchState): CatalogueChip[] {
  const base = { ...s, cursor: null };
  const out: CatalogueChip[] = [];
  if (s.q) out.push({ kind: 'q', value: s.q, href: catalogueSearchHref({ ...base, q: '' }) });
  for (const k of CATALOGUE_LIST_KEYS) {
    for (const v of s.lists[k]) {
      const lists = { ...s.lists, [k]: (s.lists[k] as string[]).filter((x) => x !== v) };
      out.push({ kind: k, value: v, href: catalogueSearchHref({ ...base, lists }) });
    }
  }
  return out;
}

export { catalogueEntryHref } from './search-links.ts';

/** The API's export of the page's selection (every matching entry, not one page) as CSV or XLSX. */
export function catalogueExportHref(s: CatalogueSearchState, format: 'csv' | 'xlsx'): string {
  const p = new URLSearchParams({ format });
  if (s.q) p.set('q', s.q);
  for (const k of CATALOGUE_LIST_KEYS) if (s.lists[k].length) p.set(k, s.lists[k].join(','));
  return `/api/v1/catalogue/export?${p}`;
}

/** The whole published catalogue as DCAT-AP 3.0 JSON-LD, at its stable address. */
export const CATALOGUE_DCAT_HREF = '/api/v1/catalogue/dcat.jsonld';
