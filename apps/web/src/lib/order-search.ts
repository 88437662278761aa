import { ORDER_SEARCH_SORTS } from '@annex/contracts';
import { COUNTY_CODES, MODALITIES, ORDER_STATUSES, SECURITY_LEVELS, TASK_TYPES } from '@annex/domain';

// The order search page keeps its whole state in the URL (shareable, works without JavaScript):
// q, modality, status, taskTypes, securityLevel, county (lists as repeated parameters or a,b),
// budgetMin/budgetMax in yuan, deadlineBefore as a Beijing date (YYYY-MM-DD), sort and cursor.

type Sort = (typeof ORDER_SEARCH_SORTS)[number];
const LISTS = {
  modality: MODALITIES,
  status: ORDER_STATUSES,
  taskTypes: TASK_TYPES,
  securityLevel: SECURITY_LEVELS,
  county: COUNTY_CODES,
} as const;
/** The list filters of the page, in the order the chips show them. */
export type ListKey = keyof typeof LISTS;
export const LIST_KEYS = Object.keys(LISTS) as ListKey[];

/** The state of the order search page. */
export type OrderSearchState = {
  q: string;
  lists: { [K in ListKey]: (typeof LISTS)[K][number][] };
  budgetMin: number | null;
  budgetMax: number | null;
  deadlineBefore: string | null;
  sort: Sort | null;
  cursor: string | null;
};

function listOf<K extends ListKey>(p: URLSearchParams, key: K): (typeof LISTS)[K][number][] {
  const allowed = LISTS[key] as readonly string[];
  const values = p.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim());
  return [...new Set(values.filter((v) => allowed.includes(v)))] as (typeof LISTS)[K][number][];
}

function yuan(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v.replace(/[,，\s]/g, '').replace(/^[−－]/, '-'));
  return Number.isFinite(n) && n >= 0 && n <= 1e12 ? Math.round(n * 100) / 100 : null;
}

/** Why a typed budget bound is not applied: not an amount, below zero, or a maximum below the minimum. */
export type BudgetProblem = 'not_an_amount' | 'negative' | 'below_min';

/** The budget bounds as typed, each with what keeps it out of the search (shown beside the field, not dropped silently). */
export function budgetBounds(p: URLSearchParams): Record<'budgetMin' | 'budgetMax', { typed: string; problem: BudgetProblem | null }> {
  const one = (key: 'budgetMin' | 'budgetMax'): { typed: string; problem: BudgetProblem | null } => {
    const typed = (p.get(key) ?? '').trim();
    if (typed === '' || yuan(typed) !== null) return { typed, problem: null };
    const n = Number(typed.replace(/[,，\s]/g, '').replace(/^[−－]/, '-'));
    return { typed, problem: Number.isFinite(n) && n < 0 ? 'negative' : 'not_an_amount' };
  };
  const bounds = { budgetMin: one('budgetMin'), budgetMax: one('budgetMax') };
  const min = yuan(bounds.budgetMin.typed);
  const max = yuan(bounds.budgetMax.typed);
  if (min !== null && max !== null && max < min) bounds.budgetMax.problem = 'below_min';
  return bounds;
}

