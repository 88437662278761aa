/** How many sample items one page of the inspection list shows (a GB/T 2828.1 sample may hold 2,000). */
export const SAMPLE_PAGE = 50;

/** An error found in an inspected item. */
export type ItemError = { itemNumber: number; note: string };

/** The page of the sample list a 1-based page number shows, and how many pages there are. */
export function samplePage(items: readonly number[], page: number): { items: number[]; page: number; pages: number; from: number } {
  const pages = Math.max(1, Math.ceil(items.length / SAMPLE_PAGE));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  return { items: items.slice((p - 1) * SAMPLE_PAGE, p * SAMPLE_PAGE), page: p, pages, from: (p - 1) * SAMPLE_PAGE + 1 };
}

/** The errors marked on one page of the form: a checked `error` box per item, its note in `note-<item>`. */
export function readPageErrors(data: FormData, onPage: readonly number[]): ItemError[] {
  const marked = new Set(data.getAll('error').map((v) => Number(v)));
  return onPage
    .filter((item) => marked.has(item))
    .map((item) => {
      const note = data.get(`note-${item}`);
      return { itemNumber: item, note: typeof note === 'string' ? note.trim() : '' };
    });
}

/** The whole list to send: the errors of other pages as they were, this page's as now marked, in item order. */
export function mergePageErrors(before: readonly ItemError[], onPage: readonly number[], marked: readonly ItemError[]): ItemError[] {
  const page = new Set(onPage);
  return [...before.filter((x) => !page.has(x.itemNumber)), ...marked].sort((a, b) => a.itemNumber - b.itemNumber);
}
