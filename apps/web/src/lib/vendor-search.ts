import { VENDOR_SEARCH_SORTS } from '@annex/contracts';
import { CERTIFICATIONS, COUNTY_CODES, MODALITIES, TASK_TYPES } from '@annex/domain';

// The vendor directory keeps its state in the URL like the order search: q, the lists modalities,
// taskTypes, county, certifications, minHeadcount, secureRoom=true, aboveDesignatedSize=true, sort, cursor.

type Sort = (typeof VENDOR_SEARCH_SORTS)[number];
const LISTS = { modalities: MODALITIES, taskTypes: TASK_TYPES, county: COUNTY_CODES, certifications: CERTIFICATIONS } as const;
export type VendorListKey = keyof typeof LISTS;
export const VENDOR_LIST_KEYS = Object.keys(LISTS) as VendorListKey[];
export const VENDOR_FLAGS = ['secureRoom', 'aboveDesignatedSize'] as const;
type Flag = (typeof VENDOR_FLAGS)[number];

/** The state of the vendor directory page. */
export type VendorSearchState = {
  q: string;
  lists: { [K in VendorListKey]: (typeof LISTS)[K][number][] };
  minHeadcount: number | null;
  flags: Record<Flag, boolean>;
  sort: Sort | null;
  cursor: string | null;
};

/** Reads the directory's state from its URL, dropping whatever is not a known value. */
export function parseVendorSearch(p: URLSearchParams): VendorSearchState {
  const lists = Object.fromEntries(
    VENDOR_LIST_KEYS.map((k) => {
      const allowed = LISTS[k] as readonly string[];
      const values = p.getAll(k).flatMap((v) => v.split(',')).map((v) => v.trim());
      return [k, [...new Set(values.filter((v) => allowed.includes(v)))]];
    }),
  ) as VendorSearchState['lists'];
  const head = Number(p.get('minHeadcount') ?? '');
  const sort = p.get('sort');
  return {
    q: (p.get('q') ?? '').trim().slice(0, 200),
    lists,
    minHeadcount: p.get('minHeadcount') && Number.isInteger(head) && head > 0 && head <= 1_000_000 ? head : null,
    flags: { secureRoom: p.get('secureRoom') === 'true', aboveDesignatedSize: p.get('aboveDesignatedSize') === 'true' },
    sort: (VENDOR_SEARCH_SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : null,
    cursor: p.get('cursor') || null,
  };
}

/** The parameters of GET /vendors for a state. */
export function vendorQuery(s: VendorSearchState, limit: number) {
  return {
    q: s.q || undefined,
    ...s.lists,
    minHeadcount: s.minHeadcount ?? undefined,
    secureRoom: s.flags.secureRoom || undefined,
    aboveDesignatedSize: s.flags.aboveDesignatedSize || undefined,
    sort: s.sort ?? undefined,
    cursor: s.cursor ?? undefined,
    limit,
  };
}

/** The URL of the directory for a state. */
export function vendorSearchHref(s: VendorSearchState): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of VENDOR_LIST_KEYS) for (const v of s.lists[k]) p.append(k, v);
  if (s.minHeadcount !== null) p.set('minHeadcount', String(s.minHeadcount));
  for (const f of VENDOR_FLAGS) if (s.flags[f]) p.set(f, 'true');
  if (s.sort) p.set('sort', s.sort);
  if (s.cursor) p.set('cursor', s.cursor);
  const qs = p.toString();
  return qs ? `/vendors?${qs}` : '/vendors';
}

/** One active filter of the directory with the URL without it. */
export type VendorChip = { kind: 'q' | VendorListKey | 'minHeadcount' | Flag; value: string; href: string };

/** The active filters of the directory, each removable. */
export function vendorChips(s: VendorSearchState): VendorChip[] {
  const base = { ...s, cursor: null };
  const out: VendorChip[] = [];
  if (s.q) out.push({ kind: 'q', value: s.q, href: vendorSearchHref({ ...base, q: '' }) });
  for (const k of VENDOR_LIST_KEYS) {
    for (const v of s.lists[k]) {
      out.push({ kind: k, value: v, href: vendorSearchHref({ ...base, lists: { ...s.lists, [k]: (s.lists[k] as string[]).filter((x) => x !== v) } }) });
    }
  }
  if (s.minHeadcount !== null) out.push({ kind: 'minHeadcount', value: String(s.minHeadcount), href: vendorSearchHref({ ...base, minHeadcount: null }) });
  for (const f of VENDOR_FLAGS) if (s.flags[f]) out.push({ kind: f, value: 'true', href: vendorSearchHref({ ...base, flags: { ...s.flags, [f]: false } }) });
  return out;
}
