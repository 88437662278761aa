/** Highlighted fields of a hit: HTML-escaped text with `<mark>…</mark>` around the matches, safe to insert as HTML. */
export type Highlighted<K extends string> = Partial<Record<K, string>>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Turns Meilisearch's `_formatted` text (matches between U+E000 and U+E001) into escaped HTML with <mark>. */
export function markHtml(formatted: string): string {
  return escapeHtml(formatted)
    .replace(/\uE000([^\uE000\uE001]*)\uE001/g, '<mark>$1</mark>')
    .replace(/[\uE000\uE001]/g, '')
    .replaceAll('</mark><mark>', '');
}

/** The highlighted form of the given fields of a hit (fields Meilisearch did not format are left out). */
export function highlighted<K extends string>(hit: { _formatted?: Record<string, unknown> }, fields: readonly K[]): Highlighted<K> {
  const out: Highlighted<K> = {};
  for (const field of fields) {
    const value = hit._formatted?.[field];
    if (typeof value === 'string' && value.length > 0) out[field] = markHtml(value);
  }
  return out;
}