/** Reads the page state from its URL, dropping whatever is not a known value. */
export function parseOrderSearch(p: URLSearchParams): OrderSearchState {
  const lists = Object.fromEntries(LIST_KEYS.map((k) => [k, listOf(p, k)])) as OrderSearchState['lists'];
  const sort = p.get('sort');
  const deadline = p.get('deadlineBefore');
  const budget = budgetBounds(p);
  return {
    q: (p.get('q') ?? '').trim().slice(0, 200),
    lists,
    budgetMin: budget.budgetMin.problem ? null : yuan(budget.budgetMin.typed),
    budgetMax: budget.budgetMax.problem ? null : yuan(budget.budgetMax.typed),
    deadlineBefore: deadline && /^\d{4}-\d{2}-\d{2}$/.test(deadline) && !Number.isNaN(Date.parse(deadline)) ? deadline : null,
    sort: (ORDER_SEARCH_SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : null,
    cursor: p.get('cursor') || null,
  };
}

/** Whether anything narrows the list (a query or any filter); the sort and the page do not count. */
export function isFiltered(s: OrderSearchState): boolean {
  return s.q !== '' || LIST_KEYS.some((k) => s.lists[k].length > 0) || s.budgetMin !== null || s.budgetMax !== null || s.deadlineBefore !== null;
}

/** Whether the page needs the search index (the plain list only knows one data type and one status). */
export function needsSearch(s: OrderSearchState): boolean {
  const { modality, status, ...rest } = s.lists;
  return (
    s.q !== '' ||
    s.sort !== null ||
    modality.length > 1 ||
    status.length > 1 ||
    Object.values(rest).some((v) => v.length > 0) ||
    s.budgetMin !== null ||
    s.budgetMax !== null ||
    s.deadlineBefore !== null
  );
}

/** The parameters of GET /search/orders for a state. */
export function searchQuery(s: OrderSearchState, limit: number) {
  return {
    q: s.q || undefined,
    modality: s.lists.modality,
    status: s.lists.status,
    taskTypes: s.lists.taskTypes,
    securityLevel: s.lists.securityLevel,
    county: s.lists.county,
    budgetMin: s.budgetMin === null ? undefined : Math.round(s.budgetMin * 100),
    budgetMax: s.budgetMax === null ? undefined : Math.round(s.budgetMax * 100),
    // the start of that day in Beijing
    deadlineBefore: s.deadlineBefore ? new Date(`${s.deadlineBefore}T00:00:00+08:00`).toISOString() : undefined,
    sort: s.sort ?? undefined,
    cursor: s.cursor ?? undefined,
    limit,
  } as const;
}

/** The URL of the page for a state; changing anything but the page starts again at the first page. */
export function orderSearchHref(s: OrderSearchState, path = '/orders'): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of LIST_KEYS) for (const v of s.lists[k]) p.append(k, v);
  if (s.budgetMin !== null) p.set('budgetMin', String(s.budgetMin));
  if (s.budgetMax !== null) p.set('budgetMax', String(s.budgetMax));
  if (s.deadlineBefore) p.set('deadlineBefore', s.deadlineBefore);
  if (s.sort) p.set('sort', s.sort);
  if (s.cursor) p.set('cursor', s.cursor);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One active filter as a removable chip: what it is and the URL without it. */
export type Chip = { kind: 'q' | ListKey | 'budgetMin' | 'budgetMax' | 'deadlineBefore'; value: string; href: string };

/** The active filters, each with the page's URL without it. */
export function chips(s: OrderSearchState, path = '/orders'): Chip[] {
  const base = { ...s, cursor: null };
  const out: Chip[] = [];
  if (s.q) out.push({ kind: 'q', value: s.q, href: orderSearchHref({ ...base, q: '' }, path) });
  for (const k of LIST_KEYS) {
    for (const v of s.lists[k]) {
      out.push({ kind: k, value: v, href: orderSearchHref({ ...base, lists: { ...s.lists, [k]: (s.lists[k] as string[]).filter((x) => x !== v) } }, path) });
    }
  }
  if (s.budgetMin !== null) out.push({ kind: 'budgetMin', value: String(s.budgetMin), href: orderSearchHref({ ...base, budgetMin: null }, path) });
  if (s.budgetMax !== null) out.push({ kind: 'budgetMax', value: String(s.budgetMax), href: orderSearchHref({ ...base, budgetMax: null }, path) });
  if (s.deadlineBefore) out.push({ kind: 'deadlineBefore', value: s.deadlineBefore, href: orderSearchHref({ ...base, deadlineBefore: null }, path) });
  return out;
}
